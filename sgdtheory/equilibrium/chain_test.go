package equilibrium

import (
	"math"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// TestSGDChain checks the chain against two independent predictions: as
// η → 0 its basin ratio is the Boltzmann one (quadrature, RatioExact), and
// at a finite η the variance inside the sharp basin is the discrete
// Ornstein–Uhlenbeck value T/(h(2 − ηh)), not the continuum's T/2h.
func TestSGDChain(t *testing.T) {
	w := landscape.StandardWell()
	lo, hi := w.XA-1.2, w.XB+1.8

	r, err := RatioSGDChain(w, 0.002, 0.1, lo, hi, 500)
	exact, _ := RatioExact(w, 0.1)
	if err != nil || math.Abs(r/exact-1) > 0.005 {
		t.Errorf("η = 0.002: chain ratio %v (err %v), Boltzmann %v: want within 0.5 %%", r, err, exact)
	}

	const eta, T = 0.1, 0.01 // ηh_A = 0.4; T low enough that basin A is a parabola
	theta, P, err := SGDChain(w, eta, T, w.XA-0.5, w.XA+0.5, 600)
	if err != nil {
		t.Fatal(err)
	}
	var m0, m1, m2 float64
	for i, x := range theta {
		m0, m1, m2 = m0+P[i], m1+P[i]*x, m2+P[i]*x*x
	}
	v := m2/m0 - (m1/m0)*(m1/m0)
	want := T / (w.HA * (2 - eta*w.HA))
	if math.Abs(v/want-1) > 0.01 {
		t.Errorf("variance in basin A at η = %v: %v, want T/(h(2−ηh)) = %v (continuum %v)", eta, v, want, T/(2*w.HA))
	}
}

func TestSGDChainBadInput(t *testing.T) {
	w := landscape.StandardWell()
	for _, tc := range []struct {
		eta, T, lo, hi float64
		M              int
		want           string
	}{
		{0, 0.1, -2, 2, 100, "equilibrium: SGDChain: eta = 0: want"},
		{math.NaN(), 0.1, -2, 2, 100, "eta = NaN"},
		{0.01, -1, -2, 2, 100, "equilibrium: SGDChain: T = -1: want"},
		{0.01, 0.1, 2, -2, 100, "SGDChain: [lo, hi] = [2, -2]: want finite lo < hi"},
		{0.01, 0.1, -2, 2, 2, "SGDChain: M = 2: want ≥ 3"},
		{0.01, 0.1, 50, 60, 100, "SGDChain: [lo, hi] = [50, 60]: want a grid that holds every step"},
	} {
		if _, _, err := SGDChain(w, tc.eta, tc.T, tc.lo, tc.hi, tc.M); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want an error containing %q", tc, err, tc.want)
		}
	}
	if _, err := RatioSGDChain(landscape.DoubleWell{}, 0.01, 0.1, -2, 2, 100); err == nil {
		t.Error("a zero well: want an error")
	}
}

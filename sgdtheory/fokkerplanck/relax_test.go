package fokkerplanck_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/fokkerplanck"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// TestRelaxationRateOU checks the gap against the Ornstein–Uhlenbeck
// process of a quadratic L = hθ²/2: SGD's drift −ηhθ per step relaxes every
// mode n at the rate n·ηh, whatever the noise, so λ₁ = ηh exactly in the
// continuum and to O(cell²) on the grid.
func TestRelaxationRateOU(t *testing.T) {
	for _, tc := range []struct {
		h, eta, sigma2 float64
		S              int
	}{
		{1, 0.01, 1, 1},
		{4, 0.05, 10, 4},
		{0.5, 0.1, 0.2, 2},
	} {
		q := landscape.Quadratic{H: mat.NewSymDense(1, []float64{tc.h}), Center: []float64{0}}
		sd := math.Sqrt(tc.eta * tc.sigma2 / (2 * float64(tc.S) * tc.h)) // stationary standard deviation
		l, err := fokkerplanck.NewLine(q, tc.eta, tc.S, tc.sigma2, fokkerplanck.Grid{Lo: -8 * sd, Hi: 8 * sd, Cells: 800})
		if err != nil {
			t.Fatal(err)
		}
		got, err := l.RelaxationRate()
		if err != nil {
			t.Fatal(err)
		}
		if want := tc.eta * tc.h; math.Abs(got-want) > 1e-4*want {
			t.Errorf("h = %g, η = %g: λ₁ = %.8g, want ηh = %.8g", tc.h, tc.eta, got, want)
		}
	}
}

// TestRelaxationRateEvolve checks the gap of a double well against the
// late decay of an evolved density, a different computation of the same
// mode.
func TestRelaxationRateEvolve(t *testing.T) {
	l, err := fokkerplanck.NewLine(well{0.05}, 0.01, 1, 30, fokkerplanck.Grid{Lo: -3, Hi: 3, Cells: 300})
	if err != nil {
		t.Fatal(err)
	}
	rate, err := l.RelaxationRate()
	if err != nil {
		t.Fatal(err)
	}
	g := l.Grid()
	p := make([]float64, g.Cells)
	for i, x := range g.Centers() { // all the mass in the right half
		if x > 0.5 {
			p[i] = 1
		}
	}
	norm := 0.0
	for _, v := range p {
		norm += v * g.Width()
	}
	for i := range p {
		p[i] /= norm
	}
	stat, err := l.Stationary()
	if err != nil {
		t.Fatal(err)
	}
	dist := func(p []float64) float64 { return l1(p, stat, g.Width()) }
	const dt, span = 1.0, 2000
	p, err = l.Evolve(p, dt, 20000) // let the fast modes die
	if err != nil {
		t.Fatal(err)
	}
	d0 := dist(p)
	if p, err = l.Evolve(p, dt, span); err != nil {
		t.Fatal(err)
	}
	// Backward Euler damps a mode by 1/(1 + λ·dt) per step.
	measured := math.Log(d0/dist(p)) / span
	if want := math.Log1p(rate*dt) / dt; math.Abs(measured-want) > 1e-3*want {
		t.Errorf("decay rate of the evolved density %.6g per step, spectral gap gives %.6g", measured, want)
	}
}

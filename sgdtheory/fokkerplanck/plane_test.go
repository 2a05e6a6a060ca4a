package fokkerplanck_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/fokkerplanck"
)

const (
	eta2, s2 = 0.1, 3.0 // T = ησ²/S = 0.3 with S = 1
)

var (
	gx = fokkerplanck.Grid{Lo: -2.2, Hi: 2.2, Cells: 100}
	gy = fokkerplanck.Grid{Lo: -2, Hi: 2, Cells: 80}
)

// maxCurrent returns max |J| over cells relative to η·max P, the scale of
// the drift flux.
func maxCurrent(t *testing.T, pl *fokkerplanck.Plane, p []float64) float64 {
	jx, jy, err := pl.Current(p)
	if err != nil {
		t.Fatal(err)
	}
	var m float64
	for i := range jx {
		m = math.Max(m, math.Hypot(jx[i], jy[i]))
	}
	return m / (eta2 * floats.Max(p))
}

// TestPlaneIsotropic: with C = σ²I the stationary state is the Boltzmann
// density exp(−2S·L/(ησ²)) (normalised here by nested Gauss–Legendre
// quadrature) and satisfies detailed balance, J = 0 up to discretisation.
func TestPlaneIsotropic(t *testing.T) {
	w := well2{c: 0.5}
	pl, err := fokkerplanck.NewPlane(w, fokkerplanck.SGD{Eta: eta2, S: 1, Cov: fokkerplanck.Isotropic(s2)}, gx, gy)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pl.Stationary()
	if err != nil {
		t.Fatal(err)
	}
	pt := make([]float64, 2)
	boltz := func(u, v float64) float64 {
		pt[0], pt[1] = u, v
		return math.Exp(-2 * w.Loss(pt) / (eta2 * s2))
	}
	z := quad.Fixed(func(u float64) float64 {
		return quad.Fixed(func(v float64) float64 { return boltz(u, v) }, gy.Lo, gy.Hi, 200, nil, 0)
	}, gx.Lo, gx.Hi, 200, nil, 0)
	xs, ys := gx.Centers(), gy.Centers()
	var d float64
	for j, v := range ys {
		for i, u := range xs {
			d += math.Abs(p[j*gx.Cells+i]-boltz(u, v)/z) * gx.Width() * gy.Width()
		}
	}
	rel := maxCurrent(t, pl, p)
	t.Logf("L1(stationary, Boltzmann) = %.2g, max|J|/(η max P) = %.2g", d, rel)
	if d > 2e-3 {
		t.Errorf("L1 distance %v to Boltzmann, want < 2e-3", d)
	}
	if rel > 1e-3 {
		t.Errorf("stationary current %v of the drift scale, want ≈ 0 (< 1e-3)", rel)
	}
}

// TestPlaneAnisotropic: constant noise C with off-diagonal terms does not
// commute with the Hessian of the non-quadratic well2 (diagonal on the
// axes, varying elsewhere), so detailed balance fails and the stationary
// state carries a circulating current far above the discretisation level
// measured in TestPlaneIsotropic. Mass is conserved and Evolve converges to
// the same state.
func TestPlaneAnisotropic(t *testing.T) {
	w := well2{c: 0.5}
	c := mat.NewSymDense(2, []float64{s2, 0.6 * s2, 0.6 * s2, s2})
	pl, err := fokkerplanck.NewPlane(w, fokkerplanck.SGD{Eta: eta2, S: 1, Cov: fokkerplanck.Constant(c)}, gx, gy)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pl.Stationary()
	if err != nil {
		t.Fatal(err)
	}
	iso, _ := fokkerplanck.NewPlane(w, fokkerplanck.SGD{Eta: eta2, S: 1, Cov: fokkerplanck.Isotropic(s2)}, gx, gy)
	pi, _ := iso.Stationary()
	relA, relI := maxCurrent(t, pl, p), maxCurrent(t, iso, pi)
	t.Logf("max|J|/(η max P): anisotropic %.3g, isotropic %.3g; min P %.2g", relA, relI, floats.Min(p))
	if !(relA > 1e-2 && relA > 100*relI) {
		t.Errorf("anisotropic current %v, want > 1e-2 and > 100× the isotropic %v", relA, relI)
	}

	vol := gx.Width() * gy.Width()
	p0 := make([]float64, len(p))
	p0[40*gx.Cells+75] = 1 / vol // a point mass in the right well
	q, err := pl.Evolve(p0, 50, 100)
	if err != nil {
		t.Fatal(err)
	}
	if m := floats.Sum(q) * vol; math.Abs(m-1) > 1e-12 {
		t.Errorf("mass after 100 steps %v, want 1 within 1e-12", m)
	}
	if q, err = pl.Evolve(q, 1e5, 30); err != nil {
		t.Fatal(err)
	}
	var d float64
	for i := range q {
		d += math.Abs(q[i]-p[i]) * vol
	}
	t.Logf("L1(Evolve, Stationary) = %.2g, mass error %.2g", d, math.Abs(floats.Sum(q)*vol-1))
	if d > 1e-6 {
		t.Errorf("long Evolve is %v from Stationary, want < 1e-6", d)
	}
}

func TestPlaneErrors(t *testing.T) {
	g := fokkerplanck.Grid{Lo: -1, Hi: 1, Cells: 10}
	bad := mat.NewSymDense(2, []float64{1, 2, 2, 1})
	for _, tc := range []struct {
		err  error
		want string
	}{
		{func() error {
			_, err := fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: nil}, g, g)
			return err
		}(), "fokkerplanck: NewPlane: d.Cov is nil"},
		{func() error {
			_, err := fokkerplanck.NewPlane(well{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: fokkerplanck.Isotropic(1)}, g, g)
			return err
		}(), "NewPlane: s.Dim() = 1: want 2"},
		{func() error {
			_, err := fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: fokkerplanck.Constant(bad)}, g, g)
			return err
		}(), "NewPlane: covariance at θ = (-0.9, -0.9) is [[1 2] [2 1]]: want finite positive definite"},
		{func() error {
			_, err := fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: fokkerplanck.Isotropic(1)}, g, fokkerplanck.Grid{Lo: 0, Hi: 1, Cells: 1})
			return err
		}(), "NewPlane: y.Cells = 1: want ≥ 3"},
		{func() error {
			pl, _ := fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: fokkerplanck.Isotropic(1)}, g, g)
			p := make([]float64, 100)
			p[5], p[7] = 1, -0.5
			_, err := pl.Evolve(p, 1, 1)
			return err
		}(), "Plane.Evolve: p0[7] = -0.5: want"},
		{func() error {
			_, err := fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: -1, S: 1, Cov: fokkerplanck.Isotropic(1)}, g, g)
			return err
		}(), "NewPlane: d.Eta = -1: want"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("error = %v, want one mentioning %q", tc.err, tc.want)
		}
	}
}

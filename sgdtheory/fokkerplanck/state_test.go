package fokkerplanck_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/equilibrium"
	"github.com/sgdminima/sgdminima/sgdtheory/fokkerplanck"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// TestMassBelow checks MassBelow on a uniform density, whose mass below x
// is (x − Lo)/(Hi − Lo) exactly, including inside a cell and at both ends.
func TestMassBelow(t *testing.T) {
	g := fokkerplanck.Grid{Lo: -1, Hi: 1, Cells: 8}
	p := make([]float64, g.Cells)
	for i := range p {
		p[i] = 0.5
	}
	for _, x := range []float64{-1, -0.9, 0, 0.3, 0.75, 1} {
		got, err := g.MassBelow(p, x)
		if err != nil {
			t.Fatal(err)
		}
		if want := (x + 1) / 2; math.Abs(got-want) > 1e-15 {
			t.Errorf("MassBelow(%v) = %v, want %v", x, got, want)
		}
	}
	for _, bad := range []struct {
		p []float64
		x float64
	}{{p, -1.1}, {p, math.NaN()}, {p[:3], 0}} {
		if _, err := g.MassBelow(bad.p, bad.x); err == nil {
			t.Errorf("MassBelow(len %d, %v): no error", len(bad.p), bad.x)
		}
	}
}

// TestSnapshots checks that each snapshot is the density Evolve reaches
// from the start in as many steps, bit for bit, and that decreasing times
// are an error.
func TestSnapshots(t *testing.T) {
	g := fokkerplanck.Grid{Lo: -2, Hi: 2, Cells: 200}
	l, err := fokkerplanck.NewLine(landscape.StandardWell(), 0.01, 2, 30, g)
	if err != nil {
		t.Fatal(err)
	}
	p0 := make([]float64, g.Cells)
	p0[150] = 1 / g.Width()
	ts := []int{0, 10, 10, 250}
	snaps, err := l.Snapshots(p0, 1, ts)
	if err != nil {
		t.Fatal(err)
	}
	for k, tk := range ts {
		want, err := l.Evolve(p0, 1, tk)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if snaps[k][i] != want[i] {
				t.Fatalf("snapshot %d (t = %d), cell %d: %v, Evolve gives %v", k, tk, i, snaps[k][i], want[i])
			}
		}
	}
	if _, err := l.Snapshots(p0, 1, []int{10, 5}); err == nil {
		t.Error("Snapshots with decreasing times: no error")
	}
}

// TestStateSummaries checks the summaries of a stationary state on the
// bowl H = diag(4, 1) against closed forms: with isotropic noise it is the
// Boltzmann density (TV and KL near 0, no circulation, p_A/p_B = 1 for the
// halves x < 0 and x > 0 by symmetry); with correlated noise it is the
// Gaussian of the Lyapunov covariance Σ, HΣ + ΣH = (η/S)C, carrying the
// current J = QΣ⁻¹θ·P with Q = [[0, q], [−q, 0]], q = (η/2)Σ₁₂(h₂ − h₁),
// which the state's current must match (relative L² error below 3 % on
// this 120 × 120 grid, 5 % on 60 × 60: second order).
func TestStateSummaries(t *testing.T) {
	h := []float64{4, 1}
	H := mat.NewSymDense(2, []float64{h[0], 0, 0, h[1]})
	bowl := landscape.Quadratic{H: H, Center: []float64{0, 0}}
	η, σ2, ρ := 0.1, 5.0, 0.8
	T := η * σ2
	boltz := func(x []float64) float64 { return math.Exp(-2 * bowl.Loss(x) / T) }
	x := fokkerplanck.Grid{Lo: -1.25, Hi: 1.25, Cells: 120} // ±5 standard deviations
	y := fokkerplanck.Grid{Lo: -2.5, Hi: 2.5, Cells: 120}
	solve := func(c fokkerplanck.Covariance) *fokkerplanck.State {
		pl, err := fokkerplanck.NewPlane(bowl, fokkerplanck.SGD{Eta: η, S: 1, Cov: c}, x, y)
		if err != nil {
			t.Fatal(err)
		}
		s, err := pl.StationaryState()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	iso := solve(fokkerplanck.Isotropic(σ2))
	left := func(x []float64) bool { return x[0] < 0 }
	r, _ := iso.Ratio(left)
	tv, _ := iso.TV(boltz)
	kl, _ := iso.KL(boltz)
	circ, err := iso.Circulation(bowl, η, landscape.Preconditioner{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"isotropic p_A/p_B of the halves", r, 1, 1e-9},
		{"isotropic TV to Boltzmann", tv, 0, 5e-3},
		{"isotropic KL to Boltzmann", kl, 0, 1e-4},
		{"isotropic circulation", circ, 0, 1e-9},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.3g, want %g ± %g", c.name, c.got, c.want, c.tol)
		}
	}

	C := mat.NewSymDense(2, []float64{σ2, ρ * σ2, ρ * σ2, σ2})
	corr := solve(fokkerplanck.Constant(C))
	Σ, err := equilibrium.StationaryCov(H, C, η, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var Σinv mat.Dense
	if err := Σinv.Inverse(Σ); err != nil {
		t.Fatal(err)
	}
	if want := η * ρ * σ2 / (h[0] + h[1]); math.Abs(Σ.At(0, 1)-want) > 1e-12 {
		t.Fatalf("Σ₁₂ = %v, want (η/S)C₁₂/(h₁ + h₂) = %v", Σ.At(0, 1), want)
	}
	q := η / 2 * Σ.At(0, 1) * (h[1] - h[0])
	gauss := func(x []float64) float64 {
		return math.Exp(-mat.Inner(mat.NewVecDense(2, x), &Σinv, mat.NewVecDense(2, x)) / 2)
	}
	exact := func(dst, x []float64) {
		a1 := Σinv.At(0, 0)*x[0] + Σinv.At(0, 1)*x[1]
		a2 := Σinv.At(1, 0)*x[0] + Σinv.At(1, 1)*x[1]
		p := gauss(x) / (2 * math.Pi * math.Sqrt(mat.Det(Σ)))
		dst[0], dst[1] = q*a2*p, -q*a1*p
	}
	jErr, err := corr.CurrentError(exact)
	if err != nil {
		t.Fatal(err)
	}
	tvGauss, _ := corr.TV(gauss)
	tvBoltz, _ := corr.TV(boltz)
	circ, _ = corr.Circulation(bowl, η, landscape.Preconditioner{})
	if jErr > 0.03 || tvGauss > 5e-3 {
		t.Errorf("correlated: current error %.3g, TV to the Lyapunov Gaussian %.3g; want < 0.03, < 5e-3", jErr, tvGauss)
	}
	if tvBoltz < 0.05 || circ < 0.05 {
		t.Errorf("correlated: TV to Boltzmann %.3g, circulation %.3g; want both ≥ 0.05 (no equilibrium)", tvBoltz, circ)
	}
	// A preconditioner that scales the drift by 2 halves the circulation.
	twice, err := corr.Circulation(bowl, η, landscape.Fixed(mat.NewDense(2, 2, []float64{2, 0, 0, 2})))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(twice/circ-0.5) > 1e-12 {
		t.Errorf("circulation with P = 2I is %.6g of that with P = I, want 0.5", twice/circ)
	}
}

// TestStateBadInput checks that the summaries return errors for nil
// functions, mismatched slices and invalid arguments.
func TestStateBadInput(t *testing.T) {
	g := fokkerplanck.Grid{Lo: -1, Hi: 1, Cells: 4}
	ok := &fokkerplanck.State{X: g, Y: g, P: make([]float64, 16), Jx: make([]float64, 16), Jy: make([]float64, 16)}
	short := &fokkerplanck.State{X: g, Y: g, P: make([]float64, 15), Jx: make([]float64, 16), Jy: make([]float64, 16)}
	one := func([]float64) float64 { return 1 }
	bowl := landscape.Quadratic{H: mat.NewSymDense(2, []float64{1, 0, 0, 1}), Center: []float64{0, 0}}
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"Ratio(nil)", func() error { _, err := ok.Ratio(nil); return err }},
		{"TV(nil)", func() error { _, err := ok.TV(nil); return err }},
		{"TV of a zero density", func() error { _, err := ok.TV(func([]float64) float64 { return 0 }); return err }},
		{"KL of a negative density", func() error { _, err := ok.KL(func([]float64) float64 { return -1 }); return err }},
		{"TV on a short P", func() error { _, err := short.TV(one); return err }},
		{"TV of a nil state", func() error { var s *fokkerplanck.State; _, err := s.TV(one); return err }},
		{"Circulation(nil surface)", func() error { _, err := ok.Circulation(nil, 0.1, landscape.Preconditioner{}); return err }},
		{"Circulation(η = 0)", func() error { _, err := ok.Circulation(bowl, 0, landscape.Preconditioner{}); return err }},
		{"CurrentError(nil)", func() error { _, err := ok.CurrentError(nil); return err }},
	} {
		if tc.call() == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

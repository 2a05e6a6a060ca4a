package equilibrium

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

func rel(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }

// The notes' numbers for h_A = 4, L_A = 0, h_B = 1, L_B = 0.02:
// p_A/p_B = ½·exp(0.04/T) and T* = 0.08/ln 4.
func TestRatioLaplaceNotes(t *testing.T) {
	a, b, err := landscape.StandardWell().Minima()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ T, want float64 }{
		{0.01, 27.30}, {0.02, 3.695}, {0.1, 0.746},
	} {
		got, err := RatioLaplace(a, b, c.T)
		if err != nil {
			t.Fatal(err)
		}
		if rel(got, c.want) > 5e-4 || rel(got, 0.5*math.Exp(0.04/c.T)) > 1e-8 {
			t.Errorf("RatioLaplace(T=%v) = %v, want %v", c.T, got, c.want)
		}
	}
	ts, err := Crossover(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if rel(ts, 0.08/math.Log(4)) > 1e-8 || math.Abs(ts-0.058) > 5e-4 {
		t.Errorf("Crossover = %v, want 0.08/ln 4 = %v", ts, 0.08/math.Log(4))
	}
	if r, _ := RatioLaplace(a, b, ts); math.Abs(r-1) > 1e-12 {
		t.Errorf("RatioLaplace at the crossover = %v, want 1", r)
	}
}

// Laplace against exact quadrature, within 1% wherever 2·barrier/T ≥ 10.
func TestLaplaceVsExact1D(t *testing.T) {
	wells := []landscape.DoubleWell{
		landscape.StandardWell(),
		{XA: -1, LA: 0, HA: 4, XB: 1, LB: 0.02, HB: 1},
		{XA: 1, LA: 0.1, HA: 2, XB: -0.5, LB: 0, HB: 9},
	}
	for _, w := range wells {
		barrier, err := w.Barrier()
		if err != nil {
			t.Fatal(err)
		}
		a, b, _ := w.Minima()
		for _, T := range []float64{0.005, 0.01, 0.02, 0.04, 0.06, 0.1, 0.2} {
			exact, err := RatioExact(w, T)
			if err != nil {
				t.Fatal(err)
			}
			lap, _ := RatioLaplace(a, b, T)
			e := rel(lap, exact)
			t.Logf("XA=%v XB=%v T=%v 2·barrier/T=%.1f: exact %.4g Laplace %.4g (%.2f%%)",
				w.XA, w.XB, T, 2*barrier/T, exact, lap, 100*e)
			if 2*barrier/T >= 10 && e > 0.01 {
				t.Errorf("T=%v: Laplace %v vs exact %v, %.2f%% apart, tolerance 1%%", T, lap, exact, 100*e)
			}
		}
	}
}

// On a single parabola the Boltzmann density is the normal density with
// variance T/(2h), in closed form.
func TestBoltzmannGaussian(t *testing.T) {
	const h, T, c = 3.0, 0.05, 0.4
	nd := distuv.Normal{Mu: c, Sigma: math.Sqrt(T / (2 * h))}
	p, err := NewBoltzmann1D(func(x float64) float64 { return 1 + h*(x-c)*(x-c)/2 }, T, c-3, c+3)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []float64{c - 0.2, c, c + 0.05, c + 0.3} {
		if rel(p.Prob(x), nd.Prob(x)) > 1e-10 {
			t.Errorf("Prob(%v) = %v, normal density %v", x, p.Prob(x), nd.Prob(x))
		}
	}
	for _, iv := range [][2]float64{{c - 0.1, c + 0.1}, {-5, c}, {c + 0.123, c + 0.321}, {c - 3, c + 3}} {
		got, want := p.Mass(iv[0], iv[1]), nd.CDF(iv[1])-nd.CDF(iv[0])
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("Mass%v = %v, normal %v", iv, got, want)
		}
	}
}

// Laplace of a Gaussian minimum is exact; check it against quadrature of
// exp(−2L/T) over the real line.
func TestLaplaceGaussianIntegral(t *testing.T) {
	m, _ := landscape.Quadratic{H: mat.NewSymDense(1, []float64{2.5}), Center: []float64{0.3}, L0: 0.01}.Minimum()
	const T = 0.07
	got, err := Laplace(m, T)
	if err != nil {
		t.Fatal(err)
	}
	want := quad.Fixed(func(x float64) float64 { return math.Exp(-2 * (0.01 + 1.25*(x-0.3)*(x-0.3)) / T) },
		math.Inf(-1), math.Inf(1), 200, nil, 0)
	if rel(got, want) > 1e-8 {
		t.Errorf("Laplace = %v, quadrature %v", got, want)
	}
}

func TestRatioExact2D(t *testing.T) {
	sym := func(a, b, c float64) *mat.SymDense { return mat.NewSymDense(2, []float64{a, b, b, c}) }
	// Mirror images of each other: p_A/p_B = 1 by symmetry at any T.
	mirror := landscape.DoubleWell2D{XA: []float64{-0.5, 0}, XB: []float64{0.5, 0}, HA: sym(3, 1, 2), HB: sym(3, -1, 2)}
	for _, T := range []float64{0.02, 0.2} {
		r, err := RatioExact2D(mirror, T)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(r-1) > 1e-6 {
			t.Errorf("mirror well, T=%v: ratio %v, want 1", T, r)
		}
	}
	// Sharp, deep, tilted A against wide, shallow B; det H_A/det H_B = 4.75/0.48.
	w := landscape.DoubleWell2D{XA: []float64{-0.7, 0}, XB: []float64{0.7, 0.2}, LB: 0.03,
		HA: sym(4, 1.5, 1.75), HB: sym(1, 0.2, 0.52)}
	a, b, _ := w.Minima()
	for _, T := range []float64{0.01, 0.03, 0.06} {
		exact, err := RatioExact2D(w, T)
		if err != nil {
			t.Fatal(err)
		}
		lap, _ := RatioLaplace(a, b, T)
		t.Logf("2-D T=%v: exact %.4g Laplace %.4g (%.2f%%)", T, exact, lap, 100*rel(lap, exact))
		if rel(lap, exact) > 0.01 {
			t.Errorf("2-D T=%v: Laplace %v vs exact %v, tolerance 1%%", T, lap, exact)
		}
	}
}

func TestErrors(t *testing.T) {
	good := landscape.Minimum{X: []float64{0}, Hessian: mat.NewSymDense(1, []float64{1})}
	flat := landscape.Minimum{X: []float64{0}, Hessian: mat.NewSymDense(1, []float64{0})}
	wider := landscape.Minimum{X: []float64{1}, Loss: -1, Hessian: mat.NewSymDense(1, []float64{0.5})}
	errOf := func(_ any, err error) error { return err }
	for _, c := range []struct {
		err  error
		want string
	}{
		{errOf(Temperature(0, 10, 1)), "equilibrium: Temperature: eta = 0: want"},
		{errOf(Temperature(0.1, 0, 1)), "equilibrium: Temperature: S = 0: want"},
		{errOf(Temperature(0.1, 10, math.NaN())), "equilibrium: Temperature: sigma2 = NaN: want"},
		{errOf(Temperature(math.Inf(1), 10, 1)), "equilibrium: Temperature: eta = +Inf: want"},
		{errOf(Laplace(flat, 0.1)), "equilibrium: Laplace: m.Hessian is not positive definite"},
		{errOf(Laplace(good, -1)), "equilibrium: Laplace: T = -1: want"},
		{errOf(RatioLaplace(good, flat, 0.1)), "equilibrium: RatioLaplace: b.Hessian is not positive definite"},
		{errOf(Crossover(good, wider)), "equilibrium: Crossover: T* = "}, {errOf(Crossover(good, wider)), "no crossover"},
		{errOf(NewBoltzmann1D(math.Sin, 0.1, 1, 1)), "equilibrium: NewBoltzmann1D: [lo, hi] = [1, 1]: want finite lo < hi"},
		{errOf(NewBoltzmann1D(nil, 0.1, 0, 1)), "equilibrium: NewBoltzmann1D: L is nil"},
		{errOf(RatioExact(landscape.DoubleWell{XA: 0, XB: 1, HA: -1, HB: 1}, 0.1)), "equilibrium: RatioExact: landscape: "},
		{errOf(RatioExact(landscape.DoubleWell{XA: 0, XB: 1, HA: -1, HB: 1}, 0.1)), "HA = -1"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("error %v, want one mentioning %q", c.err, c.want)
		}
	}
	if T, err := Temperature(0.1, 50, 2); err != nil || rel(T, 0.004) > 1e-15 {
		t.Errorf("Temperature(0.1, 50, 2) = %v, %v; want 0.004", T, err)
	}
}

// On an anharmonic well Laplace is only the leading term: with β = 2/T,
// ∫exp(−βL) ≈ Laplace·(1 + (T/2)(5L”'²/(24L”³) − L””/(8L”²))). The
// exact ratio must follow this next-order prediction to O(T²).
func TestLaplaceAnharmonic(t *testing.T) {
	// L = x⁴/4 + 0.2x³ − x²/2: minima at (−0.6 ± √4.36)/2, saddle at 0.
	L := func(x float64) float64 { return x*x*x*x/4 + 0.2*x*x*x - x*x/2 }
	xa, xb := (-0.6-math.Sqrt(4.36))/2, (-0.6+math.Sqrt(4.36))/2
	minimum := func(x float64) (landscape.Minimum, float64) {
		h, a := 3*x*x+1.2*x-1, 6*x+1.2
		c := 5*a*a/(24*h*h*h) - 6/(8*h*h)
		return landscape.Minimum{X: []float64{x}, Loss: L(x), Hessian: mat.NewSymDense(1, []float64{h})}, c
	}
	a, ca := minimum(xa)
	b, cb := minimum(xb)
	barrier := -b.Loss // the lower of the two barriers, above B
	for _, T := range []float64{0.005, 0.01, 0.02} {
		p, err := NewBoltzmann1D(L, T, -3, 3)
		if err != nil {
			t.Fatal(err)
		}
		exact := p.Mass(-3, 0) / p.Mass(0, 3)
		lap, _ := RatioLaplace(a, b, T)
		next := lap * (1 + T/2*ca) / (1 + T/2*cb)
		t.Logf("anharmonic T=%v 2·barrier_B/T=%.1f: exact %.5g, Laplace %.5g (%.2f%%), next order %.5g (%.3f%%)",
			T, 2*barrier/T, exact, lap, 100*rel(lap, exact), next, 100*rel(next, exact))
		if rel(next, exact) > 0.002 {
			t.Errorf("T=%v: next-order Laplace %v vs exact %v, tolerance 0.2%%", T, next, exact)
		}
	}
}

package landscape

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// The 1-D contracts langevin's fast path looks for.
var (
	_ Derivative = Quadratic{}
	_ Derivative = DoubleWell{}
	_ Preparer   = DoubleWell{}
)

// checkDerivs compares Grad with central differences of Loss and Hessian
// with central differences of Grad, to relative-or-absolute tolerance tol.
func checkDerivs(t *testing.T, name string, s Hessianer, x []float64, tol float64) {
	t.Helper()
	d := s.Dim()
	g := make([]float64, d)
	s.Grad(g, x)
	want := fd.Gradient(nil, s.Loss, x, &fd.Settings{Formula: fd.Central})
	if !floats.EqualApprox(g, want, tol) {
		for i := range g {
			if !scalar.EqualWithinAbsOrRel(g[i], want[i], tol, tol) {
				t.Errorf("%s: Grad[%d] at %v = %v, central difference %v", name, i, x, g[i], want[i])
			}
		}
	}
	h := mat.NewSymDense(d, nil)
	s.Hessian(h, x)
	jac := mat.NewDense(d, d, nil)
	fd.Jacobian(jac, s.Grad, x, &fd.JacobianSettings{Formula: fd.Central})
	for i := range d {
		for j := range d {
			if !scalar.EqualWithinAbsOrRel(h.At(i, j), jac.At(i, j), tol, tol) {
				t.Errorf("%s: Hessian[%d,%d] at %v = %v, central difference %v", name, i, j, x, h.At(i, j), jac.At(i, j))
			}
		}
	}
}

func TestDerivatives(t *testing.T) {
	ls, err := NewLeastSquaresData(50, 3, 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	lg, err := NewLogisticData(50, 3, 0.01, 2)
	if err != nil {
		t.Fatal(err)
	}
	well2 := DoubleWell2D{
		XA: []float64{-0.5, 0}, LA: 0, HA: mat.NewSymDense(2, []float64{4, 1, 1, 2}),
		XB: []float64{0.5, 0.3}, LB: 0.05, HB: mat.NewSymDense(2, []float64{1, 0, 0, 0.5}),
	}
	for _, c := range []struct {
		name string
		s    Hessianer
		xs   [][]float64
	}{
		{"Quadratic", Quadratic{H: mat.NewSymDense(2, []float64{3, 1, 1, 2}), Center: []float64{1, -1}, L0: 2},
			[][]float64{{0, 0}, {1.5, -2}}},
		// Points on either side of the barrier and on it (x ≈ −0.19).
		{"DoubleWell", StandardWell(), [][]float64{{-1}, {-0.6}, {-0.3}, {-0.19}, {0.2}, {0.6}, {1.3}}},
		{"DoubleWell2D", well2, [][]float64{{-0.5, 0}, {0, 0.1}, {0.4, 0.5}, {-1, 1}}},
		{"LeastSquares", ls, [][]float64{{0, 0, 0}, {1, -2, 0.5}}},
		{"Logistic", lg, [][]float64{{0, 0, 0}, {1, -2, 0.5}}},
	} {
		for _, x := range c.xs {
			checkDerivs(t, c.name, c.s, x, 1e-6)
		}
	}
}

// The dialled minima must be the minima to high accuracy, with exactly one
// barrier between them: three sign changes of L' on a fine grid.
func TestDoubleWellMinima(t *testing.T) {
	for _, w := range []DoubleWell{
		StandardWell(),
		{XA: 2, LA: 0.1, HA: 1, XB: -1, LB: 0, HB: 9},
		{XA: -1, LA: 0, HA: 4, XB: 1, LB: 0.02, HB: 1, Soft: 0.02},
	} {
		a, b, err := w.Minima()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			m       Minimum
			x, l, h float64
		}{{a, w.XA, w.LA, w.HA}, {b, w.XB, w.LB, w.HB}} {
			if math.Abs(c.m.X[0]-c.x) > 1e-9 || math.Abs(c.m.Loss-c.l) > 1e-9 ||
				math.Abs(c.m.Hessian.At(0, 0)-c.h) > 1e-9*c.h {
				t.Errorf("%+v: minimum (%v, %v, %v), dialled (%v, %v, %v)",
					w, c.m.X[0], c.m.Loss, c.m.Hessian.At(0, 0), c.x, c.l, c.h)
			}
		}
		changes, prev := 0, 0.0
		lo, hi := math.Min(w.XA, w.XB)-2, math.Max(w.XA, w.XB)+2
		for i := 0; i <= 100000; i++ {
			g := make([]float64, 1)
			w.Grad(g, []float64{lo + (hi-lo)*float64(i)/100000})
			if i > 0 && g[0]*prev < 0 {
				changes++
			}
			prev = g[0]
		}
		if changes != 3 {
			t.Errorf("%+v: %d critical points, want 3", w, changes)
		}
	}
}

// The barrier lies between the parabolas' crossing height minus s·ln 2 and
// the crossing height itself, both in closed form.
func TestDoubleWellBarrier(t *testing.T) {
	w := StandardWell()
	// 2(x+0.6)² = 0.02 + ½(x−0.6)² ⇒ 1.5x² + 3x + 0.52 = 0.
	xc := (-3 + math.Sqrt(9-4*1.5*0.52)) / 3
	hc := 2 * (xc + 0.6) * (xc + 0.6)
	s := (0.02 + 0.5*1.2*1.2) / 40
	got, err := w.Barrier()
	if err != nil {
		t.Fatal(err)
	}
	if got < hc-s*math.Ln2-1e-12 || got > hc+1e-12 {
		t.Errorf("Barrier = %v, want in [%v, %v]", got, hc-s*math.Ln2, hc)
	}
	x, _ := w.Saddle()
	if math.Abs(x-xc) > 3*s {
		t.Errorf("Saddle = %v, parabolas cross at %v, want within 3s = %v", x, xc, 3*s)
	}
}

func TestDoubleWell2DMinima(t *testing.T) {
	ha := mat.NewSymDense(2, []float64{4, 1, 1, 2})
	hb := mat.NewSymDense(2, []float64{1, 0.2, 0.2, 0.5})
	w := DoubleWell2D{XA: []float64{-0.5, 0}, HA: ha, XB: []float64{0.5, 0.3}, LB: 0.05, HB: hb}
	a, b, err := w.Minima()
	if err != nil {
		t.Fatal(err)
	}
	if !floats.EqualApprox(a.X, w.XA, 1e-9) || !floats.EqualApprox(b.X, w.XB, 1e-9) ||
		!mat.EqualApprox(a.Hessian, ha, 1e-9) || !mat.EqualApprox(b.Hessian, hb, 1e-9) ||
		math.Abs(a.Loss) > 1e-9 || math.Abs(b.Loss-0.05) > 1e-9 {
		t.Errorf("minima %+v, %+v differ from the dialled ones", a, b)
	}
	if w.Basin(w.XA) != 0 || w.Basin(w.XB) != 1 {
		t.Error("Basin does not put each minimum in its own basin")
	}
}

func TestLeastSquaresMinimizer(t *testing.T) {
	p, err := NewLeastSquaresData(40, 4, 0, 7)
	if err != nil {
		t.Fatal(err)
	}
	theta, err := p.Minimizer()
	if err != nil {
		t.Fatal(err)
	}
	// Noise-free targets are fitted exactly.
	if l := p.Loss(theta); l > 1e-20 {
		t.Errorf("Loss at the noise-free minimiser = %v, want 0", l)
	}
	q, _ := NewLeastSquaresData(40, 4, 0, 7)
	if !mat.Equal(p.X, q.X) || !floats.Equal(p.Y, q.Y) {
		t.Error("same seed gave different data")
	}
}

func TestExampleGradsAverageToGrad(t *testing.T) {
	lg, _ := NewLogisticData(30, 2, 0.1, 3)
	ls, _ := NewLeastSquaresData(30, 2, 1, 3)
	for _, p := range []FiniteSum{lg, ls} {
		theta := []float64{0.3, -0.7}
		sum, gi, g := make([]float64, 2), make([]float64, 2), make([]float64, 2)
		for i := range p.N() {
			p.ExampleGrad(gi, theta, i)
			floats.Add(sum, gi)
		}
		floats.Scale(1/float64(p.N()), sum)
		p.Grad(g, theta)
		if !floats.EqualApprox(sum, g, 1e-12) {
			t.Errorf("%T: mean of ExampleGrad %v, Grad %v", p, sum, g)
		}
	}
}

func TestValidate(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		err  error
		want string
	}{
		{DoubleWell{XA: -1, HA: 0, XB: 1, HB: 1}.Validate(), "HA"},
		{DoubleWell{XA: nan, HA: 1, XB: 1, HB: 1}.Validate(), "XA"},
		{DoubleWell{XA: 1, HA: 1, XB: 1, HB: 1}.Validate(), "XA = XB"},
		{DoubleWell{XA: -1, HA: 1, XB: 1, HB: 1, LB: 5}.Validate(), "too close"},
		{DoubleWell{XA: -1, HA: 1, XB: 1, HB: 1, Soft: 1}.Validate(), "Soft"},
		{DoubleWell2D{XA: []float64{0}, XB: []float64{1, 1}}.Validate(), "len(XA)"},
		{DoubleWell2D{XA: []float64{0, 0}, XB: []float64{1, 1}, HA: mat.NewSymDense(2, []float64{1, 0, 0, -1}),
			HB: mat.NewSymDense(2, []float64{1, 0, 0, 1})}.Validate(), "HA is not positive definite"},
		{Quadratic{H: mat.NewSymDense(1, []float64{1}), Center: []float64{0, 0}}.Validate(), "H is 1×1"},
		{Quadratic{H: mat.NewSymDense(1, []float64{math.Inf(1)}), Center: []float64{0}}.Validate(), "H[0,0]"},
		{LeastSquares{X: mat.NewDense(2, 1, []float64{1, 2}), Y: []float64{1}}.Validate(), "len(Y)"},
		{Logistic{X: mat.NewDense(1, 1, []float64{1}), Y: []float64{2}}.Validate(), "Y[0]"},
		{Logistic{X: mat.NewDense(1, 1, []float64{1}), Y: []float64{1}, L2: -1}.Validate(), "L2"},
		{func() error { _, err := NewLeastSquaresData(0, 2, 1, 1); return err }(), "n = 0"},
		{func() error { _, err := NewLeastSquaresData(2, 2, nan, 1); return err }(), "noise"},
		{func() error { _, err := NewLogisticData(2, 0, 0, 1); return err }(), "d = 0"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("error %v, want one mentioning %q", c.err, c.want)
		}
	}
	if err := StandardWell().Validate(); err != nil {
		t.Errorf("StandardWell: %v", err)
	}
}

func TestDoubleWellGrad1DMatchesGrad(t *testing.T) {
	w := StandardWell()
	g := make([]float64, 1)
	for x := -3.0; x <= 3; x += 0.0137 {
		w.Grad(g, []float64{x})
		if got := w.Grad1D(x); math.Abs(got-g[0]) > 1e-12*(1+math.Abs(g[0])) {
			t.Fatalf("Grad1D(%v) = %v, Grad = %v", x, got, g[0])
		}
	}
}

func TestQuadraticGrad1DMatchesGrad(t *testing.T) {
	q := Quadratic{H: mat.NewSymDense(1, []float64{2.5}), Center: []float64{0.3}, L0: 1}
	g := make([]float64, 1)
	for _, x := range []float64{-2, 0, 0.3, 1.7} {
		q.Grad(g, []float64{x})
		if got := q.Grad1D(x); math.Abs(got-g[0]) > 1e-15 {
			t.Errorf("Grad1D(%v) = %v, Grad = %v", x, got, g[0])
		}
	}
}

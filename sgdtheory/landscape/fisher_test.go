package landscape_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

func newWell2D() landscape.DoubleWell2D {
	return landscape.DoubleWell2D{
		XA: []float64{-0.6, 0.1}, LA: 0, HA: mat.NewSymDense(2, []float64{4, 1, 1, 2}),
		XB: []float64{0.7, -0.2}, LB: 0.05, HB: mat.NewSymDense(2, []float64{1, -0.3, -0.3, 0.5}),
	}
}

// TestFisherDoubleWell2D checks the model Fisher information against
// independent facts: at the minima it is the Hessian (from Minima, by
// Newton's method on the loss) to 3·10⁻⁴; it is a convex combination of
// HA and HB, so F − HB = w_A·(HA − HB) with one weight w_A ∈ [0, 1] for
// all entries; w_A falls from 1 to 0 along the segment from A to B, passing
// ½ where the paraboloids cross; and F is positive definite where the
// Hessian is not.
func TestFisherDoubleWell2D(t *testing.T) {
	w := newWell2D()
	a, b, err := w.Minima()
	if err != nil {
		t.Fatal(err)
	}
	f := mat.NewSymDense(2, nil)
	for _, m := range []landscape.Minimum{a, b} {
		w.Fisher(f, m.X)
		for i := range 2 {
			for j := range 2 {
				if d := math.Abs(f.At(i, j) - m.Hessian.At(i, j)); d > 3.5e-4*math.Abs(w.HA.At(i, j)-w.HB.At(i, j))+1e-12 {
					t.Errorf("F at minimum %v: [%d,%d] = %v, want the Hessian %v", m.X, i, j, f.At(i, j), m.Hessian.At(i, j))
				}
			}
		}
	}
	qa := landscape.Quadratic{H: w.HA, Center: w.XA, L0: w.LA}
	qb := landscape.Quadratic{H: w.HB, Center: w.XB, L0: w.LB}
	h := mat.NewSymDense(2, nil)
	prev, negative := 2.0, false
	for k := 0; k <= 200; k++ {
		u := float64(k) / 200
		x := []float64{w.XA[0] + u*(w.XB[0]-w.XA[0]), w.XA[1] + u*(w.XB[1]-w.XA[1])}
		w.Fisher(f, x)
		// The weight from each entry of F − HB = w_A (HA − HB).
		wa := (f.At(0, 0) - w.HB.At(0, 0)) / (w.HA.At(0, 0) - w.HB.At(0, 0))
		for _, e := range [][2]int{{0, 1}, {1, 1}} {
			if got := (f.At(e[0], e[1]) - w.HB.At(e[0], e[1])) / (w.HA.At(e[0], e[1]) - w.HB.At(e[0], e[1])); math.Abs(got-wa) > 1e-12 {
				t.Fatalf("F(%v) is not a convex combination of HA and HB: weights %v and %v", x, wa, got)
			}
		}
		if wa < 0 || wa > 1 || wa > prev+1e-15 {
			t.Fatalf("weight w_A = %v at %v, want in [0, 1] and falling from A to B (previous %v)", wa, x, prev)
		}
		if (qa.Loss(x) < qb.Loss(x)) != (wa > 0.5) {
			t.Errorf("w_A = %v at %v, but q_A − q_B = %v", wa, x, qa.Loss(x)-qb.Loss(x))
		}
		prev = wa
		var ev mat.EigenSym
		ev.Factorize(f, false)
		if ev.Values(nil)[0] <= 0 {
			t.Errorf("F(%v) = %v is not positive definite", x, mat.Formatted(f))
		}
		w.Hessian(h, x)
		ev.Factorize(h, false)
		negative = negative || ev.Values(nil)[0] < 0
	}
	if !negative {
		t.Error("the segment never crosses the ridge, where the Hessian is indefinite")
	}
}

func TestFisherQuadratic(t *testing.T) {
	h := mat.NewSymDense(2, []float64{3, 1, 1, 2})
	q := landscape.Quadratic{H: h, Center: []float64{1, -1}}
	f := mat.NewSymDense(2, nil)
	q.Fisher(f, []float64{5, 7})
	if !mat.Equal(f, h) {
		t.Errorf("Fisher of a quadratic = %v, want H", mat.Formatted(f))
	}
}

package landscape_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// TestPreconditionerAt checks P(x) against an independent computation:
// Natural against gonum's general inverse of F(x) in one, two and three
// dimensions (the adjugate and Cholesky branches), Fixed against its
// matrix, and the zero value against the identity.
func TestPreconditionerAt(t *testing.T) {
	q3 := landscape.Quadratic{H: mat.NewSymDense(3, []float64{4, 1, 0.5, 1, 3, -0.2, 0.5, -0.2, 2}), Center: make([]float64, 3)}
	q1 := landscape.Quadratic{H: mat.NewSymDense(1, []float64{2.5}), Center: []float64{0}}
	w := newWell2D()
	fixed := mat.NewDense(2, 2, []float64{1, 0.3, -0.2, 1.4})
	for _, tc := range []struct {
		name string
		p    landscape.Preconditioner
		x    []float64
		want func(x []float64) mat.Matrix
	}{
		{"Natural 1-D", landscape.Natural(q1), []float64{0.3}, inverseFisher(q1)},
		{"Natural 2-D", landscape.Natural(w), []float64{0.1, -0.05}, inverseFisher(w)},
		{"Natural 3-D", landscape.Natural(q3), []float64{0.1, 0.2, 0.3}, inverseFisher(q3)},
		{"Fixed", landscape.Fixed(fixed), []float64{5, 5}, func([]float64) mat.Matrix { return fixed }},
		{"identity", landscape.Preconditioner{}, []float64{1, 2, 3}, func([]float64) mat.Matrix {
			return mat.NewDiagDense(3, []float64{1, 1, 1})
		}},
	} {
		d := len(tc.x)
		got := mat.NewDense(d, d, nil)
		tc.p.At(got, tc.x)
		if want := tc.want(tc.x); !mat.EqualApprox(got, want, 1e-12) {
			t.Errorf("%s: P(x) = %v, want %v", tc.name, mat.Formatted(got), mat.Formatted(want))
		}
	}
	// Fixed copies its matrix: changing it afterwards changes nothing.
	p := landscape.Fixed(fixed)
	fixed.Set(0, 0, 99)
	if got := p.Matrix().At(0, 0); got != 1 {
		t.Errorf("Fixed kept a reference: P[0,0] = %v after the caller's change, want 1", got)
	}
	fixed.Set(0, 0, 1)
}

func inverseFisher(f landscape.Fisherer) func(x []float64) mat.Matrix {
	return func(x []float64) mat.Matrix {
		d := f.Dim()
		fm := mat.NewSymDense(d, nil)
		f.Fisher(fm, x)
		var inv mat.Dense
		if err := inv.Inverse(fm); err != nil {
			panic(err)
		}
		return &inv
	}
}

func TestPreconditionerErrors(t *testing.T) {
	for _, tc := range []struct {
		p    landscape.Preconditioner
		want string
	}{
		{landscape.Fixed(nil), "landscape: Fixed: p is nil or empty: want a square matrix"},
		{landscape.Fixed(mat.NewDense(2, 3, nil)), "landscape: Fixed: p is 2×3: want a square matrix"},
		{landscape.Fixed(mat.NewDense(2, 2, []float64{1, 0, math.NaN(), 1})), "landscape: Fixed: p[1,0] = NaN: want finite"},
		{landscape.Natural(nil), "landscape: Natural: f is nil"},
	} {
		if err := tc.p.Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Err() = %v, want %q", err, tc.want)
		}
		if tc.p.IsIdentity() {
			t.Errorf("%q: a preconditioner with an error reports itself as the identity", tc.want)
		}
	}
	var zero landscape.Preconditioner
	if zero.Err() != nil || !zero.IsIdentity() || zero.Matrix() != nil || zero.Fisher() != nil {
		t.Errorf("the zero Preconditioner is not the error-free identity")
	}
}

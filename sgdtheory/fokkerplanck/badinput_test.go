package fokkerplanck_test

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/fokkerplanck"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// broken is a 1-D surface whose gradient panics, like a user's surface with
// an indexing bug.
type broken struct{ well }

func (broken) Grad(dst, x []float64) { dst[1] = x[0] }

// TestBadInput checks that unvalidated surfaces, bad covariances and
// preconditioners, and a surface that panics are errors naming the
// problem, not panics.
func TestBadInput(t *testing.T) {
	g := fokkerplanck.Grid{Lo: -1.5, Hi: 1.5, Cells: 20}
	iso := fokkerplanck.Isotropic(1)
	var nilQuad *landscape.Quadratic
	id := landscape.Fixed(mat.NewDense(2, 2, []float64{1, 0, 0, 1}))
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"Line: nil Hessian", errOf(fokkerplanck.NewLine(landscape.Quadratic{Center: []float64{0}}, 0.1, 1, 1, g)),
			"fokkerplanck: NewLine: s: landscape: Quadratic.Validate: H is nil: want a 1×1 positive definite matrix"},
		{"Line: nil pointer", errOf(fokkerplanck.NewLine(nilQuad, 0.1, 1, 1, g)), "fokkerplanck: NewLine: s is nil"},
		{"Line: panicking Grad", errOf(fokkerplanck.NewLine(broken{}, 0.1, 1, 1, g)), "fokkerplanck: NewLine: panic: runtime error: index out of range"},
		{"Plane: zero DoubleWell2D", errOf(fokkerplanck.NewPlane(landscape.DoubleWell2D{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: iso}, g, g)), "fokkerplanck: NewPlane: s: landscape: DoubleWell2D.Validate: len(XA) = 0"},
		{"Plane: Constant(nil)", errOf(fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: fokkerplanck.Constant(nil)}, g, g)), "fokkerplanck: NewPlane: panic: fokkerplanck: Constant: c is nil: want 2×2"},
		{"Plane: Constant 3×3", errOf(fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: fokkerplanck.Constant(mat.NewSymDense(3, nil))}, g, g)), "fokkerplanck: Constant: c is 3×3: want 2×2"},
		{"Plane: Fisher(nil)", errOf(fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: fokkerplanck.Fisher(nil, 1)}, g, g)), "fokkerplanck: Fisher: f is nil"},
		{"Preconditioned: Fixed(nil)", errOf(fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: iso, P: landscape.Fixed(nil)}, g, g)), "fokkerplanck: NewPlane: P: landscape: Fixed: p is nil or empty: want a square matrix"},
		{"Preconditioned: Fixed 3×3", errOf(fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: iso, P: landscape.Fixed(mat.NewDense(3, 3, nil))}, g, g)), "fokkerplanck: NewPlane: P is 3×3: want 2×2"},
		{"Preconditioned: Natural(nil)", errOf(fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: iso, P: landscape.Natural(nil)}, g, g)), "fokkerplanck: NewPlane: P: landscape: Natural: f is nil"},
		{"Preconditioned: zero Quadratic", errOf(fokkerplanck.NewPlane(landscape.Quadratic{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: iso, P: id}, g, g)), "fokkerplanck: NewPlane: s: landscape: Quadratic.Validate: len(Center) = 0"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, tc.err, tc.want)
		}
	}
	if _, err := fokkerplanck.NewPlane(well2{}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: iso, P: id}, g, g); err != nil {
		t.Errorf("good input: %v", err)
	}
}

func errOf[T any](_ T, err error) error { return err }

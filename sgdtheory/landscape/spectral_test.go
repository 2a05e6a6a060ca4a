package landscape

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestSpectral checks a rotated 2×2 Hessian against the matrix written out,
// R·diag(λ)·Rᵀ for a rotation by 30°, and a 3×3 one with a 2-column basis.
func TestSpectral(t *testing.T) {
	c, s := math.Cos(math.Pi/6), math.Sin(math.Pi/6)
	R := mat.NewDense(2, 2, []float64{c, -s, s, c})
	got, err := Spectral(R, []float64{4, 0.25})
	if err != nil {
		t.Fatal(err)
	}
	want := mat.NewSymDense(2, []float64{
		4*c*c + 0.25*s*s, (4 - 0.25) * c * s,
		(4 - 0.25) * c * s, 4*s*s + 0.25*c*c})
	if !mat.EqualApprox(got, want, 1e-14) {
		t.Errorf("Spectral(rotation by 30°, [4 0.25]) = %v, want %v", mat.Formatted(got), mat.Formatted(want))
	}
	basis := mat.NewDense(3, 2, []float64{1, 0, 0, 0, 0, 1})
	got, _ = Spectral(basis, []float64{2, -1})
	if !mat.EqualApprox(got, mat.NewSymDense(3, []float64{2, 0, 0, 0, 0, 0, 0, 0, -1}), 1e-15) {
		t.Errorf("Spectral(e₁, e₃; 2, −1) = %v", mat.Formatted(got))
	}
	for _, tc := range []struct {
		name   string
		basis  mat.Matrix
		lambda []float64
		want   string
	}{
		{"nil basis", nil, []float64{1}, "basis is nil"},
		{"count", R, []float64{1}, "want 1 columns"},
		{"not orthonormal", mat.NewDense(2, 2, []float64{1, 1, 0, 1}), []float64{1, 2}, "orthonormal"},
		{"NaN eigenvalue", R, []float64{1, math.NaN()}, "lambda[1] = NaN"},
	} {
		if _, err := Spectral(tc.basis, tc.lambda); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "landscape: Spectral: ") {
			t.Errorf("%s: err = %v, want one naming %q", tc.name, err, tc.want)
		}
	}
}

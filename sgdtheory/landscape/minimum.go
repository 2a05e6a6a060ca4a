package landscape

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Minimum is a local minimum of a loss: its location, its loss and its
// Hessian there, which is all a Laplace estimate of the basin's
// probability needs.
type Minimum struct {
	X       []float64
	Loss    float64
	Hessian *mat.SymDense
}

// finite reports an error naming the caller fn and param unless v is a
// finite number.
func finite(fn, param string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("landscape: %s: %s = %v: want finite", fn, param, v)
	}
	return nil
}

// positive reports an error naming param unless 0 < v < ∞.
func positive(fn, param string, v float64) error {
	if !(v > 0) || math.IsInf(v, 1) {
		return fmt.Errorf("landscape: %s: %s = %v: want a value in (0, ∞)", fn, param, v)
	}
	return nil
}

// finiteSlice reports an error naming the first non-finite element.
func finiteSlice(fn, param string, x []float64) error {
	for i, v := range x {
		if err := finite(fn, fmt.Sprintf("%s[%d]", param, i), v); err != nil {
			return err
		}
	}
	return nil
}

// finiteMatrix reports an error naming the first non-finite element.
func finiteMatrix(fn, param string, m mat.Matrix) error {
	r, c := m.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if err := finite(fn, fmt.Sprintf("%s[%d,%d]", param, i, j), m.At(i, j)); err != nil {
				return err
			}
		}
	}
	return nil
}

// posDef reports an error unless the d×d matrix h is finite and positive
// definite.
func posDef(fn, param string, h *mat.SymDense, d int) error {
	if h == nil {
		return fmt.Errorf("landscape: %s: %s is nil: want a %d×%d positive definite matrix", fn, param, d, d)
	}
	if n := h.SymmetricDim(); n != d {
		return fmt.Errorf("landscape: %s: %s is %d×%d: want %d×%d", fn, param, n, n, d, d)
	}
	if err := finiteMatrix(fn, param, h); err != nil {
		return err
	}
	var chol mat.Cholesky
	if !chol.Factorize(h) {
		return fmt.Errorf("landscape: %s: %s is not positive definite: want all its curvatures in (0, ∞)", fn, param)
	}
	return nil
}

func checkLen(x []float64, d int) {
	if len(x) != d {
		panic(fmt.Sprintf("landscape: len(x) = %d, surface has Dim() = %d", len(x), d))
	}
}

// The built-in surfaces and finite sums satisfy the interfaces.
var (
	_ Hessianer = Quadratic{}
	_ Hessianer = DoubleWell{}
	_ Hessianer = DoubleWell2D{}
	_ Hessianer = LeastSquares{}
	_ Hessianer = Logistic{}
	_ FiniteSum = LeastSquares{}
	_ FiniteSum = Logistic{}
)

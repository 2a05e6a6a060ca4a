package landscape

import (
	"fmt"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// Quadratic is the loss L(x) = L0 + ½(x−c)ᵀH(x−c): the local model of
// every smooth minimum, and the surface on which the paper's
// Ornstein–Uhlenbeck results are exact.
type Quadratic struct {
	H      *mat.SymDense // Hessian, d×d, positive definite
	Center []float64     // c, the minimiser
	L0     float64       // loss at the minimum
}

// Validate returns an error unless H is a finite positive definite d×d
// matrix with d = len(Center) ≥ 1 and Center and L0 are finite.
func (q Quadratic) Validate() error { return q.validate("Quadratic.Validate") }

// validate is Validate with the errors naming fn, the exported caller.
func (q Quadratic) validate(fn string) error {
	d := len(q.Center)
	if d < 1 {
		return fmt.Errorf("landscape: %s: len(Center) = 0: want ≥ 1", fn)
	}
	if err := finiteSlice(fn, "Center", q.Center); err != nil {
		return err
	}
	if err := finite(fn, "L0", q.L0); err != nil {
		return err
	}
	return posDef(fn, "H", q.H, d)
}

// Dim returns len(Center).
func (q Quadratic) Dim() int { return len(q.Center) }

// Loss returns L0 + ½(x−c)ᵀH(x−c).
func (q Quadratic) Loss(x []float64) float64 {
	checkLen(x, q.Dim())
	var s float64
	for i := range x {
		di := x[i] - q.Center[i]
		for j := range x {
			s += di * q.H.At(i, j) * (x[j] - q.Center[j])
		}
	}
	return q.L0 + s/2
}

// Grad writes H(x−c) into dst.
func (q Quadratic) Grad(dst, x []float64) {
	checkLen(x, q.Dim())
	checkLen(dst, q.Dim())
	for i := range x {
		var s float64
		for j := range x {
			s += q.H.At(i, j) * (x[j] - q.Center[j])
		}
		dst[i] = s
	}
}

// Grad1D returns L′(x) of a one-dimensional quadratic, h·(x − c), and lets
// langevin ensembles take their fast 1-D path (Derivative). It panics if
// Dim() ≠ 1.
func (q Quadratic) Grad1D(x float64) float64 {
	if q.Dim() != 1 {
		panic("landscape: Grad1D of a quadratic of dimension " + strconv.Itoa(q.Dim()))
	}
	return q.H.At(0, 0) * (x - q.Center[0])
}

// Hessian copies H into dst.
func (q Quadratic) Hessian(dst *mat.SymDense, x []float64) {
	checkLen(x, q.Dim())
	dst.CopySym(q.H)
}

// Minimum returns the minimum (Center, L0, H), or the error of Validate.
func (q Quadratic) Minimum() (Minimum, error) {
	if err := q.validate("Quadratic.Minimum"); err != nil {
		return Minimum{}, err
	}
	h := mat.NewSymDense(q.Dim(), nil)
	h.CopySym(q.H)
	return Minimum{X: append([]float64(nil), q.Center...), Loss: q.L0, Hessian: h}, nil
}

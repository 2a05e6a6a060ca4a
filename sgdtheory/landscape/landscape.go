package landscape

import "gonum.org/v1/gonum/mat"

// Surface is a differentiable loss L: ℝᵈ → ℝ.
type Surface interface {
	// Dim is the dimension d of the parameter vector.
	Dim() int
	// Loss returns L(x); len(x) == Dim().
	Loss(x []float64) float64
	// Grad writes ∇L(x) into dst; len(dst) == len(x) == Dim().
	Grad(dst, x []float64)
}

// Hessianer is a Surface that knows its Hessian.
type Hessianer interface {
	Surface
	// Hessian writes ∇²L(x) into dst, a Dim()×Dim() matrix.
	Hessian(dst *mat.SymDense, x []float64)
}

// Derivative is a one-dimensional surface whose derivative is a number:
// inner loops over a single coordinate (langevin's 1-D ensembles) call it
// without slices, several times faster than through Grad.
type Derivative interface {
	// Grad1D returns L′(x).
	Grad1D(x float64) float64
}

// Preparer is a one-dimensional surface whose derivative has constants
// worth computing once before an inner loop.
type Preparer interface {
	// Prepare1D returns L′ with those constants computed.
	Prepare1D() Derivative
}

// FiniteSum is a loss that is the mean of N per-example losses,
// L(x) = (1/N) Σᵢ lᵢ(x), as in the paper's minibatch setting.
type FiniteSum interface {
	Surface
	// N is the number of examples.
	N() int
	// ExampleGrad writes ∇lᵢ(x) into dst, for 0 ≤ i < N().
	ExampleGrad(dst, x []float64, i int)
}

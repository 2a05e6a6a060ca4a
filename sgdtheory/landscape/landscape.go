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

// FiniteSum is a loss that is the mean of N per-example losses,
// L(x) = (1/N) Σᵢ lᵢ(x), as in the paper's minibatch setting.
type FiniteSum interface {
	Surface
	// N is the number of examples.
	N() int
	// ExampleGrad writes ∇lᵢ(x) into dst, for 0 ≤ i < N().
	ExampleGrad(dst, x []float64, i int)
}

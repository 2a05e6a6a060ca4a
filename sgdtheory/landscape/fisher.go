package landscape

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Fisherer is a Surface with a model of its Fisher information F(θ): a
// symmetric positive-definite matrix field that equals the Hessian at the
// minima, as the Fisher information of a well-specified model does. It is
// the metric of natural gradient descent, θ ← θ − ηF⁻¹g, and, for such a
// model, the covariance of the per-example gradients near a minimum, so
// that C ≈ F ≈ H there.
type Fisherer interface {
	Surface
	// Fisher writes F(x) into dst, a Dim()×Dim() positive-definite matrix.
	Fisher(dst *mat.SymDense, x []float64)
}

// Fisher copies H into dst: on a quadratic the Fisher information is the
// constant Hessian, and natural gradient descent is Newton's method.
func (q Quadratic) Fisher(dst *mat.SymDense, x []float64) {
	checkLen(x, q.Dim())
	dst.CopySym(q.H)
}

// Fisher writes a model Fisher information of w into dst,
//
//	F(x) = w_A(x)·HA + w_B(x)·HB,   w_A = 1/(1 + exp((q_A − q_B)/b)),  w_B = 1 − w_A,
//
// the curvatures of the two paraboloids blended across the ridge. It is
// positive definite everywhere, whereas the Hessian turns negative across
// the ridge. The blending scale is b = min(gap_A, gap_B)/8 (see
// DoubleWell), wider than the loss's own smoothing scale s: F changes over
// a band several times wider than the ridge — a Fisher information varies
// on the scale of the basins, not on the scale of the loss's kink — and
// still equals the Hessian at the minima up to a relative exp(−8) ≈ 3·10⁻⁴.
// F is the stand-in for the Fisher information in the natural-gradient
// experiments: sharp (large F) in A's basin, wide in B's.
func (w DoubleWell2D) Fisher(dst *mat.SymDense, x []float64) {
	checkLen(x, 2)
	var g [2]float64
	qa := quad2(g[:], x, w.XA, w.HA, w.LA)
	qb := quad2(g[:], x, w.XB, w.HB, w.LB)
	ga, gb := w.gaps()
	wa := 1 / (1 + math.Exp(8*(qa-qb)/math.Min(ga, gb)))
	wb := 1 - wa
	for i := range 2 {
		for j := i; j < 2; j++ {
			dst.SetSym(i, j, wa*w.HA.At(i, j)+wb*w.HB.At(i, j))
		}
	}
}

var (
	_ Fisherer = Quadratic{}
	_ Fisherer = DoubleWell2D{}
)

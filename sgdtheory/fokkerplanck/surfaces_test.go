package fokkerplanck_test

import "math"

// well is the 1-D double well x⁴/4 − x²/2 + d·x³.
type well struct{ d float64 }

func (well) Dim() int                   { return 1 }
func (w well) loss(x float64) float64   { return x*x*x*x/4 - x*x/2 + w.d*x*x*x }
func (w well) Loss(x []float64) float64 { return w.loss(x[0]) }
func (w well) Grad(dst, x []float64)    { dst[0] = x[0]*x[0]*x[0] - x[0] + 3*w.d*x[0]*x[0] }

// softWell is the smooth double well softmin_ε of two quadratics with
// curvatures 4 (at −1) and 1 (at 1, raised by 0.02), as in the notes.
type softWell struct{}

func (softWell) Dim() int { return 1 }
func (softWell) q(x float64) (float64, float64) {
	return 2 * (x + 1) * (x + 1), 0.02 + (x-1)*(x-1)/2
}
func (w softWell) Loss(x []float64) float64 {
	qa, qb := w.q(x[0])
	m := math.Min(qa, qb)
	const eps = 0.05
	return m - eps*math.Log(math.Exp(-(qa-m)/eps)+math.Exp(-(qb-m)/eps))
}
func (w softWell) Grad(dst, x []float64) {
	qa, qb := w.q(x[0])
	wa := 1 / (1 + math.Exp((qa-qb)/0.05))
	dst[0] = wa*4*(x[0]+1) + (1-wa)*(x[0]-1)
}

// well2 is the 2-D surface (x² − 1)²/4 + y²/2 + c·x²y²/2, non-quadratic in
// both coordinates, with Hessian diagonal on the axes.
type well2 struct{ c float64 }

func (well2) Dim() int { return 2 }
func (w well2) Loss(p []float64) float64 {
	x, y := p[0], p[1]
	return (x*x-1)*(x*x-1)/4 + y*y/2 + w.c*x*x*y*y/2
}
func (w well2) Grad(dst, p []float64) {
	x, y := p[0], p[1]
	dst[0] = x*(x*x-1) + w.c*x*y*y
	dst[1] = y + w.c*x*x*y
}

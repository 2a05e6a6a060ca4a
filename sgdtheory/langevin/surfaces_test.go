package langevin_test

import (
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// quad is L(x) = ½ Σ hⱼ xⱼ², a minimum with diagonal Hessian.
type quad struct{ h []float64 }

func (q quad) Dim() int { return len(q.h) }
func (q quad) Loss(x []float64) float64 {
	var s float64
	for j, h := range q.h {
		s += h * x[j] * x[j] / 2
	}
	return s
}
func (q quad) Grad(dst, x []float64) {
	for j, h := range q.h {
		dst[j] = h * x[j]
	}
}

// quad1 is the 1-D quadratic ½hx² with the Grad1D fast path.
type quad1 struct{ quad }

func newQuad1(h float64) quad1           { return quad1{quad{[]float64{h}}} }
func (q quad1) Grad1D(x float64) float64 { return q.h[0] * x }

// softWell is the smooth 1-D double well L = softmin_ε(q_A, q_B) of two
// quadratics q_A = L_A + h_A(x−a)²/2 and q_B = L_B + h_B(x−b)²/2.
type softWell struct{ la, ha, a, lb, hb, b, eps float64 }

// testWell is low enough (barrier ≈ 0.15) to mix at T = ησ²/S = 0.1.
var testWell = softWell{la: 0, ha: 4, a: -0.4, lb: 0.02, hb: 1, b: 0.4, eps: 0.05}

func (w softWell) Dim() int { return 1 }
func (w softWell) q(x float64) (qa, qb float64) {
	return w.la + w.ha*(x-w.a)*(x-w.a)/2, w.lb + w.hb*(x-w.b)*(x-w.b)/2
}
func (w softWell) Loss(x []float64) float64 { return w.loss(x[0]) }
func (w softWell) loss(x float64) float64 {
	qa, qb := w.q(x)
	m := math.Min(qa, qb)
	return m - w.eps*math.Log(math.Exp(-(qa-m)/w.eps)+math.Exp(-(qb-m)/w.eps))
}
func (w softWell) Grad(dst, x []float64) { dst[0] = w.Grad1D(x[0]) }
func (w softWell) Grad1D(x float64) float64 {
	qa, qb := w.q(x)
	wa := 1 / (1 + math.Exp((qa-qb)/w.eps)) // weight of well A
	return wa*w.ha*(x-w.a) + (1-wa)*w.hb*(x-w.b)
}

// split is where q_A = q_B between the wells: the basin boundary.
func (w softWell) split() float64 {
	// (h_A − h_B)/2 x² − (h_A a − h_B b) x + (h_A a² − h_B b²)/2 + L_A − L_B = 0
	A := (w.ha - w.hb) / 2
	B := -(w.ha*w.a - w.hb*w.b)
	C := (w.ha*w.a*w.a-w.hb*w.b*w.b)/2 + w.la - w.lb
	r := math.Sqrt(B*B - 4*A*C)
	for _, x := range []float64{(-B + r) / (2 * A), (-B - r) / (2 * A)} {
		if x > w.a && x < w.b {
			return x
		}
	}
	panic("softWell: no split between the wells")
}

// slow hides a surface's Grad1D method, forcing the general path.
type slow struct{ landscape.Surface }

// quartic is the double well (x² − 1)²/4 used by the benchmark.
type quartic struct{}

func (quartic) Dim() int                 { return 1 }
func (quartic) Loss(x []float64) float64 { return (x[0]*x[0] - 1) * (x[0]*x[0] - 1) / 4 }
func (quartic) Grad(dst, x []float64)    { dst[0] = x[0] * (x[0]*x[0] - 1) }
func (quartic) Grad1D(x float64) float64 { return x * (x*x - 1) }

// examples is the finite sum (1/N) Σ h(x − aᵢ)²/2 in 1-D.
type examples struct {
	h float64
	a []float64
}

func (e examples) Dim() int { return 1 }
func (e examples) N() int   { return len(e.a) }
func (e examples) Loss(x []float64) float64 {
	var s float64
	for _, a := range e.a {
		s += e.h * (x[0] - a) * (x[0] - a) / 2
	}
	return s / float64(len(e.a))
}
func (e examples) Grad(dst, x []float64) {
	var s float64
	for _, a := range e.a {
		s += e.h * (x[0] - a)
	}
	dst[0] = s / float64(len(e.a))
}
func (e examples) ExampleGrad(dst, x []float64, i int) { dst[0] = e.h * (x[0] - e.a[i]) }

// tilted is the cheap asymmetric double well x⁴/4 − x²/2 + d·x³: for d > 0
// the left well A is deeper and sharper, the right well B shallower and
// wider; the barrier is at x = 0.
type tilted struct{ d float64 }

func (tilted) Dim() int                   { return 1 }
func (w tilted) loss(x float64) float64   { return x*x*x*x/4 - x*x/2 + w.d*x*x*x }
func (w tilted) Loss(x []float64) float64 { return w.loss(x[0]) }
func (w tilted) Grad(dst, x []float64)    { dst[0] = w.Grad1D(x[0]) }
func (w tilted) Grad1D(x float64) float64 { return x*x*x - x + 3*w.d*x*x }
func (w tilted) minB() float64            { return (-3*w.d + math.Sqrt(9*w.d*w.d+4)) / 2 }

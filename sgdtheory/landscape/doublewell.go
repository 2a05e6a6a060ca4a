package landscape

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// DoubleWell is a smooth one-dimensional loss with two minima whose
// positions, depths and curvatures are dialled directly:
//
//	L(x) = −s·log(exp(−q_A(x)/s) + exp(−q_B(x)/s)),
//	q_A(x) = LA + ½·HA·(x−XA)²,  q_B(x) = LB + ½·HB·(x−XB)²,
//
// a soft minimum of the two parabolas. L is C∞; near each minimum it equals
// its parabola up to a relative term exp(−gap/s), where gap is how far the
// other parabola lies above, so the minima sit at XA and XB with losses
// LA, LB and curvatures HA, HB to many digits. Between them the barrier is
// where the parabolas cross, lowered by at most s·ln 2 and rounded over a
// width of order s; larger s gives a lower, softer barrier and shifts the
// minima, smaller s a sharper kink that needs smaller steps to simulate.
type DoubleWell struct {
	XA, LA, HA float64 // position, loss and curvature of minimum A
	XB, LB, HB float64 // position, loss and curvature of minimum B

	// Soft is the smoothing scale s. Zero means the default
	// min(gap_A, gap_B)/40, where gap_A = q_B(XA) − LA and
	// gap_B = q_A(XB) − LB, which keeps the minima exact to about
	// exp(−40) ≈ 4e-18 relative.
	Soft float64
}

// StandardWell returns the double well of the notes: a sharp, deep minimum
// A (HA = 4, LA = 0) at −0.6 and a wide, shallow one B (HB = 1, LB = 0.02)
// at +0.6. The positions are chosen so that the barrier, about 0.32 above
// A, gives 2·barrier/T ≈ 6.4 at T = 0.1: Langevin runs still hop between
// the wells, while for T ≤ 0.06 the barrier is high enough (≥ 10) that the
// Laplace estimates hold to 1%.
func StandardWell() DoubleWell {
	return DoubleWell{XA: -0.6, LA: 0, HA: 4, XB: 0.6, LB: 0.02, HB: 1}
}

// gaps returns how far each parabola lies above the other's minimum.
func (w DoubleWell) gaps() (gapA, gapB float64) {
	d := w.XB - w.XA
	return w.LB + w.HB*d*d/2 - w.LA, w.LA + w.HA*d*d/2 - w.LB
}

// soft returns the smoothing scale, Soft or its default.
func (w DoubleWell) soft() float64 {
	if w.Soft > 0 {
		return w.Soft
	}
	ga, gb := w.gaps()
	return math.Min(ga, gb) / 40
}

// Validate returns an error unless all parameters are finite, HA and HB
// are positive, XA ≠ XB, each minimum lies below the other parabola, and
// Soft is 0 or at most a twentieth of the smaller gap.
func (w DoubleWell) Validate() error { return w.validate("DoubleWell.Validate") }

// validate is Validate with the errors naming fn, the exported caller.
func (w DoubleWell) validate(fn string) error {
	for _, p := range []struct {
		name string
		v    float64
	}{{"XA", w.XA}, {"LA", w.LA}, {"XB", w.XB}, {"LB", w.LB}, {"Soft", w.Soft}} {
		if err := finite(fn, p.name, p.v); err != nil {
			return err
		}
	}
	if err := positive(fn, "HA", w.HA); err != nil {
		return err
	}
	if err := positive(fn, "HB", w.HB); err != nil {
		return err
	}
	if w.XA == w.XB {
		return fmt.Errorf("landscape: %s: XA = XB = %v: want the minima apart", fn, w.XA)
	}
	ga, gb := w.gaps()
	if !(ga > 0) || !(gb > 0) {
		return fmt.Errorf("landscape: %s: q_B(XA)−LA = %.3g, q_A(XB)−LB = %.3g: want both > 0 (the minima are too close for their depths)", fn, ga, gb)
	}
	if w.Soft < 0 || w.Soft > math.Min(ga, gb)/20 {
		return fmt.Errorf("landscape: %s: Soft = %v: want a value in [0, %.3g] (a twentieth of the smaller gap)", fn, w.Soft, math.Min(ga, gb)/20)
	}
	return nil
}

// Dim returns 1.
func (w DoubleWell) Dim() int { return 1 }

// parts returns the loss, its first and second derivative at x.
func (w DoubleWell) parts(x float64) (l, dl, d2l float64) {
	s := w.soft()
	qa := w.LA + w.HA*(x-w.XA)*(x-w.XA)/2
	qb := w.LB + w.HB*(x-w.XB)*(x-w.XB)/2
	ga, gb := w.HA*(x-w.XA), w.HB*(x-w.XB)
	// Weights of the soft minimum, computed from the lower parabola so
	// that the exponential never overflows.
	m := math.Min(qa, qb)
	ea, eb := math.Exp(-(qa-m)/s), math.Exp(-(qb-m)/s)
	z := ea + eb
	wa, wb := ea/z, eb/z
	l = m - s*math.Log(z)
	dl = wa*ga + wb*gb
	d2l = wa*w.HA + wb*w.HB - wa*wb*(ga-gb)*(ga-gb)/s
	return l, dl, d2l
}

// Grad1D returns L′(x) as a number; see Prepare1D.
func (w DoubleWell) Grad1D(x float64) float64 {
	return w.Prepare1D().Grad1D(x)
}

// Prepare1D returns L′ with the well's constants computed once, for hot
// loops such as langevin ensembles, which look for it (Preparer). It needs at
// most one exponential, not two and a logarithm, and none deep inside a
// basin, where the other parabola's weight 1/(1+e^|z|) is below 1e-16 and
// cannot change the sum in float64.
func (w DoubleWell) Prepare1D() Derivative {
	return wellSlope{xa: w.XA, xb: w.XB, la: w.LA, lb: w.LB, ha: w.HA, hb: w.HB, invS: 1 / w.soft()}
}

type wellSlope struct{ xa, xb, la, lb, ha, hb, invS float64 }

func (c wellSlope) Grad1D(x float64) float64 {
	da, db := x-c.xa, x-c.xb
	ga, gb := c.ha*da, c.hb*db
	z := (c.la + ga*da/2 - c.lb - gb*db/2) * c.invS // (q_A − q_B)/s
	switch {
	case z > 37:
		return gb
	case z < -37:
		return ga
	}
	wa := 1 / (1 + math.Exp(z)) // weight of A
	return wa*ga + (1-wa)*gb
}

// At returns L(x), the loss as a plain function of one variable.
func (w DoubleWell) At(x float64) float64 {
	l, _, _ := w.parts(x)
	return l
}

// Loss returns L(x[0]).
func (w DoubleWell) Loss(x []float64) float64 {
	checkLen(x, 1)
	return w.At(x[0])
}

// Grad writes L'(x[0]) into dst[0].
func (w DoubleWell) Grad(dst, x []float64) {
	checkLen(x, 1)
	checkLen(dst, 1)
	_, dst[0], _ = w.parts(x[0])
}

// Hessian writes the second derivative of L at x[0] into dst.
func (w DoubleWell) Hessian(dst *mat.SymDense, x []float64) {
	checkLen(x, 1)
	_, _, h := w.parts(x[0])
	dst.SetSym(0, 0, h)
}

// newton polishes a critical point of L starting from x.
func (w DoubleWell) newton(x float64) float64 {
	for range 50 {
		_, g, h := w.parts(x)
		if h == 0 {
			break
		}
		step := g / h
		x -= step
		if math.Abs(step) <= 1e-15*(1+math.Abs(x)) {
			break
		}
	}
	return x
}

// Minima returns minimum A and minimum B, located by Newton's method from
// XA and XB; they differ from the dialled values by about exp(−gap/s).
func (w DoubleWell) Minima() (a, b Minimum, err error) { return w.minima("DoubleWell.Minima") }

func (w DoubleWell) minima(fn string) (a, b Minimum, err error) {
	if err := w.validate(fn); err != nil {
		return a, b, err
	}
	mk := func(x0 float64) Minimum {
		x := w.newton(x0)
		l, _, h := w.parts(x)
		return Minimum{X: []float64{x}, Loss: l, Hessian: mat.NewSymDense(1, []float64{h})}
	}
	return mk(w.XA), mk(w.XB), nil
}

// Saddle returns the position of the barrier top between the minima, the
// boundary of their basins of attraction, found by bisection on L'.
func (w DoubleWell) Saddle() (float64, error) { return w.saddle("DoubleWell.Saddle") }

func (w DoubleWell) saddle(fn string) (float64, error) {
	a, b, err := w.minima(fn)
	if err != nil {
		return 0, err
	}
	lo, hi := math.Min(a.X[0], b.X[0]), math.Max(a.X[0], b.X[0])
	d := 1e-6 * (hi - lo)
	lo, hi = lo+d, hi-d
	_, glo, _ := w.parts(lo)
	_, ghi, _ := w.parts(hi)
	if !(glo > 0 && ghi < 0) {
		return 0, fmt.Errorf("landscape: %s: no barrier found between the minima", fn)
	}
	for range 200 {
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			break
		}
		if _, g, _ := w.parts(mid); g > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2, nil
}

// Barrier returns the height of the saddle above the lower of the two
// minima, the barrier a walker in the deeper well must climb.
func (w DoubleWell) Barrier() (float64, error) {
	a, b, err := w.minima("DoubleWell.Barrier")
	if err != nil {
		return 0, err
	}
	x, err := w.saddle("DoubleWell.Barrier")
	if err != nil {
		return 0, err
	}
	return w.At(x) - math.Min(a.Loss, b.Loss), nil
}

package landscape

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// DoubleWell2D is the two-dimensional DoubleWell: the soft minimum
//
//	L(x) = −s·log(exp(−q_A(x)/s) + exp(−q_B(x)/s)),
//	q_A(x) = LA + ½(x−XA)ᵀHA(x−XA),  q_B likewise,
//
// of two paraboloids with full 2×2 Hessians, so that minima of different
// shape and orientation (different det H) can be compared. The basins
// meet near the ridge q_A = q_B; see DoubleWell for the role of Soft.
type DoubleWell2D struct {
	XA, XB []float64     // positions of the minima, length 2
	LA, LB float64       // losses at the minima
	HA, HB *mat.SymDense // Hessians at the minima, 2×2 positive definite

	// Soft is the smoothing scale s; zero means min(gap_A, gap_B)/40 as
	// for DoubleWell.
	Soft float64
}

// quad2 returns L0 + ½(x−c)ᵀH(x−c) and writes H(x−c) into g.
func quad2(g, x, c []float64, h *mat.SymDense, l0 float64) float64 {
	d0, d1 := x[0]-c[0], x[1]-c[1]
	h00, h01, h11 := h.At(0, 0), h.At(0, 1), h.At(1, 1)
	g[0] = h00*d0 + h01*d1
	g[1] = h01*d0 + h11*d1
	return l0 + (d0*g[0]+d1*g[1])/2
}

func (w DoubleWell2D) gaps() (gapA, gapB float64) {
	var g [2]float64
	return quad2(g[:], w.XA, w.XB, w.HB, w.LB) - w.LA, quad2(g[:], w.XB, w.XA, w.HA, w.LA) - w.LB
}

func (w DoubleWell2D) soft() float64 {
	if w.Soft > 0 {
		return w.Soft
	}
	ga, gb := w.gaps()
	return math.Min(ga, gb) / 40
}

// Validate returns an error unless XA and XB have length 2, all values are
// finite, HA and HB are positive definite, each minimum lies below the
// other paraboloid, and Soft is 0 or at most a twentieth of the smaller gap.
func (w DoubleWell2D) Validate() error { return w.validate("DoubleWell2D.Validate") }

// validate is Validate with the errors naming fn, the exported caller.
func (w DoubleWell2D) validate(fn string) error {
	if len(w.XA) != 2 || len(w.XB) != 2 {
		return fmt.Errorf("landscape: %s: len(XA) = %d, len(XB) = %d: want both 2", fn, len(w.XA), len(w.XB))
	}
	if err := finiteSlice(fn, "XA", w.XA); err != nil {
		return err
	}
	if err := finiteSlice(fn, "XB", w.XB); err != nil {
		return err
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"LA", w.LA}, {"LB", w.LB}, {"Soft", w.Soft}} {
		if err := finite(fn, p.name, p.v); err != nil {
			return err
		}
	}
	if err := posDef(fn, "HA", w.HA, 2); err != nil {
		return err
	}
	if err := posDef(fn, "HB", w.HB, 2); err != nil {
		return err
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

// Dim returns 2.
func (w DoubleWell2D) Dim() int { return 2 }

// parts returns L(x), writes ∇L into g and, if h is not nil, ∇²L into h.
func (w DoubleWell2D) parts(g []float64, h *mat.SymDense, x []float64) float64 {
	checkLen(x, 2)
	s := w.soft()
	var ga, gb [2]float64
	qa := quad2(ga[:], x, w.XA, w.HA, w.LA)
	qb := quad2(gb[:], x, w.XB, w.HB, w.LB)
	m := math.Min(qa, qb)
	ea, eb := math.Exp(-(qa-m)/s), math.Exp(-(qb-m)/s)
	z := ea + eb
	wa, wb := ea/z, eb/z
	if g != nil {
		g[0] = wa*ga[0] + wb*gb[0]
		g[1] = wa*ga[1] + wb*gb[1]
	}
	if h != nil {
		d := [2]float64{ga[0] - gb[0], ga[1] - gb[1]}
		c := wa * wb / s
		for i := range 2 {
			for j := i; j < 2; j++ {
				h.SetSym(i, j, wa*w.HA.At(i, j)+wb*w.HB.At(i, j)-c*d[i]*d[j])
			}
		}
	}
	return m - s*math.Log(z)
}

// Loss returns L(x).
func (w DoubleWell2D) Loss(x []float64) float64 { return w.parts(nil, nil, x) }

// Grad writes ∇L(x) into dst.
func (w DoubleWell2D) Grad(dst, x []float64) {
	checkLen(dst, 2)
	w.parts(dst, nil, x)
}

// Hessian writes ∇²L(x) into dst, a 2×2 matrix.
func (w DoubleWell2D) Hessian(dst *mat.SymDense, x []float64) { w.parts(nil, dst, x) }

// Basin returns 0 when x is on minimum A's side of the ridge q_A = q_B and 1
// otherwise. The ridge is the basin boundary up to a shift of order Soft.
func (w DoubleWell2D) Basin(x []float64) int {
	checkLen(x, 2)
	var g [2]float64
	if quad2(g[:], x, w.XA, w.HA, w.LA) <= quad2(g[:], x, w.XB, w.HB, w.LB) {
		return 0
	}
	return 1
}

// Minima returns minimum A and minimum B, located by Newton's method from
// XA and XB.
func (w DoubleWell2D) Minima() (a, b Minimum, err error) {
	if err := w.validate("DoubleWell2D.Minima"); err != nil {
		return a, b, err
	}
	mk := func(x0 []float64) Minimum {
		x := mat.NewVecDense(2, append([]float64(nil), x0...))
		g := mat.NewVecDense(2, nil)
		h := mat.NewSymDense(2, nil)
		var step mat.VecDense
		for range 50 {
			w.parts(g.RawVector().Data, h, x.RawVector().Data)
			if err := step.SolveVec(h, g); err != nil {
				break
			}
			x.SubVec(x, &step)
			if mat.Norm(&step, 2) <= 1e-15*(1+mat.Norm(x, 2)) {
				break
			}
		}
		xs := x.RawVector().Data
		l := w.parts(nil, h, xs)
		return Minimum{X: xs, Loss: l, Hessian: h}
	}
	return mk(w.XA), mk(w.XB), nil
}

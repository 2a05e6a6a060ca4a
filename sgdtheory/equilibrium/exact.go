package equilibrium

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// span is how many standard deviations √(T/2h) of the Gaussian at a
// minimum the exact integrals extend beyond it: the neglected tail,
// about exp(−span²), is far below rounding.
const span = 10

// RatioExact returns p_A/p_B for the one-dimensional well w at
// temperature T, integrating the Boltzmann density over each basin, split
// at the saddle, by quadrature. It is the reference RatioLaplace is
// tested against.
func RatioExact(w landscape.DoubleWell, T float64) (float64, error) {
	if err := checkT("RatioExact", T); err != nil {
		return 0, err
	}
	a, b, err := w.Minima()
	if err != nil {
		return 0, fmt.Errorf("equilibrium: RatioExact: %w", err)
	}
	saddle, err := w.Saddle()
	if err != nil {
		return 0, fmt.Errorf("equilibrium: RatioExact: %w", err)
	}
	xa, xb := a.X[0], b.X[0]
	sd := math.Sqrt(T / (2 * math.Min(a.Hessian.At(0, 0), b.Hessian.At(0, 0))))
	lo, hi := math.Min(xa, xb)-span*sd, math.Max(xa, xb)+span*sd
	p, err := newBoltzmann1D("RatioExact", w.At, T, lo, hi)
	if err != nil {
		return 0, err
	}
	left, right := p.Mass(lo, saddle), p.Mass(saddle, hi)
	if xa > xb {
		left, right = right, left
	}
	return left / right, nil
}

// RatioExact2D returns p_A/p_B for the two-dimensional well w at
// temperature T by a tensor-product Gauss–Legendre rule on a box around
// each minimum, counting the nodes on that minimum's side of the ridge
// (w.Basin). The box reaches span marginal standard deviations along each
// axis; the ridge cut limits the accuracy to about the mass near the
// ridge, which is negligible once the barrier is several T.
func RatioExact2D(w landscape.DoubleWell2D, T float64) (float64, error) {
	if err := checkT("RatioExact2D", T); err != nil {
		return 0, err
	}
	a, b, err := w.Minima()
	if err != nil {
		return 0, fmt.Errorf("equilibrium: RatioExact2D: %w", err)
	}
	// Both masses are relative to the lower minimum, so exp stays in range.
	lmin := math.Min(a.Loss, b.Loss)
	ma, err := basinMass2D(w, a, 0, T, lmin)
	if err != nil {
		return 0, err
	}
	mb, err := basinMass2D(w, b, 1, T, lmin)
	if err != nil {
		return 0, err
	}
	return ma / mb, nil
}

// basinMass2D integrates exp(−2(L−lmin)/T) over the part of the box around
// m that lies in basin k.
func basinMass2D(w landscape.DoubleWell2D, m landscape.Minimum, k int, T, lmin float64) (float64, error) {
	const panels2D, nodes2D = 48, 8
	var cov mat.SymDense // inverse Hessian; the marginal variances are (T/2)·H⁻¹ᵢᵢ
	var chol mat.Cholesky
	if !chol.Factorize(m.Hessian) {
		return 0, fmt.Errorf("equilibrium: RatioExact2D: the Hessian at minimum %c is not positive definite: want a strict minimum", "AB"[k])
	}
	if err := chol.InverseTo(&cov); err != nil {
		return 0, fmt.Errorf("equilibrium: RatioExact2D: the Hessian at minimum %c: %w", "AB"[k], err)
	}
	xs := make([][]float64, 2)
	ws := make([][]float64, 2)
	gx, gw := make([]float64, nodes2D), make([]float64, nodes2D)
	for d := range 2 {
		half := span * math.Sqrt(T/2*cov.At(d, d))
		lo, width := m.X[d]-half, 2*half/panels2D
		for p := range panels2D {
			quad.Legendre{}.FixedLocations(gx, gw, lo+float64(p)*width, lo+float64(p+1)*width)
			xs[d] = append(xs[d], gx...)
			ws[d] = append(ws[d], gw...)
		}
	}
	var s float64
	x := make([]float64, 2)
	for i, x0 := range xs[0] {
		x[0] = x0
		for j, x1 := range xs[1] {
			x[1] = x1
			if w.Basin(x) != k {
				continue
			}
			s += ws[0][i] * ws[1][j] * math.Exp(-2*(w.Loss(x)-lmin)/T)
		}
	}
	return s, nil
}

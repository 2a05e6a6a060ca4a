package landscape

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
)

// Smoothed returns E[L(θ + ε)] with ε ~ N(0, δ²): the expected loss of a
// minimum whose parameters are perturbed, the picture of why a flat
// minimum generalises. The integral runs over θ ± 10δ by 200-point
// Gauss–Legendre quadrature, split at the saddle, where the loss bends, when
// the saddle lies inside, so that the rule is smooth on each piece.
func (w DoubleWell) Smoothed(theta, delta float64) (float64, error) {
	if !(delta > 0) || math.IsInf(delta, 0) {
		return 0, fmt.Errorf("landscape: DoubleWell.Smoothed: delta = %v: want a finite δ > 0", delta)
	}
	if math.IsNaN(theta) || math.IsInf(theta, 0) {
		return 0, fmt.Errorf("landscape: DoubleWell.Smoothed: theta = %v: want a finite θ", theta)
	}
	saddle, err := w.saddle("DoubleWell.Smoothed")
	if err != nil {
		return 0, err
	}
	φ := distuv.Normal{Mu: theta, Sigma: delta}
	f := func(x float64) float64 { return w.At(x) * φ.Prob(x) }
	lo, hi := theta-10*delta, theta+10*delta
	if saddle <= lo || saddle >= hi {
		return quad.Fixed(f, lo, hi, 200, nil, 0), nil
	}
	return quad.Fixed(f, lo, saddle, 200, nil, 0) + quad.Fixed(f, saddle, hi, 200, nil, 0), nil
}

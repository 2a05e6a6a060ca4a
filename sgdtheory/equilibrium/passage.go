package equilibrium

import (
	"fmt"
	"math"
)

// Passage is the one-dimensional diffusion along an escape direction,
//
//	dx = −η L′(x) dt + √(2D) dW,   D = η²C_xx/(2S),
//
// time in SGD steps, whose stationary density is e^{−2L/T} with
// T = ηC_xx/S: SGD across a barrier in the continuum limit.
type Passage struct {
	L    func(x float64) float64 // the loss along x
	T, D float64                 // temperature ηC_xx/S and diffusion constant η²C_xx/(2S)
	// Lo is the lower end of the inner integral, standing in for −∞: far
	// enough below the start that e^{−2L/T} is negligible there.
	Lo float64
	// Panels is the number of trapezoidal panels on [Lo, to]; 0 means
	// 20 000.
	Panels int
}

// MeanTime returns the mean first-passage time from x0 to b > x0 (Gardiner,
// Handbook of Stochastic Methods, §5.2.7),
//
//	τ = (1/D) ∫_{x0}^{b} dy e^{Φ(y)} ∫_{Lo}^{y} dz e^{−Φ(z)},   Φ = 2L/T,
//
// by the trapezoidal rule on both integrals: roughly e^{2ΔL/T} for a
// barrier ΔL (Kramers), without Kramers' Gaussian approximations.
func (p Passage) MeanTime(x0, b float64) (float64, error) {
	n := p.Panels
	if n == 0 {
		n = 20_000
	}
	switch {
	case p.L == nil:
		return 0, fmt.Errorf("equilibrium: Passage.MeanTime: L is nil")
	case !(p.T > 0) || math.IsInf(p.T, 1):
		return 0, fmt.Errorf("equilibrium: Passage.MeanTime: T = %v: want a finite temperature > 0", p.T)
	case !(p.D > 0) || math.IsInf(p.D, 1):
		return 0, fmt.Errorf("equilibrium: Passage.MeanTime: D = %v: want a finite diffusion constant > 0", p.D)
	case n < 1:
		return 0, fmt.Errorf("equilibrium: Passage.MeanTime: Panels = %d: want ≥ 1, or 0 for 20 000", p.Panels)
	case !(p.Lo <= x0 && x0 < b) || math.IsInf(p.Lo, 0) || math.IsInf(b, 0):
		return 0, fmt.Errorf("equilibrium: Passage.MeanTime: Lo = %v, x0 = %v, b = %v: want finite Lo ≤ x0 < b", p.Lo, x0, b)
	}
	Φ := func(x float64) float64 { return 2 * p.L(x) / p.T }
	dx := (b - p.Lo) / float64(n)
	inner, outer := 0.0, 0.0
	prevIn, prevOut := math.Exp(-Φ(p.Lo)), 0.0
	for k := 1; k <= n; k++ {
		x := p.Lo + float64(k)*dx
		e := math.Exp(-Φ(x))
		inner += dx * (prevIn + e) / 2
		f := 0.0
		if x > x0 {
			f = math.Exp(Φ(x)) * inner / p.D
		}
		outer += dx * (prevOut + f) / 2
		prevIn, prevOut = e, f
	}
	if math.IsNaN(outer) || math.IsInf(outer, 0) {
		return 0, fmt.Errorf("equilibrium: Passage.MeanTime: τ = %v: want a finite time; e^{2L/T} overflows, lower the barrier or raise T", outer)
	}
	return outer, nil
}

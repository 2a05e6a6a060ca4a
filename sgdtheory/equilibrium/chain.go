package equilibrium

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// SGDChain returns the stationary density of SGD with Gaussian noise on the
// one-dimensional well w — the Markov chain θ' ~ N(θ − η L′(θ), ηT) —
// at M equally spaced points theta from lo to hi. It is the finite-η
// prediction the Boltzmann density is the η → 0 limit of: the chain's
// transition kernel is discretised on the grid (each column normalised, so
// no mass leaves it) and its null vector found by one LU factorisation, no
// simulation involved. M×M memory: M of a few hundred is enough when the
// step's spread √(ηT) covers a few grid cells.
func SGDChain(w landscape.DoubleWell, eta, T, lo, hi float64, M int) (theta, P []float64, err error) {
	return sgdChain("SGDChain", w, eta, T, lo, hi, M)
}

// sgdChain is SGDChain for the function fn, which it names in errors.
func sgdChain(fn string, w landscape.DoubleWell, eta, T, lo, hi float64, M int) (theta, P []float64, err error) {
	if err := w.Validate(); err != nil {
		return nil, nil, fmt.Errorf("equilibrium: %s: %w", fn, err)
	}
	switch {
	case !(eta > 0 && eta <= math.MaxFloat64):
		return nil, nil, fmt.Errorf("equilibrium: %s: eta = %v: want a finite η > 0", fn, eta)
	case checkT(fn, T) != nil:
		return nil, nil, checkT(fn, T)
	case !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0):
		return nil, nil, fmt.Errorf("equilibrium: %s: [lo, hi] = [%v, %v]: want finite lo < hi", fn, lo, hi)
	case M < 3:
		return nil, nil, fmt.Errorf("equilibrium: %s: M = %d: want ≥ 3 grid points", fn, M)
	}
	g := w.Prepare1D()
	dx := (hi - lo) / float64(M-1)
	theta = make([]float64, M)
	for i := range theta {
		theta[i] = lo + dx*float64(i)
	}
	K := mat.NewDense(M, M, nil) // K[j][i]: the probability of a step from θ_i to θ_j
	col := make([]float64, M)
	spread := math.Sqrt(eta * T)
	for i, x := range theta {
		mean, sum := x-eta*g.Grad1D(x), 0.0
		if mean < lo-5*spread || mean > hi+5*spread {
			return nil, nil, fmt.Errorf("equilibrium: %s: [lo, hi] = [%v, %v]: want a grid that holds every step; the step from θ = %.4g lands at %.4g, off the grid: widen it", fn, lo, hi, x, mean)
		}
		for j, y := range theta {
			d := y - mean
			col[j] = math.Exp(-d * d / (2 * eta * T))
			sum += col[j]
		}
		for j := range col {
			col[j] /= sum
		}
		K.SetCol(i, col)
	}
	// (K − I)p = 0, with Σp = 1 in place of the last (dependent) equation.
	for i := range M {
		K.Set(i, i, K.At(i, i)-1)
		K.Set(M-1, i, 1)
	}
	rhs := mat.NewVecDense(M, nil)
	rhs.SetVec(M-1, 1)
	var p mat.VecDense
	if err := p.SolveVec(K, rhs); err != nil {
		return nil, nil, fmt.Errorf("equilibrium: %s: %w", fn, err)
	}
	P = make([]float64, M)
	for i := range P {
		P[i] = p.AtVec(i) / dx
	}
	return theta, P, nil
}

// RatioSGDChain returns p_A/p_B of SGDChain's stationary density, the
// basins split at the saddle of w.
func RatioSGDChain(w landscape.DoubleWell, eta, T, lo, hi float64, M int) (float64, error) {
	theta, P, err := sgdChain("RatioSGDChain", w, eta, T, lo, hi, M)
	if err != nil {
		return 0, err
	}
	ridge, err := w.Saddle()
	if err != nil {
		return 0, fmt.Errorf("equilibrium: RatioSGDChain: %w", err)
	}
	var pa, pb float64
	for i, x := range theta {
		if x < ridge {
			pa += P[i]
		} else {
			pb += P[i]
		}
	}
	return pa / pb, nil
}

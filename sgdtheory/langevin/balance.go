package langevin

import (
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// Balance measures p_A/p_B on a double well by balance between its basins
// instead of waiting for an ensemble to mix: in equilibrium the flow from A
// to B equals the flow back, p_A·f(A→B) = p_B·f(B→A), so
//
//	p_A/p_B = f(B→A)/f(A→B),
//
// where f(A→B) is the fraction of walkers started in A that are in B a time
// Tau later (basin A is left of the saddle, as Ensemble's Split counts
// it). That holds at every time if each population starts from the
// equilibrium within its basin; Run starts each walker from the local
// Gaussian N(θ_m, T/2h_m) cut at the saddle, which is that equilibrium up to
// corrections that relax within a few 1/h.
type Balance struct {
	Well    landscape.DoubleWell
	Eta     float64 // learning rate η > 0
	S       int     // batch size S ≥ 1
	Sigma2  float64 // gradient-noise variance σ² > 0
	Tau     float64 // run time η·steps; the runs take round(Tau/η) ≥ 1 steps
	Walkers int     // walkers per basin
	Seed    uint64  // basin A's ensemble uses Seed, B's Seed+1
}

// BalanceResult is the outcome of Balance.Run.
type BalanceResult struct {
	Ratio  float64 // p_A/p_B = f(B→A)/f(A→B)
	StdErr float64 // binomial: Ratio·√((1−f_BA)/(N f_BA) + (1−f_AB)/(N f_AB))
	// FromA and FromB are the runs started in basin A and in basin B,
	// recorded 100 times.
	FromA, FromB *Result
}

// Run runs the two ensembles and returns p_A/p_B with its standard error.
// It is an error if no walker crossed in one direction.
func (b Balance) Run() (*BalanceResult, error) {
	if err := b.Well.Validate(); err != nil {
		return nil, fmt.Errorf("langevin: Balance.Run: Well: %w", err)
	}
	switch {
	case !(b.Eta > 0) || math.IsInf(b.Eta, 0):
		return nil, fmt.Errorf("langevin: Balance.Run: Eta = %v: want a finite value > 0", b.Eta)
	case b.S < 1:
		return nil, fmt.Errorf("langevin: Balance.Run: S = %d: want ≥ 1", b.S)
	case !(b.Sigma2 > 0) || math.IsInf(b.Sigma2, 0):
		return nil, fmt.Errorf("langevin: Balance.Run: Sigma2 = %v: want a finite value > 0", b.Sigma2)
	case !(math.Round(b.Tau/b.Eta) >= 1) || math.IsInf(b.Tau, 0):
		return nil, fmt.Errorf("langevin: Balance.Run: Tau = %v: want a finite value ≥ η/2 = %v", b.Tau, b.Eta/2)
	case b.Walkers < 1:
		return nil, fmt.Errorf("langevin: Balance.Run: Walkers = %d: want ≥ 1", b.Walkers)
	}
	a, bm, err := b.Well.Minima()
	if err != nil {
		return nil, fmt.Errorf("langevin: Balance.Run: %w", err)
	}
	ridge, err := b.Well.Saddle()
	if err != nil {
		return nil, fmt.Errorf("langevin: Balance.Run: %w", err)
	}
	if !(a.X[0] < ridge) {
		return nil, fmt.Errorf("langevin: Balance.Run: minimum A at %v: want left of the saddle at %v", a.X[0], ridge)
	}
	T := b.Eta * b.Sigma2 / float64(b.S)
	steps := int(math.Round(b.Tau / b.Eta))
	run := func(m landscape.Minimum, seed uint64) (*Result, error) {
		θm, sd := m.X[0], math.Sqrt(T/(2*m.Hessian.At(0, 0)))
		r := rng.New(seed, 0xba1a9ce)         // the start positions' own stream
		start := func(dst []float64, _ int) { // local equilibrium: a Gaussian cut at the ridge
			x := θm + sd*rng.Normal(r)
			for (x < ridge) != (θm < ridge) {
				x = θm + sd*rng.Normal(r)
			}
			dst[0] = x
		}
		e := Ensemble{Surface: b.Well, Eta: b.Eta, S: b.S, Noise: Noise{Sigma: math.Sqrt(b.Sigma2)},
			Particles: b.Walkers, Seed: seed, Init: start, Split: ridge, Every: steps / 100}
		return e.Run(steps)
	}
	fromA, err := run(a, b.Seed)
	if err != nil {
		return nil, fmt.Errorf("langevin: Balance.Run: %w", err)
	}
	fromB, err := run(bm, b.Seed+1)
	if err != nil {
		return nil, fmt.Errorf("langevin: Balance.Run: %w", err)
	}
	k := len(fromA.Steps) - 1
	ab, ba := 1-fromA.FracA[k], fromB.FracA[k] // f(A→B), f(B→A)
	if ab == 0 || ba == 0 {
		return nil, fmt.Errorf("langevin: Balance.Run: f(A→B) = %v, f(B→A) = %v: want both > 0; run longer (Tau = %v)", ab, ba, b.Tau)
	}
	n := float64(b.Walkers)
	ratio := ba / ab
	se := ratio * math.Sqrt((1-ba)/(n*ba)+(1-ab)/(n*ab))
	return &BalanceResult{Ratio: ratio, StdErr: se, FromA: fromA, FromB: fromB}, nil
}

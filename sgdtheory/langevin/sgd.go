package langevin

import (
	"errors"
	"fmt"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// SGD is minibatch stochastic gradient descent on a finite sum,
// θ ← θ − (η/S) Σ_{i∈batch} ∇lᵢ(θ), with genuine sampling noise. Without
// replacement the batch is a uniform S-subset, drawn by a partial
// Fisher–Yates shuffle, and the gradient noise has covariance
// (C/S)(N−S)/(N−1); with replacement it is C/S.
type SGD struct {
	Loss    landscape.FiniteSum
	Eta     float64 // learning rate η > 0
	S       int     // batch size, 1 ≤ S (≤ N without replacement)
	Replace bool    // sample the batch with replacement
	Seed    uint64
	// Every records θ and the full loss every Every steps; the start and
	// the end are always recorded, and 0 records only those.
	Every int
}

// Trajectory is the outcome of SGD.Run.
type Trajectory struct {
	Dim   int
	Steps []int // recorded steps, from 0 to the last
	// X holds θ at Steps[r] in X[r*Dim : (r+1)*Dim].
	X    []float64
	Loss []float64 // full loss L(θ) at Steps[r]
}

// Final returns θ after the last step.
func (t *Trajectory) Final() []float64 { return t.X[len(t.X)-t.Dim:] }

// Coord returns the recorded series of coordinate j.
func (t *Trajectory) Coord(j int) []float64 {
	if j < 0 || j >= t.Dim {
		panic(fmt.Sprintf("langevin: coordinate %d out of range [0, %d)", j, t.Dim))
	}
	c := make([]float64, len(t.Steps))
	for r := range c {
		c[r] = t.X[r*t.Dim+j]
	}
	return c
}

// Run takes steps SGD steps from theta0.
func (s SGD) Run(theta0 []float64, steps int) (*Trajectory, error) {
	if valid.IsNil(s.Loss) {
		return nil, errors.New("langevin: SGD.Run: Loss is nil")
	}
	if err := valid.Check(s.Loss); err != nil {
		return nil, fmt.Errorf("langevin: SGD.Run: Loss: %w", err)
	}
	d, n := s.Loss.Dim(), s.Loss.N()
	switch {
	case len(theta0) != d:
		return nil, fmt.Errorf("langevin: SGD.Run: len(theta0) = %d: want the loss dimension %d", len(theta0), d)
	case !(s.Eta > 0) || !finite(s.Eta):
		return nil, fmt.Errorf("langevin: SGD.Run: Eta = %v: want a finite learning rate > 0", s.Eta)
	case n < 1:
		return nil, fmt.Errorf("langevin: SGD.Run: Loss.N() = %d: want ≥ 1 example", n)
	case s.S < 1 || !s.Replace && s.S > n:
		return nil, fmt.Errorf("langevin: SGD.Run: S = %d: want 1 ≤ S ≤ N = %d (without replacement)", s.S, n)
	case steps < 0:
		return nil, fmt.Errorf("langevin: SGD.Run: steps = %d: want ≥ 0", steps)
	case s.Every < 0:
		return nil, fmt.Errorf("langevin: SGD.Run: Every = %d: want ≥ 0", s.Every)
	}
	for j, v := range theta0 {
		if !finite(v) {
			return nil, fmt.Errorf("langevin: SGD.Run: theta0[%d] = %v: want finite", j, v)
		}
	}
	rec := recordSteps(steps, s.Every)
	t := &Trajectory{Dim: d, Steps: rec, X: make([]float64, 0, len(rec)*d), Loss: make([]float64, 0, len(rec))}
	x := append([]float64(nil), theta0...)
	g, sum := make([]float64, d), make([]float64, d)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	drawn := make([]int, s.S) // a batch with replacement
	r := rng.New(particleSeed(s.Seed, 0))
	scale := s.Eta / float64(s.S)
	prev := 0
	for _, stop := range rec {
		for k := prev; k < stop; k++ {
			clear(sum)
			var batch []int
			if s.Replace {
				batch = drawn
				for b := range batch {
					batch[b] = rng.IntN(r, n)
				}
			} else {
				// perm[:S] becomes a uniform S-subset; perm stays a
				// permutation for the next step.
				batch = rng.Sample(r, perm, s.S)
			}
			for _, i := range batch {
				s.Loss.ExampleGrad(g, x, i)
				for j, v := range g {
					sum[j] += v
				}
			}
			for j, v := range sum {
				x[j] -= scale * v
				if !finite(x[j]) {
					return nil, fmt.Errorf("langevin: SGD.Run: diverged (θ[%d] = %v) at step %d; use a smaller Eta", j, x[j], k+1)
				}
			}
		}
		prev = stop
		t.X = append(t.X, x...)
		t.Loss = append(t.Loss, s.Loss.Loss(x))
	}
	return t, nil
}

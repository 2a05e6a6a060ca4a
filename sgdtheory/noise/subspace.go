package noise

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// RandomSubspace returns a d×k matrix whose orthonormal columns span a
// subspace of ℝᵈ drawn uniformly at random (Haar measure), with seed: the
// baseline against which Overlap is read, and with k = d a random rotation,
// the eigenbasis of a test Hessian. It orthonormalises a Gaussian d×k
// matrix G by Cholesky QR, Q = G·R⁻¹ with GᵀG = RᵀR, which needs k×k work
// space besides G rather than the d×d matrix of a full QR (20 GB at the
// d = 50 890 of a small network).
func RandomSubspace(d, k int, seed uint64) (*mat.Dense, error) {
	if k < 1 || k > d {
		return nil, fmt.Errorf("noise: RandomSubspace: d = %d, k = %d: want 1 ≤ k ≤ d", d, k)
	}
	r := rng.New(seed, 0x7375627370616365) // "subspace"
	g := mat.NewDense(d, k, nil)
	raw := g.RawMatrix().Data
	for i := range raw {
		raw[i] = rng.Normal(r)
	}
	var gram mat.SymDense
	gram.SymOuterK(1, g.T())
	var chol mat.Cholesky
	if !chol.Factorize(&gram) {
		// A Gaussian matrix with k ≤ d has full rank with probability 1.
		return nil, fmt.Errorf("noise: RandomSubspace: d = %d, k = %d, seed = %d: GᵀG is singular: want another seed", d, k, seed)
	}
	var R mat.TriDense
	chol.UTo(&R)
	var qt mat.Dense
	if err := qt.Solve(R.T(), g.T()); err != nil { // Rᵀ Qᵀ = Gᵀ
		return nil, fmt.Errorf("noise: RandomSubspace: %w", err)
	}
	return mat.DenseCopyOf(qt.T()), nil
}

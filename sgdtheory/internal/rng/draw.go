package rng

import (
	"math/bits"
	"math/rand/v2"
)

// New returns the PCG stream (seed, stream). Packages give each use of a
// seed its own stream constant, so that the same seed does not correlate,
// say, a network's initialisation with its minibatch order.
func New(seed, stream uint64) *rand.PCG { return rand.NewPCG(seed, stream) }

// Uniform returns a uniform deviate in [0, 1) with 53 random bits.
func Uniform(p *rand.PCG) float64 { return float64(p.Uint64()>>11) * 0x1p-53 }

// IntN returns a uniform integer in [0, n), n ≥ 1, as the high word of a
// 64×64-bit product (multiply-shift): one draw, and a bias below n/2⁶⁴,
// invisible at any n a simulation uses.
func IntN(p *rand.PCG, n int) int {
	hi, _ := bits.Mul64(p.Uint64(), uint64(n))
	return int(hi)
}

// Sample moves k elements of a, chosen uniformly without replacement, to its
// front in random order and returns them as a[:k]: a partial Fisher–Yates
// shuffle, in place, k draws. The rest of a stays a permutation of the
// other elements, so a caller may sample again from the same slice.
func Sample(p *rand.PCG, a []int, k int) []int {
	for i := range k {
		j := i + IntN(p, len(a)-i)
		a[i], a[j] = a[j], a[i]
	}
	return a[:k]
}

// Perm fills perm with a uniformly random permutation of 0, …, len(perm)−1.
func Perm(p *rand.PCG, perm []int) {
	for i := range perm {
		perm[i] = i
	}
	Sample(p, perm, max(len(perm)-1, 0))
}

// Rademacher fills z with independent signs ±1 of equal probability, 64
// per draw (Hutchinson's probe vectors).
func Rademacher(p *rand.PCG, z []float64) {
	for i := 0; i < len(z); i += 64 {
		b := p.Uint64()
		for j := i; j < min(i+64, len(z)); j++ {
			z[j] = float64(int64(b&1)*2 - 1)
			b >>= 1
		}
	}
}

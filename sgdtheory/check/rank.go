package check

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// Ranks returns the ranks of x: 1 for the smallest value, tied values
// sharing the mean of their ranks.
func Ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			r[idx[k]] = float64(i+j)/2 + 1
		}
		i = j + 1
	}
	return r
}

// pairs validates two samples of paired observations for the rank
// statistics of the function who.
func pairs(who string, x, y []float64) error {
	if len(x) != len(y) || len(x) < 3 {
		return fmt.Errorf("check: %s: len(x) = %d, len(y) = %d: want equal lengths of at least 3", who, len(x), len(y))
	}
	for i := range x {
		if bad(x[i]) || bad(y[i]) {
			return fmt.Errorf("check: %s: pair %d is (%v, %v): want finite values", who, i, x[i], y[i])
		}
	}
	return nil
}

// Spearman returns Spearman's rank correlation ρ of the paired samples x
// and y: the Pearson correlation of their ranks.
func Spearman(x, y []float64) (float64, error) {
	if err := pairs("Spearman", x, y); err != nil {
		return math.NaN(), err
	}
	return stat.Correlation(Ranks(x), Ranks(y), nil), nil
}

// Kendall returns Kendall's τ_b of the paired samples x and y,
//
//	τ_b = (C − D) / √((P − Tₓ)(P − T_y)),
//
// with C and D the concordant and discordant pairs, P = n(n−1)/2 the pairs
// and Tₓ, T_y the pairs tied in x and in y: a tied pair counts as neither
// concordant nor discordant, and the denominator shrinks with the ties, so
// that τ_b = ±1 for a perfect ordering even with ties (Kendall 1945). gonum's
// stat.Kendall is not for tied data: it counts a pair tied in x as
// concordant or discordant by the order the two samples come in. τ_b is NaN
// if x or y is constant.
func Kendall(x, y []float64) (float64, error) {
	if err := pairs("Kendall", x, y); err != nil {
		return math.NaN(), err
	}
	return kendall(x, y), nil
}

func kendall(x, y []float64) float64 {
	var c, d, tx, ty float64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			dx, dy := x[j]-x[i], y[j]-y[i]
			switch {
			case dx == 0 && dy == 0:
				tx++
				ty++
			case dx == 0:
				tx++
			case dy == 0:
				ty++
			case (dx > 0) == (dy > 0):
				c++
			default:
				d++
			}
		}
	}
	n := float64(len(x))
	p := n * (n - 1) / 2
	return (c - d) / math.Sqrt((p-tx)*(p-ty))
}

// KendallP returns Kendall's τ_b of the paired samples x and y (see
// Kendall) and its permutation p-value: the fraction of the given number of
// random pairings of x with y, drawn with seed, whose |τ_b| reaches the
// observed |τ_b|. It asks of the data nothing but exchangeability, which is
// why it suits a few dozen training runs, ties included.
func KendallP(x, y []float64, shuffles int, seed uint64) (tau, p float64, err error) {
	if err := pairs("KendallP", x, y); err != nil {
		return math.NaN(), math.NaN(), err
	}
	if shuffles < 1 {
		return math.NaN(), math.NaN(), fmt.Errorf("check: KendallP: shuffles = %d: want ≥ 1", shuffles)
	}
	tau = kendall(x, y)
	src := rng.New(seed, 0x6b656e64616c6c) // "kendall"
	perm := make([]int, len(y))
	ys := make([]float64, len(y))
	hits := 0
	for range shuffles {
		rng.Perm(src, perm)
		for i, j := range perm {
			ys[i] = y[j]
		}
		// A shuffle that reproduces |τ| up to rounding counts as reaching it.
		if math.Abs(kendall(x, ys)) >= math.Abs(tau)-1e-12 {
			hits++
		}
	}
	return tau, float64(hits) / float64(shuffles), nil
}

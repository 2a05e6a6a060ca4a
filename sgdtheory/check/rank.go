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

// KendallP returns Kendall's τ of the paired samples x and y (gonum's
// stat.Kendall) and its permutation p-value: the fraction of the given
// number of random pairings of x with y, drawn with seed, whose |τ| reaches
// the observed |τ|. It asks of the data nothing but exchangeability, which is
// why it suits a few dozen training runs.
func KendallP(x, y []float64, shuffles int, seed uint64) (tau, p float64, err error) {
	if err := pairs("KendallP", x, y); err != nil {
		return math.NaN(), math.NaN(), err
	}
	if shuffles < 1 {
		return math.NaN(), math.NaN(), fmt.Errorf("check: KendallP: shuffles = %d: want ≥ 1", shuffles)
	}
	tau = stat.Kendall(x, y, nil)
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
		if math.Abs(stat.Kendall(x, ys, nil)) >= math.Abs(tau)-1e-12 {
			hits++
		}
	}
	return tau, float64(hits) / float64(shuffles), nil
}

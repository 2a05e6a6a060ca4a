package check

import (
	"fmt"
	"math"
	"sort"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// KendallInterval returns a bootstrap interval for Kendall's τ_b of the
// paired samples x and y (see Kendall): the level-quantile range of τ_b
// over the given number of resamples, drawn with seed. A resample draws
// clusters with replacement and takes every observation of each cluster
// drawn, so that observations that share something — the seeds of one grid
// point, say — are not counted as independent evidence. cluster[i] labels
// observation i; nil makes every observation its own cluster. Resamples in
// which x or y is constant (τ_b undefined) are drawn again.
func KendallInterval(x, y []float64, cluster []int, level float64, resamples int, seed uint64) (lo, hi float64, err error) {
	nan := math.NaN()
	if err := pairs("KendallInterval", x, y); err != nil {
		return nan, nan, err
	}
	switch {
	case cluster != nil && len(cluster) != len(x):
		return nan, nan, fmt.Errorf("check: KendallInterval: len(cluster) = %d: want %d, one label per pair", len(cluster), len(x))
	case !(level > 0 && level < 1):
		return nan, nan, fmt.Errorf("check: KendallInterval: level = %v: want a probability in (0, 1)", level)
	case resamples < 100:
		return nan, nan, fmt.Errorf("check: KendallInterval: resamples = %d: want ≥ 100", resamples)
	}
	var members [][]int // the observations of each cluster
	index := map[int]int{}
	for i := range x {
		label := i
		if cluster != nil {
			label = cluster[i]
		}
		k, ok := index[label]
		if !ok {
			k = len(members)
			index[label] = k
			members = append(members, nil)
		}
		members[k] = append(members[k], i)
	}
	if len(members) < 3 {
		return nan, nan, fmt.Errorf("check: KendallInterval: %d clusters: want at least 3", len(members))
	}
	src := rng.New(seed, 0x626f6f74) // "boot"
	taus := make([]float64, 0, resamples)
	var xs, ys []float64
	for tries := 0; len(taus) < resamples; tries++ {
		if tries == 100*resamples {
			return nan, nan, fmt.Errorf("check: KendallInterval: x or y is constant in nearly every resample")
		}
		xs, ys = xs[:0], ys[:0]
		for range members {
			for _, i := range members[rng.IntN(src, len(members))] {
				xs, ys = append(xs, x[i]), append(ys, y[i])
			}
		}
		if t := kendall(xs, ys); !math.IsNaN(t) {
			taus = append(taus, t)
		}
	}
	sort.Float64s(taus)
	return quantile(taus, (1-level)/2), quantile(taus, (1+level)/2), nil
}

// quantile returns the p-quantile of the sorted sample s, interpolating
// linearly between order statistics.
func quantile(s []float64, p float64) float64 {
	h := p * float64(len(s)-1)
	i := int(h)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}

package check

import (
	"math"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// normalPairs draws n pairs of a bivariate normal with correlation rho,
// whose Kendall's τ is (2/π)·arcsin ρ (Greiner's relation).
func normalPairs(n int, rho float64, seed uint64) (x, y []float64) {
	src := rng.New(seed, 1)
	for range n {
		a, b := rng.Normal(src), rng.Normal(src)
		x, y = append(x, a), append(y, rho*a+math.Sqrt(1-rho*rho)*b)
	}
	return x, y
}

// TestKendallIntervalCoverage checks the interval against the population τ
// of Greiner's relation, an independent closed form: over 200 data sets of
// 60 pairs, the 95 % interval must cover it about 95 % of the time. The
// binomial standard error of 200 trials is 1.5 points; percentile bootstrap
// intervals of a rank correlation run a little narrow at n = 60, so the
// band is 88–99 %.
func TestKendallIntervalCoverage(t *testing.T) {
	const rho, sets = 0.5, 200
	tau := 2 / math.Pi * math.Asin(rho)
	covered := 0
	for s := range uint64(sets) {
		x, y := normalPairs(60, rho, s)
		lo, hi, err := KendallInterval(x, y, nil, 0.95, 400, s)
		if err != nil {
			t.Fatal(err)
		}
		if lo <= tau && tau <= hi {
			covered++
		}
	}
	t.Logf("coverage of τ = %.4f: %d of %d", tau, covered, sets)
	if c := float64(covered) / sets; c < 0.88 || c > 0.99 {
		t.Errorf("the 95 %% interval covered τ = %.4f in %d of %d data sets (%.1f %%): want 88–99 %%", tau, covered, sets, 100*c)
	}
}

// TestKendallIntervalClusters gives every observation three identical
// copies, as seeds that agree exactly would: resampled by cluster, the
// interval is as wide as for the 20 distinct pairs alone; taken as 60
// independent pairs it comes out far too narrow (about half as wide).
func TestKendallIntervalClusters(t *testing.T) {
	x0, y0 := normalPairs(20, 0.5, 7)
	var x, y []float64
	var cluster []int
	for i := range x0 {
		for range 3 {
			x, y, cluster = append(x, x0[i]), append(y, y0[i]), append(cluster, i)
		}
	}
	width := func(x, y []float64, cluster []int) float64 {
		lo, hi, err := KendallInterval(x, y, cluster, 0.9, 2000, 3)
		if err != nil {
			t.Fatal(err)
		}
		return hi - lo
	}
	alone, clustered, naive := width(x0, y0, nil), width(x, y, cluster), width(x, y, nil)
	t.Logf("90 %% interval widths: 20 pairs %.3f, 60 by cluster %.3f, 60 as independent %.3f", alone, clustered, naive)
	if err := Within(clustered, alone, 0.15); err != nil {
		t.Errorf("clustered width %.3f vs the 20 distinct pairs' %.3f: %v", clustered, alone, err)
	}
	if clustered < 1.4*naive {
		t.Errorf("clustered width %.3f, as independent pairs %.3f: want the clusters to widen it by well over √2", clustered, naive)
	}
	a1, b1, _ := KendallInterval(x, y, cluster, 0.9, 500, 11)
	a2, b2, _ := KendallInterval(x, y, cluster, 0.9, 500, 11)
	if a1 != a2 || b1 != b2 {
		t.Errorf("same seed, different intervals: [%v, %v] and [%v, %v]", a1, b1, a2, b2)
	}
}

func TestKendallIntervalBadInput(t *testing.T) {
	x, y := []float64{1, 2, 3, 4}, []float64{2, 1, 4, 3}
	for _, tc := range []struct {
		x, y      []float64
		cluster   []int
		level     float64
		resamples int
		want      string
	}{
		{x, y[:3], nil, 0.95, 100, "want equal lengths"},
		{x, []float64{1, math.NaN(), 2, 3}, nil, 0.95, 100, "want finite values"},
		{x, y, []int{1, 2}, 0.95, 100, "len(cluster) = 2"},
		{x, y, nil, 1, 100, "level = 1"},
		{x, y, nil, math.NaN(), 100, "level = NaN"},
		{x, y, nil, 0.95, 10, "resamples = 10"},
		{x, y, []int{0, 0, 1, 1}, 0.95, 100, "2 clusters"},
		{x, []float64{5, 5, 5, 5}, nil, 0.95, 100, "constant"},
	} {
		lo, hi, err := KendallInterval(tc.x, tc.y, tc.cluster, tc.level, tc.resamples, 1)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("KendallInterval(%v, %v, %v, %v, %d) = %v, %v, %v: want NaNs and an error saying %q",
				tc.x, tc.y, tc.cluster, tc.level, tc.resamples, lo, hi, err, tc.want)
		}
	}
}

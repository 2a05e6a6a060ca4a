package check

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
)

func TestRanks(t *testing.T) {
	for _, tc := range []struct{ x, want []float64 }{
		{[]float64{3, 1, 2}, []float64{3, 1, 2}},
		{[]float64{10, 20, 20, 5}, []float64{2, 3.5, 3.5, 1}},
		{[]float64{7, 7, 7}, []float64{2, 2, 2}},
		{nil, []float64{}},
	} {
		if got := Ranks(tc.x); !slices.Equal(got, tc.want) {
			t.Errorf("Ranks(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
}

// TestSpearman uses the textbook example of IQ against hours of television
// per week, ρ = −29/165 (no ties, so 1 − 6Σd²/(n(n²−1)) holds exactly).
func TestSpearman(t *testing.T) {
	iq := []float64{106, 86, 100, 101, 99, 103, 97, 113, 112, 110}
	tv := []float64{7, 0, 27, 50, 28, 29, 20, 12, 6, 17}
	rho, err := Spearman(iq, tv)
	if err != nil || math.Abs(rho-(-29.0/165)) > 1e-12 {
		t.Errorf("ρ = %v (%v), want %v", rho, err, -29.0/165)
	}
	if rho, _ := Spearman([]float64{1, 2, 3, 4}, []float64{1, 8, 27, 64}); math.Abs(rho-1) > 1e-12 {
		t.Errorf("monotone: ρ = %v, want 1", rho)
	}
}

// TestKendall: τ_b by hand on a tied sample (C = 4, D = 0, one pair tied
// in x, one in y: 4/√(5·5) = 0.8); equal to gonum's stat.Kendall, an
// independent implementation, without ties; ±1 for a perfect ordering with
// ties; and, unlike stat.Kendall, the same whatever order the pairs come in.
func TestKendall(t *testing.T) {
	tau, err := Kendall([]float64{1, 2, 2, 3}, []float64{1, 3, 2, 3})
	if err != nil || math.Abs(tau-0.8) > 1e-15 {
		t.Errorf("τ_b = %v (%v), want 0.8", tau, err)
	}
	iq := []float64{106, 86, 100, 101, 99, 103, 97, 113, 112, 110}
	tv := []float64{7, 0, 27, 50, 28, 29, 20, 12, 6, 17}
	if tau, _ := Kendall(iq, tv); math.Abs(tau-stat.Kendall(iq, tv, nil)) > 1e-15 {
		t.Errorf("without ties τ_b = %v, gonum's τ %v", tau, stat.Kendall(iq, tv, nil))
	}
	x := []float64{1, 1, 2, 2, 3, 3}
	if tau, _ := Kendall(x, []float64{5, 5, 6, 6, 9, 9}); tau != 1 {
		t.Errorf("a perfect ordering with ties: τ_b = %v, want 1", tau)
	}
	y := []float64{1, 2, 2, 4, 3, 6}
	xr, yr := slices.Clone(x), slices.Clone(y)
	slices.Reverse(xr)
	slices.Reverse(yr)
	a, _ := Kendall(x, y)
	b, _ := Kendall(xr, yr)
	if a != b {
		t.Errorf("τ_b depends on the order of the pairs: %v, reversed %v", a, b)
	}
	t.Logf("gonum's stat.Kendall on the same pairs: %v, reversed %v", stat.Kendall(x, y, nil), stat.Kendall(xr, yr, nil))
}

// TestKendallP compares the permutation p-value with the exact one: of the
// 4! pairings of 1…4 with itself, 2 reach |τ| = 1 (the identity and its
// reverse), so p = 1/12; 20000 shuffles estimate it to a standard error of
// 0.002, and the tolerance is 4 of those.
func TestKendallP(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	tau, p, err := KendallP(x, x, 20000, 1)
	if err != nil || tau != 1 || math.Abs(p-1.0/12) > 4*math.Sqrt(1.0/12*11/12/20000) {
		t.Errorf("τ = %v, p = %v (%v); want 1 and %.4f", tau, p, err, 1.0/12)
	}
	_, p2, _ := KendallP(x, x, 20000, 1)
	if p2 != p {
		t.Errorf("same seed, p = %v then %v", p, p2)
	}
}

func TestRankErrors(t *testing.T) {
	for _, tc := range []struct {
		x, y     []float64
		shuffles int
		want     string
	}{
		{[]float64{1, 2, 3}, []float64{1, 2}, 10, "len(x) = 3, len(y) = 2: want equal lengths of at least 3"},
		{[]float64{1, 2}, []float64{1, 2}, 10, "len(x) = 2, len(y) = 2"},
		{[]float64{1, math.NaN(), 3}, []float64{1, 2, 3}, 10, "pair 1 is (NaN, 2): want finite values"},
		{[]float64{1, 2, 3}, []float64{1, 2, math.Inf(1)}, 10, "pair 2 is (3, +Inf)"},
		{[]float64{1, 2, 3}, []float64{1, 2, 3}, 0, "KendallP: shuffles = 0: want ≥ 1"},
	} {
		_, p, err := KendallP(tc.x, tc.y, tc.shuffles, 1)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !math.IsNaN(p) {
			t.Errorf("KendallP: %v, p = %v; want %q", err, p, tc.want)
		}
		if tc.shuffles > 0 {
			if rho, err := Spearman(tc.x, tc.y); err == nil || !strings.HasPrefix(err.Error(), "check: Spearman: ") || !math.IsNaN(rho) {
				t.Errorf("Spearman: %v, ρ = %v", err, rho)
			}
		}
	}
}

package langevin

import (
	"math"
	"testing"
)

// TestLateRatio checks LateRatio against the formulas worked by hand on
// small records: only records after from count, and the standard error is
// the binomial one of f for Particles·(last − from)/tau samples, carried to
// f/(1 − f) by its derivative 1/(1 − f)².
func TestLateRatio(t *testing.T) {
	rec := &Result{Particles: 100, Steps: []int{0, 1000, 2000, 3000, 4000}, FracA: []float64{0, 0.9, 0.2, 0.25, 0.35}}
	for _, tc := range []struct {
		name      string
		from, tau int
		ratio, se float64
	}{
		// f = (0.25 + 0.35)/2 = 0.3, n = 100·2000/500 = 400.
		{"second half", 2000, 500, 0.3 / 0.7, math.Sqrt(0.3*0.7/400) / 0.49},
		// f = (0.2 + 0.25 + 0.35)/3, n = 100 (the run is shorter than tau).
		{"tau longer than the window", 1000, 10000, (0.8 / 3) / (1 - 0.8/3), math.Sqrt((0.8/3)*(1-0.8/3)/100) / ((1 - 0.8/3) * (1 - 0.8/3))},
	} {
		r, se, err := rec.LateRatio(tc.from, tc.tau)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if math.Abs(r-tc.ratio) > 1e-12 || math.Abs(se-tc.se) > 1e-12 {
			t.Errorf("%s: %v ± %v, want %v ± %v", tc.name, r, se, tc.ratio, tc.se)
		}
	}
	all := &Result{Particles: 10, Steps: []int{0, 10}, FracA: []float64{1, 1}}
	for _, bad := range []struct {
		name      string
		r         *Result
		from, tau int
	}{
		{"nil result", nil, 0, 1},
		{"tau = 0", rec, 0, 0},
		{"from at the end", rec, 4000, 1},
		{"all in A", all, 0, 1},
	} {
		if _, _, err := bad.r.LateRatio(bad.from, bad.tau); err == nil {
			t.Errorf("%s: no error", bad.name)
		}
	}
}

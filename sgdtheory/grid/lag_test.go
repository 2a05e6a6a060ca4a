package grid

import (
	"math"
	"strings"
	"testing"
)

// TestLag: a loss that decays as a power of time, L(t) = t^−p at the middle
// t = e − ½ of each epoch, delayed by a factor k in time, is L(t/k); log-log
// interpolation is exact for a power law, so the lag is k wherever the
// delayed curve lies within the reference, whatever the exponent.
func TestLag(t *testing.T) {
	power := func(n int, k, p float64) []float64 {
		c := make([]float64, n)
		for e := range c {
			c[e] = math.Pow((float64(e)+0.5)/k, -p)
		}
		return c
	}
	nan := math.NaN()
	for _, tc := range []struct {
		name   string
		c, ref []float64
		want   []float64
	}{
		{"delayed 2×, p = 1", power(6, 2, 1), power(6, 1, 1), []float64{nan, 2, 2, 2, 2, 2}},
		{"delayed 3×, p = 0.4", power(4, 3, 0.4), power(8, 1, 0.4), []float64{nan, 3, 3, 3}}, // epoch 2 meets ref at its first epoch,
		{"the same curve", power(5, 1, 2), power(5, 1, 2), []float64{1, 1, 1, 1, 1}},
		// Ahead of ref (below its last value) or behind it (above its first): NaN.
		{"out of range", []float64{0.05, 3}, []float64{2, 1, 0.1}, []float64{nan, nan}},
		// By hand: 0.5 lies between ref's epochs 1 and 2, halfway in log
		// value ((log 1 − log 0.5)/(log 1 − log 0.25) = ½), so
		// t − ½ = exp(½·(log 0.5 + log 1.5)) = √0.75, and the lags of
		// epochs 1 and 2 are 0.5/√0.75 and 1.5/√0.75.
		{"by hand", []float64{0.5, 0.5}, []float64{1, 0.25}, []float64{0.5 / math.Sqrt(0.75), 1.5 / math.Sqrt(0.75)}},
	} {
		got, err := Lag(tc.c, tc.ref)
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("%s: Lag = %v, %v; want %v", tc.name, got, err, tc.want)
			continue
		}
		for e := range got {
			if math.IsNaN(got[e]) != math.IsNaN(tc.want[e]) || math.Abs(got[e]-tc.want[e]) > 1e-12 {
				t.Errorf("%s: Lag = %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

func TestLagErrors(t *testing.T) {
	for _, tc := range []struct {
		c, ref []float64
		want   string
	}{
		{[]float64{1}, []float64{1}, "grid: Lag: len(ref) = 1: want at least 2 epochs"},
		{[]float64{1, 0}, []float64{2, 1}, "grid: Lag: c[1] = 0: want a finite value > 0"},
		{[]float64{1}, []float64{2, math.NaN()}, "grid: Lag: ref[1] = NaN: want a finite value > 0"},
		{[]float64{math.Inf(1)}, []float64{2, 1}, "grid: Lag: c[0] = +Inf"},
	} {
		if got, err := Lag(tc.c, tc.ref); err == nil || !strings.Contains(err.Error(), tc.want) || got != nil {
			t.Errorf("Lag(%v, %v) = %v, %v; want %q", tc.c, tc.ref, got, err, tc.want)
		}
	}
}

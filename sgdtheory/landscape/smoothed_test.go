package landscape

import (
	"math"
	"testing"
)

// TestSmoothed checks E[L(θ* + ε)] against its second-order expansion
// L* + ½hδ² (error O(δ⁴), relative tolerances chosen to cover it) at both
// minima of the StandardWell, and that bad input is an error.
func TestSmoothed(t *testing.T) {
	w := StandardWell()
	a, b, err := w.Minima()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		m        Minimum
		h, delta float64
		tol      float64 // relative, on the increase over L*
	}{
		{"sharp A, δ = 0.01", a, w.HA, 0.01, 1e-3},
		{"sharp A, δ = 0.05", a, w.HA, 0.05, 1e-2},
		{"wide B, δ = 0.05", b, w.HB, 0.05, 1e-3},
		{"wide B, δ = 0.1", b, w.HB, 0.1, 2e-3},
	} {
		got, err := w.Smoothed(tc.m.X[0], tc.delta)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		want := 0.5 * tc.h * tc.delta * tc.delta
		if e := math.Abs((got-tc.m.Loss)/want - 1); e > tc.tol {
			t.Errorf("%s: E[L] − L* = %.6g, ½hδ² = %.6g, relative error %.2g > %g", tc.name, got-tc.m.Loss, want, e, tc.tol)
		}
	}
	for _, bad := range [][2]float64{{0, 0}, {0, -1}, {0, math.Inf(1)}, {math.NaN(), 0.1}} {
		if _, err := w.Smoothed(bad[0], bad[1]); err == nil {
			t.Errorf("Smoothed(%v, %v): no error", bad[0], bad[1])
		}
	}
}

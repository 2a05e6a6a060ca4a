package equilibrium_test

import (
	"math"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/equilibrium"
)

// TestPassage checks the first-passage integral against two closed forms:
// free diffusion reflected at Lo, τ = ((b−Lo)² − (x0−Lo)²)/(2D), and a
// constant downhill force, L = −gx with D = ηT/2 so that the drift is ηg,
// where τ = (b − x0)/(ηg) (the far side is uphill, so Lo does not matter).
func TestPassage(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     equilibrium.Passage
		x0, b float64
		want  float64
	}{
		{"free diffusion", equilibrium.Passage{L: func(float64) float64 { return 0 }, T: 1, D: 0.5, Lo: 0, Panels: 1000}, 1, 2, (4 - 1) / (2 * 0.5)},
		{"constant drift", equilibrium.Passage{L: func(x float64) float64 { return -x }, T: 0.5, D: 0.25, Lo: -10}, 0, 1, 1 / (1 * 1)},
	} {
		got, err := tc.p.MeanTime(tc.x0, tc.b)
		if err != nil || math.Abs(got-tc.want) > 2e-3*tc.want {
			t.Errorf("%s: τ = %v (err %v), want %v", tc.name, got, err, tc.want)
		}
	}
	flat := func(float64) float64 { return 0 }
	for _, tc := range []struct {
		name  string
		p     equilibrium.Passage
		x0, b float64
		want  string
	}{
		{"nil L", equilibrium.Passage{T: 1, D: 1}, 0, 1, "L is nil"},
		{"T", equilibrium.Passage{L: flat, T: 0, D: 1}, 0, 1, "T = 0"},
		{"D", equilibrium.Passage{L: flat, T: 1, D: math.Inf(1)}, 0, 1, "D = +Inf"},
		{"panels", equilibrium.Passage{L: flat, T: 1, D: 1, Panels: -1}, 0, 1, "Panels = -1"},
		{"order", equilibrium.Passage{L: flat, T: 1, D: 1, Lo: 2}, 0, 1, "want finite Lo ≤ x0 < b"},
		{"overflow", equilibrium.Passage{L: func(x float64) float64 { return 1e3 * x * x }, T: 1e-3, D: 1, Lo: -1}, 0, 1, "overflows"},
	} {
		if _, err := tc.p.MeanTime(tc.x0, tc.b); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "equilibrium: Passage.MeanTime: ") {
			t.Errorf("%s: err = %v, want one naming %q", tc.name, err, tc.want)
		}
	}
}

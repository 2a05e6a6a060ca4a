package interp

import (
	"math"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// TestLimits: on the line between two random networks, the gated second
// difference tends to dᵀHd (within 1 % at the smallest step, the central
// difference's δ² error), while the loss's own second difference, whose
// steps cross kinks, stays away from it at every step.
func TestLimits(t *testing.T) {
	s := randomSet(500, 10, 4, 3)
	a, _ := mlp.New([]int{10, 12, 8, 4}, 1)
	b, _ := mlp.New([]int{10, 12, 8, 4}, 2)
	idx := make([]int, 400)
	for i := range idx {
		idx[i] = i
	}
	for _, alpha := range []float64{0, 0.5, 1} {
		lim, err := Limits(a, b, alpha, []float64{0.1, 0.03, 0.01}, s, idx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("α = %g: exact %.5f, gated %.5f, loss %.5f", alpha, lim.Exact, lim.Gated, lim.Loss)
		last := len(lim.Delta) - 1
		if rel := math.Abs(lim.Gated[last]-lim.Exact) / lim.Exact; rel > 0.01 {
			t.Errorf("α = %g: gated second difference %.5f vs dᵀHd %.5f: off by %.2g, want ≤ 1 %%", alpha, lim.Gated[last], lim.Exact, rel)
		}
		if rel := math.Abs(lim.Loss[last]-lim.Exact) / lim.Exact; rel < 0.03 {
			t.Errorf("α = %g: the loss's own second difference %.5f is within 3 %% of dᵀHd %.5f: the kinks this test is about are missing", alpha, lim.Loss[last], lim.Exact)
		}
	}
	// The exact value is Bend's at the ends.
	c, err := Line(a, b, s, nil, 31)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Bend(a, b, c, s, idx)
	if err != nil {
		t.Fatal(err)
	}
	lim, _ := Limits(a, b, 1, []float64{0.1}, s, idx)
	if math.Abs(lim.Exact-e.Exact[1]) > 1e-9*math.Abs(e.Exact[1]) {
		t.Errorf("Limits at α = 1: Exact %v, Bend's %v", lim.Exact, e.Exact[1])
	}
}

func TestLimitsBadInput(t *testing.T) {
	s := randomSet(50, 10, 4, 3)
	a, _ := mlp.New([]int{10, 12, 4}, 1)
	b, _ := mlp.New([]int{10, 12, 4}, 2)
	for _, c := range []struct {
		name   string
		alpha  float64
		deltas []float64
		idx    []int
		want   string
	}{
		{"no steps", 0, nil, []int{0}, "no deltas"},
		{"zero step", 0, []float64{0.1, 0}, []int{0}, "deltas[1] = 0"},
		{"NaN step", 0, []float64{math.NaN()}, []int{0}, "deltas[0] = NaN"},
		{"NaN alpha", math.NaN(), []float64{0.1}, []int{0}, "alpha[0] = NaN"},
		{"no examples", 0, []float64{0.1}, nil, "no examples"},
		{"example out of range", 0, []float64{0.1}, []int{50}, "50"},
	} {
		_, err := Limits(a, b, c.alpha, c.deltas, s, c.idx)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v: want one containing %q", c.name, err, c.want)
		}
	}
}

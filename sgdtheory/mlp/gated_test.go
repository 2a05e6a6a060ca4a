package mlp

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// secondDiff is [f(θ−hv) − 2f(θ) + f(θ+hv)]/h² for the loss f of net, with
// the ReLU gates of the net at θ if gated.
func secondDiff(t *testing.T, n *Net, v []float64, h float64, gated bool) float64 {
	t.Helper()
	s := randomSet(600, 12, 4, 22)
	theta := n.Params()
	at := n.Clone()
	f := func(step float64) float64 {
		p := make([]float64, len(theta))
		floats.AddScaledTo(p, theta, step, v)
		if err := at.SetParams(p); err != nil {
			t.Fatal(err)
		}
		var loss float64
		var err error
		if gated {
			loss, err = at.GatedLoss(n, s, nil)
		} else {
			loss, _, err = at.Evaluate(s)
		}
		if err != nil {
			t.Fatal(err)
		}
		return loss
	}
	return (f(-h) - 2*f(0) + f(h)) / (h * h)
}

func TestGatedLoss(t *testing.T) {
	n, _ := New([]int{12, 10, 8, 4}, 21)
	s := randomSet(600, 12, 4, 22)

	// With its own gates the network's loss is its loss, bit for bit.
	plain, _, _ := n.Evaluate(s)
	if own, err := n.GatedLoss(n, s, nil); err != nil || own != plain {
		t.Fatalf("GatedLoss(n, n) = %v, %v: want Evaluate's %v", own, err, plain)
	}

	// Along a direction v, the second difference of the gated loss tends to
	// vᵀHv by HessVec. The loss itself has kinks within every step: its
	// second difference wanders off as h shrinks (negative at h = 0.01).
	r := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, n.NumParams())
	for i := range v {
		v[i] = r.NormFloat64() * 0.1
	}
	hv := make([]float64, len(v))
	all := make([]int, s.Len())
	for i := range all {
		all[i] = i
	}
	if err := n.HessVec(hv, v, s, all); err != nil {
		t.Fatal(err)
	}
	want := floats.Dot(v, hv)
	var rel []float64
	for _, h := range []float64{0.3, 0.1, 0.03, 0.01} {
		gated, kinked := secondDiff(t, n, v, h, true), secondDiff(t, n, v, h, false)
		rel = append(rel, math.Abs(gated-want)/math.Abs(want))
		t.Logf("h = %-4g gated %.6f  loss %.6f  vᵀHv %.6f  (gated off by %.2g)", h, gated, kinked, want, rel[len(rel)-1])
	}
	// From 0.3 to 0.1 the truncation error dominates and falls as h²
	// (÷ 9; we ask ÷ 4); below, the float32 rounding of the loss, divided
	// by h², takes over, so the smallest step is held to 1 % only.
	if rel[1] > rel[0]/4 {
		t.Errorf("from h = 0.3 to 0.1 the gated error fell from %.2g to %.2g: want the h² of a central difference", rel[0], rel[1])
	}
	if rel[3] > 0.01 {
		t.Errorf("gated second difference at h = 0.01 off vᵀHv by %.2g: want ≤ 1 %%", rel[3])
	}
}

func TestGatedLossErrors(t *testing.T) {
	n, _ := New([]int{12, 10, 8, 4}, 21)
	other, _ := New([]int{12, 9, 8, 4}, 21)
	s := randomSet(20, 12, 4, 22)
	for _, c := range []struct {
		name        string
		net, gates  *Net
		idx         []int
		wantMessage string
	}{
		{"nil gates", n, nil, nil, "gates is nil"},
		{"other widths", n, other, nil, "want the same architecture"},
		{"nil net", nil, n, nil, "not initialised"},
		{"index out of range", n, n, []int{20}, "idx[0] = 20"},
	} {
		_, err := c.net.GatedLoss(c.gates, s, c.idx)
		if err == nil || !strings.Contains(err.Error(), c.wantMessage) {
			t.Errorf("%s: err = %v: want one containing %q", c.name, err, c.wantMessage)
		}
	}
}

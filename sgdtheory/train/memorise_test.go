package train

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// TestFirstReach checks the crossing against values worked out by hand.
func TestFirstReach(t *testing.T) {
	y := []float64{0.2, 0.5, 0.4, 0.9}
	x := []float64{10, 20, 30, 40}
	for _, tc := range []struct {
		level, want float64
	}{
		{0.1, 10},          // already reached at the first sample
		{0.2, 10},          // exactly at the first sample
		{0.35, 15},         // half-way from 0.2 to 0.5
		{0.5, 20},          // at a sample
		{0.7, 30 + 10*0.6}, // the first crossing after the dip: 0.4 → 0.9
		{0.95, math.NaN()}, // never reached
	} {
		got := firstReach(y, tc.level, x)
		if !(math.Abs(got-tc.want) < 1e-12 || math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("firstReach(level %v) = %v, want %v", tc.level, got, tc.want)
		}
	}
}

// TestSeeds checks the seed aggregates on two records written by hand.
func TestSeeds(t *testing.T) {
	a := &Memorisation{Epoch: []float64{1, 2, 3}, Tau: []float64{1, 2, 3},
		Train: []float64{0.5, 0.7, 0.9}, Fit: []float64{0, 0.4, 0.8}, Val: []float64{0.6, 0.7, 0.5}}
	b := &Memorisation{Epoch: []float64{1, 2, 3}, Tau: []float64{2, 4, 6},
		Train: []float64{0.6, 0.8, 0.85}, Fit: []float64{0.2, 0.6, 0.7}, Val: []float64{0.65, 0.6, 0.55}}
	s := Seeds{a, b}
	lo, hi := s.Reach()
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"Reach lo: the later start", lo, 0.6},
		{"Reach hi: the lower maximum", hi, 0.85},
		{"ValAt 0.6: a half-way 0.65, b at its start 0.65", s.ValAt(0.6), 0.65},
		{"ValAt 0.8: a half-way 0.6, b at a sample 0.6", s.ValAt(0.8), 0.6},
		{"TauAt 0.4: a at a sample 2, b half-way 3", s.TauAt(0.4), 2.5},
		{"MinFit", s.MinFit(), 0.7},
		{"Peak", b.Peak(), 0.65},
	} {
		if math.Abs(tc.got-tc.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if tr, fit, val := a.Final(); tr != 0.9 || fit != 0.8 || val != 0.5 {
		t.Errorf("Final = %v, %v, %v, want 0.9, 0.8, 0.5", tr, fit, val)
	}
}

// TestMemorise checks a run against the experiment written out: the same
// corruption, network and trainer, measured by hand after every epoch, and
// the continuum time against the trainer's own step count.
func TestMemorise(t *testing.T) {
	s := blobs(300, 8, 3, 1)
	val := blobs(90, 8, 3, 2)
	m := Memorise{Base: s, Val: val, Widths: []int{8, 16, 3}, P: 0.3, Eta: 0.05, S: 32, Momentum: 0.5, Epochs: 4, Every: 1, Seed: 7}
	got, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	set, idx, _ := s.CorruptLabels(0.3, 7)
	noisy, _ := set.Subset(idx)
	net, _ := mlp.New([]int{8, 16, 3}, 7)
	var train, fit, vals []float64
	h, err := SGD{Eta: Constant{0.05}, S: Constant{32}, Momentum: 0.5, Epochs: 4, Seed: 7, OnEpoch: func(_ int, n *mlp.Net) error {
		_, all, _ := n.Evaluate(set)
		_, f, _ := n.Evaluate(noisy)
		_, v, _ := n.Evaluate(val)
		train, fit, vals = append(train, all), append(fit, f), append(vals, v)
		return nil
	}}.Run(net, set)
	if err != nil {
		t.Fatal(err)
	}
	for k := range train {
		if math.Abs(got.Train[k]-train[k]) > 1e-12 || got.Fit[k] != fit[k] || got.Val[k] != vals[k] {
			t.Errorf("epoch %d: Train, Fit, Val = %v, %v, %v, want %v, %v, %v", k+1, got.Train[k], got.Fit[k], got.Val[k], train[k], fit[k], vals[k])
		}
		if want := 0.05 / 0.5 * float64(h.Steps[k]); math.Abs(got.Tau[k]-want) > 1e-12 {
			t.Errorf("epoch %d: Tau = %v, want η/(1−β)·steps = %v", k+1, got.Tau[k], want)
		}
	}
	if !slices.Equal(got.Epoch, []float64{1, 2, 3, 4}) {
		t.Errorf("Epoch = %v, want 1…4", got.Epoch)
	}
	m.Every, m.Epochs = 0, 120 // default: every max(1, 120/50) = 2 epochs
	m.Eta = 0.01
	if got, err = m.Run(); err != nil || len(got.Epoch) != 60 || got.Epoch[0] != 2 {
		t.Errorf("Every = 0: %d measurements from epoch %v (err %v), want 60 from epoch 2", len(got.Epoch), got.Epoch[0], err)
	}
}

func TestMemoriseBadInput(t *testing.T) {
	s, val := blobs(60, 4, 2, 1), blobs(20, 4, 2, 2)
	ok := Memorise{Base: s, Val: val, Widths: []int{4, 8, 2}, P: 0.3, Eta: 0.05, S: 10, Epochs: 1}
	for _, tc := range []struct {
		name string
		edit func(*Memorise)
		want string
	}{
		{"no base", func(m *Memorise) { m.Base = nil }, "Base is nil"},
		{"no val", func(m *Memorise) { m.Val = nil }, "Val is nil"},
		{"no epochs", func(m *Memorise) { m.Epochs = 0 }, "Epochs = 0"},
		{"negative every", func(m *Memorise) { m.Every = -1 }, "Every = -1"},
		{"batch too large", func(m *Memorise) { m.S = 61 }, "S = 61"},
		{"fraction above 1", func(m *Memorise) { m.P = 1.5 }, "p = 1.5"},
		{"bad widths", func(m *Memorise) { m.Widths = []int{4} }, "Memorise.Run"},
		{"momentum 1", func(m *Memorise) { m.Momentum = 1 }, "Momentum = 1"},
	} {
		m := ok
		tc.edit(&m)
		if _, err := m.Run(); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "train: ") {
			t.Errorf("%s: err = %v, want one naming %q", tc.name, err, tc.want)
		}
	}
}

package mlp

import (
	"math"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
)

// TestBadInput checks that every entry point that takes a set returns an
// error naming the problem, instead of panicking (in a worker goroutine,
// for the minibatch methods), and that the same calls work on good input.
func TestBadInput(t *testing.T) {
	n, err := New([]int{4, 8, 3}, 1)
	if err != nil {
		t.Fatal(err)
	}
	good := randomSet(40, 4, 3, 1)
	oneBased := randomSet(40, 4, 3, 1)
	for i := range oneBased.Y {
		oneBased.Y[i] = 1 + i%3 // labels 1, 2, 3 for Classes = 3
	}
	short := randomSet(40, 4, 3, 1)
	short.X = short.X[:len(short.X)-1]
	negative := randomSet(40, 4, 3, 1)
	negative.Y[17] = -1
	all := make([]int, 40)
	for i := range all {
		all[i] = i
	}
	P := n.NumParams()
	calls := []struct {
		name string
		call func(s *data.Set) error
	}{
		{"Net.Step", func(s *data.Set) error { _, _, err := n.Clone().Step(s, all, Update{Eta: 0.1}); return err }},
		{"Net.Grad", func(s *data.Set) error { _, _, err := n.Grad(s, all); return err }},
		{"Net.Grad32", func(s *data.Set) error { _, _, err := n.Grad32(make([]float32, P), s, all); return err }},
		{"Net.Evaluate", func(s *data.Set) error { _, _, err := n.Evaluate(s); return err }},
		{"Net.PerExampleGrads", func(s *data.Set) error { _, err := n.PerExampleGrads(s, all); return err }},
		{"Net.HessVec", func(s *data.Set) error { return n.HessVec(make([]float64, P), make([]float64, P), s, all) }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(good); err != nil {
				t.Errorf("good set: %v", err)
			}
			for _, tc := range []struct {
				name string
				s    *data.Set
				want string
			}{
				{"1-based labels", oneBased, "data: Set.Validate: label Y[2] = 3: want 0 to 2 (Classes = 3; are the labels 1-based? subtract 1)"},
				{"negative label", negative, "label Y[17] = -1: want 0 to 2"},
				{"short X", short, "len(X) = 159: want Len()·Dim = 40·4 = 160"},
			} {
				err := c.call(tc.s)
				if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "mlp: "+c.name+": ") {
					t.Errorf("%s: %v, want mlp: %s: …%s", tc.name, err, c.name, tc.want)
				}
			}
		})
	}
	// A minibatch is checked in time proportional to its size: only the
	// labels it uses.
	if _, _, err := n.Grad(oneBased, []int{0, 3}); err != nil {
		t.Errorf("minibatch of valid labels in a set with others: %v", err)
	}
	if _, _, err := n.Grad(oneBased, []int{0, 2}); err == nil || !strings.Contains(err.Error(), "mlp: Net.Grad: data: Set.Validate: label Y[2] = 3") {
		t.Errorf("minibatch with label 3: %v", err)
	}
}

func TestBadNet(t *testing.T) {
	s := randomSet(4, 4, 3, 1)
	var nilNet *Net
	for _, n := range []*Net{nilNet, {}} {
		for name, err := range map[string]error{
			"Step":      func() error { _, _, err := n.Step(s, []int{0}, Update{Eta: 0.1}); return err }(),
			"Grad":      func() error { _, _, err := n.Grad(s, []int{0}); return err }(),
			"Evaluate":  func() error { _, _, err := n.Evaluate(s); return err }(),
			"HessVec":   n.HessVec(nil, nil, s, []int{0}),
			"SetParams": n.SetParams(nil),
		} {
			if err == nil || !strings.Contains(err.Error(), "make it with mlp.New") {
				t.Errorf("%s of %v: %v, want an error saying to use mlp.New", name, n, err)
			}
		}
		if n.NumParams() != 0 || len(n.Params()) != 0 || len(n.Widths()) != 0 {
			t.Errorf("accessors of %v", n)
		}
	}
	n, _ := New([]int{4, 3}, 1)
	before := n.Params()
	for _, v := range []float64{math.NaN(), math.Inf(1), 1e39} {
		p := n.Params()
		p[3] = v
		if err := n.SetParams(p); err == nil || !strings.Contains(err.Error(), "mlp: Net.SetParams: p[3] = ") {
			t.Errorf("SetParams with %v: %v", v, err)
		}
	}
	if after := n.Params(); after[3] != before[3] {
		t.Error("a failed SetParams changed the network")
	}
}

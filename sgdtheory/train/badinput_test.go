package train

import (
	"math"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// TestBadInput checks that a bad training or validation set, or a net
// that does not fit it, is an error before training starts, not a panic
// in a worker goroutine during it.
func TestBadInput(t *testing.T) {
	net, _ := mlp.New([]int{4, 3}, 1)
	good := blobs(60, 4, 3, 1)
	clone := func(s *data.Set) *data.Set {
		c := *s
		c.X, c.Y = append([]float32(nil), s.X...), append([]int(nil), s.Y...)
		return &c
	}
	oneBased := clone(good)
	for i := range oneBased.Y {
		oneBased.Y[i]++
	}
	short := clone(good)
	short.X = short.X[:100]
	wide := blobs(60, 5, 3, 1)
	for _, tc := range []struct {
		name       string
		train, val *data.Set
		want       string
	}{
		{"1-based labels", oneBased, nil, "train: SGD.Run: training set: data: Set.Validate: label Y[2] = 3: want 0 to 2 (Classes = 3; are the labels 1-based? subtract 1)"},
		{"short X", short, nil, "train: SGD.Run: training set: data: Set.Validate: len(X) = 100: want Len()·Dim = 60·4 = 240"},
		{"wrong Dim", wide, nil, "train: SGD.Run: training set: Dim = 5 inputs per example: want 4"},
		{"bad Val", good, oneBased, "train: SGD.Run: validation set Val: data: Set.Validate: label Y[2] = 3"},
		{"empty Val", good, &data.Set{Dim: 4, Classes: 3}, "train: SGD.Run: Val.Len() = 0: want a validation set with examples"},
	} {
		cfg := SGD{Eta: Constant{0.1}, S: Constant{10}, Epochs: 1, Val: tc.val}
		if _, err := cfg.Run(net.Clone(), tc.train); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := (SGD{Eta: Constant{0.1}, S: Constant{10}, Epochs: 1}).Run(&mlp.Net{}, good); err == nil || !strings.Contains(err.Error(), "train: SGD.Run: net is not initialised: make it with mlp.New") {
		t.Errorf("zero Net: %v", err)
	}
	if _, err := (SGD{Eta: Constant{0.1}, S: Constant{10}, Epochs: 1, Val: good}).Run(net.Clone(), good); err != nil {
		t.Errorf("good sets: %v", err)
	}
	for _, x := range []float64{-1, -3.5, math.NaN()} {
		if v := (Cyclic{Values: []float64{1, 2}, Every: 1}).At(x); !(v == 1 || v == 2) {
			t.Errorf("Cyclic.At(%v) = %v", x, v)
		}
	}
}

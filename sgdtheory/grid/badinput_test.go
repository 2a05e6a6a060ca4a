package grid

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// oneBased returns a copy of s with every label shifted up by one, the
// classic 1-based mistake.
func oneBased(s *data.Set) *data.Set {
	c := *s
	c.Y = make([]int, len(s.Y))
	for i, y := range s.Y {
		c.Y[i] = y + 1
	}
	return &c
}

// TestBadSets checks that a bad training or validation set is an error of
// the grid (or list) before any run starts, not a panic in a worker.
func TestBadSets(t *testing.T) {
	good := blobs(100, 1)
	short := *good
	short.X = short.X[:len(short.X)-1]
	small := blobs(100, 1)
	small.Dim, small.Rows, small.Cols, small.X = 392, 14, 28, small.X[:100*392]
	for _, tc := range []struct {
		name       string
		train, val *data.Set
		want       string
	}{
		{"1-based labels", oneBased(good), nil, "Train: data: Set.Validate: label Y[6] = 10: want 0 to 9 (Classes = 10; are the labels 1-based? subtract 1)"},
		{"short X", &short, nil, "Train: data: Set.Validate: len(X) = 78399: want Len()·Dim = 100·784 = 78400"},
		{"wrong Dim", small, nil, "Train has 392 inputs per example: want 784, the first of Widths"},
		{"bad Val", good, oneBased(good), "Val: data: Set.Validate: label Y[6] = 10"},
	} {
		g := Grid{Widths: []int{784, 16, 10}, Etas: []float64{0.1}, Sizes: []int{10}, Seeds: []uint64{1}, Epochs: 1, Train: tc.train, Val: tc.val}
		if _, err := g.Run(); err == nil || !strings.HasPrefix(err.Error(), "grid: Grid: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Grid, %s: %v, want %q", tc.name, err, tc.want)
		}
		r := Runs{Widths: []int{784, 16, 10}, Specs: []Spec{{Train: "x", Eta: 0.1, S: 10, Seed: 1, Epochs: 1}},
			Sets: map[string]*data.Set{"x": tc.train}, Val: tc.val}
		want := strings.Replace(tc.want, "Train", `Sets["x"]`, 1)
		if _, err := r.Run(); err == nil || !strings.HasPrefix(err.Error(), "grid: Runs: ") || !strings.Contains(err.Error(), want) {
			t.Errorf("Runs, %s: %v, want %q", tc.name, err, want)
		}
	}
}

// TestMeasurePanics checks that a Measure that panics, in a worker
// goroutine, stops the grid with an error instead of the process, and that
// Cached then writes nothing.
func TestMeasurePanics(t *testing.T) {
	set := blobs(100, 1)
	g := Grid{Widths: []int{784, 16, 10}, Etas: []float64{0.1}, Sizes: []int{10, 20}, Seeds: []uint64{1, 2}, Epochs: 1, Train: set,
		Workers: 2, Measure: func(*mlp.Net, *data.Set) (float64, error) { var m map[string]int; m["x"] = 1; return 0, nil }}
	path := filepath.Join(t.TempDir(), "grid.json")
	if _, err := g.Cached(path); err == nil || !strings.Contains(err.Error(), "grid: the run of Specs[0] (η 0.1, S 10, seed 1): panic: assignment to entry in nil map") {
		t.Errorf("Grid: %v, want the panic as an error naming the first run", err)
	}
	r := Runs{Widths: []int{784, 16, 10}, Specs: []Spec{{Train: "x", Eta: 0.1, S: 10, Seed: 1, Epochs: 1}, {Train: "x", Eta: 0.1, S: 10, Seed: 2, Epochs: 1}},
		Sets: map[string]*data.Set{"x": set}, Measure: func(*mlp.Net, *data.Set) (float64, error) { panic("measure broke") }}
	rpath := filepath.Join(t.TempDir(), "runs.json")
	if _, err := r.Cached(rpath); err == nil || !strings.Contains(err.Error(), "grid: the run of Specs[0] (η 0.1, S 10, seed 1): panic: measure broke") {
		t.Errorf("Runs: %v, want the panic as an error", err)
	}
	for _, p := range []string{path, rpath} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s was written after a panic: %v", p, err)
		}
	}
	g.Measure = func(*mlp.Net, *data.Set) (float64, error) { return 1, nil }
	if _, err := g.Run(); err != nil {
		t.Errorf("good Measure: %v", err)
	}
}

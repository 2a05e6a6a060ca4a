package grid

import (
	"bytes"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// blobs returns n 784-pixel examples in 10 Gaussian clusters, scaled to
// pixel-like magnitudes; the clusters are the same for every seed, which
// picks the examples.
func blobs(n int, seed uint64) *data.Set {
	all, err := data.Blobs(2000, 784, 10, 1, 99)
	if err == nil {
		all, err = all.Normalize(0, 10)
	}
	if err == nil {
		all, err = all.Balanced(n, seed)
	}
	if err != nil {
		panic(err)
	}
	all.Rows, all.Cols = 28, 28
	return all
}

// tiny is a grid of 2×2×2 runs of a 784-16-10 net, one epoch on 200
// examples; eta 50 diverges.
func tiny() Grid {
	return Grid{Widths: []int{784, 16, 10}, Etas: []float64{0.1, 50}, Sizes: []int{10, 50}, Seeds: []uint64{1, 2},
		Epochs: 1, Train: blobs(200, 1), Val: blobs(100, 2)}
}

// TestGridIsItsRuns: a grid is the list of its points in grid order, and
// trains exactly as that list, whatever the number of workers; each run
// equals a stand-alone train.SGD run with its seed.
func TestGridIsItsRuns(t *testing.T) {
	g := tiny()
	g.Measure = func(n *mlp.Net, _ *data.Set) (float64, error) { return n.Params()[0], nil }
	g.MeasureName = "theta0"
	var out bytes.Buffer
	g.Workers, g.Progress = 1, &out
	t1, err := g.Run()
	if err != nil {
		t.Fatal(err)
	}
	r, err := g.Runs()
	if err != nil {
		t.Fatal(err)
	}
	var order []Spec
	for _, eta := range g.Etas {
		for _, S := range g.Sizes {
			for _, seed := range g.Seeds {
				order = append(order, Spec{Train: TrainName, Eta: eta, S: S, Seed: seed, Epochs: 1})
			}
		}
	}
	if !reflect.DeepEqual(r.Specs, order) {
		t.Errorf("Specs %v, want grid order %v", r.Specs, order)
	}
	r.Workers, r.Progress = 3, nil
	t3, err := r.Run()
	if err != nil || !sameResults(t1.Runs, t3.Runs) || !reflect.DeepEqual(t1.Setup, t3.Setup) {
		t.Errorf("the grid's list with 3 workers differs from the grid with 1: %v", err)
	}
	if n := strings.Count(out.String(), "grid: run "); n != 8 {
		t.Errorf("%d progress lines, want 8:\n%s", n, out.String())
	}
	x, ok := t1.Find(0.1, 50, 2)
	net, _ := mlp.New(g.Widths, 2)
	h, _ := train.SGD{Eta: train.Constant{Value: 0.1}, S: train.Constant{Value: 50}, Epochs: 1, Seed: 2, Val: g.Val}.Run(net, g.Train)
	loss, acc, _ := net.Evaluate(g.Train)
	if !ok || x.FinalLoss != loss || x.FinalAcc != acc || x.FinalValAcc != h.ValAcc[0] || x.Measure != net.Params()[0] || x.Err != "" {
		t.Errorf("run (0.1, 50, 2) = %v, stand-alone loss %v acc %v val acc %v", x, loss, acc, h.ValAcc[0])
	}
	d, _ := t1.Find(50, 10, 1)
	if !strings.Contains(d.Err, "diverged") || !math.IsNaN(d.FinalLoss) || !math.IsNaN(d.FinalValAcc) || !math.IsNaN(d.Measure) {
		t.Errorf("η = 50: %v, want a divergence error and NaN metrics", d)
	}
	if x.Ratio() != 0.1/50 || !reflect.DeepEqual(t1.Etas(), g.Etas) {
		t.Errorf("Ratio %v, Etas %v", x.Ratio(), t1.Etas())
	}
}

// TestGridCached: a grid's cache is a Runs file; a second call loads it,
// and an added seed trains only the new runs.
func TestGridCached(t *testing.T) {
	path := filepath.Join(t.TempDir(), "grid.json")
	g := tiny()
	g.Etas = []float64{0.1}
	var out bytes.Buffer
	g.Progress = &out
	t1, err := g.Cached(path)
	if err != nil {
		t.Fatal(err)
	}
	t2, err := g.Cached(path)
	if err != nil || !sameResults(t1.Runs, t2.Runs) || !strings.Contains(out.String(), "4 runs: 0 trained now") {
		t.Errorf("second call: %v, progress:\n%s", err, out.String())
	}
	g.Seeds = append(g.Seeds, 3)
	out.Reset()
	t3, err := g.Cached(path)
	if err != nil || len(t3.Runs) != 6 || !strings.Contains(out.String(), "6 runs: 2 trained now") {
		t.Errorf("an added seed: %v, %d runs, progress:\n%s", err, len(t3.Runs), out.String())
	}
}

func TestGridErrors(t *testing.T) {
	for _, tc := range []struct {
		edit func(*Grid)
		want string
	}{
		{func(g *Grid) { g.Etas = []float64{0.1, -1} }, "grid: Grid: Etas[1] = -1: want a finite η > 0"},
		{func(g *Grid) { g.Etas = []float64{math.NaN()} }, "grid: Grid: Etas[0] = NaN"},
		{func(g *Grid) { g.Sizes = []int{201} }, "grid: Grid: Sizes[0] = 201: want 1 to 200"},
		{func(g *Grid) { g.Seeds = nil }, "grid: Grid: 2 Etas, 2 Sizes, 0 Seeds: want at least one of each"},
		{func(g *Grid) { g.Epochs = 0 }, "grid: Grid: Epochs = 0: want ≥ 1"},
		{func(g *Grid) { g.Train = nil }, "grid: Grid: Train is nil or empty"},
		{func(g *Grid) { g.Momentum = 1 }, "Momentum = 1: want β in [0, 1)"},
		{func(g *Grid) { g.MeasureName = "x" }, `MeasureName = "x" without a Measure function`},
		{func(g *Grid) { g.Widths = []int{784, 0, 10} }, "widths[1] = 0"},
		{func(g *Grid) { g.Workers = -1 }, "Workers = -1"},
	} {
		g := tiny()
		tc.edit(&g)
		if _, err := g.Run(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Run: %v, want %q", err, tc.want)
		}
		if _, err := g.Cached(filepath.Join(t.TempDir(), "x.json")); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Cached: %v, want %q", err, tc.want)
		}
	}
}

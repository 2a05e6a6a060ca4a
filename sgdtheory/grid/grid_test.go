package grid

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
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

// same compares tables ignoring wall-clock time.
func same(a, b *Table) bool {
	if !reflect.DeepEqual(a.Params, b.Params) || len(a.Runs) != len(b.Runs) {
		return false
	}
	for i := range a.Runs {
		x, y := a.Runs[i], b.Runs[i]
		x.Seconds, y.Seconds = 0, 0
		if x.String() != y.String() || !eq(x.TrainLoss, y.TrainLoss) || !eq(x.ValAcc, y.ValAcc) || !eq(x.Measure, y.Measure) {
			return false
		}
	}
	return true
}

func eq(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// TestRunDeterministic: the table does not depend on the number of workers,
// and each run equals a stand-alone train.SGD run with its seed.
func TestRunDeterministic(t *testing.T) {
	g := tiny()
	g.Measure = func(n *mlp.Net) (float64, error) { return n.Params()[0], nil }
	g.MeasureName = "theta0"
	var out bytes.Buffer
	g.Workers, g.Progress = 1, &out
	t1, err := g.Run()
	if err != nil {
		t.Fatal(err)
	}
	g.Workers, g.Progress = 3, nil
	t3, _ := g.Run()
	if !same(t1, t3) {
		t.Error("table depends on the number of workers")
	}
	if n := strings.Count(out.String(), "grid: run "); n != 8 {
		t.Errorf("%d progress lines, want 8:\n%s", n, out.String())
	}
	r, ok := t1.Find(0.1, 50, 2)
	net, _ := mlp.New(g.Widths, 2)
	train.SGD{Eta: train.Constant{Value: 0.1}, S: train.Constant{Value: 50}, Epochs: 1, Seed: 2}.Run(net, g.Train)
	loss, acc, _ := net.Evaluate(g.Train)
	if !ok || r.TrainLoss != loss || r.TrainAcc != acc || r.Measure != net.Params()[0] || r.Err != "" {
		t.Errorf("run (0.1, 50, 2) = %v, stand-alone loss %v acc %v", r, loss, acc)
	}
	d, _ := t1.Find(50, 10, 1)
	if !strings.Contains(d.Err, "diverged") || !math.IsNaN(d.TrainLoss) || !math.IsNaN(d.Measure) {
		t.Errorf("η = 50: %v, want a divergence error and NaN metrics", d)
	}
	if r.Ratio() != 0.1/50 {
		t.Errorf("Ratio %v", r.Ratio())
	}
}

// TestSaveLoadCached round-trips a table through a file, with NaN metrics,
// and checks that Cached loads a matching file and reruns otherwise.
func TestSaveLoadCached(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "grid.json")
	var calls atomic.Int32
	g := tiny()
	g.Etas = []float64{0.1}
	g.Val = nil // NaN validation metrics must survive the file
	g.Measure = func(n *mlp.Net) (float64, error) { calls.Add(1); return 1.5, nil }
	g.MeasureName = "lambda_max"
	var out bytes.Buffer
	g.Progress = &out
	t1, err := g.Cached(path)
	if err != nil {
		t.Fatal(err)
	}
	t2, err := g.Cached(path)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 4 || !same(t1, t2) {
		t.Errorf("second Cached: %d measurements (want 4, no rerun), tables equal %v", calls.Load(), same(t1, t2))
	}
	if !strings.Contains(out.String(), "no "+path+" yet") || !strings.Contains(out.String(), "loaded 4 runs") {
		t.Errorf("progress:\n%s", out.String())
	}
	g.Seeds = []uint64{1, 3}
	out.Reset()
	t3, err := g.Cached(path)
	if err != nil || calls.Load() != 8 || !strings.Contains(out.String(), "seeds differs") {
		t.Errorf("changed seeds: err %v, %d measurements, progress %q", err, calls.Load(), out.String())
	}
	if t4, err := Load(path); err != nil || !same(t3, t4) {
		t.Errorf("Load after rerun: %v", err)
	}
	g.Train = blobs(200, 5) // other data, same size
	out.Reset()
	if _, err := g.Cached(path); err != nil || !strings.Contains(out.String(), "train differs") {
		t.Errorf("changed data: %v %q", err, out.String())
	}
	// A table of an older version of the library's numerics (v1 files have
	// no version) is recomputed, not reused.
	b, _ := os.ReadFile(path)
	old := strings.Replace(string(b), fmt.Sprintf(`"numerics": %d,`, Numerics), "", 1)
	if old == string(b) {
		t.Fatal("no numerics in the saved table")
	}
	os.WriteFile(path, []byte(old), 0o644)
	out.Reset()
	n := calls.Load()
	if _, err := g.Cached(path); err != nil || calls.Load() != n+4 ||
		!strings.Contains(out.String(), fmt.Sprintf("another version of the library's numerics (0, now %d); running it again", Numerics)) {
		t.Errorf("older numerics: %v, %d measurements (want %d), %q", err, calls.Load(), n+4, out.String())
	}
}

// TestLoadValidates corrupts a saved table in several ways.
func TestLoadValidates(t *testing.T) {
	g := tiny()
	g.Etas, g.Seeds = []float64{0.1}, []uint64{1}
	tab, err := g.Run()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	if err := tab.Save(good); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(good)
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"format", `"sgdminima grid table v1"`, `"v0"`, `format "v0"`},
		{"run count", `"sizes": [` + "\n      10,", `"sizes": [` + "\n      10, 20,", "2 runs: want 3"},
		{"order", `"S": 50`, `"S": 51`, "run 1 is (η 0.1, S 51, seed 1): want (η 0.1, S 50, seed 1)"},
		{"accuracy", `"train_acc": `, `"train_acc": 7`, "train_acc = 7"},
		{"missing", `"val_loss": `, `"val_loss": null, "x": `, "val_loss is missing but the run has no error"},
		{"epochs", `"epochs": 1`, `"epochs": 0`, "Epochs = 0: want ≥ 1"},
		{"json", `{`, `[`, "not a grid table"},
	} {
		bad := strings.Replace(string(b), tc.old, tc.new, 1)
		if bad == string(b) {
			t.Fatalf("%s: pattern %q not in file", tc.name, tc.old)
		}
		p := filepath.Join(dir, tc.name+".json")
		os.WriteFile(p, []byte(bad), 0o644)
		if _, err := Load(p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		g.Progress = nil
		if _, err := g.Cached(p); err == nil {
			t.Errorf("%s: Cached overwrote an invalid file", tc.name)
		}
	}
}

func TestGridErrors(t *testing.T) {
	for _, tc := range []struct {
		edit func(*Grid)
		want string
	}{
		{func(g *Grid) { g.Etas = []float64{0.1, -1} }, "Etas[1] = -1: want a finite η > 0"},
		{func(g *Grid) { g.Sizes = []int{201} }, "Sizes[0] = 201: want 1 to 200"},
		{func(g *Grid) { g.Seeds = nil }, "0 Seeds: want at least one of each"},
		{func(g *Grid) { g.Epochs = 0 }, "Epochs = 0: want ≥ 1"},
		{func(g *Grid) { g.Momentum = 1 }, "Momentum = 1: want β in [0, 1)"},
		{func(g *Grid) { g.Train = nil }, "Train is nil or empty"},
		{func(g *Grid) { g.MeasureName = "x" }, `MeasureName = "x" without a Measure function`},
		{func(g *Grid) { g.Widths = []int{784, 0, 10} }, "widths[1] = 0"},
		{func(g *Grid) { g.Workers = -1 }, "Workers = -1"},
	} {
		g := tiny()
		tc.edit(&g)
		if _, err := g.Run(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v, want %q", err, tc.want)
		}
	}
}

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

// tinyRuns is a list of four runs of a 784-16-10 net on two training sets;
// the run with η = 50 diverges.
func tinyRuns() Runs {
	return Runs{
		Widths: []int{784, 16, 10},
		Specs: []Spec{
			{Train: "large", Eta: 0.1, S: 10, Seed: 1, Epochs: 2},
			{Train: "small", Eta: 0.1, S: 10, Seed: 2, Epochs: 2},
			{Train: "large", Eta: 0.4, S: 40, Seed: 3, Epochs: 3},
			{Train: "small", Eta: 50, S: 10, Seed: 4, Epochs: 2},
		},
		Sets: map[string]*data.Set{"large": blobs(200, 1), "small": blobs(100, 3)},
		Val:  blobs(100, 2),
	}
}

// sameResults compares results exactly, ignoring wall-clock time: %v
// prints every float64 in its shortest exact form, and NaN as NaN.
func sameResults(a, b []Result) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		x.Seconds, y.Seconds = 0, 0
		if fmt.Sprintf("%#v", x) != fmt.Sprintf("%#v", y) {
			return false
		}
	}
	return true
}

// TestRunsDeterministic: results do not depend on Workers, and each equals
// a stand-alone train.SGD run with its seed, bit for bit.
func TestRunsDeterministic(t *testing.T) {
	r := tinyRuns()
	r.Measure = func(n *mlp.Net, s *data.Set) (float64, error) { return n.Params()[0] + float64(s.Len()), nil }
	r.MeasureName = "theta0 + N"
	var out bytes.Buffer
	r.Workers, r.Progress = 1, &out
	t1, err := r.Run()
	if err != nil {
		t.Fatal(err)
	}
	res1 := t1.Runs
	r.Workers, r.Progress = 3, nil
	t3, _ := r.Run()
	if !sameResults(res1, t3.Runs) {
		t.Error("results depend on the number of workers")
	}
	if n := strings.Count(out.String(), "grid: run "); n != 4 {
		t.Errorf("%d progress lines, want 4:\n%s", n, out.String())
	}
	for k, s := range r.Specs[:3] {
		set := r.Sets[s.Train]
		net, _ := mlp.New(r.Widths, s.Seed)
		h, err := train.SGD{Eta: train.Constant{Value: s.Eta}, S: train.Constant{Value: float64(s.S)}, Epochs: s.Epochs,
			Seed: s.Seed, Val: r.Val}.Run(net, set)
		if err != nil {
			t.Fatal(err)
		}
		loss, acc, _ := net.Evaluate(set)
		want := Result{Spec: s, Steps: h.Steps, TrainLoss: h.TrainLoss, TrainAcc: h.TrainAcc, ValLoss: h.ValLoss, ValAcc: h.ValAcc,
			FinalLoss: loss, FinalAcc: acc, FinalValLoss: h.ValLoss[s.Epochs-1], FinalValAcc: h.ValAcc[s.Epochs-1],
			Measure: net.Params()[0] + float64(set.Len())}
		if !sameResults(res1[k:k+1], []Result{want}) {
			t.Errorf("run %d = %v\nstand-alone %v", k, res1[k], want)
		}
	}
	if res1[2].Ratio() != 0.01 || res1[2].Steps[2] != 15 {
		t.Errorf("run 2: Ratio %v, steps %v; want 0.01 and 5 steps per epoch", res1[2].Ratio(), res1[2].Steps)
	}
	d := res1[3]
	if !strings.Contains(d.Err, "diverged") || !math.IsNaN(d.FinalLoss) || !math.IsNaN(d.Measure) || len(d.TrainLoss) >= 2 {
		t.Errorf("η = 50: %v, want a divergence error, NaN final metrics and fewer than 2 epochs", d)
	}
}

// TestRunsCached: a second call loads instead of retraining, an added spec
// trains alone, other data retrains, and an invalid file is an error.
func TestRunsCached(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.json")
	var calls atomic.Int32
	r := tinyRuns()
	r.Val = nil // NaN validation curves must survive the file
	r.Measure = func(n *mlp.Net, s *data.Set) (float64, error) { calls.Add(1); return -1.5, nil }
	r.MeasureName = "lambda_max"
	var out bytes.Buffer
	r.Progress = &out
	t1, err := r.Cached(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("file: %v, mode %v; want 0644", err, fi.Mode())
	}
	t2, err := r.Cached(path)
	if err != nil || calls.Load() != 3 || !sameResults(t1.Runs, t2.Runs) || !strings.Contains(out.String(), "4 runs: 0 trained now (0 s), 4 loaded from "+path) {
		t.Errorf("second call: err %v, %d measurements (want 3: no retraining), progress:\n%s", err, calls.Load(), out.String())
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Runs)
		calls int32 // total measurements so far (diverged runs are not measured)
		say   string
	}{
		{"added spec", func(r *Runs) { r.Specs = append(r.Specs, Spec{Train: "small", Eta: 0.2, S: 20, Seed: 5, Epochs: 1}) }, 4, "5 runs: 1 trained now"},
		{"same list", func(r *Runs) {}, 4, "5 runs: 0 trained now"},
		{"other data", func(r *Runs) { r.Sets = map[string]*data.Set{"large": blobs(200, 1), "small": blobs(100, 6)} }, 6, "5 runs: 3 trained now"},
		{"other measure", func(r *Runs) { r.MeasureName = "trace" }, 10, "5 runs: 5 trained now"},
		{"momentum", func(r *Runs) { r.Momentum = 0.5 }, 14, "5 runs: 5 trained now"},
		{"older numerics", func(r *Runs) {
			b, _ := os.ReadFile(path)
			os.WriteFile(path, []byte(strings.ReplaceAll(string(b), fmt.Sprintf(`"numerics": %d`, Numerics), `"numerics": 1`)), 0o644)
		}, 18, "5 runs: 5 trained now"},
	} {
		tc.edit(&r)
		out.Reset()
		tab, err := r.Cached(path)
		if err != nil || calls.Load() != tc.calls || !strings.Contains(out.String(), tc.say) || len(tab.Runs) != len(r.Specs) {
			t.Errorf("%s: err %v, %d measurements (want %d), progress %q (want %q)", tc.name, err, calls.Load(), tc.calls, out.String(), tc.say)
		}
	}
	b, _ := os.ReadFile(path)
	for _, tc := range []struct{ name, old, new, want string }{
		{"format", `"sgdminima grid v2"`, `"v0"`, `format "v0": want "sgdminima grid v2"`},
		{"json", `{`, `[`, "not a grid table"},
		{"accuracy", `"final_acc": `, `"final_acc": 7`, "run 0: final_acc = 7"},
		{"curve", `"train_acc": [`, `"train_acc": [0.5, `, "run 0: curves of 2, 2, 3, 2, 2 epochs: want 2"},
		{"missing", `"final_loss": `, `"final_loss": null, "x": `, "run 0: final_loss is missing but the run has no error"},
		{"set", `"Train": "large"`, `"Train": "medium"`, `run 0: Train = "medium" is not in Sets`},
		{"eta", `"Eta": 0.1`, `"Eta": -0.1`, "run 0: Eta = -0.1: want a finite η > 0"},
		{"widths", `"widths": [`, `"widths": [-3, `, "Widths: "},
	} {
		bad := strings.Replace(string(b), tc.old, tc.new, 1)
		if bad == string(b) {
			t.Fatalf("%s: pattern %q not in file", tc.name, tc.old)
		}
		os.WriteFile(path, []byte(bad), 0o644)
		_, err := r.Cached(path)
		after, _ := os.ReadFile(path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || string(after) != bad {
			t.Errorf("%s: %v, want %q and the file left alone", tc.name, err, tc.want)
		}
	}
}

func TestRunsErrors(t *testing.T) {
	for _, tc := range []struct {
		edit func(*Runs)
		want string
	}{
		{func(r *Runs) { r.Specs[2].Train = "medium" }, `Specs[2]: Train = "medium" is not in Sets`},
		{func(r *Runs) { r.Specs[1].Eta = 0 }, "Specs[1]: Eta = 0: want a finite η > 0"},
		{func(r *Runs) { r.Specs[1].Eta = math.NaN() }, "Specs[1]: Eta = NaN: want a finite η > 0"},
		{func(r *Runs) { r.Specs[0].Eta = math.Inf(1) }, "Specs[0]: Eta = +Inf"},
		{func(r *Runs) { r.Specs[3].S = 101 }, `Specs[3]: S = 101: want 1 to 100 (the size of "small")`},
		{func(r *Runs) { r.Specs[0].S = 0 }, `Specs[0]: S = 0: want 1 to 200`},
		{func(r *Runs) { r.Specs[2].Epochs = 0 }, "Specs[2]: Epochs = 0: want ≥ 1"},
		{func(r *Runs) { r.Specs[2] = r.Specs[0] }, "Specs[2] repeats Specs[0]"},
		{func(r *Runs) { r.Specs = nil }, "no Specs"},
		{func(r *Runs) { r.Sets["small"] = nil }, `Sets["small"] is nil or empty`},
		{func(r *Runs) { r.Momentum = 1 }, "Momentum = 1: want β in [0, 1)"},
		{func(r *Runs) { r.L2 = math.NaN() }, "L2 = NaN"},
		{func(r *Runs) { r.MeasureName = "x" }, `MeasureName = "x" without a Measure function`},
		{func(r *Runs) { r.Widths = []int{784, 0, 10} }, "widths[1] = 0"},
		{func(r *Runs) { r.Workers = -1 }, "Workers = -1"},
	} {
		r := tinyRuns()
		tc.edit(&r)
		if _, err := r.Run(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Run: %v, want %q", err, tc.want)
		}
		if _, err := r.Cached(filepath.Join(t.TempDir(), "x.json")); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Cached: %v, want %q", err, tc.want)
		}
	}
}

// TestWriteRead round-trips a table, NaN curves and metrics included,
// through Write and Read.
func TestWriteRead(t *testing.T) {
	r := tinyRuns()
	r.Val = nil
	tab, err := r.Run()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tab.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Read(&buf)
	if err != nil || !sameResults(tab.Runs, back.Runs) || !reflect.DeepEqual(tab.Setup, back.Setup) {
		t.Errorf("read back: %v\n%v\nwant\n%v", err, back, tab)
	}
	if !math.IsNaN(back.Runs[0].FinalValAcc) || math.IsNaN(back.Runs[0].FinalAcc) {
		t.Errorf("run 0 read back: %v; want NaN validation, a final accuracy", back.Runs[0])
	}
}

// TestCachedReplacesOlderLayouts: a file this package wrote in an older
// layout is trained again and replaced; any other file is left alone.
func TestCachedReplacesOlderLayouts(t *testing.T) {
	dir := t.TempDir()
	r := tinyRuns()
	var out bytes.Buffer
	r.Progress = &out
	for _, tc := range []struct {
		content string
		replace bool
	}{
		{`{"format": "sgdminima grid table v1", "params": {}, "runs": []}`, true},
		{`{"format": "sgdminima grid runs v1", "runs": []}`, true},
		{`{"format": "someone else's", "runs": []}`, false},
		{`name,score` + "\n", false},
	} {
		path := filepath.Join(dir, "cache.json")
		os.WriteFile(path, []byte(tc.content), 0o644)
		out.Reset()
		_, err := r.Cached(path)
		after, _ := os.ReadFile(path)
		replaced := string(after) != tc.content
		if replaced != tc.replace || (err == nil) != tc.replace {
			t.Errorf("%q: err %v, replaced %v; want replaced %v", tc.content, err, replaced, tc.replace)
		}
		if tc.replace && !strings.Contains(out.String(), "older layout; training again") {
			t.Errorf("%q: progress %q", tc.content, out.String())
		}
	}
}

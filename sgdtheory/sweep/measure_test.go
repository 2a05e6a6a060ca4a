package sweep

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/curvature"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// fig1 are the measures of the paper's Fig. 1 at full scale, small.
var fig1 = Measures{
	{Name: "‖H‖_F", Kind: "frobenius", Seed: 7, Sample: 200, Probes: 10},
	{Name: "tr H", Kind: "trace", Seed: 7, Sample: 200, Probes: 10},
	{Name: "log det top 3", Kind: "logdet_top", Seed: 7, Sample: 200, K: 3, Steps: 60},
}

// TestMeasureKinds: each kind is the curvature routine it names, on the
// same sample, bit for bit.
func TestMeasureKinds(t *testing.T) {
	trainSet, _, _, _ := fashion(t, 300, 3, 200, 4)
	net, _ := mlp.New([]int{784, 16, 10}, 5)
	// Trained, as a sweep's networks are: its top eigenvalues are then
	// separated and positive, so that their log det converges.
	cfg := train.SGD{Eta: train.Constant{Value: 0.05}, S: train.Constant{Value: 10}, Epochs: 10, Seed: 5}
	if _, err := cfg.Run(net, trainSet); err != nil {
		t.Fatal(err)
	}
	hv, _, err := curvature.Hessian(net, trainSet, 200, 7)
	if err != nil {
		t.Fatal(err)
	}
	dim := net.NumParams()
	frob, _ := curvature.Hutchinson{Probes: 10, Seed: 7}.Frobenius(hv, dim)
	trace, _ := curvature.Hutchinson{Probes: 10, Seed: 7}.Trace(hv, dim)
	top, _ := curvature.Lanczos{K: 3, Steps: 60, Seed: 7}.Top(hv, dim)
	logdet, err := top.LogDet()
	if err != nil {
		t.Fatal(err)
	}
	got, err := fig1.Eval(net, trainSet)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{frob.Value, trace.Value, logdet} {
		if got[i] != want {
			t.Errorf("%s = %v: want %v", fig1[i].Name, got[i], want)
		}
	}
}

// TestExtraMeasuresGather: a spec with extra measures gathers into the
// cache that grid.Runs with the same Measures writes in process.
func TestExtraMeasuresGather(t *testing.T) {
	r, sets, val := small(t)
	r.Specs = r.Specs[:2]
	r.Extra, r.ExtraNames = fig1[:2].Eval, fig1[:2].Names()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "results"), 0o755)
	if _, err := FromRuns(r, sets, val, nil, "results", "cache.json", fig1[1:]...); err == nil || !strings.Contains(err.Error(), "extra") {
		t.Errorf("FromRuns with other extra measures than the runs': %v", err)
	}
	spec, err := FromRuns(r, sets, val, nil, "results", "cache.json", fig1[:2]...)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := gatherAll(t, written(t, dir, spec), dir, r); !bytes.Equal(a, b) || !bytes.Contains(a, []byte(`"extra"`)) {
		t.Errorf("gathered cache differs from the in-process one, or has no extra measures:\n%s\nwant\n%s", a, b)
	}
}

func TestMeasureBadInput(t *testing.T) {
	for _, c := range []struct {
		m    Measure
		want string
	}{
		{Measure{Name: "x", Kind: "lambda"}, `kind = "lambda": want one of`},
		{Measure{Kind: "trace"}, "name is empty"},
		{Measure{Name: "x", Kind: "trace", Probes: -1}, "probes = -1"},
		{Measure{Name: "x", Kind: "frobenius", Sample: -5}, "sample = -5"},
		{Measure{Name: "x", Kind: "logdet_top"}, `k = 0 with kind "logdet_top"`},
		{Measure{Name: "x", Kind: "lambda_max", K: 2}, `k = 2 with kind "lambda_max"`},
		{Measure{Name: "x", Kind: "logdet_top", K: -1}, "k = -1"},
		{Measure{Name: "x", Kind: "trace", Steps: 40}, `steps = 40 with kind "trace"`},
		{Measure{Name: "x", Kind: "lambda_max", Steps: 40}, "give a sample"},
	} {
		if err := c.m.check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v: want an error containing %q", c.m, err, c.want)
		}
		if _, err := c.m.Eval(nil, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Eval of %+v: %v: want an error containing %q", c.m, err, c.want)
		}
	}
	s := Spec{Measure: &Measure{Name: "λ", Kind: "lambda_max"}, Extra: Measures{{Name: "λ", Kind: "trace"}}}
	if err := s.checkMeasures(); err == nil || !strings.Contains(err.Error(), `extra[0]: name = "λ"`) {
		t.Errorf("an extra measure named as the measure: %v", err)
	}
}

// TestCorruptedRunsGather: runs with corrupted labels (Fig. 5) go through
// the tasks like any other, each under a name of its own, and gather into
// the cache the notebook's list writes in process, memorisation curves
// included.
func TestCorruptedRunsGather(t *testing.T) {
	r, sets, val := small(t)
	r.Specs = append(r.Specs[:2:2], r.Specs[:2]...)
	r.Specs[2].Corrupt, r.Specs[3].Corrupt = 0.25, 0.5
	dir, s := smallSpec(t, r, sets, val)
	a, _ := s.Name(0)
	if b, _ := s.Name(2); a == b || !strings.Contains(b, "corrupt0.25") {
		t.Errorf("task 0 is written to %s, task 2 (its labels corrupted) to %s: want names of their own, the second naming the corruption", a, b)
	}
	if a, b := gatherAll(t, s, dir, r); !bytes.Equal(a, b) || !bytes.Contains(a, []byte(`"fit"`)) {
		t.Errorf("gathered cache differs from the in-process one, or has no memorisation curve:\n%s\nwant\n%s", a, b)
	}
}

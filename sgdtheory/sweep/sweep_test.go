package sweep

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/curvature"
	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/grid"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// fashion makes a training set of n balanced Fashion-MNIST training images
// (seed) and a validation set of nVal balanced test images (valSeed; 0: all
// of them), both standardised by the training set's statistics, with their
// recipes; it skips the test if the data set is not installed.
func fashion(t *testing.T, n int, seed uint64, nVal int, valSeed uint64) (train, val *data.Set, trainR, valR Data) {
	trainAll, testAll, err := data.FashionMNIST("")
	if err != nil {
		t.Skip(err)
	}
	sub, err := trainAll.Balanced(n, seed)
	if err != nil {
		t.Fatal(err)
	}
	mean, sd := sub.MeanStd()
	train, _ = sub.Normalize(mean, sd)
	vsub := testAll
	if nVal > 0 {
		if vsub, err = testAll.Balanced(nVal, valSeed); err != nil {
			t.Fatal(err)
		}
	}
	val, _ = vsub.Normalize(mean, sd)
	return train, val, Recipe("fashion-mnist", "train", n, seed, mean, sd, train), Recipe("fashion-mnist", "test", nVal, valSeed, mean, sd, val)
}

// small returns a six-run list on a 300-image Fashion-MNIST subset with a
// 200-image validation set, and the recipes of both.
func small(t *testing.T) (grid.Runs, map[string]Data, *Data) {
	train, val, trainR, valR := fashion(t, 300, 3, 200, 4)
	r := grid.Runs{Widths: []int{784, 16, 10}, Sets: map[string]*data.Set{"train": train}, Val: val}
	for _, eta := range []float64{0.02, 0.1} {
		for _, S := range []int{10, 50, 100} {
			r.Specs = append(r.Specs, grid.Spec{Train: "train", Eta: eta, S: S, Seed: uint64(S), Epochs: 2})
		}
	}
	return r, map[string]Data{"train": trainR}, &valR
}

// unclocked returns a table file's bytes with every run's wall-clock
// seconds set to 0, the one field that differs between two trainings.
func unclocked(t *testing.T, path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := grid.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	for i := range tab.Runs {
		tab.Runs[i].Seconds = 0
	}
	var b bytes.Buffer
	tab.Write(&b)
	return b.Bytes()
}

// smallSpec writes the spec of r, without a measure, into a new folder
// with an empty results folder, and returns the folder and the spec as a
// task reads it.
func smallSpec(t *testing.T, r grid.Runs, sets map[string]Data, val *Data) (string, *Spec) {
	t.Helper()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "results"), 0o755)
	spec, err := FromRuns(r, sets, val, nil, "results", "cache.json")
	if err != nil {
		t.Fatal(err)
	}
	return dir, written(t, dir, spec)
}

// written writes spec into dir as spec.json and reads it back, as a task
// finds it.
func written(t *testing.T, dir string, spec Spec) *Spec {
	t.Helper()
	path := filepath.Join(dir, "spec.json")
	if err := spec.Write(path); err != nil {
		t.Fatal(err)
	}
	s, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// gatherAll runs every task of s and gathers them; it returns the gathered
// cache and the one r.Cached writes in process, both unclocked.
func gatherAll(t *testing.T, s *Spec, dir string, r grid.Runs) (gathered, inProcess []byte) {
	t.Helper()
	for i := range s.Runs {
		if err := s.Task(i, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Gather(false); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "in-process.json")
	if _, err := r.Cached(path); err != nil {
		t.Fatal(err)
	}
	return unclocked(t, filepath.Join(dir, s.Cache)), unclocked(t, path)
}

// TestTasksGatherIntoTheNotebooksCache runs every task of a spec, gathers
// them, and compares the cache with the one grid.Runs.Cached writes in
// process; then a corrupt result is found and recomputed, and a task whose
// result is there does nothing.
func TestTasksGatherIntoTheNotebooksCache(t *testing.T) {
	r, sets, val := small(t)
	dir, s := smallSpec(t, r, sets, val)
	if st := s.Status(); len(st.Missing) != 6 {
		t.Fatalf("before any task: %v", st)
	}
	if _, err := s.Gather(false); err == nil || !strings.Contains(err.Error(), "6 missing") {
		t.Errorf("Gather before the tasks: %v", err)
	}
	if a, b := gatherAll(t, s, dir, r); !bytes.Equal(a, b) {
		t.Errorf("gathered cache differs from the in-process one:\n%s\nwant\n%s", a, b)
	}
	var out bytes.Buffer
	r.Progress = &out
	if _, err := r.Cached(filepath.Join(dir, "cache.json")); err != nil || !strings.Contains(out.String(), "0 trained now") {
		t.Errorf("the notebook's Cached on the gathered file: %v\n%s", err, out.String())
	}

	name, _ := s.Name(2)
	res := filepath.Join(dir, "results", name)
	good, _ := os.ReadFile(res)
	os.WriteFile(res, good[:len(good)/2], 0o644) // a task killed while writing without the rename
	if st := s.Status(); len(st.Corrupt) != 1 || st.Corrupt[0] != 2 {
		t.Errorf("after truncating task 2: %v", st)
	}
	if _, err := s.Gather(false); err == nil || !strings.Contains(err.Error(), "1 corrupt [2]") {
		t.Errorf("Gather with a corrupt result: %v", err)
	}
	out.Reset()
	if err := s.Task(2, &out); err != nil || !strings.Contains(out.String(), "training again") || !strings.Contains(out.String(), "epoch 2/2") ||
		!strings.Contains(out.String(), "elapsed") {
		t.Errorf("task 2 again: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := s.Task(3, &out); err != nil || !strings.Contains(out.String(), "already there; nothing to do") {
		t.Errorf("task 3 again: %v\n%s", err, out.String())
	}
	if _, err := s.Gather(false); err != nil {
		t.Fatal(err)
	}
	if a, b := unclocked(t, filepath.Join(dir, "cache.json")), unclocked(t, filepath.Join(dir, "in-process.json")); !bytes.Equal(a, b) {
		t.Error("after recomputing task 2 the gathered cache differs from the in-process one")
	}

	// Two tasks on the same run at once (an array resubmitted while its
	// first copy still runs): both finish, and the result is valid and the
	// same numbers.
	name, _ = s.Name(4)
	os.Remove(filepath.Join(dir, "results", name))
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- s.Task(4, nil) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("task 4 twice at once: %v", err)
		}
	}
	if st := s.Status(); len(st.Done) != 6 {
		t.Errorf("after task 4 twice at once: %v", st)
	}
	if _, err := s.Gather(false); err != nil {
		t.Fatal(err)
	}
	if a, b := unclocked(t, filepath.Join(dir, "cache.json")), unclocked(t, filepath.Join(dir, "in-process.json")); !bytes.Equal(a, b) {
		t.Error("after task 4 twice at once the gathered cache differs from the in-process one")
	}
	left, _ := filepath.Glob(filepath.Join(dir, "results", ".*"))
	more, _ := filepath.Glob(filepath.Join(dir, "results", dataCacheDir, ".*"))
	if left = append(left, more...); len(left) != 1 || filepath.Base(left[0]) != dataCacheDir {
		t.Errorf("temporary files left in the results folder: %v", left)
	}

	// The tasks kept the training and the validation set; a damaged kept
	// set is remade, never trained on.
	kept, _ := filepath.Glob(filepath.Join(dir, "results", dataCacheDir, "*.set"))
	if len(kept) != 2 {
		t.Fatalf("kept sets: %v, want the training and the validation set", kept)
	}
	for _, k := range kept {
		b, _ := os.ReadFile(k)
		b[len(b)-1] ^= 0xff // one pixel of the last image
		os.WriteFile(k, b, 0o644)
	}
	os.Remove(filepath.Join(dir, "results", name))
	if err := s.Task(4, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Gather(false); err != nil {
		t.Fatal(err)
	}
	if a, b := unclocked(t, filepath.Join(dir, "cache.json")), unclocked(t, filepath.Join(dir, "in-process.json")); !bytes.Equal(a, b) {
		t.Error("with damaged kept sets the gathered cache differs from the in-process one")
	}
	for i, k := range kept {
		d := sets["train"]
		if strings.Contains(filepath.Base(k), "-test-") {
			d = *val
		}
		if readKept(k, d.Fingerprint) == nil {
			t.Errorf("kept set %d was not remade: %s", i, k)
		}
	}
}

// TestRunsPerTask bundles the six runs of a spec into tasks of four: a
// task trains the runs of its chunk that are not done, one after another,
// and the gathered cache is the in-process one.
func TestRunsPerTask(t *testing.T) {
	r, sets, val := small(t)
	dir, s := smallSpec(t, r, sets, val)
	for _, c := range []struct {
		i, k int
		want []int
		err  string
	}{
		{0, 4, []int{0, 1, 2, 3}, ""},
		{1, 4, []int{4, 5}, ""},
		{5, 1, []int{5}, ""},
		{0, 6, []int{0, 1, 2, 3, 4, 5}, ""},
		{0, 10, []int{0, 1, 2, 3, 4, 5}, ""},
		{2, 4, nil, "task 2: want 0 to 1 (the spec has 6 runs, 4 per task)"},
		{-1, 4, nil, "task -1: want 0 to 1"},
		{0, 0, nil, "0 runs per task: want ≥ 1"},
	} {
		got, err := s.Chunk(c.i, c.k)
		if c.err == "" && (err != nil || !slices.Equal(got, c.want)) || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("Chunk(%d, %d) = %v, %v; want %v, %q", c.i, c.k, got, err, c.want, c.err)
		}
	}
	if err := s.Task(2, nil); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for i := range 2 {
		runs, _ := s.Chunk(i, 4)
		if err := s.Train(runs, &out); err != nil {
			t.Fatal(err)
		}
	}
	for _, line := range []string{"run 2: train-eta0.02-S100", "already there; nothing to do", "run 0: wrote", "run 3: wrote", "run 5: wrote"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("the two tasks of four runs did not say %q:\n%s", line, out.String())
		}
	}
	if strings.Count(out.String(), "wrote") != 5 {
		t.Errorf("want five runs trained, run 2 left alone:\n%s", out.String())
	}
	if _, err := s.Gather(false); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "in-process.json")
	if _, err := r.Cached(path); err != nil {
		t.Fatal(err)
	}
	if a, b := unclocked(t, filepath.Join(dir, s.Cache)), unclocked(t, path); !bytes.Equal(a, b) {
		t.Error("the cache gathered from tasks of four runs differs from the in-process one")
	}
}

func TestBadSpecs(t *testing.T) {
	r, sets, val := small(t)
	dir := t.TempDir()
	good, err := FromRuns(r, sets, val, nil, "results", "cache.json")
	if err != nil {
		t.Fatal(err)
	}
	write := func(edit func(map[string]any)) string {
		b, _ := json.Marshal(file{Format: format, Spec: good})
		var m map[string]any
		json.Unmarshal(b, &m)
		edit(m)
		b, _ = json.Marshal(m)
		p := filepath.Join(dir, "spec.json")
		os.WriteFile(p, b, 0o644)
		return p
	}
	for _, tc := range []struct {
		name string
		edit func(map[string]any)
		want string
	}{
		{"unknown field", func(m map[string]any) { m["epoch"] = 3 }, `unknown field "epoch"`},
		{"format", func(m map[string]any) { m["format"] = "v0" }, `format = "v0"`},
		{"no runs", func(m map[string]any) { m["runs"] = []any{} }, "runs: none"},
		{"bad width", func(m map[string]any) { m["widths"] = []int{784, 0, 10} }, "widths: "},
		{"unknown set", func(m map[string]any) { m["runs"].([]any)[1].(map[string]any)["Train"] = "big" }, `runs[1]: train = "big"`},
		{"source", func(m map[string]any) { m["sets"].(map[string]any)["train"].(map[string]any)["source"] = "cifar" }, `sets["train"]: source = "cifar"`},
		{"no results", func(m map[string]any) { m["results"] = "" }, `results = ""`},
	} {
		if _, err := Read(write(tc.edit)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	s, _ := Read(write(func(map[string]any) {}))
	if err := s.Task(6, nil); err == nil || !strings.Contains(err.Error(), "run 6: want 0 to 5") {
		t.Errorf("task out of range: %v", err)
	}
	if err := s.Task(0, nil); err == nil || !strings.Contains(err.Error(), "results folder") {
		t.Errorf("no results folder: %v", err)
	}
	os.Mkdir(filepath.Join(dir, "results"), 0o755)
	s.Sets["train"] = Data{Source: "fashion-mnist", Part: "train", Balanced: 300, Seed: 99, Mean: 0, SD: 1, Fingerprint: sets["train"].Fingerprint}
	if err := s.Task(0, nil); err == nil || !strings.Contains(err.Error(), "has fingerprint") {
		t.Errorf("a recipe that makes other data: %v", err)
	}
	s.Sets["train"] = sets["train"]
	// A data set that is not installed: the message says how to install it.
	t.Setenv(data.FashionMNISTEnv, t.TempDir())
	if err := s.Task(0, nil); err == nil || !strings.Contains(err.Error(), "sweep: run 0") || !strings.Contains(err.Error(), "apt-get install dataset-fashion-mnist") {
		t.Errorf("Fashion-MNIST not installed: %v", err)
	}
	// A results folder nobody can write to, root included.
	s.Results = "/proc"
	if err := s.Task(0, nil); err == nil || !strings.Contains(err.Error(), "results folder /proc is not writable") {
		t.Errorf("an unwritable results folder: %v", err)
	}
	if _, err := FromRuns(r, map[string]Data{"train": sets["train"]}, nil, nil, "results", "cache.json"); err == nil {
		t.Error("FromRuns without the validation recipe: no error")
	}
}

// TestSplitRecipe: notebook 08's sets — a held-out validation split of the
// training part, and balanced subsets of the rest — made again from their
// recipes, with the same fingerprints; a bad split is named.
func TestSplitRecipe(t *testing.T) {
	full, _, err := data.FashionMNIST("")
	if err != nil {
		t.Skip(err)
	}
	mean, sd := full.MeanStd()
	rest, held, err := full.Split(2000, 7)
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := rest.Balanced(500, 1)
	train, _ := sub.Normalize(mean, sd)
	val, _ := held.Normalize(mean, sd)
	for name, tc := range map[string]struct {
		recipe Data
		set    *data.Set
	}{
		"rest, balanced": {Data{Source: "fashion-mnist", Part: "train", Split: &Split{Held: 2000, Seed: 7, Take: "rest"}, Balanced: 500, Seed: 1, Mean: mean, SD: sd}, train},
		"held":           {Data{Source: "fashion-mnist", Part: "train", Split: &Split{Held: 2000, Seed: 7, Take: "held"}, Mean: mean, SD: sd}, val},
	} {
		r := tc.recipe.Of(tc.set)
		got, err := r.Load()
		if err != nil || grid.Fingerprint(got) != r.Fingerprint {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, tc := range []struct {
		split *Split
		want  string
	}{
		{&Split{Held: 0, Seed: 7, Take: "rest"}, "split: held = 0: want ≥ 1"},
		{&Split{Held: 10, Seed: 7, Take: "train"}, `split: take = "train": want "rest" or "held"`},
	} {
		d := Data{Source: "fashion-mnist", Part: "train", Split: tc.split, Fingerprint: "x"}
		if err := d.check(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.split, err, tc.want)
		}
	}
}

// TestMeasureSample: Sample = curvature.DefaultSample is LambdaMax bit for
// bit, and a smaller sample is a different measurement.
func TestMeasureSample(t *testing.T) {
	train, _, _, _ := fashion(t, 2500, 3, 200, 4)
	net, err := mlp.New([]int{784, 16, 10}, 5)
	if err != nil {
		t.Fatal(err)
	}
	want, err := curvature.LambdaMax(net, train, 3)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Measure{Name: "λ", Kind: "lambda_max", Seed: 3, Sample: curvature.DefaultSample}.Eval(net, train)
	if err != nil || got != want {
		t.Errorf("Sample = DefaultSample: %v (%v), want LambdaMax's %v", got, err, want)
	}
	small, err := Measure{Name: "λ", Kind: "lambda_max", Seed: 3, Sample: 100}.Eval(net, train)
	if err != nil || small == want {
		t.Errorf("Sample = 100: %v (%v), want a value other than %v", small, err, want)
	}
}

// TestNameSaysTheRun: a result's file name spells out what differs between
// runs, the cooling recipe included, and no two runs share one.
func TestNameSaysTheRun(t *testing.T) {
	base := grid.Spec{Train: "train", Eta: 0.1, S: 50, Seed: 1, Epochs: 60}
	corrupt, cool, alike := base, base, base
	corrupt.Corrupt = 0.5
	cool.Corrupt, cool.Cool = 0.5, 0.1
	alike.Corrupt, alike.Cool, alike.CoolS = 0.5, 0.1, 800
	s := Spec{Widths: []int{784, 16, 10}, Sets: map[string]Data{"train": {Fingerprint: "300×784/10 classes/crc32 0"}},
		Runs: []grid.Spec{base, corrupt, cool, alike}}
	seen := map[string]bool{}
	for i, want := range []string{"train-eta0.1-S50-seed1-epochs60-", "-epochs60-corrupt0.5-", "-corrupt0.5-cool0.1-", "-corrupt0.5-cool0.1-S800-"} {
		name, err := s.Name(i)
		if err != nil || !strings.Contains(name, want) || seen[name] {
			t.Errorf("run %d: name %q (%v), want one of its own with %q", i, name, err, want)
		}
		seen[name] = true
	}
}

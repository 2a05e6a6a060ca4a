package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"

	"github.com/sgdminima/sgdminima/sgdtheory/grid"
)

// setup is what every run of the spec shares, as grid.Runs computes it.
func (s *Spec) setup() grid.Setup {
	u := grid.Setup{Numerics: grid.Numerics, Widths: s.Widths, Sets: map[string]string{}, Momentum: s.Momentum, L2: s.L2}
	for name, d := range s.Sets {
		u.Sets[name] = d.Fingerprint
	}
	if s.Val != nil {
		u.Val = s.Val.Fingerprint
	}
	if s.Measure != nil {
		u.MeasureName = s.Measure.Name
	}
	u.ExtraNames = s.Extra.Names()
	return u
}

// Name returns the file name of run i's result: its parameters, readable,
// and a hash of everything that determines its numbers (the library's
// numerics, the setup, its data's fingerprint and its spec), so that a
// result is never taken for another run's.
func (s *Spec) Name(i int) (string, error) {
	if i < 0 || i >= len(s.Runs) {
		return "", fmt.Errorf("sweep: run %d: want 0 to %d (the spec has %d runs)", i, len(s.Runs)-1, len(s.Runs))
	}
	r := s.Runs[i]
	u := s.setup()
	u.Sets = map[string]string{r.Train: u.Sets[r.Train]}
	b, _ := json.Marshal(struct {
		Setup grid.Setup
		Run   grid.Spec
	}{u, r})
	h := sha256.Sum256(b)
	corrupt := ""
	if r.Corrupt > 0 {
		corrupt = "-corrupt" + strconv.FormatFloat(r.Corrupt, 'g', -1, 64)
	}
	if r.Cool > 0 {
		corrupt += "-cool" + strconv.FormatFloat(r.Cool, 'g', -1, 64)
	}
	if r.CoolS > 0 {
		corrupt += "-S" + strconv.Itoa(r.CoolS)
	}
	return fmt.Sprintf("%s-eta%s-S%d-seed%d-epochs%d%s-%s.json", r.Train, strconv.FormatFloat(r.Eta, 'g', -1, 64), r.S, r.Seed, r.Epochs,
		corrupt, hex.EncodeToString(h[:6])), nil
}

// result reads run i's result file: (nil, nil) if there is none, an error
// if it is not a valid result of that run.
func (s *Spec) result(i int) (*grid.Result, error) {
	name, err := s.Name(i)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(s.path(s.Results), name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := grid.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	r := s.Runs[i]
	u := s.setup()
	u.Sets = map[string]string{r.Train: u.Sets[r.Train]}
	if len(t.Runs) != 1 || t.Runs[0].Spec != r || !reflect.DeepEqual(t.Setup, u) {
		return nil, fmt.Errorf("%s: not the result of task %d", name, i)
	}
	return &t.Runs[0], nil
}

// Task trains run i unless its result is already there, and writes the
// result atomically into the results folder. Progress, if not nil, gets
// what happened. A result file that cannot be read is reported and
// recomputed.
func (s *Spec) Task(i int, progress io.Writer) error {
	if _, err := s.Name(i); err != nil {
		return err
	}
	return s.Train([]int{i}, progress)
}

// Chunk returns the runs of task i when every task trains k consecutive
// runs of the spec: i·k to (i+1)·k−1, the last task fewer. Runs that
// train in seconds pay the engine's start-up of a task, and the reading
// of the data, once per k runs instead of once per run.
func (s *Spec) Chunk(i, k int) ([]int, error) {
	if k < 1 {
		return nil, fmt.Errorf("sweep: %d runs per task: want ≥ 1", k)
	}
	n := (len(s.Runs) + k - 1) / k
	if i < 0 || i >= n {
		return nil, fmt.Errorf("sweep: task %d: want 0 to %d (the spec has %d runs, %d per task)", i, n-1, len(s.Runs), k)
	}
	var runs []int
	for j := i * k; j < min((i+1)*k, len(s.Runs)); j++ {
		runs = append(runs, j)
	}
	return runs, nil
}

// Train trains, one after another in this process, the runs of the spec
// whose results are not there yet, and writes each result atomically into
// the results folder as soon as it is trained, so that a task stopped
// midway keeps the runs it finished. Progress, if not nil, gets what
// happened. A result file that cannot be read is reported and recomputed.
func (s *Spec) Train(runs []int, progress io.Writer) error {
	say := func(format string, a ...any) {
		if progress != nil {
			fmt.Fprintf(progress, format+"\n", a...)
		}
	}
	names := make([]string, len(runs))
	for k, i := range runs {
		var err error
		if names[k], err = s.Name(i); err != nil {
			return err
		}
	}
	dir, err := s.writableResults()
	if err != nil {
		return err
	}
	var todo []int // positions in runs
	for k, i := range runs {
		switch r, err := s.result(i); {
		case err == nil && r != nil:
			say("sweep: run %d: %s is already there; nothing to do", i, names[k])
		case err != nil:
			say("sweep: run %d: %v; training again", i, err)
			todo = append(todo, k)
		default:
			todo = append(todo, k)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	need := map[string]bool{}
	for _, k := range todo {
		need[s.Runs[runs[k]].Train] = true
	}
	list, err := s.list(filepath.Join(dir, dataCacheDir), need)
	if err != nil {
		return fmt.Errorf("sweep: run %d: %w", runs[todo[0]], err)
	}
	list.Progress, list.EpochProgress = progress, progress
	for _, k := range todo {
		i := runs[k]
		list.Specs = s.Runs[i : i+1]
		t, err := list.Run()
		if err != nil {
			return fmt.Errorf("sweep: run %d: %w", i, err)
		}
		t.Sets = map[string]string{s.Runs[i].Train: t.Sets[s.Runs[i].Train]}
		// Another task may have finished the same run meanwhile; both
		// results are the same numbers, and the rename is atomic.
		if err := t.Save(filepath.Join(dir, names[k])); err != nil {
			return fmt.Errorf("sweep: run %d: %w", i, err)
		}
		say("sweep: run %d: wrote %s", i, names[k])
	}
	return nil
}

// writableResults returns the results folder if it is there and writable:
// better to find out now than after hours of training.
func (s *Spec) writableResults() (string, error) {
	dir := s.path(s.Results)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("sweep: results folder %s: missing or not a folder", dir)
	}
	probe, err := os.CreateTemp(dir, ".sgdsweep-probe-*")
	if err != nil {
		return "", fmt.Errorf("sweep: results folder %s is not writable: %w", dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return dir, nil
}

// Status is what the results folder holds for the spec's tasks.
type Status struct {
	Done    []int // a valid result
	Errors  []int // of Done, the runs that ended with an error (e.g. diverged)
	Missing []int // no result yet
	Corrupt []int // a result file that is not a valid result of its task
}

func (st Status) String() string {
	return fmt.Sprintf("%d done (%d ended with an error), %d missing %v, %d corrupt %v",
		len(st.Done), len(st.Errors), len(st.Missing), st.Missing, len(st.Corrupt), st.Corrupt)
}

// Status reads every task's result.
func (s *Spec) Status() Status {
	var st Status
	for i := range s.Runs {
		switch r, err := s.result(i); {
		case err != nil:
			st.Corrupt = append(st.Corrupt, i)
		case r == nil:
			st.Missing = append(st.Missing, i)
		default:
			st.Done = append(st.Done, i)
			if r.Err != "" {
				st.Errors = append(st.Errors, i)
			}
		}
	}
	return st
}

// Gather merges the tasks' results, in the spec's order, into the cache
// file the notebook reloads (Spec.Cache), and returns the table. Unless
// partial is set it refuses while a task is missing or corrupt; with
// partial it writes the runs that are done, and the notebook's Cached
// trains the others.
func (s *Spec) Gather(partial bool) (*grid.Table, error) {
	st := s.Status()
	if !partial && (len(st.Missing) > 0 || len(st.Corrupt) > 0) {
		return nil, fmt.Errorf("sweep: Gather: %v; submit those tasks again, or gather with partial", st)
	}
	t := &grid.Table{Setup: s.setup()}
	for _, i := range st.Done {
		r, err := s.result(i)
		if err != nil {
			return nil, fmt.Errorf("sweep: Gather: %w", err)
		}
		t.Runs = append(t.Runs, *r)
	}
	if len(t.Runs) == 0 {
		return nil, fmt.Errorf("sweep: Gather: %v: nothing to gather", st)
	}
	if err := t.Save(s.path(s.Cache)); err != nil {
		return nil, fmt.Errorf("sweep: Gather: %w", err)
	}
	return t, nil
}

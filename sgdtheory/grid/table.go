package grid

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
)

// format identifies the file layout; Load rejects any other.
const format = "sgdminima grid table v1"

// fileRun is Run as stored: JSON has no NaN, so missing metrics are null.
type fileRun struct {
	Eta       float64  `json:"eta"`
	S         int      `json:"S"`
	Seed      uint64   `json:"seed"`
	TrainLoss *float64 `json:"train_loss"`
	TrainAcc  *float64 `json:"train_acc"`
	ValLoss   *float64 `json:"val_loss"`
	ValAcc    *float64 `json:"val_acc"`
	Measure   *float64 `json:"measure"`
	Seconds   float64  `json:"seconds"`
	Err       string   `json:"err,omitempty"`
}

type file struct {
	Format string    `json:"format"`
	Params Params    `json:"params"`
	Runs   []fileRun `json:"runs"`
}

func toFile(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func fromFile(x *float64) float64 {
	if x == nil {
		return math.NaN()
	}
	return *x
}

// Save writes the table to path as indented JSON, atomically (a temporary
// file renamed into place), so an interrupted save leaves the old file.
func (t *Table) Save(path string) error {
	f := file{Format: format, Params: t.Params, Runs: make([]fileRun, len(t.Runs))}
	for i, r := range t.Runs {
		f.Runs[i] = fileRun{Eta: r.Eta, S: r.S, Seed: r.Seed, TrainLoss: toFile(r.TrainLoss), TrainAcc: toFile(r.TrainAcc),
			ValLoss: toFile(r.ValLoss), ValAcc: toFile(r.ValAcc), Measure: toFile(r.Measure), Seconds: r.Seconds, Err: r.Err}
	}
	if err := writeJSON(path, f); err != nil {
		return fmt.Errorf("grid: Save: %w", err)
	}
	return nil
}

// writeJSON writes v to path as indented JSON, atomically (a temporary
// file renamed into place), so an interrupted write leaves the old file.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	// CreateTemp makes the file private (0600); a result file is an
	// ordinary, shareable file.
	err = tmp.Chmod(0o644)
	if err == nil {
		_, err = tmp.Write(append(b, '\n'))
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// Load reads a table written by Save and validates it: the format, the
// parameters, one run per grid point in grid order, accuracies in [0, 1],
// losses ≥ 0, and missing metrics only where the run records an error (or,
// for validation and measurement, where the grid had none).
func Load(path string) (*Table, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("grid: Load: %w", err)
	}
	var f file
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("grid: Load %s: not a grid table: %w", path, err)
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("grid: Load %s: %s", path, fmt.Sprintf(format, a...))
	}
	if f.Format != format {
		return nil, bad("format %q: want %q", f.Format, format)
	}
	p := f.Params
	if err := p.validate(0); err != nil {
		return nil, bad("%v", err)
	}
	if want := len(p.Etas) * len(p.Sizes) * len(p.Seeds); len(f.Runs) != want {
		return nil, bad("%d runs: want %d (%d η × %d S × %d seeds)", len(f.Runs), want, len(p.Etas), len(p.Sizes), len(p.Seeds))
	}
	t := &Table{Params: p, Runs: make([]Run, len(f.Runs))}
	k := 0
	for _, eta := range p.Etas {
		for _, S := range p.Sizes {
			for _, seed := range p.Seeds {
				fr := f.Runs[k]
				if fr.Eta != eta || fr.S != S || fr.Seed != seed {
					return nil, bad("run %d is (η %g, S %d, seed %d): want (η %g, S %d, seed %d)", k, fr.Eta, fr.S, fr.Seed, eta, S, seed)
				}
				r := Run{Eta: eta, S: S, Seed: seed, TrainLoss: fromFile(fr.TrainLoss), TrainAcc: fromFile(fr.TrainAcc),
					ValLoss: fromFile(fr.ValLoss), ValAcc: fromFile(fr.ValAcc), Measure: fromFile(fr.Measure), Seconds: fr.Seconds, Err: fr.Err}
				if err := r.check(p); err != nil {
					return nil, bad("run %d: %v", k, err)
				}
				t.Runs[k] = r
				k++
			}
		}
	}
	return t, nil
}

// check validates a loaded run against the parameters of its table.
func (r Run) check(p Params) error {
	failed := r.Err != ""
	if err := checkStored(
		stored{"train_loss", []float64{r.TrainLoss}, math.MaxFloat64, failed},
		stored{"train_acc", []float64{r.TrainAcc}, 1, failed},
		stored{"val_loss", []float64{r.ValLoss}, math.MaxFloat64, failed || p.Val == ""},
		stored{"val_acc", []float64{r.ValAcc}, 1, failed || p.Val == ""},
	); err != nil {
		return err
	}
	return checkMeasure(r.Measure, p.Measure, failed, r.Seconds)
}

// stored is a metric read back from a file: values in [0, hi], or NaN
// (null in the file) where optional.
type stored struct {
	name     string
	v        []float64
	hi       float64
	optional bool
}

func checkStored(ms ...stored) error {
	for _, m := range ms {
		for _, v := range m.v {
			switch {
			case math.IsNaN(v) && !m.optional:
				return fmt.Errorf("%s is missing but the run has no error", m.name)
			case !math.IsNaN(v) && !(v >= 0 && v <= m.hi):
				return fmt.Errorf("%s = %v: want 0 to %g", m.name, v, m.hi)
			}
		}
	}
	return nil
}

// checkMeasure validates a loaded measurement v of the measure named name
// ("" for none) and the run's wall-clock seconds.
func checkMeasure(v float64, name string, failed bool, seconds float64) error {
	switch {
	case !math.IsNaN(v) && name == "":
		return fmt.Errorf("measure = %v but there is no measurement", v)
	case math.IsNaN(v) && name != "" && !failed:
		return fmt.Errorf("measure %q is missing but the run has no error", name)
	case !(seconds >= 0):
		return fmt.Errorf("seconds = %v: want ≥ 0", seconds)
	}
	return nil
}

// Cached returns the table in path if it holds this grid (the same Params,
// data fingerprints included), and otherwise runs the grid and saves the
// table there. A file that exists but is not a valid table is an error
// rather than overwritten. Progress says which of the two happened and why.
func (g Grid) Cached(path string) (*Table, error) {
	p, err := g.Params()
	if err != nil {
		return nil, err
	}
	say := func(format string, a ...any) {
		if g.Progress != nil {
			fmt.Fprintf(g.Progress, format+"\n", a...)
		}
	}
	t, err := Load(path)
	switch {
	case err == nil && diff(t.Params, p) == "":
		say("grid: loaded %d runs from %s", len(t.Runs), path)
		return t, nil
	case err == nil && t.Params.Numerics != Numerics:
		say("grid: %s was computed with another version of the library's numerics (%d, now %d); running it again", path, t.Params.Numerics, Numerics)
	case err == nil:
		say("grid: %s holds a different grid (%s differs); running this one", path, diff(t.Params, p))
	case errors.Is(err, fs.ErrNotExist):
		say("grid: no %s yet; running %d runs", path, len(p.Etas)*len(p.Sizes)*len(p.Seeds))
	default:
		return nil, fmt.Errorf("%w (delete the file to recompute it)", err)
	}
	if t, err = g.Run(); err != nil {
		return nil, err
	}
	if err := t.Save(path); err != nil {
		return t, err
	}
	say("grid: saved %s", path)
	return t, nil
}

// diff names the first field in which two Params differ, or returns "".
func diff(a, b Params) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return va.Type().Field(i).Tag.Get("json")
		}
	}
	return ""
}

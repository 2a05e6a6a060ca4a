package grid

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// Setup is what every run of a list shares, and what determines its
// numbers besides its Spec. A cached run is reused only under an equal
// Setup and for a training set of the same fingerprint.
type Setup struct {
	Numerics    int               `json:"numerics"` // the library's Numerics when run
	Widths      []int             `json:"widths"`
	Sets        map[string]string `json:"sets"` // each training set's Fingerprint, by name
	Val         string            `json:"val"`  // the validation set's Fingerprint; "" for none
	Momentum    float64           `json:"momentum"`
	L2          float64           `json:"l2"`
	MeasureName string            `json:"measure"`         // "" for none
	ExtraNames  []string          `json:"extra,omitempty"` // Runs.ExtraNames
}

// validate checks what a file could get wrong.
func (u Setup) validate() error {
	if _, err := mlp.New(u.Widths, 0); err != nil {
		return fmt.Errorf("Widths: %w", err)
	}
	switch {
	case !(u.Momentum >= 0 && u.Momentum < 1):
		return fmt.Errorf("Momentum = %v: want β in [0, 1)", u.Momentum)
	case !(u.L2 >= 0 && u.L2 <= math.MaxFloat64):
		return fmt.Errorf("L2 = %v: want a finite λ ≥ 0", u.L2)
	}
	for i, name := range u.ExtraNames {
		if name == "" || name == u.MeasureName || slices.Contains(u.ExtraNames[:i], name) {
			return fmt.Errorf("ExtraNames[%d] = %q: want a name of its own, not empty, not the MeasureName", i, name)
		}
	}
	return nil
}

// differs names the first field other than Sets in which two setups
// differ, or returns "".
func (u Setup) differs(v Setup) string {
	a, b := reflect.ValueOf(u), reflect.ValueOf(v)
	for i := range a.NumField() {
		f := a.Type().Field(i)
		if f.Name != "Sets" && !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
			return f.Tag.Get("json")
		}
	}
	return ""
}

// Table is the result of a list, or of a grid: one Result per Spec, in the
// list's order (grid order for a Grid), and the Setup they share.
type Table struct {
	Setup
	Runs []Result
}

// Find returns the first run with learning rate eta, batch size S and
// seed: for a grid, the run of that grid point.
func (t *Table) Find(eta float64, S int, seed uint64) (Result, bool) {
	for _, r := range t.Runs {
		if r.Eta == eta && r.S == S && r.Seed == seed {
			return r, true
		}
	}
	return Result{}, false
}

// Etas returns the learning rates of the runs, each once, in the order
// they first occur: for a grid, its Etas.
func (t *Table) Etas() []float64 {
	var etas []float64
	for _, r := range t.Runs {
		if !slices.Contains(etas, r.Eta) {
			etas = append(etas, r.Eta)
		}
	}
	return etas
}

// format identifies the file layout; Read rejects any other.
const format = "sgdminima grid v2"

// older are the layouts this package wrote before; Cached replaces a file
// in one of them instead of refusing it.
var older = []string{"sgdminima grid table v1", "sgdminima grid runs v1"}

// fileRun is a Result as stored: JSON has no NaN, so a missing number is
// null. The final validation metrics are not stored: they are the last
// epoch's.
type fileRun struct {
	Spec
	Steps     []int      `json:"steps"`
	TrainLoss []*float64 `json:"train_loss"`
	TrainAcc  []*float64 `json:"train_acc"`
	ValLoss   []*float64 `json:"val_loss"`
	ValAcc    []*float64 `json:"val_acc"`
	FinalLoss *float64   `json:"final_loss"`
	FinalAcc  *float64   `json:"final_acc"`
	Measure   *float64   `json:"measure"`
	Extra     []*float64 `json:"extra,omitempty"`
	WholeAcc  []*float64 `json:"whole_acc,omitempty"`
	Fit       []*float64 `json:"fit,omitempty"`
	CoolWhole []*float64 `json:"cool_whole_acc,omitempty"`
	CoolFit   []*float64 `json:"cool_fit,omitempty"`
	CoolVal   []*float64 `json:"cool_val_acc,omitempty"`
	Seconds   float64    `json:"seconds"`
	Err       string     `json:"err,omitempty"`
}

type file struct {
	Format string    `json:"format"`
	Setup  Setup     `json:"setup"`
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

// toFiles and fromFiles keep a nil curve nil, so that a result read back
// equals the trained one.
func toFiles(x []float64) []*float64 {
	if x == nil {
		return nil
	}
	out := make([]*float64, len(x))
	for i, v := range x {
		out[i] = toFile(v)
	}
	return out
}

func fromFiles(x []*float64) []float64 {
	if x == nil {
		return nil
	}
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = fromFile(v)
	}
	return out
}

// Write writes the table as indented JSON.
func (t *Table) Write(w io.Writer) error {
	f := file{Format: format, Setup: t.Setup, Runs: make([]fileRun, len(t.Runs))}
	for i, r := range t.Runs {
		f.Runs[i] = fileRun{Spec: r.Spec, Steps: r.Steps, TrainLoss: toFiles(r.TrainLoss), TrainAcc: toFiles(r.TrainAcc),
			ValLoss: toFiles(r.ValLoss), ValAcc: toFiles(r.ValAcc), FinalLoss: toFile(r.FinalLoss), FinalAcc: toFile(r.FinalAcc),
			Measure: toFile(r.Measure), Extra: toFiles(r.Extra), WholeAcc: toFiles(r.WholeAcc), Fit: toFiles(r.Fit),
			CoolWhole: toFiles(r.CoolWholeAcc), CoolFit: toFiles(r.CoolFit), CoolVal: toFiles(r.CoolVal), Seconds: r.Seconds, Err: r.Err}
	}
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return fmt.Errorf("grid: Write: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("grid: Write: %w", err)
	}
	return nil
}

// Read reads a table written by Write and validates it: the format, the
// setup, every spec, one entry per completed epoch in every curve,
// accuracies in [0, 1], losses ≥ 0, and missing numbers only where the run
// records an error (or, for validation and measurement, where there was
// none).
func Read(r io.Reader) (*Table, error) {
	var f file
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("grid: Read: not a grid table: %w", err)
	}
	if f.Format != format {
		return nil, fmt.Errorf("grid: Read: format %q: want %q", f.Format, format)
	}
	if err := f.Setup.validate(); err != nil {
		return nil, fmt.Errorf("grid: Read: %w", err)
	}
	sizes := map[string]int{}
	for name := range f.Setup.Sets {
		sizes[name] = math.MaxInt // the file keeps fingerprints, not sets
	}
	t := &Table{Setup: f.Setup, Runs: make([]Result, len(f.Runs))}
	for i, fr := range f.Runs {
		var err error
		if err = fr.Spec.validate(sizes); err == nil {
			t.Runs[i], err = fr.result(f.Setup)
		}
		if err != nil {
			return nil, fmt.Errorf("grid: Read: run %d: %w", i, err)
		}
	}
	return t, nil
}

// result converts a stored run back and validates it.
func (f fileRun) result(u Setup) (Result, error) {
	r := Result{Spec: f.Spec, Steps: f.Steps, TrainLoss: fromFiles(f.TrainLoss), TrainAcc: fromFiles(f.TrainAcc),
		ValLoss: fromFiles(f.ValLoss), ValAcc: fromFiles(f.ValAcc), FinalLoss: fromFile(f.FinalLoss),
		FinalAcc: fromFile(f.FinalAcc), FinalValLoss: math.NaN(), FinalValAcc: math.NaN(), Measure: fromFile(f.Measure),
		Extra: fromFiles(f.Extra), WholeAcc: fromFiles(f.WholeAcc), Fit: fromFiles(f.Fit),
		CoolWholeAcc: fromFiles(f.CoolWhole), CoolFit: fromFiles(f.CoolFit), CoolVal: fromFiles(f.CoolVal), Seconds: f.Seconds, Err: f.Err}
	if !math.IsNaN(r.FinalLoss) {
		r.FinalValLoss, r.FinalValAcc = last(r.ValLoss), last(r.ValAcc)
	}
	n := len(r.Steps)
	if n > r.Epochs || (n < r.Epochs && r.Err == "") || len(r.TrainLoss) != n || len(r.TrainAcc) != n || len(r.ValLoss) != n || len(r.ValAcc) != n {
		return r, fmt.Errorf("curves of %d, %d, %d, %d, %d epochs: want %d", n, len(r.TrainLoss), len(r.TrainAcc), len(r.ValLoss), len(r.ValAcc), r.Epochs)
	}
	if m := len(r.Fit); (r.Corrupt > 0 && (m != n || len(r.WholeAcc) != n)) || (r.Corrupt == 0 && (m > 0 || len(r.WholeAcc) > 0)) {
		return r, fmt.Errorf("whole_acc and fit of %d and %d epochs: want %d with corrupted labels, none without", len(r.WholeAcc), m, n)
	}
	if want := map[bool]int{true: n}[r.Cool > 0]; len(r.CoolWholeAcc) != want || len(r.CoolFit) != want || len(r.CoolVal) != want {
		return r, fmt.Errorf("cool_whole_acc, cool_fit and cool_val_acc of %d, %d and %d epochs: want %d", len(r.CoolWholeAcc), len(r.CoolFit), len(r.CoolVal), want)
	}
	failed := r.Err != ""
	noVal := u.Val == ""
	for _, m := range []struct {
		name     string
		v        []float64
		hi       float64
		optional bool
	}{
		{"train_loss", r.TrainLoss, math.MaxFloat64, false},
		{"train_acc", r.TrainAcc, 1, false},
		{"val_loss", r.ValLoss, math.MaxFloat64, noVal},
		{"val_acc", r.ValAcc, 1, noVal},
		{"whole_acc", r.WholeAcc, 1, failed},
		{"fit", r.Fit, 1, failed},
		{"cool_whole_acc", r.CoolWholeAcc, 1, failed},
		{"cool_fit", r.CoolFit, 1, failed},
		{"cool_val_acc", r.CoolVal, 1, failed},
		{"final_loss", []float64{r.FinalLoss}, math.MaxFloat64, failed},
		{"final_acc", []float64{r.FinalAcc}, 1, failed},
	} {
		for _, v := range m.v {
			switch {
			case math.IsNaN(v) && !m.optional:
				return r, fmt.Errorf("%s is missing but the run has no error", m.name)
			case !math.IsNaN(v) && !(v >= 0 && v <= m.hi):
				return r, fmt.Errorf("%s = %v: want 0 to %g", m.name, v, m.hi)
			}
		}
	}
	switch {
	case !math.IsNaN(r.Measure) && u.MeasureName == "":
		return r, fmt.Errorf("measure = %v but there is no measurement", r.Measure)
	case math.IsNaN(r.Measure) && u.MeasureName != "" && !failed:
		return r, fmt.Errorf("measure %q is missing but the run has no error", u.MeasureName)
	case len(r.Extra) != len(u.ExtraNames):
		return r, fmt.Errorf("%d extra measures: want %d, one per name of %v", len(r.Extra), len(u.ExtraNames), u.ExtraNames)
	case !(r.Seconds >= 0):
		return r, fmt.Errorf("seconds = %v: want ≥ 0", r.Seconds)
	}
	for i, v := range r.Extra {
		if math.IsNaN(v) && !failed {
			return r, fmt.Errorf("extra measure %q is missing but the run has no error", u.ExtraNames[i])
		}
	}
	return r, nil
}

// Cached returns the table of the list, taking from the file at path every
// run it holds — same Setup (the library's Numerics, widths, validation
// data, momentum, L2 and MeasureName), same Spec, and a training set of
// the same fingerprint — and training only the others, so that adding runs
// to a notebook's list trains just those. If the file did not hold exactly
// this list, Cached writes it (atomically: an interrupted write leaves the
// old file) with the runs of this list, in order. A file that exists but
// is not a table, nor one of an older layout of this package, is an error
// rather than overwritten. Progress says what was trained and what loaded.
func (r Runs) Cached(path string) (*Table, error) {
	u, err := r.setup()
	if err != nil {
		return nil, err
	}
	say := func(format string, a ...any) {
		if r.Progress != nil {
			fmt.Fprintf(r.Progress, "grid: "+format+"\n", a...)
		}
	}
	stored, err := readFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		stored = &Table{}
	case errors.Is(err, errOlder):
		say("%s is in an older layout; training again", path)
		stored = &Table{}
	case err != nil:
		return nil, fmt.Errorf("%w (delete the file to recompute)", err)
	case stored.Numerics != Numerics:
		say("%s was computed with another version of the library's numerics (%d, now %d); training again", path, stored.Numerics, Numerics)
		stored = &Table{}
	case u.differs(stored.Setup) != "":
		say("%s holds runs of another setup (%s differs); training again", path, u.differs(stored.Setup))
		stored = &Table{}
	}
	have := map[Spec]Result{}
	for _, x := range stored.Runs {
		if stored.Sets[x.Train] == u.Sets[x.Train] {
			have[x.Spec] = x
		}
	}
	t := &Table{Setup: u, Runs: make([]Result, len(r.Specs))}
	var todo []int
	for i, s := range r.Specs {
		x, ok := have[s]
		if !ok {
			todo = append(todo, i)
		}
		t.Runs[i] = x
	}
	start := time.Now()
	if err := r.train(t.Runs, todo, u.MeasureName); err != nil {
		return nil, err // nothing is written: the file keeps what it held
	}
	say("%d runs: %d trained now (%.0f s), %d loaded from %s", len(t.Runs), len(todo), time.Since(start).Seconds(), len(t.Runs)-len(todo), path)
	if len(todo) == 0 && len(stored.Runs) == len(t.Runs) && reflect.DeepEqual(stored.Sets, u.Sets) {
		return t, nil // the file holds exactly this list already
	}
	if err := writeFile(path, t); err != nil {
		return t, fmt.Errorf("grid: Cached: %w", err)
	}
	return t, nil
}

// errOlder marks a file in one of the older layouts.
var errOlder = errors.New("an older layout")

// readFile reads the table at path.
func readFile(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("grid: %w", err)
	}
	defer f.Close()
	var head struct{ Format string }
	if json.NewDecoder(f).Decode(&head) == nil && slices.Contains(older, head.Format) {
		return nil, errOlder
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("grid: %w", err)
	}
	t, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%w in %s", err, path)
	}
	return t, nil
}

// Save writes the table to path as Write does, atomically (a temporary
// file renamed into place): a reader never sees a partial file, and an
// interrupted save leaves the old one.
func (t *Table) Save(path string) error {
	if err := writeFile(path, t); err != nil {
		return fmt.Errorf("grid: Table.Save: %w", err)
	}
	return nil
}

// writeFile writes t to path atomically.
func writeFile(path string, t *Table) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	// CreateTemp makes the file private (0600); a result file is an
	// ordinary, shareable file.
	err = tmp.Chmod(0o644)
	if err == nil {
		err = t.Write(tmp)
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

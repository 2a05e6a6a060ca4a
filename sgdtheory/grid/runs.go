package grid

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"time"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// Spec is one training run of a Runs list. A Grid is every combination of
// its values; a list of Specs is for experiments that are not a grid, such
// as the paper's Fig. 3 and 6 (η and S scaled together, on training sets of
// several sizes, with a seed of its own for every run).
type Spec struct {
	Train  string  // key of the training set in Runs.Sets
	Eta    float64 // learning rate η > 0
	S      int     // batch size, 1 to the training set size
	Seed   uint64  // initialisation and minibatch order
	Epochs int
}

// Ratio returns η/S, the noise scale of the paper's theory.
func (s Spec) Ratio() float64 { return s.Eta / float64(s.S) }

// Runs trains one network per Spec and keeps its learning curves. Run k
// initialises mlp.New(Widths, Specs[k].Seed) and trains it with
// train.SGD{Seed: Specs[k].Seed} on Sets[Specs[k].Train], so, as in a Grid,
// its numbers do not depend on the other runs or on Workers.
type Runs struct {
	Widths   []int // network layer widths, e.g. 784, 256, 10
	Specs    []Spec
	Sets     map[string]*data.Set // the training sets, by name
	Val      *data.Set            // evaluated after every epoch; may be nil
	Momentum float64              // heavy-ball β in [0, 1), for every run
	L2       float64              // L2 coefficient λ ≥ 0, for every run

	// Measure, if set, is called with each final network and the training
	// set it was trained on (e.g. a closure around curvature.LambdaMax).
	// Runs call it concurrently, so it must only read shared data.
	// MeasureName names it; a cached result must match it.
	Measure     func(net *mlp.Net, train *data.Set) (float64, error)
	MeasureName string

	Workers  int       // runs in parallel; 0 means GOMAXPROCS
	Progress io.Writer // one line per trained run, and what Cached did
}

// Result is one trained run. The per-epoch curves come from train.History:
// TrainLoss and TrainAcc are means over the epoch's minibatches, ValLoss and
// ValAcc are measured on Val after the epoch (NaN without Val). A diverged
// run keeps the curves of its completed epochs. The final metrics and
// Measure are NaN where they could not be computed, and Err says why.
type Result struct {
	Spec
	Steps                                []int // SGD steps taken by the end of each epoch
	TrainLoss, TrainAcc, ValLoss, ValAcc []float64
	FinalLoss, FinalAcc                  float64 // of the final network on all of its training set
	Measure                              float64
	Seconds                              float64 // wall-clock time
	Err                                  string  // e.g. divergence
}

// runKey is everything that determines a Result's numbers: a cached result
// is reused only for an equal key.
type runKey struct {
	Numerics int     `json:"numerics"` // see Numerics
	Widths   []int   `json:"widths"`
	Train    string  `json:"train"` // data fingerprint, see Fingerprint
	Val      string  `json:"val"`
	Eta      float64 `json:"eta"`
	S        int     `json:"S"`
	Seed     uint64  `json:"seed"`
	Epochs   int     `json:"epochs"`
	Momentum float64 `json:"momentum"`
	L2       float64 `json:"l2"`
	Measure  string  `json:"measure"`
}

// keys validates the list and returns the key of every run.
func (r Runs) keys() ([]runKey, error) {
	bad := func(format string, a ...any) ([]runKey, error) {
		return nil, fmt.Errorf("grid: Runs: "+format, a...)
	}
	measure := r.MeasureName
	switch {
	case len(r.Specs) == 0:
		return bad("no Specs")
	case r.Measure == nil && measure != "":
		return bad("MeasureName = %q without a Measure function", measure)
	case r.Workers < 0:
		return bad("Workers = %d: want ≥ 1, or 0 for GOMAXPROCS", r.Workers)
	case !(r.Momentum >= 0 && r.Momentum < 1):
		return bad("Momentum = %v: want β in [0, 1)", r.Momentum)
	case !(r.L2 >= 0 && r.L2 <= math.MaxFloat64):
		return bad("L2 = %v: want a finite λ ≥ 0", r.L2)
	}
	if r.Measure != nil && measure == "" {
		measure = "measure"
	}
	if _, err := mlp.New(r.Widths, 0); err != nil {
		return bad("Widths: %v", err)
	}
	prints := map[string]string{}
	for name, s := range r.Sets {
		if err := checkSet(fmt.Sprintf("Sets[%q]", name), s, r.Widths); err != nil {
			return bad("%w", err)
		}
		prints[name] = Fingerprint(s)
	}
	if r.Val != nil {
		if err := checkSet("Val", r.Val, r.Widths); err != nil {
			return bad("%w", err)
		}
	}
	val := Fingerprint(r.Val)
	keys := make([]runKey, len(r.Specs))
	seen := map[string]int{}
	for i, s := range r.Specs {
		set, ok := r.Sets[s.Train]
		switch {
		case !ok:
			return bad("Specs[%d]: Train = %q is not in Sets", i, s.Train)
		case !(s.Eta > 0 && s.Eta <= math.MaxFloat64):
			return bad("Specs[%d]: Eta = %v: want a finite η > 0", i, s.Eta)
		case s.S < 1 || s.S > set.Len():
			return bad("Specs[%d]: S = %d: want 1 to %d (the size of %q)", i, s.S, set.Len(), s.Train)
		case s.Epochs < 1:
			return bad("Specs[%d]: Epochs = %d: want ≥ 1", i, s.Epochs)
		}
		keys[i] = runKey{Numerics: Numerics, Widths: r.Widths, Train: prints[s.Train], Val: val, Eta: s.Eta, S: s.S, Seed: s.Seed,
			Epochs: s.Epochs, Momentum: r.Momentum, L2: r.L2, Measure: measure}
		k := keys[i].String()
		if j, dup := seen[k]; dup {
			return bad("Specs[%d] repeats Specs[%d] (same data, η, S, seed and epochs)", i, j)
		}
		seen[k] = i
	}
	return keys, nil
}

// String is the key as JSON, usable as a map key.
func (k runKey) String() string {
	b, _ := json.Marshal(k) // cannot fail: no NaN (validated) and no maps
	return string(b)
}

// Run trains every run of the list. A run that fails (divergence, a failed
// measurement) is a Result with its error; the error returned is for an
// invalid list, or for a panic in a run (say, in Measure), which stops the
// list.
func (r Runs) Run() ([]Result, error) {
	keys, err := r.keys()
	if err != nil {
		return nil, err
	}
	todo := make([]int, len(keys))
	for i := range todo {
		todo[i] = i
	}
	res := make([]Result, len(keys))
	if err := r.train(res, keys, todo); err != nil {
		return nil, err
	}
	return res, nil
}

// train trains the runs todo of the list in parallel into res; the error
// is that of a panic in a run.
func (r Runs) train(res []Result, keys []runKey, todo []int) error {
	name := func(j int) string { return fmt.Sprintf("the run of Specs[%d]", todo[j]) }
	return parallel(len(todo), r.Workers, name, func(j int) {
		k := todo[j]
		res[k] = r.one(r.Specs[k], keys[k].Measure)
	}, func(j, done int) {
		if r.Progress != nil {
			fmt.Fprintf(r.Progress, "grid: run %d/%d  %s\n", done, len(todo), res[todo[j]])
		}
	})
}

// one trains and measures one run.
func (r Runs) one(s Spec, measure string) Result {
	start := time.Now()
	nan := math.NaN()
	res := Result{Spec: s, FinalLoss: nan, FinalAcc: nan, Measure: nan}
	set := r.Sets[s.Train]
	net, h, loss, acc, err := fit(r.Widths, set, r.Val, s, r.Momentum, r.L2)
	if h != nil {
		res.Steps, res.TrainLoss, res.TrainAcc, res.ValLoss, res.ValAcc = h.Steps, h.TrainLoss, h.TrainAcc, h.ValLoss, h.ValAcc
	}
	if err == nil {
		res.FinalLoss, res.FinalAcc = loss, acc
	}
	if err == nil && r.Measure != nil {
		if res.Measure, err = r.Measure(net, set); err != nil {
			err = fmt.Errorf("%s: %w", measure, err)
		}
	}
	if err != nil {
		res.Err = err.Error()
	}
	res.Seconds = time.Since(start).Seconds()
	return res
}

// String describes the result in one line.
func (r Result) String() string {
	s := fmt.Sprintf("%s  η %g  S %d  seed %d  %d epochs", r.Train, r.Eta, r.S, r.Seed, r.Epochs)
	if r.Err == "" || !math.IsNaN(r.FinalLoss) {
		s += fmt.Sprintf("  train %.4f/%.4f", r.FinalLoss, r.FinalAcc)
	}
	if n := len(r.ValAcc); n > 0 && !math.IsNaN(r.ValAcc[n-1]) {
		s += fmt.Sprintf("  val %.4f/%.4f", r.ValLoss[n-1], r.ValAcc[n-1])
	}
	if !math.IsNaN(r.Measure) {
		s += fmt.Sprintf("  measure %.5g", r.Measure)
	}
	if r.Err != "" {
		s += "  error: " + r.Err
	}
	return s + fmt.Sprintf("  (%.1fs)", r.Seconds)
}

// runsFormat identifies the layout of a Runs file; Cached rejects any other.
const runsFormat = "sgdminima grid runs v1"

// fileResult is a Result as stored: its key, and its numbers with null for
// NaN (JSON has none).
type fileResult struct {
	Key       runKey     `json:"key"`
	Steps     []int      `json:"steps"`
	TrainLoss []*float64 `json:"train_loss"`
	TrainAcc  []*float64 `json:"train_acc"`
	ValLoss   []*float64 `json:"val_loss"`
	ValAcc    []*float64 `json:"val_acc"`
	FinalLoss *float64   `json:"final_loss"`
	FinalAcc  *float64   `json:"final_acc"`
	Measure   *float64   `json:"measure"`
	Seconds   float64    `json:"seconds"`
	Err       string     `json:"err,omitempty"`
}

type runsFile struct {
	Format string       `json:"format"`
	Runs   []fileResult `json:"runs"`
}

// toFiles and fromFiles keep a nil curve nil, so that a loaded result
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

// result converts a stored run back, validating it: one entry per
// completed epoch in every curve (all epochs unless the run failed),
// accuracies in [0, 1], losses ≥ 0, and missing numbers only where the run
// records an error (or, for validation and measurement, where there was
// none).
func (f fileResult) result(s Spec) (Result, error) {
	r := Result{Spec: s, Steps: f.Steps, TrainLoss: fromFiles(f.TrainLoss), TrainAcc: fromFiles(f.TrainAcc),
		ValLoss: fromFiles(f.ValLoss), ValAcc: fromFiles(f.ValAcc), FinalLoss: fromFile(f.FinalLoss),
		FinalAcc: fromFile(f.FinalAcc), Measure: fromFile(f.Measure), Seconds: f.Seconds, Err: f.Err}
	n := len(r.Steps)
	if n > s.Epochs || (n < s.Epochs && r.Err == "") || len(r.TrainLoss) != n || len(r.TrainAcc) != n || len(r.ValLoss) != n || len(r.ValAcc) != n {
		return r, fmt.Errorf("curves of %d, %d, %d, %d, %d epochs: want %d", n, len(r.TrainLoss), len(r.TrainAcc), len(r.ValLoss), len(r.ValAcc), s.Epochs)
	}
	failed := r.Err != ""
	noVal := f.Key.Val == ""
	if err := checkStored(
		stored{"train_loss", r.TrainLoss, math.MaxFloat64, false},
		stored{"train_acc", r.TrainAcc, 1, false},
		stored{"val_loss", r.ValLoss, math.MaxFloat64, noVal},
		stored{"val_acc", r.ValAcc, 1, noVal},
		stored{"final_loss", []float64{r.FinalLoss}, math.MaxFloat64, failed},
		stored{"final_acc", []float64{r.FinalAcc}, 1, failed},
	); err != nil {
		return r, err
	}
	if err := checkMeasure(r.Measure, f.Key.Measure, failed, r.Seconds); err != nil {
		return r, err
	}
	return r, nil
}

// Cached returns the results of the list, loading from the file at path
// every run whose key — the library's Numerics, widths, data fingerprints,
// η, S, seed, epochs, momentum, L2 and MeasureName — is stored there and training only the
// others, so that adding runs to a notebook's list trains just those. If it
// trained any, it writes the file (atomically, as Table.Save) with exactly
// the runs of this list, in order. A file that exists but is not a valid
// Runs file is an error rather than overwritten. Progress says how many
// runs were trained and how many loaded.
func (r Runs) Cached(path string) ([]Result, error) {
	keys, err := r.keys()
	if err != nil {
		return nil, err
	}
	stored := map[string]fileResult{}
	b, err := os.ReadFile(path)
	if err == nil {
		var f runsFile
		if err := json.Unmarshal(b, &f); err != nil || f.Format != runsFormat {
			return nil, fmt.Errorf("grid: %s is not a Runs file of format %q (delete it to recompute)", path, runsFormat)
		}
		for _, fr := range f.Runs {
			stored[fr.Key.String()] = fr
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("grid: %w", err)
	}
	res := make([]Result, len(keys))
	var todo []int
	for i, k := range keys {
		fr, ok := stored[k.String()]
		if !ok {
			todo = append(todo, i)
			continue
		}
		if res[i], err = fr.result(r.Specs[i]); err != nil {
			return nil, fmt.Errorf("grid: %s: the run of Specs[%d]: %w (delete the file to recompute)", path, i, err)
		}
	}
	start := time.Now()
	if err := r.train(res, keys, todo); err != nil {
		return nil, err // nothing is written: the file keeps what it held
	}
	if r.Progress != nil {
		fmt.Fprintf(r.Progress, "grid: %d runs: %d trained now (%.0f s), %d loaded from %s\n",
			len(keys), len(todo), time.Since(start).Seconds(), len(keys)-len(todo), path)
	}
	f := runsFile{Format: runsFormat, Runs: make([]fileResult, len(res))}
	for i, x := range res {
		f.Runs[i] = fileResult{Key: keys[i], Steps: x.Steps, TrainLoss: toFiles(x.TrainLoss), TrainAcc: toFiles(x.TrainAcc),
			ValLoss: toFiles(x.ValLoss), ValAcc: toFiles(x.ValAcc), FinalLoss: toFile(x.FinalLoss),
			FinalAcc: toFile(x.FinalAcc), Measure: toFile(x.Measure), Seconds: x.Seconds, Err: x.Err}
	}
	if len(todo) == 0 && len(stored) == len(res) {
		return res, nil // the file holds exactly this list already
	}
	if err := writeJSON(path, f); err != nil {
		return res, fmt.Errorf("grid: Runs.Cached: %w", err)
	}
	return res, nil
}

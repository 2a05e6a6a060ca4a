package grid

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	par "github.com/sgdminima/sgdminima/sgdtheory/internal/parallel"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// Spec is one training run of a list: the training set it uses, by name,
// and the values that differ from run to run.
type Spec struct {
	Train  string  // key of the training set in Runs.Sets
	Eta    float64 // learning rate η > 0
	S      int     // batch size, 1 to the training set size
	Seed   uint64  // initialisation and minibatch order
	Epochs int
	// Corrupt is the fraction of the training set's labels corrupted
	// before training (train.Corrupt with Seed: the paper's Fig. 5), in
	// [0, 1]; 0 trains on the labels as given.
	Corrupt float64 `json:",omitempty"`
	// Cool, with Corrupt > 0 and a validation set, also measures a cooled
	// copy after every epoch: a clone of the network trained one more
	// epoch at Cool·η, measured as the run is (Result.CoolWholeAcc,
	// CoolFit, CoolVal) and dropped; the run goes on from its own network,
	// so its numbers are those of the run without Cool. In (0, 1]; 0: none.
	Cool float64 `json:",omitempty"`
	// CoolS, with Cool, is the batch size of the cooled copy's epoch, 1 to
	// the training set size; 0: the run's own S. Copies of runs of
	// different S given one CoolS (and one Cool·η) are cooled alike: the
	// same η/S and the same SDE time, η·N/S, for every copy.
	CoolS int `json:",omitempty"`
}

// Ratio returns η/S, the noise scale of the paper's theory.
func (s Spec) Ratio() float64 { return s.Eta / float64(s.S) }

// Runs trains one network per Spec and keeps its learning curves. Run k
// initialises mlp.New(Widths, Specs[k].Seed) and trains it with
// train.SGD{Seed: Specs[k].Seed} on Sets[Specs[k].Train], so its numbers
// do not depend on the other runs or on Workers.
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

	// Extra, if set, measures each final network further: one value per
	// name of ExtraNames, in that order (say ‖H‖_F and the top-k log det
	// beside λ_max from Measure). Like Measure it is called concurrently,
	// after it, and a cached result must hold the same names.
	Extra      func(net *mlp.Net, train *data.Set) ([]float64, error)
	ExtraNames []string

	Workers  int       // runs in parallel; 0 means GOMAXPROCS
	Progress io.Writer // one line per trained run, and what Cached did
	// EpochProgress, if set, gets train.SGD's line per epoch of every run
	// (a cluster task's log); with Workers > 1 the runs' lines interleave.
	EpochProgress io.Writer
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
	FinalValLoss, FinalValAcc            float64 // of the final network on Val
	Measure                              float64
	Extra                                []float64 // one value per Runs.ExtraNames
	// With Corrupt > 0, measured on the whole training set after each
	// epoch: WholeAcc is the accuracy (labels as corrupted), Fit the
	// accuracy on the corrupted examples alone, the fraction of them
	// memorised. nil without corruption.
	WholeAcc, Fit []float64
	// With Cool > 0, WholeAcc, Fit and the validation accuracy of the
	// cooled copy after each epoch; nil without.
	CoolWholeAcc, CoolFit, CoolVal []float64
	Seconds                        float64 // wall-clock time
	Err                            string  // e.g. divergence
}

// setup validates the list and returns what its runs share.
func (r Runs) setup() (Setup, error) {
	bad := func(format string, a ...any) (Setup, error) {
		return Setup{}, fmt.Errorf("grid: Runs: "+format, a...)
	}
	u := Setup{Numerics: Numerics, Widths: r.Widths, Momentum: r.Momentum, L2: r.L2, MeasureName: r.MeasureName}
	switch {
	case len(r.Specs) == 0:
		return bad("no Specs")
	case r.Measure == nil && u.MeasureName != "":
		return bad("MeasureName = %q without a Measure function", u.MeasureName)
	case r.Workers < 0:
		return bad("Workers = %d: want ≥ 1, or 0 for GOMAXPROCS", r.Workers)
	case (r.Extra == nil) != (len(r.ExtraNames) == 0):
		return bad("Extra is set: %v, with %d ExtraNames: want a function and its names, or neither", r.Extra != nil, len(r.ExtraNames))
	}
	if r.Measure != nil && u.MeasureName == "" {
		u.MeasureName = "measure"
	}
	if len(r.ExtraNames) > 0 {
		u.ExtraNames = slices.Clone(r.ExtraNames)
	}
	u.Sets = map[string]string{}
	for name, s := range r.Sets {
		if err := checkSet(fmt.Sprintf("Sets[%q]", name), s, r.Widths); err != nil {
			return bad("%w", err)
		}
		u.Sets[name] = Fingerprint(s)
	}
	if r.Val != nil {
		if err := checkSet("Val", r.Val, r.Widths); err != nil {
			return bad("%w", err)
		}
	}
	u.Val = Fingerprint(r.Val)
	if err := u.validate(); err != nil {
		return bad("%w", err)
	}
	sizes := map[string]int{}
	for name, s := range r.Sets {
		sizes[name] = s.Len()
	}
	seen := map[Spec]int{}
	for i, s := range r.Specs {
		if err := s.validate(sizes); err != nil {
			return bad("Specs[%d]: %w", i, err)
		}
		if s.Cool > 0 && r.Val == nil {
			return bad("Specs[%d]: Cool = %v without a Val set to measure the cooled copy on", i, s.Cool)
		}
		if j, dup := seen[s]; dup {
			return bad("Specs[%d] repeats Specs[%d] (same data, η, S, seed and epochs)", i, j)
		}
		seen[s] = i
	}
	return u, nil
}

// validate checks a spec against the sizes of the training sets, by name.
func (s Spec) validate(sizes map[string]int) error {
	n, ok := sizes[s.Train]
	switch {
	case !ok:
		return fmt.Errorf("Train = %q is not in Sets", s.Train)
	case !(s.Eta > 0 && s.Eta <= math.MaxFloat64):
		return fmt.Errorf("Eta = %v: want a finite η > 0", s.Eta)
	case s.S < 1 || s.S > n:
		return fmt.Errorf("S = %d: want 1 to %d (the size of %q)", s.S, n, s.Train)
	case s.Epochs < 1:
		return fmt.Errorf("Epochs = %d: want ≥ 1", s.Epochs)
	case !(s.Corrupt >= 0 && s.Corrupt <= 1):
		return fmt.Errorf("Corrupt = %v: want a fraction of labels in [0, 1]", s.Corrupt)
	case !(s.Cool >= 0 && s.Cool <= 1):
		return fmt.Errorf("Cool = %v: want a factor of η in (0, 1], or 0 for no cooled copy", s.Cool)
	case s.Cool > 0 && s.Corrupt == 0:
		return fmt.Errorf("Cool = %v without Corrupt: the cooled copy measures memorisation", s.Cool)
	case s.CoolS != 0 && s.Cool == 0:
		return fmt.Errorf("CoolS = %d without Cool: the batch size of a cooled copy that is not made", s.CoolS)
	case s.CoolS < 0 || s.CoolS > n:
		return fmt.Errorf("CoolS = %d: want 1 to %d (the size of %q), or 0 for the run's own S", s.CoolS, n, s.Train)
	}
	return nil
}

// checkSet validates the set s, called name in errors (data.Set.Validate),
// and that it fits a network of the given widths, so that a bad set is an
// error of the list rather than of every run.
func checkSet(name string, s *data.Set, widths []int) error {
	if s.Len() == 0 {
		return fmt.Errorf("%s is nil or empty", name)
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(widths) == 0 {
		return nil // Setup.validate reports it
	}
	if s.Dim != widths[0] {
		return fmt.Errorf("%s has %d inputs per example: want %d, the first of Widths", name, s.Dim, widths[0])
	}
	if c := widths[len(widths)-1]; s.Classes > c {
		return fmt.Errorf("%s has %d classes: want at most %d, the last of Widths", name, s.Classes, c)
	}
	return nil
}

// Run trains every run of the list. A run that fails (divergence, a failed
// measurement) is a Result with its error; the error returned is for an
// invalid list, or for a panic in a run (say, in Measure), which stops the
// list.
func (r Runs) Run() (*Table, error) {
	u, err := r.setup()
	if err != nil {
		return nil, err
	}
	t := &Table{Setup: u, Runs: make([]Result, len(r.Specs))}
	todo := make([]int, len(r.Specs))
	for i := range todo {
		todo[i] = i
	}
	if err := r.train(t.Runs, todo, u.MeasureName); err != nil {
		return nil, err
	}
	return t, nil
}

// train trains the runs todo of the list into res, in parallel on Workers
// goroutines handed out in increasing order. A panic in a run stops the
// handing out of runs and is returned, naming the run, once the runs
// started have finished.
func (r Runs) train(res []Result, todo []int, measure string) error {
	var mu sync.Mutex // serialises the progress lines
	done := 0
	return par.Do(len(todo), r.Workers, func(j int) error {
		k := todo[j]
		if err := par.Catch(func() error { res[k] = r.one(r.Specs[k], measure); return nil }); err != nil {
			return fmt.Errorf("grid: the run of Specs[%d] (η %g, S %d, seed %d): %w", k, r.Specs[k].Eta, r.Specs[k].S, r.Specs[k].Seed, err)
		}
		mu.Lock()
		defer mu.Unlock()
		done++
		if r.Progress != nil {
			fmt.Fprintf(r.Progress, "grid: run %d/%d  %s\n", done, len(todo), res[k])
		}
		return nil
	})
}

// one trains and measures one run.
func (r Runs) one(s Spec, measure string) Result {
	start := time.Now()
	nan := math.NaN()
	res := Result{Spec: s, FinalLoss: nan, FinalAcc: nan, FinalValLoss: nan, FinalValAcc: nan, Measure: nan, Extra: nans(len(r.ExtraNames))}
	set := r.Sets[s.Train]
	net, err := mlp.New(r.Widths, s.Seed)
	cfg := train.SGD{Eta: train.Constant{Value: s.Eta}, S: train.Constant{Value: float64(s.S)},
		Momentum: r.Momentum, L2: r.L2, Epochs: s.Epochs, Seed: s.Seed, Val: r.Val, Progress: r.EpochProgress}
	if err == nil && s.Corrupt > 0 {
		var c train.Corrupted
		if c, err = train.Corrupt(set, s.Corrupt, s.Seed); err == nil {
			set = c.Set
			cfg.OnEpoch = func(epoch int, net *mlp.Net) error {
				whole, fit, err := c.Accuracy(net)
				if err != nil { // keep the curves as long as the epochs
					whole, fit = math.NaN(), math.NaN()
				}
				res.WholeAcc, res.Fit = append(res.WholeAcc, whole), append(res.Fit, fit)
				if s.Cool > 0 {
					cw, cf, cv := math.NaN(), math.NaN(), math.NaN()
					if err == nil {
						var cerr error
						if cw, cf, cv, cerr = cooled(net, c, r.Val, s, r.Momentum, r.L2, epoch); cerr != nil {
							cw, cf, cv, err = math.NaN(), math.NaN(), math.NaN(), fmt.Errorf("cooled copy: %w", cerr)
						}
					}
					res.CoolWholeAcc, res.CoolFit, res.CoolVal = append(res.CoolWholeAcc, cw), append(res.CoolFit, cf), append(res.CoolVal, cv)
				}
				return err
			}
		}
	}
	var h *train.History
	if err == nil {
		h, err = cfg.Run(net, set)
	}
	if h != nil {
		res.Steps, res.TrainLoss, res.TrainAcc, res.ValLoss, res.ValAcc = h.Steps, h.TrainLoss, h.TrainAcc, h.ValLoss, h.ValAcc
	}
	if err == nil {
		var loss, acc float64
		if loss, acc, err = net.Evaluate(set); err == nil {
			res.FinalLoss, res.FinalAcc = loss, acc
			res.FinalValLoss, res.FinalValAcc = last(res.ValLoss), last(res.ValAcc)
		}
	}
	if err == nil && r.Measure != nil {
		if res.Measure, err = r.Measure(net, set); err != nil {
			err = fmt.Errorf("%s: %w", measure, err)
		}
	}
	if err == nil && r.Extra != nil {
		var v []float64
		switch v, err = r.Extra(net, set); {
		case err != nil:
			err = fmt.Errorf("extra measures: %w", err)
		case len(v) != len(r.ExtraNames):
			err = fmt.Errorf("extra measures: %d values for the %d ExtraNames %v", len(v), len(r.ExtraNames), r.ExtraNames)
		default:
			res.Extra = slices.Clone(v)
		}
	}
	if err != nil {
		res.Err = err.Error()
	}
	res.Seconds = time.Since(start).Seconds()
	return res
}

// nans returns n NaNs, or nil for n = 0.
func nans(n int) []float64 {
	if n == 0 {
		return nil
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = math.NaN()
	}
	return x
}

// last returns the last value of a curve, or NaN for none.
func last(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return x[len(x)-1]
}

// String describes the result in one line.
func (r Result) String() string {
	s := fmt.Sprintf("%s  η %g  S %d  seed %d  η/S %.3g  %d epochs", r.Train, r.Eta, r.S, r.Seed, r.Ratio(), r.Epochs)
	if r.Corrupt > 0 {
		s += fmt.Sprintf("  %g of labels corrupted", r.Corrupt)
	}
	if !math.IsNaN(r.FinalLoss) {
		s += fmt.Sprintf("  train %.4f/%.4f", r.FinalLoss, r.FinalAcc)
	}
	if !math.IsNaN(r.FinalValLoss) {
		s += fmt.Sprintf("  val %.4f/%.4f", r.FinalValLoss, r.FinalValAcc)
	}
	if len(r.Fit) > 0 {
		s += fmt.Sprintf("  corrupted fit %.4f", r.Fit[len(r.Fit)-1])
	}
	if !math.IsNaN(r.Measure) {
		s += fmt.Sprintf("  measure %.5g", r.Measure)
	}
	if len(r.Extra) > 0 && !math.IsNaN(r.Extra[0]) {
		s += fmt.Sprintf("  extra %.5g", r.Extra)
	}
	if r.Err != "" {
		s += "  error: " + r.Err
	}
	return s + fmt.Sprintf("  (%.1fs)", r.Seconds)
}

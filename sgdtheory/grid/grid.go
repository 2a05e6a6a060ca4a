package grid

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
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

// Grid configures the runs: every combination of Etas, Sizes and Seeds, in
// that order (η outermost, seed innermost).
type Grid struct {
	Widths   []int     // network layer widths, e.g. 784, 256, 10
	Etas     []float64 // learning rates η > 0
	Sizes    []int     // batch sizes S ≥ 1
	Seeds    []uint64  // one run per seed: initialisation and minibatch order
	Epochs   int
	Momentum float64 // heavy-ball β in [0, 1)
	L2       float64 // L2 coefficient λ ≥ 0

	Train, Val *data.Set // Val may be nil

	// Measure, if set, is called with each final network (e.g. a closure
	// around curvature.LambdaMax). Runs call it concurrently, each with its
	// own network, so it must only read shared data. MeasureName names it
	// in the table; it is part of what a cached table must match.
	Measure     func(net *mlp.Net) (float64, error)
	MeasureName string

	Workers  int       // runs in parallel; 0 means GOMAXPROCS
	Progress io.Writer // one line per finished run, if set
}

// Numerics is the version of the library's numerics: what a seed draws, and
// the order of every floating-point sum. It is part of the key of every
// cached result, and is raised whenever a change to the library changes the
// numbers a run produces, so that results computed before are recomputed
// rather than reused. Version 2: every seeded draw from one source
// (internal/rng); minibatch shards and weight blocks sized by the work.
const Numerics = 2

// Params is everything that determines a table's numbers.
type Params struct {
	Numerics int       `json:"numerics"` // the library's Numerics when run
	Widths   []int     `json:"widths"`
	Etas     []float64 `json:"etas"`
	Sizes    []int     `json:"sizes"`
	Seeds    []uint64  `json:"seeds"`
	Epochs   int       `json:"epochs"`
	Momentum float64   `json:"momentum"`
	L2       float64   `json:"l2"`
	Train    string    `json:"train"` // data fingerprint, see Fingerprint
	Val      string    `json:"val"`
	Measure  string    `json:"measure"`
}

// Run is the result of one training run. Metrics that could not be
// computed (no validation set, no Measure, a diverged run) are NaN.
type Run struct {
	Eta                 float64
	S                   int
	Seed                uint64
	TrainLoss, TrainAcc float64 // of the final network on all of Train
	ValLoss, ValAcc     float64
	Measure             float64
	Seconds             float64 // wall-clock time
	Err                 string  // why metrics are missing, e.g. divergence
}

// Ratio returns η/S, the noise scale of the paper's theory.
func (r Run) Ratio() float64 { return r.Eta / float64(r.S) }

// Table is the result of a grid: Runs in grid order.
type Table struct {
	Params Params
	Runs   []Run
}

// Find returns the run (η, S, seed).
func (t *Table) Find(eta float64, S int, seed uint64) (Run, bool) {
	for _, r := range t.Runs {
		if r.Eta == eta && r.S == S && r.Seed == seed {
			return r, true
		}
	}
	return Run{}, false
}

// Fingerprint identifies a data set by its size and a CRC-32 of its labels
// and pixels, so that a cached table is not reused for other data. It is ""
// for nil.
func Fingerprint(s *data.Set) string {
	if s == nil {
		return ""
	}
	h := crc32.NewIEEE()
	buf := make([]byte, 0, 1<<16)
	flush := func() { h.Write(buf); buf = buf[:0] }
	for _, y := range s.Y {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(y))
		if len(buf) > 1<<16-8 {
			flush()
		}
	}
	for _, x := range s.X {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(x))
		if len(buf) > 1<<16-8 {
			flush()
		}
	}
	flush()
	return fmt.Sprintf("%d×%d/%d classes/crc32 %08x", s.Len(), s.Dim, s.Classes, h.Sum32())
}

// Params validates the grid and returns its parameters.
func (g Grid) Params() (Params, error) {
	p := Params{Numerics: Numerics, Widths: slices.Clone(g.Widths), Etas: slices.Clone(g.Etas), Sizes: slices.Clone(g.Sizes),
		Seeds: slices.Clone(g.Seeds), Epochs: g.Epochs, Momentum: g.Momentum, L2: g.L2, Measure: g.MeasureName}
	if g.Train == nil || g.Train.Len() == 0 {
		return p, fmt.Errorf("grid: Train is nil or empty")
	}
	if g.Measure != nil && p.Measure == "" {
		p.Measure = "measure"
	}
	if g.Measure == nil && p.Measure != "" {
		return p, fmt.Errorf("grid: MeasureName = %q without a Measure function", p.Measure)
	}
	if g.Workers < 0 {
		return p, fmt.Errorf("grid: Workers = %d: want ≥ 1, or 0 for GOMAXPROCS", g.Workers)
	}
	if err := p.validate(g.Train.Len()); err != nil {
		return p, err
	}
	if _, err := mlp.New(g.Widths, 0); err != nil {
		return p, fmt.Errorf("grid: Widths: %w", err)
	}
	if err := checkSet("Train", g.Train, g.Widths); err != nil {
		return p, fmt.Errorf("grid: %w", err)
	}
	if g.Val != nil {
		if err := checkSet("Val", g.Val, g.Widths); err != nil {
			return p, fmt.Errorf("grid: %w", err)
		}
	}
	p.Train, p.Val = Fingerprint(g.Train), Fingerprint(g.Val)
	return p, nil
}

// checkSet validates the set s, called name in errors (data.Set.Validate),
// and that it fits a network of the given (valid) widths, so that a bad set
// is an error of the grid rather than of every run.
func checkSet(name string, s *data.Set, widths []int) error {
	if s.Len() == 0 {
		return fmt.Errorf("%s is nil or empty", name)
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if s.Dim != widths[0] {
		return fmt.Errorf("%s has %d inputs per example: want %d, the first of Widths", name, s.Dim, widths[0])
	}
	if c := widths[len(widths)-1]; s.Classes > c {
		return fmt.Errorf("%s has %d classes: want at most %d, the last of Widths", name, s.Classes, c)
	}
	return nil
}

// validate checks the parameters; n is the training set size (0: unknown).
func (p Params) validate(n int) error {
	switch {
	case len(p.Widths) < 2:
		return fmt.Errorf("grid: Widths = %v: want at least 2 widths", p.Widths)
	case len(p.Etas) == 0 || len(p.Sizes) == 0 || len(p.Seeds) == 0:
		return fmt.Errorf("grid: %d Etas, %d Sizes, %d Seeds: want at least one of each", len(p.Etas), len(p.Sizes), len(p.Seeds))
	case p.Epochs < 1:
		return fmt.Errorf("grid: Epochs = %d: want ≥ 1", p.Epochs)
	case !(p.Momentum >= 0 && p.Momentum < 1):
		return fmt.Errorf("grid: Momentum = %v: want β in [0, 1)", p.Momentum)
	case !(p.L2 >= 0 && p.L2 <= math.MaxFloat64):
		return fmt.Errorf("grid: L2 = %v: want a finite λ ≥ 0", p.L2)
	}
	for i, eta := range p.Etas {
		if !(eta > 0 && eta <= math.MaxFloat64) {
			return fmt.Errorf("grid: Etas[%d] = %v: want a finite η > 0", i, eta)
		}
	}
	for i, S := range p.Sizes {
		if S < 1 || (n > 0 && S > n) {
			return fmt.Errorf("grid: Sizes[%d] = %d: want 1 to %d (the training set size)", i, S, n)
		}
	}
	return nil
}

// Run trains every run of the grid. A run that fails (divergence, a failed
// measurement) is recorded with its error and NaN metrics; the error
// returned is for an invalid grid, or for a panic in a run (say, in
// Measure), which stops the grid.
func (g Grid) Run() (*Table, error) {
	p, err := g.Params()
	if err != nil {
		return nil, err
	}
	t := &Table{Params: p}
	for _, eta := range p.Etas {
		for _, S := range p.Sizes {
			for _, seed := range p.Seeds {
				t.Runs = append(t.Runs, Run{Eta: eta, S: S, Seed: seed})
			}
		}
	}
	name := func(k int) string {
		r := t.Runs[k]
		return fmt.Sprintf("the run η %g, S %d, seed %d", r.Eta, r.S, r.Seed)
	}
	if err := parallel(len(t.Runs), g.Workers, name, func(k int) { g.run(&t.Runs[k], p) }, func(k, done int) {
		if g.Progress != nil {
			fmt.Fprintf(g.Progress, "grid: run %d/%d  %s\n", done, len(t.Runs), t.Runs[k])
		}
	}); err != nil {
		return nil, err
	}
	return t, nil
}

// parallel calls do(k) for k = 0, …, n−1 on min(workers, n) goroutines
// (workers 0: GOMAXPROCS), handing out k in increasing order, and after
// each call report(k, done) with the number of calls finished so far.
// Reports are serialised, so report may write to a shared io.Writer; do
// must only write to what belongs to k. A panic in do stops the handing
// out of runs and is returned, naming the run by name(k), once the runs
// started have finished.
func parallel(n, workers int, name func(k int) string, do func(k int), report func(k, done int)) error {
	var mu sync.Mutex
	done := 0
	return par.Do(n, workers, func(k int) error {
		if err := par.Catch(func() error { do(k); return nil }); err != nil {
			return fmt.Errorf("grid: %s: %w", name(k), err)
		}
		mu.Lock()
		defer mu.Unlock()
		done++
		report(k, done)
		return nil
	})
}

// run trains and measures run r in place.
func (g Grid) run(r *Run, p Params) {
	nan := math.NaN()
	r.TrainLoss, r.TrainAcc, r.ValLoss, r.ValAcc, r.Measure = nan, nan, nan, nan, nan
	start := time.Now()
	spec := Spec{Eta: r.Eta, S: r.S, Seed: r.Seed, Epochs: p.Epochs}
	net, _, loss, acc, err := fit(p.Widths, g.Train, nil, spec, p.Momentum, p.L2)
	if err == nil {
		r.TrainLoss, r.TrainAcc = loss, acc
	}
	if err == nil && g.Val != nil {
		r.ValLoss, r.ValAcc, err = net.Evaluate(g.Val)
	}
	if err == nil && g.Measure != nil {
		if r.Measure, err = g.Measure(net); err != nil {
			err = fmt.Errorf("%s: %w", p.Measure, err)
		}
	}
	if err != nil {
		r.Err = err.Error()
	}
	r.Seconds = time.Since(start).Seconds()
}

// fit trains a fresh mlp.New(widths, s.Seed) on set at the constant η and
// S of s, with val (if not nil) evaluated after every epoch, and returns it
// with its history (nil if training never started) and its final loss and
// accuracy on set. Grid and Runs train every run through it.
func fit(widths []int, set, val *data.Set, s Spec, momentum, l2 float64) (net *mlp.Net, h *train.History, loss, acc float64, err error) {
	if net, err = mlp.New(widths, s.Seed); err != nil {
		return nil, nil, 0, 0, err
	}
	h, err = train.SGD{Eta: train.Constant{Value: s.Eta}, S: train.Constant{Value: float64(s.S)},
		Momentum: momentum, L2: l2, Epochs: s.Epochs, Seed: s.Seed, Val: val}.Run(net, set)
	if err != nil {
		return net, h, 0, 0, err
	}
	loss, acc, err = net.Evaluate(set)
	return net, h, loss, acc, err
}

// String describes the run in one line.
func (r Run) String() string {
	s := fmt.Sprintf("η %g  S %d  seed %d  η/S %.3g  train %.4f/%.4f  val %.4f/%.4f",
		r.Eta, r.S, r.Seed, r.Ratio(), r.TrainLoss, r.TrainAcc, r.ValLoss, r.ValAcc)
	if !math.IsNaN(r.Measure) {
		s += fmt.Sprintf("  measure %.5g", r.Measure)
	}
	if r.Err != "" {
		s += "  error: " + r.Err
	}
	return s + fmt.Sprintf("  (%.1fs)", r.Seconds)
}

package grid

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// Numerics is the version of the library's numerics: what a seed draws, and
// the order of every floating-point sum. It is part of the key of every
// cached result, and is raised whenever a change to the library changes the
// numbers a run produces, so that results computed before are recomputed
// rather than reused. Version 2: every seeded draw from one source
// (internal/rng); minibatch shards and weight blocks sized by the work.
const Numerics = 2

// Grid is every combination of Etas, Sizes and Seeds, in that order (η
// outermost, seed innermost), trained on one training set: a Runs list
// written compactly.
type Grid struct {
	Widths   []int     // network layer widths, e.g. 784, 256, 10
	Etas     []float64 // learning rates η > 0
	Sizes    []int     // batch sizes S ≥ 1
	Seeds    []uint64  // one run per seed: initialisation and minibatch order
	Epochs   int
	Momentum float64 // heavy-ball β in [0, 1)
	L2       float64 // L2 coefficient λ ≥ 0

	Train, Val *data.Set // Val may be nil

	// Measure, MeasureName, Extra and ExtraNames are those of Runs.
	Measure     func(net *mlp.Net, train *data.Set) (float64, error)
	MeasureName string
	Extra       func(net *mlp.Net, train *data.Set) ([]float64, error)
	ExtraNames  []string

	Workers  int       // runs in parallel; 0 means GOMAXPROCS
	Progress io.Writer // one line per finished run, and what Cached did
}

// TrainName is the name of a grid's training set in its Runs list.
const TrainName = "train"

// Runs returns the grid as a list: one Spec per (η, S, seed), in grid
// order, on the training set named TrainName.
func (g Grid) Runs() (Runs, error) {
	r := Runs{Widths: g.Widths, Sets: map[string]*data.Set{TrainName: g.Train}, Val: g.Val, Momentum: g.Momentum, L2: g.L2,
		Measure: g.Measure, MeasureName: g.MeasureName, Extra: g.Extra, ExtraNames: g.ExtraNames, Workers: g.Workers, Progress: g.Progress}
	switch {
	case len(g.Etas) == 0 || len(g.Sizes) == 0 || len(g.Seeds) == 0:
		return r, fmt.Errorf("grid: Grid: %d Etas, %d Sizes, %d Seeds: want at least one of each", len(g.Etas), len(g.Sizes), len(g.Seeds))
	case g.Epochs < 1:
		return r, fmt.Errorf("grid: Grid: Epochs = %d: want ≥ 1", g.Epochs)
	}
	if err := checkSet("Train", g.Train, g.Widths); err != nil {
		return r, fmt.Errorf("grid: Grid: %w", err)
	}
	if g.Val != nil {
		if err := checkSet("Val", g.Val, g.Widths); err != nil {
			return r, fmt.Errorf("grid: Grid: %w", err)
		}
	}
	for i, eta := range g.Etas {
		if !(eta > 0 && eta <= math.MaxFloat64) {
			return r, fmt.Errorf("grid: Grid: Etas[%d] = %v: want a finite η > 0", i, eta)
		}
	}
	for i, S := range g.Sizes {
		if n := g.Train.Len(); S < 1 || S > n {
			return r, fmt.Errorf("grid: Grid: Sizes[%d] = %d: want 1 to %d (the training set size)", i, S, n)
		}
	}
	for _, eta := range g.Etas {
		for _, S := range g.Sizes {
			for _, seed := range g.Seeds {
				r.Specs = append(r.Specs, Spec{Train: TrainName, Eta: eta, S: S, Seed: seed, Epochs: g.Epochs})
			}
		}
	}
	return r, nil
}

// Run trains every run of the grid, as Runs.Run.
func (g Grid) Run() (*Table, error) {
	r, err := g.Runs()
	if err != nil {
		return nil, err
	}
	return r.Run()
}

// Cached returns the grid's table from the file at path, training the runs
// it does not hold, as Runs.Cached.
func (g Grid) Cached(path string) (*Table, error) {
	r, err := g.Runs()
	if err != nil {
		return nil, err
	}
	return r.Cached(path)
}

// Fingerprint identifies a data set by its size and a CRC-32 of its labels
// and pixels, so that a cached result is not reused for other data. It is
// "" for nil.
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

package grid

import (
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// Metric names a per-epoch learning curve of a Result.
type Metric int

const (
	TrainLoss Metric = iota // training loss, the mean over the epoch's minibatches
	TrainAcc                // training accuracy, the mean over the epoch's minibatches
	ValLoss                 // validation loss after the epoch
	ValAcc                  // validation accuracy after the epoch
)

var metricNames = [...]string{"training loss", "training accuracy", "validation loss", "validation accuracy"}

// String returns the metric's name as a table or a plot labels it, such
// as "training loss".
func (m Metric) String() string {
	if m < 0 || int(m) >= len(metricNames) {
		return fmt.Sprintf("Metric(%d)", int(m))
	}
	return metricNames[m]
}

// Curve returns the curve m of r, one value per completed epoch, or nil
// for an unknown metric.
func (m Metric) Curve(r Result) []float64 {
	switch m {
	case TrainLoss:
		return r.TrainLoss
	case TrainAcc:
		return r.TrainAcc
	case ValLoss:
		return r.ValLoss
	case ValAcc:
		return r.ValAcc
	}
	return nil
}

// Setting returns the runs of the table on the training set train with
// learning rate eta and batch size S, in the table's order: the seeds of
// one setting (with any fraction of corrupted labels). Learning rates equal to a relative 1e-12 match, so that an
// η computed as η0·β or η0/4 finds its runs.
func (t *Table) Setting(train string, eta float64, S int) []Result {
	var out []Result
	for _, r := range t.Runs {
		if r.Train == train && r.S == S && math.Abs(r.Eta-eta) <= 1e-12*math.Abs(eta) {
			out = append(out, r)
		}
	}
	return out
}

// Memorisations returns the records of the runs of one setting with
// corrupted labels — training set, fraction Corrupt, η and S — that ended
// without an error, one per seed in the table's order, as train.Memorise
// records them: an entry per epoch, τ = η/(1−β)·steps with the table's
// momentum β. They read the runs at equal memorisation (Fig. 5).
func (t *Table) Memorisations(set string, corrupt, eta float64, S int) train.Seeds {
	return t.records(set, corrupt, eta, S, func(r Result) (whole, fit, val []float64) { return r.WholeAcc, r.Fit, r.ValAcc })
}

// Cooled is Memorisations read from the cooled copies (Spec.Cool) of the
// runs that have them: the copy's training accuracy, fraction fit and
// validation accuracy after each epoch, at the run's epochs and times. It
// reads every run of the setting with a copy, so a table should hold one
// cooling recipe (Cool, CoolS) per setting.
func (t *Table) Cooled(set string, corrupt, eta float64, S int) train.Seeds {
	return t.records(set, corrupt, eta, S, func(r Result) (whole, fit, val []float64) { return r.CoolWholeAcc, r.CoolFit, r.CoolVal })
}

// records builds the memorisation records of a setting from the curves
// that curves picks out of each run, skipping runs that lack them.
func (t *Table) records(set string, corrupt, eta float64, S int, curves func(Result) (whole, fit, val []float64)) train.Seeds {
	var out train.Seeds
	for _, r := range Succeeded(t.Setting(set, eta, S)) {
		whole, fit, val := curves(r)
		if r.Corrupt != corrupt || fit == nil {
			continue
		}
		m := &train.Memorisation{Train: whole, Fit: fit, Val: val}
		for e, steps := range r.Steps {
			m.Epoch = append(m.Epoch, float64(e+1))
			m.Tau = append(m.Tau, r.Eta/(1-t.Momentum)*float64(steps))
		}
		out = append(out, m)
	}
	return out
}

// Succeeded returns the runs of rs that ended without an error: trained
// without diverging, and measured.
func Succeeded(rs []Result) []Result {
	var out []Result
	for _, r := range rs {
		if r.Err == "" {
			out = append(out, r)
		}
	}
	return out
}

// Values returns f of every run of rs, such as its final loss or its
// measurement: one number per seed, for a statistic over seeds.
func Values(rs []Result, f func(Result) float64) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = f(r)
	}
	return out
}

// curves returns the curves m of the runs rs for the function who, after
// checking that there is at least one and that all have the same number
// of epochs: a diverged run has fewer, and would bias an epoch's mean.
func curves(who string, rs []Result, m Metric) ([][]float64, error) {
	if m < TrainLoss || m > ValAcc {
		return nil, fmt.Errorf("grid: %s: metric = %d: want TrainLoss, TrainAcc, ValLoss or ValAcc", who, int(m))
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("grid: %s: no runs: want at least one", who)
	}
	cs := make([][]float64, len(rs))
	for i, r := range rs {
		cs[i] = m.Curve(r)
		if len(cs[i]) == 0 || len(cs[i]) != len(cs[0]) {
			return nil, fmt.Errorf("grid: %s: run %d (%s, η %g, S %d, seed %d) has %d epochs of %s: want %d, as run 0, and at least 1",
				who, i, r.Train, r.Eta, r.S, r.Seed, len(cs[i]), m, len(cs[0]))
		}
	}
	return cs, nil
}

// MeanCurve returns the seed mean of the learning curve m of the runs rs,
// epoch by epoch. The runs must have the same number of epochs.
func MeanCurve(rs []Result, m Metric) ([]float64, error) {
	cs, err := curves("MeanCurve", rs, m)
	if err != nil {
		return nil, err
	}
	return mean(cs), nil
}

// mean returns the epoch-by-epoch mean of curves of equal length.
func mean(cs [][]float64) []float64 {
	out := make([]float64, len(cs[0]))
	for _, c := range cs {
		for e, v := range c {
			out[e] += v / float64(len(cs))
		}
	}
	return out
}

// SeedRange returns the seed range of the learning curve m of the runs
// rs, epoch by epoch: the largest minus the smallest value, the scatter
// that seeds alone produce when the runs share their setting. The runs
// must have the same number of epochs.
func SeedRange(rs []Result, m Metric) ([]float64, error) {
	cs, err := curves("SeedRange", rs, m)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(cs[0]))
	for e := range out {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, c := range cs {
			lo, hi = math.Min(lo, c[e]), math.Max(hi, c[e])
		}
		out[e] = hi - lo
	}
	return out, nil
}

// Gap returns, epoch by epoch, the distance |mean of rs − mean of ref|
// between the seed means of the learning curve m of two settings. All
// runs must have the same number of epochs.
func Gap(rs, ref []Result, m Metric) ([]float64, error) {
	cs, err := curves("Gap", rs, m)
	if err != nil {
		return nil, err
	}
	cref, err := curves("Gap", ref, m)
	if err != nil {
		return nil, fmt.Errorf("%w (of ref)", err)
	}
	if len(cs[0]) != len(cref[0]) {
		return nil, fmt.Errorf("grid: Gap: rs has %d epochs of %s, ref %d: want equal", len(cs[0]), m, len(cref[0]))
	}
	a, b := mean(cs), mean(cref)
	for e := range a {
		a[e] = math.Abs(a[e] - b[e])
	}
	return a, nil
}

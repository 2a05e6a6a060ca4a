package train

import (
	"errors"
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// Memorise is the experiment of the paper's Fig. 5 (after Arpit et al.
// 2017): train a fresh network on Base with a fraction P of its labels
// corrupted (data.Set.CorruptLabels) and record along training how much of
// the corruption it has memorised and how well it generalises meanwhile.
// Seed fixes the corrupted labels, the initial network and the minibatch
// order. η, S and β are constant.
type Memorise struct {
	Base, Val *data.Set // the clean training set and the validation set
	Widths    []int     // the network's layer widths (mlp.New)
	P         float64   // fraction of labels corrupted, in [0, 1]
	Eta       float64   // learning rate η > 0
	S         int       // batch size
	Momentum  float64   // heavy-ball β in [0, 1)
	Epochs    int
	// Every is the number of epochs between measurements; 0 means
	// max(1, Epochs/50), about 50 measurements per run.
	Every int
	Seed  uint64
}

// Memorisation is the record of a Memorise run, one entry per measurement.
type Memorisation struct {
	Epoch []float64
	// Tau is the time of the continuum limit, η/(1−β)·steps, in which
	// gradient flow would give every run the same curve.
	Tau   []float64
	Train []float64 // accuracy on the whole, partly corrupted, training set
	// Fit is the accuracy on the corrupted examples measured with their
	// wrong labels: the fraction of them memorised, since a corrupted label
	// is never the true class.
	Fit []float64
	Val []float64 // validation accuracy
}

// Run trains the network and returns its record.
func (m Memorise) Run() (*Memorisation, error) {
	switch {
	case m.Base == nil || m.Base.Len() == 0:
		return nil, errors.New("train: Memorise.Run: Base is nil or empty")
	case m.Val == nil || m.Val.Len() == 0:
		return nil, errors.New("train: Memorise.Run: Val is nil or empty")
	case m.Epochs < 1:
		return nil, fmt.Errorf("train: Memorise.Run: Epochs = %d: want ≥ 1", m.Epochs)
	case m.Every < 0:
		return nil, fmt.Errorf("train: Memorise.Run: Every = %d: want ≥ 1, or 0 for about 50 measurements", m.Every)
	case m.S < 1 || m.S > m.Base.Len():
		return nil, fmt.Errorf("train: Memorise.Run: S = %d: want 1 to %d (the training set size)", m.S, m.Base.Len())
	}
	c, err := Corrupt(m.Base, m.P, m.Seed)
	if err != nil {
		return nil, fmt.Errorf("train: Memorise.Run: %w", err)
	}
	net, err := mlp.New(m.Widths, m.Seed)
	if err != nil {
		return nil, fmt.Errorf("train: Memorise.Run: %w", err)
	}
	every := m.Every
	if every == 0 {
		every = max(1, m.Epochs/50)
	}
	rec := &Memorisation{}
	perEpoch := float64(c.Set.Len() / m.S) // SGD.Run drops the last incomplete minibatch
	measure := func(epoch int, net *mlp.Net) error {
		if epoch%every != 0 {
			return nil
		}
		train, fit, err := c.Accuracy(net)
		if err != nil {
			return err
		}
		_, val, err := net.Evaluate(m.Val)
		if err != nil {
			return err
		}
		e := float64(epoch)
		rec.Epoch = append(rec.Epoch, e)
		rec.Tau = append(rec.Tau, m.Eta/(1-m.Momentum)*(e*perEpoch))
		rec.Train = append(rec.Train, train)
		rec.Fit = append(rec.Fit, fit)
		rec.Val = append(rec.Val, val)
		return nil
	}
	cfg := SGD{Eta: Constant{Value: m.Eta}, S: Constant{Value: float64(m.S)}, Momentum: m.Momentum, Epochs: m.Epochs, Seed: m.Seed, OnEpoch: measure}
	if _, err := cfg.Run(net, c.Set); err != nil {
		return nil, fmt.Errorf("train: Memorise.Run: %w", err)
	}
	return rec, nil
}

// Corrupted is a training set with some of its labels corrupted
// (data.Set.CorruptLabels), and its two parts.
type Corrupted struct {
	Set          *data.Set // the whole set, with the corrupted labels
	Clean, Noisy *data.Set // its examples with their true labels, and the others
}

// Corrupt corrupts a fraction p of the labels of base, chosen by seed.
func Corrupt(base *data.Set, p float64, seed uint64) (Corrupted, error) {
	set, idx, err := base.CorruptLabels(p, seed)
	if err != nil {
		return Corrupted{}, err
	}
	corrupted := make([]bool, set.Len())
	for _, i := range idx {
		corrupted[i] = true
	}
	var cleanIdx []int
	for i, c := range corrupted {
		if !c {
			cleanIdx = append(cleanIdx, i)
		}
	}
	c := Corrupted{Set: set}
	if c.Noisy, err = set.Subset(idx); err == nil {
		c.Clean, err = set.Subset(cleanIdx)
	}
	return c, err
}

// Accuracy returns the accuracy of net on the whole set, with its labels
// as corrupted, and on the corrupted examples alone: the fraction of them
// memorised, since a corrupted label is never the true class. With no
// corrupted example that fraction is 0.
func (c Corrupted) Accuracy(net *mlp.Net) (whole, fit float64, err error) {
	var accs [2]float64
	for k, s := range []*data.Set{c.Clean, c.Noisy} {
		if s.Len() > 0 {
			if _, accs[k], err = net.Evaluate(s); err != nil {
				return 0, 0, err
			}
		}
	}
	nc, nn := float64(c.Clean.Len()), float64(c.Noisy.Len())
	return (nc*accs[0] + nn*accs[1]) / (nc + nn), accs[1], nil
}

// Final returns the last measurement's training accuracy, fraction of
// corrupted examples fit and validation accuracy.
func (r *Memorisation) Final() (train, fit, val float64) {
	k := len(r.Train) - 1
	return r.Train[k], r.Fit[k], r.Val[k]
}

// Peak returns the highest validation accuracy of the run.
func (r *Memorisation) Peak() float64 { return maxOf(r.Val) }

// ValAt returns the validation accuracy where the training accuracy first
// reaches L, interpolated linearly between the measurements around that
// crossing, or NaN if it never does: the run read at a level of
// memorisation rather than at a time, since the training accuracy of a
// noisy iterate goes down as well as up between measurements.
func (r *Memorisation) ValAt(L float64) float64 { return firstReach(r.Train, L, r.Val) }

// TauAt returns the continuum time at which the run first fits a fraction F
// of the corrupted examples, interpolated linearly, or NaN if it never does.
func (r *Memorisation) TauAt(F float64) float64 { return firstReach(r.Fit, F, r.Tau) }

// firstReach returns x where y first reaches level, interpolated linearly
// between the samples around that crossing; x[0] if y starts at or above
// level, NaN if it never reaches it.
func firstReach(y []float64, level float64, x []float64) float64 {
	for k, v := range y {
		if v >= level {
			if k == 0 {
				return x[0]
			}
			f := (level - y[k-1]) / (v - y[k-1])
			return x[k-1] + f*(x[k]-x[k-1])
		}
	}
	return math.NaN()
}

// maxOf returns the largest element of x, −Inf for none.
func maxOf(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	return m
}

// Seeds is the runs of one setting, one per seed.
type Seeds []*Memorisation

// Reach returns the range of training accuracy that every run reaches:
// from the highest first measurement to the lowest maximum.
func (s Seeds) Reach() (lo, hi float64) {
	lo, hi = 0, 1
	for _, r := range s {
		lo, hi = math.Max(lo, r.Train[0]), math.Min(hi, maxOf(r.Train))
	}
	return lo, hi
}

// ValAt returns the seed mean of Memorisation.ValAt.
func (s Seeds) ValAt(L float64) float64 {
	v := 0.0
	for _, r := range s {
		v += r.ValAt(L) / float64(len(s))
	}
	return v
}

// TauAt returns the seed mean of Memorisation.TauAt.
func (s Seeds) TauAt(F float64) float64 {
	t := 0.0
	for _, r := range s {
		t += r.TauAt(F) / float64(len(s))
	}
	return t
}

// MinFit returns the smallest final fraction of corrupted examples fit
// among the runs.
func (s Seeds) MinFit() float64 {
	m := math.Inf(1)
	for _, r := range s {
		_, fit, _ := r.Final()
		m = math.Min(m, fit)
	}
	return m
}

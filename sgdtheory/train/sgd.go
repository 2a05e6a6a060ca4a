package train

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// SGD configures a training run. Eta, S and Epochs are required.
type SGD struct {
	Eta      Schedule // learning rate η > 0
	S        Schedule // batch size, rounded to an integer in [1, training set size]
	Momentum float64  // heavy-ball β in [0, 1); 0 is plain SGD
	L2       float64  // L2 coefficient λ ≥ 0, adding λθ to the gradient
	Epochs   int
	Seed     uint64
	// Val, if set, is evaluated after every epoch.
	Val *data.Set
	// Progress, if set, receives one line per epoch.
	Progress io.Writer
	// OnEpoch, if set, is called after every epoch (and its Progress line)
	// with the number of epochs completed, to measure the network along
	// training; an error stops the run and is returned.
	OnEpoch func(epoch int, net *mlp.Net) error
	// MaxLoss is the minibatch loss above which the run counts as diverged;
	// 0 means 100 times the initial loss of the first minibatch, or 100 if
	// that is smaller.
	MaxLoss float64
}

// History records one entry per completed epoch. TrainLoss and TrainAcc are
// the means over the epoch's minibatches, measured before each update.
type History struct {
	Epoch               []int
	Steps               []int     // total SGD steps at the end of the epoch
	Eta, S              []float64 // η and S at the end of the epoch
	TrainLoss, TrainAcc []float64
	ValLoss, ValAcc     []float64 // NaN without SGD.Val
	Elapsed             []time.Duration
}

// Run trains net in place on train. On divergence it returns the history
// of the completed epochs with an error naming the step.
func (c SGD) Run(net *mlp.Net, train *data.Set) (*History, error) {
	if err := c.validate(net, train); err != nil {
		return nil, err
	}
	u := mlp.Update{Momentum: c.Momentum, L2: c.L2}
	if c.Momentum > 0 {
		u.Velocity = make([]float32, net.NumParams())
	}
	N := train.Len()
	perm := make([]int, N)
	h := &History{}
	start := time.Now()
	step := 0
	maxLoss := c.MaxLoss
	for e := range c.Epochs {
		S := int(math.Round(c.S.At(float64(e))))
		steps := N / S
		shuffle(perm, c.Seed, uint64(e))
		var sumLoss, sumAcc float64
		var eta float64
		for k := range steps {
			eta = c.Eta.At(float64(e) + float64(k)/float64(steps))
			u.Eta = eta
			loss, acc, err := net.Step(train, perm[k*S:(k+1)*S], u)
			if err != nil {
				return h, fmt.Errorf("train: SGD.Run: %w", err)
			}
			if maxLoss == 0 {
				maxLoss = max(100, 100*loss)
			}
			if !(loss <= maxLoss) { // also catches NaN
				return h, fmt.Errorf("train: SGD.Run: diverged at step %d (epoch %d, minibatch %d): loss = %v: want ≤ MaxLoss = %v; try a smaller learning rate than η = %g",
					step, e, k, loss, maxLoss, eta)
			}
			sumLoss += loss
			sumAcc += acc
			step++
		}
		h.Epoch = append(h.Epoch, e+1)
		h.Steps = append(h.Steps, step)
		h.Eta = append(h.Eta, eta)
		h.S = append(h.S, float64(S))
		h.TrainLoss = append(h.TrainLoss, sumLoss/float64(steps))
		h.TrainAcc = append(h.TrainAcc, sumAcc/float64(steps))
		vl, va := math.NaN(), math.NaN()
		if c.Val != nil {
			var err error
			if vl, va, err = net.Evaluate(c.Val); err != nil {
				return h, fmt.Errorf("train: SGD.Run: validation set Val: %w", err)
			}
		}
		h.ValLoss = append(h.ValLoss, vl)
		h.ValAcc = append(h.ValAcc, va)
		el := time.Since(start)
		h.Elapsed = append(h.Elapsed, el)
		if c.Progress != nil {
			left := el / time.Duration(e+1) * time.Duration(c.Epochs-e-1)
			fmt.Fprintf(c.Progress, "epoch %d/%d  η %.4g  S %d  train loss %.4f acc %.4f", e+1, c.Epochs, h.Eta[e], S, h.TrainLoss[e], h.TrainAcc[e])
			if c.Val != nil {
				fmt.Fprintf(c.Progress, "  val loss %.4f acc %.4f", vl, va)
			}
			fmt.Fprintf(c.Progress, "  %v elapsed, ETA %v\n", el.Round(time.Millisecond), left.Round(time.Second))
		}
		if c.OnEpoch != nil {
			if err := c.OnEpoch(e+1, net); err != nil {
				return h, fmt.Errorf("train: SGD.Run: OnEpoch after epoch %d: %w", e+1, err)
			}
		}
	}
	return h, nil
}

func (c SGD) validate(net *mlp.Net, train *data.Set) error {
	switch {
	case net == nil:
		return errors.New("train: SGD.Run: net is nil")
	case net.NumParams() == 0:
		return errors.New("train: SGD.Run: net is not initialised: make it with mlp.New")
	case train == nil || train.Len() == 0:
		return errors.New("train: SGD.Run: training set train is nil or empty")
	case c.Epochs < 1:
		return fmt.Errorf("train: SGD.Run: Epochs = %d: want ≥ 1", c.Epochs)
	case !(c.Momentum >= 0 && c.Momentum < 1):
		return fmt.Errorf("train: SGD.Run: Momentum = %v: want β in [0, 1)", c.Momentum)
	case !(c.L2 >= 0 && c.L2 <= math.MaxFloat64):
		return fmt.Errorf("train: SGD.Run: L2 = %v: want a finite λ ≥ 0", c.L2)
	case !(c.MaxLoss >= 0):
		return fmt.Errorf("train: SGD.Run: MaxLoss = %v: want ≥ 0 (0 for the default)", c.MaxLoss)
	}
	if err := checkSet("training set", train, net); err != nil {
		return err
	}
	if c.Val != nil {
		if c.Val.Len() == 0 {
			return errors.New("train: SGD.Run: Val.Len() = 0: want a validation set with examples, or nil for none")
		}
		if err := checkSet("validation set Val", c.Val, net); err != nil {
			return err
		}
	}
	if err := checkSchedule("Eta", c.Eta, c.Epochs, func(v float64) bool { return v > 0 && v <= math.MaxFloat64 },
		"a finite learning rate > 0"); err != nil {
		return err
	}
	N := train.Len()
	return checkSchedule("S", c.S, c.Epochs, func(v float64) bool { return math.Round(v) >= 1 && math.Round(v) <= float64(N) },
		fmt.Sprintf("a batch size 1 to %d (the training set size)", N))
}

// checkSet validates the set s (data.Set.Validate) and that it fits net,
// so that a bad set fails before training rather than after an epoch.
func checkSet(name string, s *data.Set, net *mlp.Net) error {
	if err := s.Validate(); err != nil {
		return fmt.Errorf("train: SGD.Run: %s: %w", name, err)
	}
	w := net.Widths()
	if s.Dim != w[0] {
		return fmt.Errorf("train: SGD.Run: %s: Dim = %d inputs per example: want %d, the net's first width", name, s.Dim, w[0])
	}
	if c := w[len(w)-1]; s.Classes > c {
		return fmt.Errorf("train: SGD.Run: %s: Classes = %d: want at most %d, the net's last width", name, s.Classes, c)
	}
	return nil
}

// shuffle fills perm with a random permutation drawn from the PCG stream
// (seed, epoch).
func shuffle(perm []int, seed, epoch uint64) { rng.Perm(rng.New(seed, epoch), perm) }

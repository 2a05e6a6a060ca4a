package grid

import (
	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// coolSeed is the seed of the minibatch order of the cooled copy made
// after epoch e of a run with the given seed: a stream of its own, apart
// from the run's.
func coolSeed(seed uint64, e int) uint64 { return seed ^ uint64(e)<<40 ^ 0xc001 }

// cooled trains a clone of net, the network of run s after epoch e, for one
// more epoch at s.Cool·η (batch size s.CoolS, else s.S) on the corrupted
// set c, and returns the clone's
// accuracy on all of c, on its corrupted examples, and on val. Noisy SGD
// sits at a distance from the minimum it wanders about, more so the larger
// η/S; the cooled copy is measured near that minimum instead.
func cooled(net *mlp.Net, c train.Corrupted, val *data.Set, s Spec, momentum, l2 float64, e int) (whole, fit, v float64, err error) {
	cool, S := net.Clone(), s.S
	if s.CoolS > 0 {
		S = s.CoolS
	}
	cfg := train.SGD{Eta: train.Constant{Value: s.Cool * s.Eta}, S: train.Constant{Value: float64(S)},
		Momentum: momentum, L2: l2, Epochs: 1, Seed: coolSeed(s.Seed, e)}
	if _, err = cfg.Run(cool, c.Set); err != nil {
		return
	}
	if whole, fit, err = c.Accuracy(cool); err != nil {
		return
	}
	_, v, err = cool.Evaluate(val)
	return
}

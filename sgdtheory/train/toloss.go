package train

import (
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// RunToLoss trains net in place on train one epoch at a time until its loss
// on the whole of train is at most target, and returns the number of
// epochs: runs compared at equal depth rather than after equal time, which
// confounds η/S with training time. c.Epochs is the most epochs to train;
// not reaching target within them is an error. Epoch e (from 1) draws its
// minibatch order from seed c.Seed·1000 + e, so that a run stopped early
// and a longer one agree on their common epochs. Eta and S must be
// Constant: each epoch is a run of its own, which would restart a schedule.
func (c SGD) RunToLoss(net *mlp.Net, train *data.Set, target float64) (int, error) {
	if !(target > 0) || math.IsInf(target, 1) {
		return 0, fmt.Errorf("train: SGD.RunToLoss: target = %v: want a finite loss > 0", target)
	}
	_, constEta := c.Eta.(Constant)
	_, constS := c.S.(Constant)
	if !constEta || !constS {
		return 0, fmt.Errorf("train: SGD.RunToLoss: Eta = %T, S = %T: want Constant schedules", c.Eta, c.S)
	}
	if err := c.validate(net, train); err != nil {
		return 0, err
	}
	maxEpochs := c.Epochs
	one := c
	one.Epochs = 1
	for e := 1; e <= maxEpochs; e++ {
		one.Seed = c.Seed*1000 + uint64(e)
		if _, err := one.Run(net, train); err != nil {
			return e - 1, fmt.Errorf("train: SGD.RunToLoss: epoch %d: %w", e, err)
		}
		loss, _, err := net.Evaluate(train)
		if err != nil {
			return e, fmt.Errorf("train: SGD.RunToLoss: %w", err)
		}
		if loss <= target {
			return e, nil
		}
	}
	return maxEpochs, fmt.Errorf("train: SGD.RunToLoss: training loss > target = %g after Epochs = %d: want a larger Epochs or target", target, maxEpochs)
}

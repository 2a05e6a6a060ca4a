package curvature

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// Sharpening is the record of full-batch gradient descent at the edge of
// stability (Cohen et al. 2021): the sharpness λ_max rises until it meets
// the linear stability bound 2/η, then hovers there.
type Sharpening struct {
	Eta   float64
	Steps []float64 // 0, Every, 2·Every, …: where the sharpness was measured
	Sharp []float64 // λ_max of the full-batch training loss at Steps
	Loss  []float64 // the full-batch loss before every step
}

// Sharpen trains net in place by full-batch gradient descent (train.SGD
// with S = N, one step per epoch) with learning rate eta for steps steps,
// measuring λ_max of the loss on all of s, by Lanczos (K = 1, seed 1) on
// exact Hessian-vector products, at the start and after every every steps.
func Sharpen(net *mlp.Net, s *data.Set, eta float64, steps, every int) (*Sharpening, error) {
	switch {
	case net == nil:
		return nil, fmt.Errorf("curvature: Sharpen: net is nil")
	case s == nil || s.Len() == 0:
		return nil, fmt.Errorf("curvature: Sharpen: set s is nil or empty")
	case !(eta > 0) || math.IsInf(eta, 1):
		return nil, fmt.Errorf("curvature: Sharpen: eta = %v: want a finite learning rate > 0", eta)
	case every < 1 || steps < every || steps%every != 0:
		return nil, fmt.Errorf("curvature: Sharpen: steps = %d, every = %d: want every ≥ 1 dividing steps", steps, every)
	}
	all := make([]int, s.Len())
	for i := range all {
		all[i] = i
	}
	sharpness := func() (float64, error) {
		hvp, err := exact("Sharpen", net, s, all)
		if err != nil {
			return 0, err
		}
		top, err := Lanczos{K: 1, Seed: 1}.top(hvp, net.NumParams(), "Sharpen")
		if err != nil {
			return 0, err
		}
		return top.Values[0], nil
	}
	l0, err := sharpness()
	if err != nil {
		return nil, err
	}
	r := &Sharpening{Eta: eta, Steps: []float64{0}, Sharp: []float64{l0}}
	gd := train.SGD{Eta: train.Constant{Value: eta}, S: train.Constant{Value: float64(s.Len())}, Epochs: every, Seed: 1}
	for done := 0; done < steps; done += every {
		h, err := gd.Run(net, s)
		if err != nil {
			return nil, fmt.Errorf("curvature: Sharpen: %w", err)
		}
		l, err := sharpness()
		if err != nil {
			return nil, err
		}
		r.Loss = append(r.Loss, h.TrainLoss...)
		r.Steps = append(r.Steps, float64(done+every))
		r.Sharp = append(r.Sharp, l)
	}
	return r, nil
}

// Plateau returns the mean sharpness over the second half of the
// measurements: the level at which a run that reached its edge hovers.
func (r *Sharpening) Plateau() float64 { return stat.Mean(r.Sharp[len(r.Sharp)/2:], nil) }

// Final returns the last measured sharpness.
func (r *Sharpening) Final() float64 { return r.Sharp[len(r.Sharp)-1] }

// Rises returns the number of steps at which the full-batch loss went up,
// which gradient descent on a smooth loss with a small enough step never
// does.
func (r *Sharpening) Rises() int {
	n := 0
	for i := 1; i < len(r.Loss); i++ {
		if r.Loss[i] > r.Loss[i-1] {
			n++
		}
	}
	return n
}

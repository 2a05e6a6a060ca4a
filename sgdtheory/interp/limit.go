package interp

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/sgdminima/sgdminima/sgdtheory/curvature"
	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// Limit is the curvature of the loss along the line at one point α, read
// from second differences whose step δ shrinks, beside the exact value.
//
// For a ReLU network the two readings need not meet. Between θ(α−δ) and
// θ(α+δ) hidden units switch on and off, and each switch bends the loss;
// dᵀHd, from the Hessian of each linear piece, does not see them. Holding
// the gates of θ(α) fixed removes them: that second difference must tend
// to dᵀHd, at the rate δ² of a central difference. The gap between the two
// second differences is the curvature the switches add.
type Limit struct {
	Alpha float64
	Delta []float64
	Loss  []float64 // [L(α−δ) − 2L(α) + L(α+δ)]/δ², L the mean loss over the examples
	Gated []float64 // the same with the ReLU gates of θ(α) held (mlp.Net.GatedLoss)
	Exact float64   // dᵀH(θ(α))d, d = θ₂ − θ₁, by one Hessian-vector product
}

// Limits returns the Limit at alpha on the line from a (α = 0) to b (α = 1)
// for each step in deltas, over examples idx of train.
func Limits(a, b *mlp.Net, alpha float64, deltas []float64, train *data.Set, idx []int) (*Limit, error) {
	for k, δ := range deltas {
		if !(δ > 0) || math.IsInf(δ, 1) {
			return nil, fmt.Errorf("interp: Limits: deltas[%d] = %v: want a finite step > 0", k, δ)
		}
	}
	if len(deltas) == 0 {
		return nil, fmt.Errorf("interp: Limits: no deltas: want ≥ 1 step")
	}
	if len(idx) == 0 {
		return nil, fmt.Errorf("interp: Limits: no examples idx: want ≥ 1")
	}
	if train == nil {
		return nil, fmt.Errorf("interp: Limits: training set train is nil")
	}
	sub, err := train.Subset(idx)
	if err != nil {
		return nil, fmt.Errorf("interp: Limits: %w", err)
	}
	// The nets and α, checked as Along checks them, at the cost of one
	// evaluation on the sample.
	if _, err := alongFor("Limits", a, b, sub, nil, []float64{alpha}); err != nil {
		return nil, err
	}
	t1, t2 := a.Params(), b.Params()
	d := make([]float64, len(t1))
	floats.SubTo(d, t2, t1)
	at := func(x float64) (*mlp.Net, error) {
		n, p := a.Clone(), make([]float64, len(t1))
		floats.AddScaledTo(p, t1, x, d)
		return n, n.SetParams(p)
	}
	gates, err := at(alpha)
	if err != nil {
		return nil, fmt.Errorf("interp: Limits: alpha = %v: %w", alpha, err)
	}
	lim := &Limit{Alpha: alpha, Delta: append([]float64(nil), deltas...)}
	hv, err := curvature.Exact(gates, train, idx)
	if err != nil {
		return nil, fmt.Errorf("interp: Limits: %w", err)
	}
	out := make([]float64, len(d))
	hv(out, d)
	lim.Exact = floats.Dot(d, out)
	for _, δ := range deltas {
		var loss, gated [3]float64
		for j, x := range []float64{alpha - δ, alpha, alpha + δ} {
			n, err := at(x)
			if err != nil {
				return nil, fmt.Errorf("interp: Limits: α = %v: %w", x, err)
			}
			if loss[j], _, err = n.Evaluate(sub); err != nil {
				return nil, fmt.Errorf("interp: Limits: %w", err)
			}
			if gated[j], err = n.GatedLoss(gates, sub, nil); err != nil {
				return nil, fmt.Errorf("interp: Limits: %w", err)
			}
		}
		second := func(f [3]float64) float64 { return (f[0] - 2*f[1] + f[2]) / (δ * δ) }
		lim.Loss = append(lim.Loss, second(loss))
		lim.Gated = append(lim.Gated, second(gated))
	}
	return lim, nil
}

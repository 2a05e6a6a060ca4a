package interp

import (
	"fmt"
	"math"
	"slices"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// Curve is the loss and accuracy along θ(α) = (1 − α)·θ₁ + α·θ₂, one entry
// per α.
type Curve struct {
	Alpha               []float64
	TrainLoss, TrainAcc []float64
	ValLoss, ValAcc     []float64 // NaN without a validation set
}

// Line evaluates n equally spaced points α ∈ [−1, 2] between the
// parameters of a (α = 0) and b (α = 1), the range of the paper's Fig. 2.
// With n ≡ 1 (mod 3), e.g. 31, α = 0 and α = 1 are grid points. val may be
// nil. Each point costs a forward pass over train and val; pass a subset of
// the training set (data.Set.Balanced) to go faster.
func Line(a, b *mlp.Net, train, val *data.Set, n int) (*Curve, error) {
	if n < 2 || n > 10000 {
		return nil, fmt.Errorf("interp: Line: n = %d: want 2 to 10000 points", n)
	}
	alpha := make([]float64, n)
	for k := range alpha {
		alpha[k] = -1 + 3*float64(k)/float64(n-1)
	}
	return alongFor("Line", a, b, train, val, alpha)
}

// Along evaluates the points alpha (any finite values; 0 is a, 1 is b).
func Along(a, b *mlp.Net, train, val *data.Set, alpha []float64) (*Curve, error) {
	return alongFor("Along", a, b, train, val, alpha)
}

// alongFor is Along for the function fn, which it names in errors.
func alongFor(fn string, a, b *mlp.Net, train, val *data.Set, alpha []float64) (*Curve, error) {
	switch {
	case a == nil:
		return nil, fmt.Errorf("interp: %s: net a is nil", fn)
	case b == nil:
		return nil, fmt.Errorf("interp: %s: net b is nil", fn)
	case a.NumParams() == 0 || b.NumParams() == 0:
		return nil, fmt.Errorf("interp: %s: a net is not initialised: make it with mlp.New", fn)
	case !slices.Equal(a.Widths(), b.Widths()):
		return nil, fmt.Errorf("interp: %s: a.Widths() = %v, b.Widths() = %v: want the same architecture", fn, a.Widths(), b.Widths())
	case train == nil:
		return nil, fmt.Errorf("interp: %s: training set train is nil", fn)
	case len(alpha) == 0:
		return nil, fmt.Errorf("interp: %s: len(alpha) = 0: want ≥ 1", fn)
	}
	for k, x := range alpha {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("interp: %s: alpha[%d] = %v: want a finite number", fn, k, x)
		}
	}
	t1, t2 := a.Params(), b.Params()
	net := a.Clone()
	theta := make([]float64, len(t1))
	n := len(alpha)
	c := &Curve{Alpha: slices.Clone(alpha), TrainLoss: make([]float64, n), TrainAcc: make([]float64, n),
		ValLoss: make([]float64, n), ValAcc: make([]float64, n)}
	for k, x := range alpha {
		// θ₁ + α(θ₂ − θ₁) gives θ₁ exactly at α = 0, and θ₂ at α = 1 once
		// rounded to float32.
		for i := range theta {
			theta[i] = t1[i] + x*(t2[i]-t1[i])
		}
		if err := net.SetParams(theta); err != nil {
			return nil, fmt.Errorf("interp: %s: alpha[%d] = %v: %w", fn, k, x, err)
		}
		var err error
		if c.TrainLoss[k], c.TrainAcc[k], err = net.Evaluate(train); err != nil {
			return nil, fmt.Errorf("interp: %s: training set train: %w", fn, err)
		}
		c.ValLoss[k], c.ValAcc[k] = math.NaN(), math.NaN()
		if val != nil {
			if c.ValLoss[k], c.ValAcc[k], err = net.Evaluate(val); err != nil {
				return nil, fmt.Errorf("interp: %s: validation set val: %w", fn, err)
			}
		}
	}
	return c, nil
}

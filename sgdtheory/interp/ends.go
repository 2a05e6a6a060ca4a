package interp

import (
	"fmt"
	"math"
	"slices"

	"github.com/sgdminima/sgdminima/sgdtheory/curvature"
	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// Ends is how sharply the training loss bends at the two ends of a line
// θ(α) = (1 − α)·θ₁ + α·θ₂: index 0 is θ₁ (α = 0), index 1 is θ₂ (α = 1).
// The wall mixes curvature with everything else the loss does over a long
// distance; the picture is the curvature the plot shows; the exact value
// is the same quantity without the finite step and the ReLU kinks.
type Ends struct {
	Dist float64 // ‖θ₂ − θ₁‖
	// Wall is L(−1)/L(0) and L(2)/L(1): how much the loss grows one whole
	// line length beyond each end.
	Wall [2]float64
	// Picture is the second difference of the training-loss curve over one
	// grid step δ, [L(α−δ) − 2L(α) + L(α+δ)]/δ².
	Picture [2]float64
	// Exact is d²L(θ(α))/dα² = dᵀH(θ)d with d = θ₂ − θ₁, one exact
	// Hessian-vector product (curvature.Exact) on the examples idx.
	Exact [2]float64
}

// Bend returns the Ends of the line from a to b. c is the line's Line
// curve, whose grid must contain α = −1, 0, 1 and 2 (n ≡ 1 mod 3, n ≥ 7);
// the exact curvature is that of the mean loss over examples idx of train,
// the Hessian sample shared with λ_max.
func Bend(a, b *mlp.Net, c *Curve, train *data.Set, idx []int) (*Ends, error) {
	switch {
	case a == nil || b == nil:
		return nil, fmt.Errorf("interp: Bend: net a or b is nil")
	case !slices.Equal(a.Widths(), b.Widths()):
		return nil, fmt.Errorf("interp: Bend: a.Widths() = %v, b.Widths() = %v: want the same architecture", a.Widths(), b.Widths())
	case c == nil:
		return nil, fmt.Errorf("interp: Bend: curve c is nil")
	}
	n := len(c.Alpha)
	if n < 7 || (n-1)%3 != 0 || c.Alpha[0] != -1 || c.Alpha[n-1] != 2 || len(c.TrainLoss) != n {
		return nil, fmt.Errorf("interp: Bend: c has %d points from α = %v: want a Line curve with n ≡ 1 (mod 3), n ≥ 7, so that α = −1, 0, 1, 2 are grid points",
			n, c.Alpha[:min(n, 1)])
	}
	i0, i1 := (n-1)/3, 2*(n-1)/3 // α = 0 and α = 1 exactly: −1 + 3k/(n−1)
	L := c.TrainLoss
	for _, i := range []int{0, i0 - 1, i0, i0 + 1, i1 - 1, i1, i1 + 1, n - 1} {
		if !(L[i] > 0) || math.IsInf(L[i], 1) {
			return nil, fmt.Errorf("interp: Bend: c.TrainLoss[%d] = %v: want a finite loss > 0", i, L[i])
		}
	}
	pa, pb := a.Params(), b.Params()
	d := make([]float64, len(pa))
	n2 := 0.0
	for i := range d {
		d[i] = pb[i] - pa[i]
		n2 += d[i] * d[i]
	}
	δ := 3 / float64(n-1)
	second := func(i int) float64 { return (L[i-1] - 2*L[i] + L[i+1]) / (δ * δ) }
	e := &Ends{Dist: math.Sqrt(n2), Wall: [2]float64{L[0] / L[i0], L[n-1] / L[i1]}, Picture: [2]float64{second(i0), second(i1)}}
	out := make([]float64, len(d))
	for k, net := range []*mlp.Net{a, b} {
		hv, err := curvature.Exact(net, train, idx)
		if err != nil {
			return nil, fmt.Errorf("interp: Bend: %w", err)
		}
		hv(out, d)
		s := 0.0
		for i := range d {
			s += d[i] * out[i]
		}
		e.Exact[k] = s
	}
	return e, nil
}

package equilibrium

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/integrate/quad"

	par "github.com/sgdminima/sgdminima/sgdtheory/internal/parallel"
)

// Resolution of the composite Gauss–Legendre rule of Boltzmann1D: the
// density is resolved while a panel, (hi−lo)/panels, is no wider than a
// few standard deviations √(T/2h) of the sharpest well.
const (
	panels = 1024
	nodes  = 16
)

// Boltzmann1D is the normalised stationary density of SGD on a
// one-dimensional loss L at temperature T, restricted to [lo, hi]:
//
//	P(x) = exp(−2L(x)/T) / Z,  Z = ∫_lo^hi exp(−2L(x)/T) dx.
type Boltzmann1D struct {
	loss      func(float64) float64
	t, lo, hi float64
	lmin      float64   // subtracted from L so that exp never overflows
	edges     []float64 // panel edges
	panel     []float64 // ∫ exp(−2(L−lmin)/T) over each panel
	z         float64   // the sum of panel, Z·exp(2·lmin/T)
	x, w      []float64 // Gauss–Legendre rule on [−1, 1]
}

// NewBoltzmann1D integrates exp(−2L(x)/T) over [lo, hi] once, so that
// Prob, CDF and Mass are cheap afterwards. Choose [lo, hi] to hold all
// but a negligible part of the mass; for a DoubleWell, a few √(T/2h)
// beyond each minimum is enough. A panic of L is returned as an error.
func NewBoltzmann1D(L func(float64) float64, T, lo, hi float64) (*Boltzmann1D, error) {
	return newBoltzmann1D("NewBoltzmann1D", L, T, lo, hi)
}

// newBoltzmann1D is NewBoltzmann1D for the function fn, which it names in
// errors.
func newBoltzmann1D(fn string, L func(float64) float64, T, lo, hi float64) (_ *Boltzmann1D, err error) {
	defer par.Recover(&err, "equilibrium: "+fn+": ")
	if L == nil {
		return nil, fmt.Errorf("equilibrium: %s: L is nil: want a loss function", fn)
	}
	if err := checkT(fn, T); err != nil {
		return nil, err
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(lo < hi) {
		return nil, fmt.Errorf("equilibrium: %s: [lo, hi] = [%v, %v]: want finite lo < hi", fn, lo, hi)
	}
	b := &Boltzmann1D{loss: L, t: T, lo: lo, hi: hi,
		edges: make([]float64, panels+1), panel: make([]float64, panels),
		x: make([]float64, nodes), w: make([]float64, nodes)}
	quad.Legendre{}.FixedLocations(b.x, b.w, -1, 1)
	for k := range b.edges {
		b.edges[k] = lo + (hi-lo)*float64(k)/panels
	}
	b.edges[panels] = hi
	// Evaluate L at every node first to find its minimum on the grid.
	vals := make([]float64, 0, panels*nodes)
	b.lmin = math.Inf(1)
	for k := range panels {
		for _, xi := range b.x {
			v := L(b.node(k, xi))
			if math.IsNaN(v) || math.IsInf(v, -1) {
				return nil, fmt.Errorf("equilibrium: %s: L(%v) = %v: want a number > −∞", fn, b.node(k, xi), v)
			}
			b.lmin = math.Min(b.lmin, v)
			vals = append(vals, v)
		}
	}
	for k := range panels {
		var s float64
		for i, wi := range b.w {
			s += wi * math.Exp(-2*(vals[k*nodes+i]-b.lmin)/T)
		}
		b.panel[k] = s * (b.edges[k+1] - b.edges[k]) / 2
		b.z += b.panel[k]
	}
	return b, nil
}

// node maps Gauss–Legendre node xi ∈ [−1, 1] into panel k.
func (b *Boltzmann1D) node(k int, xi float64) float64 {
	return b.edges[k] + (xi+1)*(b.edges[k+1]-b.edges[k])/2
}

// unnorm returns exp(−2(L(x) − lmin)/T).
func (b *Boltzmann1D) unnorm(x float64) float64 {
	return math.Exp(-2 * (b.loss(x) - b.lmin) / b.t)
}

// Prob returns the density P(x), zero outside [lo, hi].
func (b *Boltzmann1D) Prob(x float64) float64 {
	if x < b.lo || x > b.hi {
		return 0
	}
	return b.unnorm(x) / b.z
}

// CDF returns the mass of [lo, x].
func (b *Boltzmann1D) CDF(x float64) float64 { return b.Mass(b.lo, x) }

// Mass returns the probability of [lo, hi], such as a basin between a
// boundary of the domain and a saddle point. It sums only the panels
// inside [lo, hi], so the mass of a basin far less likely than 1e-16 is
// not lost to cancellation.
func (b *Boltzmann1D) Mass(lo, hi float64) float64 {
	lo, hi = math.Max(lo, b.lo), math.Min(hi, b.hi)
	if !(hi > lo) {
		return 0
	}
	// Panels k with edges[k] ≤ x < edges[k+1]; hi == b.hi falls in the last.
	klo := min(sort.SearchFloat64s(b.edges, math.Nextafter(lo, math.Inf(1)))-1, panels-1)
	khi := min(sort.SearchFloat64s(b.edges, math.Nextafter(hi, math.Inf(1)))-1, panels-1)
	if klo == khi {
		return b.partial(lo, hi) / b.z
	}
	s := b.partial(lo, b.edges[klo+1]) + b.partial(b.edges[khi], hi)
	for k := klo + 1; k < khi; k++ {
		s += b.panel[k]
	}
	return s / b.z
}

// partial integrates the unnormalised density over [lo, hi] within one
// panel.
func (b *Boltzmann1D) partial(lo, hi float64) float64 {
	if hi <= lo {
		return 0
	}
	h := (hi - lo) / 2
	var s float64
	for i, xi := range b.x {
		s += b.w[i] * b.unnorm(lo+(xi+1)*h)
	}
	return s * h
}

package mlp

import (
	"fmt"
	"math"
	"slices"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// Net is a multilayer perceptron. Create it with New.
type Net struct {
	widths []int
	theta  []float32
	woff   []int   // offset of layer l's W in theta; its bias follows at woff[l]+in·out
	bw     *batch  // the training workspace, allocated on first use
	hv     *hvWork // HessVec's workspaces
}

// New returns a network with the given layer widths, input first and number
// of classes last (e.g. 784, 256, 256, 256, 10), initialised from seed.
func New(widths []int, seed uint64) (*Net, error) {
	if len(widths) < 2 {
		return nil, fmt.Errorf("mlp: New: len(widths) = %d: want ≥ 2 (inputs and classes)", len(widths))
	}
	for i, w := range widths {
		if w < 1 || w > 1<<20 {
			return nil, fmt.Errorf("mlp: New: widths[%d] = %d: want 1 to %d", i, w, 1<<20)
		}
	}
	if widths[len(widths)-1] < 2 {
		return nil, fmt.Errorf("mlp: New: widths[%d] = %d classes (the last width): want ≥ 2", len(widths)-1, widths[len(widths)-1])
	}
	n := &Net{widths: slices.Clone(widths)}
	p := 0
	for l := range n.layers() {
		n.woff = append(n.woff, p)
		p += (widths[l] + 1) * widths[l+1]
	}
	n.theta = make([]float32, p)
	r := rng.New(seed, 0x6d6c70) // "mlp"
	for l := range n.layers() {
		in := widths[l]
		bound := math.Sqrt(6 / float64(in))
		for i := range n.w(l) {
			n.theta[n.woff[l]+i] = float32((2*rng.Uniform(r) - 1) * bound)
		}
	}
	return n, nil
}

func (n *Net) layers() int { return len(n.widths) - 1 }

// w and b return views of layer l's weights and biases.
func (n *Net) w(l int) []float32 {
	o := n.woff[l]
	return n.theta[o : o+n.widths[l]*n.widths[l+1]]
}

func (n *Net) b(l int) []float32 {
	o := n.woff[l] + n.widths[l]*n.widths[l+1]
	return n.theta[o : o+n.widths[l+1]]
}

// The accessors below treat a nil network as one without layers or
// parameters, so that a missing network is reported by the method that
// needs one rather than by a nil dereference.

// Widths returns a copy of the layer widths.
func (n *Net) Widths() []int {
	if n == nil {
		return nil
	}
	return slices.Clone(n.widths)
}

// NumParams returns the number of parameters, len(Params()).
func (n *Net) NumParams() int {
	if n == nil {
		return 0
	}
	return len(n.theta)
}

// Params returns a float64 copy of the flat parameter vector θ.
func (n *Net) Params() []float64 {
	if n == nil {
		return nil
	}
	p := make([]float64, len(n.theta))
	for i, v := range n.theta {
		p[i] = float64(v)
	}
	return p
}

// SetParams sets θ from p (rounded to float32).
// Values that are not finite as float32 (NaN, ±Inf, beyond ±3.4e38) are an
// error, and leave the network unchanged.
func (n *Net) SetParams(p []float64) error {
	if err := n.ok("Net.SetParams"); err != nil {
		return err
	}
	if len(p) != len(n.theta) {
		return fmt.Errorf("mlp: Net.SetParams: len(p) = %d: want NumParams() = %d", len(p), len(n.theta))
	}
	for i, v := range p {
		if !(math.Abs(v) <= math.MaxFloat32) {
			return fmt.Errorf("mlp: Net.SetParams: p[%d] = %v: want a finite float32", i, v)
		}
	}
	for i, v := range p {
		n.theta[i] = float32(v)
	}
	return nil
}

// Weights returns the flat parameter vector itself: writes to it change the
// network. Optimisers update it in place.
func (n *Net) Weights() []float32 {
	if n == nil {
		return nil
	}
	return n.theta
}

// Clone returns an independent copy of the network (nil for nil).
func (n *Net) Clone() *Net {
	if n == nil {
		return nil
	}
	return &Net{widths: slices.Clone(n.widths), theta: slices.Clone(n.theta), woff: slices.Clone(n.woff)}
}

// String describes the architecture, e.g. "mlp 784-256-10 (203530 parameters)".
func (n *Net) String() string {
	if n == nil {
		return "mlp <nil>"
	}
	s := "mlp "
	for i, w := range n.widths {
		if i > 0 {
			s += "-"
		}
		s += fmt.Sprint(w)
	}
	return fmt.Sprintf("%s (%d parameters)", s, len(n.theta))
}

package mlp

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
)

// Update is the rule by which Step moves the parameters θ along the
// minibatch gradient g:
//
//	θ ← θ − η(g + λθ)                     plain SGD (Velocity nil)
//	v ← βv + g + λθ,  θ ← θ − ηv          heavy-ball momentum
type Update struct {
	Eta      float64   // learning rate η > 0
	L2       float64   // L2 coefficient λ ≥ 0
	Momentum float64   // β in [0, 1); needs Velocity when > 0
	Velocity []float32 // v, len NumParams, updated in place; nil for plain SGD
}

func (u Update) check(params int) error {
	switch {
	case !(u.Eta > 0 && u.Eta <= math.MaxFloat32):
		return fmt.Errorf("mlp: Net.Step: Eta = %v: want a finite learning rate > 0", u.Eta)
	case !(u.L2 >= 0 && u.L2 <= math.MaxFloat32):
		return fmt.Errorf("mlp: Net.Step: L2 = %v: want a finite λ ≥ 0", u.L2)
	case !(u.Momentum >= 0 && u.Momentum < 1):
		return fmt.Errorf("mlp: Net.Step: Momentum = %v: want β in [0, 1)", u.Momentum)
	case u.Momentum > 0 && u.Velocity == nil:
		return fmt.Errorf("mlp: Net.Step: Velocity = nil with Momentum = %v: want len(Velocity) = NumParams() = %d", u.Momentum, params)
	case u.Velocity != nil && len(u.Velocity) != params:
		return fmt.Errorf("mlp: Net.Step: len(Velocity) = %d: want NumParams() = %d", len(u.Velocity), params)
	}
	return nil
}

// Step takes one step of minibatch SGD on the mean loss over examples idx
// of s, by rule u, and returns the loss and accuracy of the minibatch
// before the step.
//
// The gradient is never stored: the matrix product that computes a layer's
// weight gradient AᵀD adds it straight into θ (or v), saving the passes over
// all parameters that a separate gradient and update would take. The result
// is that of Grad32 followed by the update, up to float32 rounding, and like
// Grad32 it is bit-identical whatever the number of cores.
func (n *Net) Step(s *data.Set, idx []int, u Update) (loss, acc float64, err error) {
	if err := n.ok("Net.Step"); err != nil {
		return 0, 0, err
	}
	if err := u.check(len(n.theta)); err != nil {
		return 0, 0, err
	}
	if err := n.check(s, idx, "Net.Step"); err != nil {
		return 0, 0, err
	}
	b, loss, acc, err := n.pass(s, idx)
	if err == nil {
		err = n.apply(b, len(idx), rule{eta: float32(u.Eta), l2: float32(u.L2), beta: float32(u.Momentum), v: u.Velocity})
	}
	if err != nil {
		return 0, 0, fmt.Errorf("mlp: Net.Step: %w (the parameters may be partly updated)", err)
	}
	return loss, acc, nil
}

// rule is what apply does with the gradient g of a parameter block:
// with dst set, dst ← g; with v set, heavy-ball momentum on the network's
// θ with velocity v; otherwise plain SGD on θ.
type rule struct {
	dst, v        []float32
	eta, l2, beta float32
}

// apply computes every layer's weight and bias gradients from the
// activations and deltas of the first m rows of b and applies rule u.
//
// Layer l's parameters form a (k+1)×w matrix, W with the bias as its last
// row, whose gradient is [A 1]ᵀD. The parameter vector is cut into
// numParts(P) ranges of whole rows and equal size, worked on in parallel:
// each row costs its width in multiply-adds, so the work is balanced, and
// the cut, like the sums, depends on nothing but the widths. The error is
// that of a panic in a worker.
func (n *Net) apply(b *batch, m int, u rule) error {
	impl := blas32.Implementation()
	P := len(n.theta)
	parts := numParts(P)
	return parallel(parts, func(p int) {
		from, to := P*p/parts, P*(p+1)/parts
		for l := range n.layers() {
			k, w := n.widths[l], n.widths[l+1]
			o := n.woff[l]
			lo := min(max(0, (from-o+w-1)/w), k+1) // rows whose first parameter is in [from, to)
			hi := min(max(0, (to-o+w-1)/w), k+1)
			a, d := b.a[l][:m*k], b.d[l+1][:m*w]
			if r := min(hi, k); lo < r { // C ← α·A[:, lo:r]ᵀ·D + β·C
				n.update(u, o+lo*w, o+r*w, func(alpha, beta float32, c []float32) {
					impl.Sgemm(blas.Trans, blas.NoTrans, r-lo, w, m, alpha, a[lo:], k, d, w, beta, c, w)
				})
			}
			if lo <= k && k < hi { // the bias: c ← α·Dᵀ·1 + β·c
				n.update(u, o+k*w, o+(k+1)*w, func(alpha, beta float32, c []float32) {
					impl.Sgemv(blas.Trans, m, w, alpha, d, w, b.ones[:m], 1, beta, c, 1)
				})
			}
		}
	})
}

// update applies rule u to parameters i to j, whose gradient prod adds
// into a slice c as c ← α·g + β·c.
func (n *Net) update(u rule, i, j int, prod func(alpha, beta float32, c []float32)) {
	switch {
	case u.dst != nil:
		prod(1, 0, u.dst[i:j])
	case u.v == nil:
		th := n.theta[i:j]
		if u.l2 > 0 { // θ ← θ − ηλθ first: a factor 1 − ηλ would round ηλ to float32's 1e-7
			c := u.eta * u.l2
			for i, x := range th {
				th[i] = x - c*x
			}
		}
		prod(-u.eta, 1, th)
	default:
		v, th := u.v[i:j], n.theta[i:j]
		prod(1, u.beta, v)
		for i := range v {
			if u.l2 > 0 {
				v[i] += u.l2 * th[i]
			}
			th[i] -= u.eta * v[i]
		}
	}
}

package mlp

import (
	"fmt"
	"runtime"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	par "github.com/sgdminima/sgdminima/sgdtheory/internal/parallel"
)

// Sharding constants. They fix how work is cut, and so the order of every
// floating-point sum, from the sizes alone: results are bit-identical on
// any machine, and the pieces grow in number with the work, so that a
// machine with more cores has more of them to run at once.
const (
	minShardRows = 16      // below this a shard's GEMMs are too thin to pay
	shardRows    = 64      // rows per shard of a large minibatch
	partParams   = 1 << 16 // about this many parameters per block of rows in apply, at least two blocks
	evalRows     = 256     // examples per block in Evaluate
)

// numShards is the number of shards of a minibatch of m examples: shards of
// about shardRows rows, but two as soon as m has two of minShardRows.
func numShards(m int) int { return max(1, min(m/minShardRows, max(2, m/shardRows))) }

// numHVShards is the number of shards of HessVec's m examples, hvRows at
// most per shard.
func numHVShards(m int) int { return max(1, (m+hvRows-1)/hvRows) }

// numParts is the number of blocks of rows the weights of P parameters are
// cut into in apply.
func numParts(P int) int { return max(2, P/partParams) }

// check validates the network, the set and the examples idx (nil: all of
// s) for method who: the set must fit the network, and its shape and the
// labels of the examples used must be valid (data.Set.Validate).
func (n *Net) check(s *data.Set, idx []int, who string) error {
	if err := n.ok(who); err != nil {
		return err
	}
	if s == nil {
		return fmt.Errorf("mlp: %s: set s is nil", who)
	}
	if s.Dim != n.widths[0] {
		return fmt.Errorf("mlp: %s: s.Dim = %d inputs per example: want %d, the net's first width", who, s.Dim, n.widths[0])
	}
	if c := n.widths[len(n.widths)-1]; s.Classes > c {
		return fmt.Errorf("mlp: %s: s.Classes = %d: want at most %d, the net's last width", who, s.Classes, c)
	}
	if idx == nil {
		if s.Len() == 0 {
			return fmt.Errorf("mlp: %s: s.Len() = 0: want a set with examples", who)
		}
		if err := s.Validate(); err != nil {
			return fmt.Errorf("mlp: %s: %w", who, err)
		}
		return nil
	}
	if len(idx) == 0 {
		return fmt.Errorf("mlp: %s: len(idx) = 0: want ≥ 1 examples", who)
	}
	for k, i := range idx {
		if i < 0 || i >= s.Len() {
			return fmt.Errorf("mlp: %s: idx[%d] = %d: want 0 to %d", who, k, i, s.Len()-1)
		}
	}
	if err := s.Validate(idx...); err != nil {
		return fmt.Errorf("mlp: %s: %w", who, err)
	}
	return nil
}

// ok returns an error unless n was made by New.
func (n *Net) ok(who string) error {
	if n == nil || len(n.widths) < 2 || len(n.theta) == 0 {
		return fmt.Errorf("mlp: %s: the network is nil or not initialised: make it with mlp.New", who)
	}
	return nil
}

// Grad32 writes the gradient of the mean loss over examples idx of s into
// dst (len NumParams) and returns that loss and the minibatch accuracy. It
// allocates nothing once the workspaces for this minibatch size exist.
func (n *Net) Grad32(dst []float32, s *data.Set, idx []int) (loss, acc float64, err error) {
	return n.grad32(dst, s, idx, "Net.Grad32")
}

// grad32 is Grad32 for the method who, which names it in errors.
func (n *Net) grad32(dst []float32, s *data.Set, idx []int, who string) (loss, acc float64, err error) {
	if err := n.ok(who); err != nil {
		return 0, 0, err
	}
	if len(dst) != len(n.theta) {
		return 0, 0, fmt.Errorf("mlp: %s: len(dst) = %d: want NumParams() = %d", who, len(dst), len(n.theta))
	}
	if err := n.check(s, idx, who); err != nil {
		return 0, 0, err
	}
	b, loss, acc, err := n.pass(s, idx)
	if err == nil {
		err = n.apply(b, len(idx), rule{dst: dst})
	}
	if err != nil {
		return 0, 0, fmt.Errorf("mlp: %s: %w", who, err)
	}
	return loss, acc, nil
}

// pass runs the forward pass on examples idx of s, shard by shard in
// parallel, and backpropagates the derivative of the mean loss to every
// layer's pre-activations. It returns the workspace, the mean loss and the
// accuracy; the weight gradients are left to apply. The error is that of a
// panic in a worker.
func (n *Net) pass(s *data.Set, idx []int) (b *batch, loss, acc float64, err error) {
	m := len(idx)
	K := numShards(m)
	b = n.batch(m)
	scale := 1 / float32(m)
	if err := parallel(K, func(k int) {
		rows := idx[k*m/K : (k+1)*m/K]
		sh := b.parts[k]
		n.forward(sh, s, rows)
		n.output(sh, s, rows, scale, true)
		n.deltas(sh, len(rows))
	}); err != nil {
		return nil, 0, 0, err
	}
	correct := 0
	for _, sh := range b.parts[:K] {
		loss += sh.loss
		correct += sh.correct
	}
	return b, loss / float64(m), float64(correct) / float64(m), nil
}

// parallel runs f(0), …, f(n−1) on up to GOMAXPROCS goroutines, the
// caller's among them, so no item waits for a goroutine to be scheduled. A
// panic in f is returned as an error instead of crashing the process.
func parallel(n int, f func(int)) error {
	return par.Do(n, 0, func(i int) error { f(i); return nil })
}

// Grad returns the gradient of the mean loss over examples idx of s, as
// float64, and that loss.
func (n *Net) Grad(s *data.Set, idx []int) (g []float64, loss float64, err error) {
	if err := n.ok("Net.Grad"); err != nil {
		return nil, 0, err
	}
	g32 := make([]float32, len(n.theta))
	if loss, _, err = n.grad32(g32, s, idx, "Net.Grad"); err != nil {
		return nil, 0, err
	}
	g = make([]float64, len(g32))
	for i, v := range g32 {
		g[i] = float64(v)
	}
	return g, loss, nil
}

// Evaluate returns the mean cross-entropy loss and the accuracy (fraction of
// examples whose largest logit is the label) of the network on all of s.
func (n *Net) Evaluate(s *data.Set) (loss, acc float64, err error) {
	if err := n.check(s, nil, "Net.Evaluate"); err != nil {
		return 0, 0, err
	}
	N := s.Len()
	nb := (N + evalRows - 1) / evalRows
	losses := make([]float64, nb)
	correct := make([]int, nb)
	pool := make(chan *shard, runtime.GOMAXPROCS(0))
	idx := make([]int, N)
	for i := range idx {
		idx[i] = i
	}
	if err := parallel(nb, func(b int) {
		var sh *shard
		select {
		case sh = <-pool:
		default:
			sh = newShard(n.widths, evalRows)
		}
		rows := idx[b*evalRows : min((b+1)*evalRows, N)]
		n.forward(sh, s, rows)
		n.output(sh, s, rows, 0, false)
		losses[b], correct[b] = sh.loss, sh.correct
		pool <- sh
	}); err != nil {
		return 0, 0, fmt.Errorf("mlp: Net.Evaluate: %w", err)
	}
	var c int
	for b := range nb {
		loss += losses[b]
		c += correct[b]
	}
	return loss / float64(N), float64(c) / float64(N), nil
}

// maxPerExample bounds the size of PerExampleGrads' result (1 GiB).
const maxPerExample = 1 << 27

// PerExampleGrads returns the gradients of the loss of each example idx[i]
// as row i of a len(idx)×NumParams matrix. Their mean is Grad(s, idx) and
// their covariance the gradient covariance C.
func (n *Net) PerExampleGrads(s *data.Set, idx []int) (*mat.Dense, error) {
	if err := n.check(s, idx, "Net.PerExampleGrads"); err != nil {
		return nil, err
	}
	P := len(n.theta)
	if len(idx) > maxPerExample/P {
		return nil, fmt.Errorf("mlp: Net.PerExampleGrads: len(idx) = %d: want ≤ %d (%d examples × %d parameters exceed %d numbers)",
			len(idx), maxPerExample/P, len(idx), P, maxPerExample)
	}
	out := mat.NewDense(len(idx), P, nil)
	sh := newShard(n.widths, len(idx))
	n.forward(sh, s, idx)
	n.output(sh, s, idx, 1, true)
	n.deltas(sh, len(idx))
	g := make([]float32, P)
	one := &batch{shard: newShard(n.widths, 1), ones: []float32{1}}
	// Each example's gradient is a sum of outer products a_lᵀ d_{l+1} of its
	// own rows of the stored activations and deltas.
	for r := range idx {
		for l, w := range n.widths {
			copy(one.a[l], sh.a[l][r*w:(r+1)*w])
			if l > 0 {
				copy(one.d[l], sh.d[l][r*w:(r+1)*w])
			}
		}
		if err := n.apply(one, 1, rule{dst: g}); err != nil {
			return nil, fmt.Errorf("mlp: Net.PerExampleGrads: %w", err)
		}
		row := out.RawRowView(r)
		for i, v := range g {
			row[i] = float64(v)
		}
	}
	return out, nil
}

package mlp

import (
	"fmt"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
)

// Sharding constants. They fix how a minibatch is cut, and so the order of
// every floating-point sum, independently of the machine.
const (
	minShardRows = 16  // below this a shard's GEMMs are too thin to pay
	maxShards    = 2   // this machine's cores
	weightParts  = 2   // row blocks of each layer's weights, one per core, in apply
	evalRows     = 256 // examples per block in Evaluate
)

// numShards is the number of shards of a minibatch of m examples.
func numShards(m int) int { return max(1, min(maxShards, m/minShardRows)) }

func (n *Net) check(s *data.Set, idx []int, who string) error {
	if s == nil {
		return fmt.Errorf("mlp: %s: set is nil", who)
	}
	if s.Dim != n.widths[0] {
		return fmt.Errorf("mlp: %s: set has %d inputs per example: want %d, the net's first width", who, s.Dim, n.widths[0])
	}
	if c := n.widths[len(n.widths)-1]; s.Classes > c {
		return fmt.Errorf("mlp: %s: set has %d classes: want at most %d, the net's last width", who, s.Classes, c)
	}
	if idx == nil {
		if s.Len() == 0 {
			return fmt.Errorf("mlp: %s: set is empty", who)
		}
		return nil
	}
	if len(idx) == 0 {
		return fmt.Errorf("mlp: %s: no examples: want len(idx) ≥ 1", who)
	}
	for k, i := range idx {
		if i < 0 || i >= s.Len() {
			return fmt.Errorf("mlp: %s: idx[%d] = %d: want 0 to %d", who, k, i, s.Len()-1)
		}
	}
	return nil
}

// Grad32 writes the gradient of the mean loss over examples idx of s into
// dst (len NumParams) and returns that loss and the minibatch accuracy. It
// allocates nothing once the workspaces for this minibatch size exist.
func (n *Net) Grad32(dst []float32, s *data.Set, idx []int) (loss, acc float64, err error) {
	if len(dst) != len(n.theta) {
		return 0, 0, fmt.Errorf("mlp: Grad32: len(dst) = %d: want NumParams() = %d", len(dst), len(n.theta))
	}
	if err := n.check(s, idx, "Grad32"); err != nil {
		return 0, 0, err
	}
	loss, acc = n.grad(dst, s, idx)
	return loss, acc, nil
}

func (n *Net) grad(dst []float32, s *data.Set, idx []int) (loss, acc float64) {
	b, loss, acc := n.pass(s, idx)
	n.apply(b, len(idx), rule{dst: dst})
	return loss, acc
}

// pass runs the forward pass on examples idx of s, shard by shard in
// parallel, and backpropagates the derivative of the mean loss to every
// layer's pre-activations. It returns the workspace, the mean loss and the
// accuracy; the weight gradients are left to apply.
func (n *Net) pass(s *data.Set, idx []int) (b *batch, loss, acc float64) {
	m := len(idx)
	K := numShards(m)
	b = n.batch(m)
	scale := 1 / float32(m)
	parallel(K, func(k int) {
		rows := idx[k*m/K : (k+1)*m/K]
		sh := b.parts[k]
		n.forward(sh, s, rows)
		n.output(sh, s, rows, scale, true)
		n.deltas(sh, len(rows))
	})
	correct := 0
	for _, sh := range b.parts[:K] {
		loss += sh.loss
		correct += sh.correct
	}
	return b, loss / float64(m), float64(correct) / float64(m)
}

// parallel runs f(0), …, f(n−1) on up to GOMAXPROCS goroutines. The
// caller works too, so no item waits for a goroutine to be scheduled.
func parallel(n int, f func(int)) {
	var mu sync.Mutex
	next := 0
	work := func() {
		for {
			mu.Lock()
			i := next
			next++
			mu.Unlock()
			if i >= n {
				return
			}
			f(i)
		}
	}
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
}

// Grad returns the gradient of the mean loss over examples idx of s, as
// float64, and that loss.
func (n *Net) Grad(s *data.Set, idx []int) (g []float64, loss float64, err error) {
	g32 := make([]float32, len(n.theta))
	if loss, _, err = n.Grad32(g32, s, idx); err != nil {
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
	if err := n.check(s, nil, "Evaluate"); err != nil {
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
	parallel(nb, func(b int) {
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
	})
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
	if err := n.check(s, idx, "PerExampleGrads"); err != nil {
		return nil, err
	}
	P := len(n.theta)
	if len(idx) > maxPerExample/P {
		return nil, fmt.Errorf("mlp: PerExampleGrads: %d examples × %d parameters exceeds %d numbers: want len(idx) ≤ %d",
			len(idx), P, maxPerExample, maxPerExample/P)
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
		n.apply(one, 1, rule{dst: g})
		row := out.RawRowView(r)
		for i, v := range g {
			row[i] = float64(v)
		}
	}
	return out, nil
}

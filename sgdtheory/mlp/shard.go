package mlp

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
)

// shard is the workspace for a block of up to cap examples: a[0] holds the
// inputs, a[l] the outputs of layer l (after ReLU for hidden layers, logits
// for the last), d[l] the loss gradient with respect to layer l's
// pre-activations.
type shard struct {
	cap     int
	a, d    [][]float32
	loss    float64 // sum of per-example losses
	correct int
}

func newShard(widths []int, rows int) *shard {
	sh := &shard{cap: rows, a: make([][]float32, len(widths)), d: make([][]float32, len(widths))}
	for l, w := range widths {
		sh.a[l] = make([]float32, rows*w)
		if l > 0 {
			sh.d[l] = make([]float32, rows*w)
		}
	}
	return sh
}

// batch is the workspace of a training minibatch. Its buffers hold every
// row of the minibatch, so that a layer's weight gradient AᵀD is one matrix
// product over the whole minibatch rather than a sum of per-shard products;
// its shards are views of consecutive rows.
type batch struct {
	*shard           // all rows
	parts  []*shard  // the row views of the current minibatch size
	ones   []float32 // cap ones: a bias gradient is 1ᵀD
}

// batch returns the workspace for a minibatch of m examples, cut into
// numShards(m) views.
func (n *Net) batch(m int) *batch {
	b := n.bw
	if b == nil || b.cap < m {
		b = &batch{shard: newShard(n.widths, m), ones: make([]float32, m)}
		for i := range b.ones {
			b.ones[i] = 1
		}
		n.bw = b
	}
	K := numShards(m)
	for len(b.parts) < K {
		b.parts = append(b.parts, &shard{a: make([][]float32, len(n.widths)), d: make([][]float32, len(n.widths))})
	}
	for k, sh := range b.parts[:K] {
		lo, hi := k*m/K, (k+1)*m/K
		sh.cap = hi - lo
		for l, w := range n.widths {
			sh.a[l] = b.a[l][lo*w : hi*w]
			if l > 0 {
				sh.d[l] = b.d[l][lo*w : hi*w]
			}
		}
	}
	return b
}

// forward loads examples idx of s into a[0] and runs the network.
func (n *Net) forward(sh *shard, s *data.Set, idx []int) { n.gatedForward(sh, nil, s, idx) }

// gatedForward is forward with the hidden units gated by the activations g
// holds from a forward pass of another network on the same rows (GatedLoss);
// a nil g is the network's own ReLU.
func (n *Net) gatedForward(sh, g *shard, s *data.Set, idx []int) {
	in := n.widths[0]
	for r, i := range idx {
		copy(sh.a[0][r*in:(r+1)*in], s.X[i*in:(i+1)*in])
	}
	m := len(idx)
	impl := blas32.Implementation()
	for l := range n.layers() {
		k, w := n.widths[l], n.widths[l+1]
		z := sh.a[l+1][:m*w]
		b := n.b(l)
		for r := range m {
			copy(z[r*w:(r+1)*w], b)
		}
		impl.Sgemm(blas.NoTrans, blas.NoTrans, m, w, k, 1, sh.a[l], k, n.w(l), w, 1, z, w)
		switch {
		case l == n.layers()-1:
		case g == nil:
			relu(z)
		default:
			reluMask(z, g.a[l+1][:m*w]) // open where the gating unit is active
		}
	}
}

// output computes the cross-entropy of the logits in a[L] against the labels
// of idx, and, if grad, writes scale·(softmax − onehot) into d[L].
func (n *Net) output(sh *shard, s *data.Set, idx []int, scale float32, grad bool) {
	L := n.layers()
	c := n.widths[L]
	sh.loss, sh.correct = 0, 0
	for r, i := range idx {
		z := sh.a[L][r*c : (r+1)*c]
		y := s.Y[i]
		zmax, arg := z[0], 0
		for k, v := range z {
			if v > zmax {
				zmax, arg = v, k
			}
		}
		if arg == y {
			sh.correct++
		}
		var sum float64
		for _, v := range z {
			sum += math.Exp(float64(v - zmax))
		}
		lse := float64(zmax) + math.Log(sum)
		sh.loss += lse - float64(z[y])
		if !grad {
			continue
		}
		d := sh.d[L][r*c : (r+1)*c]
		for k, v := range z {
			d[k] = scale * float32(math.Exp(float64(v)-lse))
		}
		d[y] -= scale
	}
}

// deltas propagates d[L], set by output, back to d[1] for the first m rows
// (d[l] = d[l+1]·W_lᵀ masked by the ReLU), with the current weights.
func (n *Net) deltas(sh *shard, m int) {
	impl := blas32.Implementation()
	for l := n.layers() - 1; l > 0; l-- {
		k, w := n.widths[l], n.widths[l+1]
		prev := sh.d[l][:m*k]
		impl.Sgemm(blas.NoTrans, blas.Trans, m, k, w, 1, sh.d[l+1][:m*w], w, n.w(l), w, 0, prev, k)
		reluMask(prev, sh.a[l][:m*k])
	}
}

// relu sets the negative entries of z to zero. Half the signs of a layer are
// random, so a branch would be mispredicted half the time; the sign bit,
// spread into a mask, clears them without one (a quarter of a training
// step's time went to the branchy version).
func relu(z []float32) {
	for i, v := range z {
		b := math.Float32bits(v)
		z[i] = math.Float32frombits(b &^ uint32(int32(b)>>31))
	}
}

// reluMask zeroes d where the ReLU output a is zero. a ≥ 0, so a > 0 exactly
// when its bits, read as an integer, are positive.
func reluMask(d, a []float32) {
	a = a[:len(d)]
	for i, v := range a {
		live := uint32(-int32(math.Float32bits(v)) >> 31) // all ones iff v > 0
		d[i] = math.Float32frombits(math.Float32bits(d[i]) & live)
	}
}

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
// pre-activations. g is the shard's partial gradient.
type shard struct {
	cap     int
	a, d    [][]float32
	g       []float32
	loss    float64 // sum of per-example losses
	correct int
}

func newShard(widths []int, rows, params int) *shard {
	sh := &shard{cap: rows, a: make([][]float32, len(widths)), d: make([][]float32, len(widths))}
	for l, w := range widths {
		sh.a[l] = make([]float32, rows*w)
		if l > 0 {
			sh.d[l] = make([]float32, rows*w)
		}
	}
	sh.g = make([]float32, params)
	return sh
}

// shard returns workspace k with room for rows examples.
func (n *Net) shard(k, rows int) *shard {
	for len(n.shards) <= k {
		n.shards = append(n.shards, nil)
	}
	if sh := n.shards[k]; sh == nil || sh.cap < rows {
		n.shards[k] = newShard(n.widths, rows, len(n.theta))
	}
	return n.shards[k]
}

// forward loads examples idx of s into a[0] and runs the network.
func (n *Net) forward(sh *shard, s *data.Set, idx []int) {
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
		if l < n.layers()-1 {
			relu(z)
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

// backward accumulates the gradient of Σ_r loss_r·scale into g (overwriting
// it), from d[L] set by output, for the first m rows.
func (n *Net) backward(sh *shard, m int, g []float32) {
	impl := blas32.Implementation()
	for l := n.layers() - 1; l >= 0; l-- {
		k, w := n.widths[l], n.widths[l+1]
		d := sh.d[l+1][:m*w]
		o := n.woff[l]
		impl.Sgemm(blas.Trans, blas.NoTrans, k, w, m, 1, sh.a[l], k, d, w, 0, g[o:o+k*w], w)
		db := g[o+k*w : o+k*w+w]
		clear(db)
		for r := range m {
			for j, v := range d[r*w : (r+1)*w] {
				db[j] += v
			}
		}
		if l == 0 {
			break
		}
		prev := sh.d[l][:m*k]
		impl.Sgemm(blas.NoTrans, blas.Trans, m, k, w, 1, d, w, n.w(l), w, 0, prev, k)
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

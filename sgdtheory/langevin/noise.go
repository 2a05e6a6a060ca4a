package langevin

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// Noise chooses the noise factor B of the gradient noise, C = BBᵀ. At most
// one field may be set; the zero Noise is no noise (gradient descent).
type Noise struct {
	// Sigma gives isotropic noise B = σI, the paper's C = σ²I.
	Sigma float64
	// Diag gives diagonal noise B = diag(Diag); len(Diag) is the dimension.
	Diag []float64
	// B is a constant d×k matrix; ξ then has k components.
	B *mat.Dense
	// Func writes the state-dependent d×d matrix B(x) into dst. It is
	// called from several goroutines at once, so it must not modify shared
	// state, and it must not modify x.
	Func func(dst *mat.Dense, x []float64)

	err error // why a constructor (FisherNoise) could not make the noise
}

type noiseKind int

const (
	noiseNone noiseKind = iota
	noiseSigma
	noiseDiag
	noiseMatrix
	noiseFunc
)

// noise is the validated, flattened form of Noise used in the hot loop.
type noise struct {
	kind  noiseKind
	sigma float64
	diag  []float64
	b     []float64 // d×k, row-major
	k     int       // number of components of ξ
	fn    func(dst *mat.Dense, x []float64)
}

func (n Noise) compile(fn string, d int) (noise, error) {
	if n.err != nil {
		return noise{}, n.err
	}
	set := 0
	if n.Sigma != 0 {
		set++
	}
	if n.Diag != nil {
		set++
	}
	if n.B != nil {
		set++
	}
	if n.Func != nil {
		set++
	}
	if set > 1 {
		return noise{}, fmt.Errorf("langevin: %s: Noise has %d of Sigma, Diag, B, Func set: want at most one", fn, set)
	}
	switch {
	case n.Sigma != 0:
		if !finite(n.Sigma) {
			return noise{}, fmt.Errorf("langevin: %s: Noise.Sigma = %v: want a finite number", fn, n.Sigma)
		}
		return noise{kind: noiseSigma, sigma: n.Sigma, k: d}, nil
	case n.Diag != nil:
		if len(n.Diag) != d {
			return noise{}, fmt.Errorf("langevin: %s: len(Noise.Diag) = %d: want the surface dimension %d", fn, len(n.Diag), d)
		}
		for i, v := range n.Diag {
			if !finite(v) {
				return noise{}, fmt.Errorf("langevin: %s: Noise.Diag[%d] = %v: want a finite number", fn, i, v)
			}
		}
		return noise{kind: noiseDiag, diag: append([]float64(nil), n.Diag...), k: d}, nil
	case n.B != nil:
		r, c := n.B.Dims()
		if r != d {
			return noise{}, fmt.Errorf("langevin: %s: Noise.B has %d rows: want the surface dimension %d", fn, r, d)
		}
		b := make([]float64, 0, r*c)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				v := n.B.At(i, j)
				if !finite(v) {
					return noise{}, fmt.Errorf("langevin: %s: Noise.B[%d,%d] = %v: want a finite number", fn, i, j, v)
				}
				b = append(b, v)
			}
		}
		return noise{kind: noiseMatrix, b: b, k: c}, nil
	case n.Func != nil:
		return noise{kind: noiseFunc, fn: n.Func, k: d}, nil
	}
	return noise{kind: noiseNone}, nil
}

// scalar reports the 1-D noise amplitude b when the noise is constant and
// one-dimensional, which lets Run use its fast path.
func (n *noise) scalar() (b float64, ok bool) {
	switch n.kind {
	case noiseNone:
		return 0, true
	case noiseSigma:
		return n.sigma, true
	case noiseDiag:
		return n.diag[0], true
	case noiseMatrix:
		if n.k == 1 {
			return n.b[0], true
		}
	}
	return 0, false
}

// add adds amp·B(at)ξ to dst, drawing ξ into xi from r: dst is the
// position for SGD, the velocity for heavy ball, whose noise factor is still
// evaluated at the position at. bx is a d×d scratch matrix used only for
// state-dependent noise.
func (n *noise) add(dst, at []float64, amp float64, xi []float64, bx *mat.Dense, r *rand.PCG) {
	switch n.kind {
	case noiseNone:
	case noiseSigma:
		a := amp * n.sigma
		for j := range dst {
			dst[j] += a * rng.Normal(r)
		}
	case noiseDiag:
		for j := range dst {
			dst[j] += amp * n.diag[j] * rng.Normal(r)
		}
	case noiseMatrix:
		mulAdd(dst, amp, n.b, n.k, n.k, xi, r)
	case noiseFunc:
		n.fn(bx, at)
		raw := bx.RawMatrix()
		mulAdd(dst, amp, raw.Data, raw.Stride, raw.Cols, xi, r)
	}
}

// mulAdd adds amp·Bξ to x for a row-major d×k matrix b whose rows start
// stride apart.
func mulAdd(x []float64, amp float64, b []float64, stride, k int, xi []float64, r *rand.PCG) {
	for l := range xi {
		xi[l] = rng.Normal(r)
	}
	for j := range x {
		row := b[j*stride : j*stride+k]
		var s float64
		for l, v := range row {
			s += v * xi[l]
		}
		x[j] += amp * s
	}
}

func finite(v float64) bool { return math.Abs(v) <= math.MaxFloat64 }

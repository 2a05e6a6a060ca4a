package langevin

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// Preconditioned is an ensemble of preconditioned SGD,
//
//	θ ← θ − η P(θ) [g Dt + (1/√S) B(θ) √Dt ξ],
//
// the Ensemble's dynamics with the minibatch gradient multiplied by a
// preconditioner P: the drift becomes −ηPg and the noise covariance per
// unit time (η²/S)·P C Pᵀ. P is landscape.Fixed, a constant matrix, or
// landscape.Natural, the inverse Fisher information F(θ)⁻¹ of a model
// (natural gradient descent) — the same value fokkerplanck.SGD takes, so a
// simulation and its density are set up alike. The zero P is plain SGD. As
// in Ensemble, a state-dependent noise factor, and with it P, is evaluated
// after the drift part of the step, at a point that does not depend on ξ:
// the chain differs from evaluating everything at θ by O(η) and has the
// same (Itô) continuum limit.
type Preconditioned struct {
	Ensemble

	// P is the preconditioner, d×d for the surface dimension d.
	P landscape.Preconditioner
}

// Run advances every particle by steps steps of preconditioned SGD; see
// Ensemble.Run for the parallelism (bit-identical for any number of
// goroutines) and the errors.
func (p Preconditioned) Run(steps int) (*Result, error) {
	e := p.Ensemble
	nz, err := e.setup("Preconditioned.Run", steps, nil)
	if err != nil {
		return nil, err
	}
	d := e.Surface.Dim()
	if err := p.P.Err(); err != nil {
		return nil, fmt.Errorf("langevin: Preconditioned.Run: P: %w", err)
	}
	if pm := p.P.Matrix(); pm != nil {
		if r, c := pm.Dims(); r != d || c != d {
			return nil, fmt.Errorf("langevin: Preconditioned.Run: P is %d×%d: want %d×%d for the surface dimension", r, c, d, d)
		}
		e.Surface = fixedDrift{s: e.Surface, p: pm, pool: newScratch(d)}
		e.Noise = fixedNoise(nz, e.Noise, pm, d)
	} else if f := p.P.Fisher(); f != nil {
		if f.Dim() != d {
			return nil, fmt.Errorf("langevin: Preconditioned.Run: P is Natural of a %d-D model: want %d-D for the surface dimension", f.Dim(), d)
		}
		if nz.kind == noiseMatrix && nz.k != d {
			return nil, fmt.Errorf("langevin: Preconditioned.Run: Noise.B is %d×%d: want a square noise factor for Natural", d, nz.k)
		}
		pool := newScratch(d)
		e.Surface = naturalDrift{s: e.Surface, f: f, pool: pool}
		e.Noise = Noise{Func: naturalNoise(f, nz, pool, d)}
	}
	// The preconditioned drift and noise replace e's own; e itself was
	// validated above.
	if nz, err = e.Noise.compile("Preconditioned.Run", d); err != nil {
		return nil, err
	}
	return e.record("Preconditioned.Run", nz, steps, (*worker).block)
}

// FisherNoise is the state-dependent Noise of covariance C(θ) = σ²F(θ),
// with F the Fisher information of f: the gradient noise of a
// well-specified model, whose per-example gradient covariance near a
// minimum is its Fisher information, C ≈ F ≈ H. The factor B(θ) is σ times
// the Cholesky factor of F(θ). If f is nil or invalid, or sigma2 is
// negative or not finite, the Noise carries the error, which Run returns;
// Run also returns an error naming θ if F(θ) is not positive definite.
func FisherNoise(f landscape.Fisherer, sigma2 float64) Noise {
	switch {
	case valid.IsNil(f):
		return Noise{err: errors.New("langevin: FisherNoise: f is nil")}
	case !(sigma2 >= 0) || !finite(sigma2):
		return Noise{err: fmt.Errorf("langevin: FisherNoise: sigma2 = %v: want a finite variance ≥ 0", sigma2)}
	}
	if err := valid.Check(f); err != nil {
		return Noise{err: fmt.Errorf("langevin: FisherNoise: %w", err)}
	}
	d := f.Dim()
	pool := newScratch(d)
	sigma := math.Sqrt(sigma2)
	return Noise{Func: func(dst *mat.Dense, x []float64) {
		s := pool.Get().(*scratch)
		s.cholAt(f, x)
		raw := dst.RawMatrix()
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				v := 0.0
				if j <= i {
					v = sigma * s.l[i*d+j]
				}
				raw.Data[i*raw.Stride+j] = v
			}
		}
		pool.Put(s)
	}}
}

// scratch is one goroutine's working space for a d×d Fisher matrix, its
// Cholesky factor and a vector.
type scratch struct {
	d int
	f *mat.SymDense
	l []float64 // lower Cholesky factor, row-major d×d
	v []float64
	b *mat.Dense
}

func newScratch(d int) *sync.Pool {
	return &sync.Pool{New: func() any {
		return &scratch{d: d, f: mat.NewSymDense(d, nil), l: make([]float64, d*d), v: make([]float64, d), b: mat.NewDense(d, d, nil)}
	}}
}

// cholAt factors F(x) = L Lᵀ into s.l, panicking if F(x) is not positive
// definite (a broken Fisherer).
func (s *scratch) cholAt(f landscape.Fisherer, x []float64) {
	f.Fisher(s.f, x)
	d, l := s.d, s.l
	fr := s.f.RawSymmetric() // upper triangle: F[j][i] for j ≤ i
	for i := 0; i < d; i++ {
		for j := 0; j <= i; j++ {
			sum := fr.Data[j*fr.Stride+i]
			for k := 0; k < j; k++ {
				sum -= l[i*d+k] * l[j*d+k]
			}
			if i == j {
				if !(sum > 0) || !finite(sum) {
					panic(fmt.Sprintf("langevin: Fisher information at θ = %v is not positive definite", x))
				}
				l[i*d+i] = math.Sqrt(sum)
			} else {
				l[i*d+j] = sum / l[j*d+j]
			}
		}
	}
}

// solve overwrites v with F⁻¹v using the factor in s.l.
func (s *scratch) solve(v []float64) {
	d, l := s.d, s.l
	for i := 0; i < d; i++ {
		sum := v[i]
		for k := 0; k < i; k++ {
			sum -= l[i*d+k] * v[k]
		}
		v[i] = sum / l[i*d+i]
	}
	for i := d - 1; i >= 0; i-- {
		sum := v[i]
		for k := i + 1; k < d; k++ {
			sum -= l[k*d+i] * v[k]
		}
		v[i] = sum / l[i*d+i]
	}
}

// naturalDrift is the surface whose gradient is F⁻¹∇L, with F the Fisher
// information of f and L the loss of s.
type naturalDrift struct {
	s    landscape.Surface
	f    landscape.Fisherer
	pool *sync.Pool
}

func (n naturalDrift) Dim() int                 { return n.s.Dim() }
func (n naturalDrift) Loss(x []float64) float64 { return n.s.Loss(x) }
func (n naturalDrift) Grad(dst, x []float64) {
	s := n.pool.Get().(*scratch)
	n.s.Grad(dst, x)
	s.cholAt(n.f, x)
	s.solve(dst)
	n.pool.Put(s)
}

// naturalNoise returns the noise factor F(x)⁻¹B(x) for the compiled noise nz.
func naturalNoise(f landscape.Fisherer, nz noise, pool *sync.Pool, d int) func(dst *mat.Dense, x []float64) {
	return func(dst *mat.Dense, x []float64) {
		s := pool.Get().(*scratch)
		nz.factor(s.b, x)
		s.cholAt(f, x)
		raw, b := dst.RawMatrix(), s.b.RawMatrix()
		for j := 0; j < d; j++ {
			for i := 0; i < d; i++ {
				s.v[i] = b.Data[i*b.Stride+j]
			}
			s.solve(s.v)
			for i := 0; i < d; i++ {
				raw.Data[i*raw.Stride+j] = s.v[i]
			}
		}
		pool.Put(s)
	}
}

// factor writes the d×d noise factor B(x) into dst (a zero matrix for no
// noise); constant d×k factors must have k = d.
func (n *noise) factor(dst *mat.Dense, x []float64) {
	d, _ := dst.Dims()
	switch n.kind {
	case noiseFunc:
		n.fn(dst, x)
		return
	case noiseMatrix:
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				dst.Set(i, j, n.b[i*n.k+j])
			}
		}
		return
	}
	dst.Zero()
	for i := 0; i < d; i++ {
		switch n.kind {
		case noiseSigma:
			dst.Set(i, i, n.sigma)
		case noiseDiag:
			dst.Set(i, i, n.diag[i])
		}
	}
}

// fixedDrift is the surface whose gradient is P∇L for a constant P.
type fixedDrift struct {
	s    landscape.Surface
	p    *mat.Dense
	pool *sync.Pool
}

func (f fixedDrift) Dim() int                 { return f.s.Dim() }
func (f fixedDrift) Loss(x []float64) float64 { return f.s.Loss(x) }
func (f fixedDrift) Grad(dst, x []float64) {
	s := f.pool.Get().(*scratch)
	f.s.Grad(s.v, x)
	raw := f.p.RawMatrix()
	for i := range dst {
		var sum float64
		for j, v := range s.v {
			sum += raw.Data[i*raw.Stride+j] * v
		}
		dst[i] = sum
	}
	f.pool.Put(s)
}

// fixedNoise returns the noise with factor P·B for a constant P: constant
// when B is, state dependent when B is.
func fixedNoise(nz noise, orig Noise, p *mat.Dense, d int) Noise {
	switch nz.kind {
	case noiseNone:
		return Noise{}
	case noiseFunc:
		pool := &sync.Pool{New: func() any { return mat.NewDense(d, d, nil) }}
		return Noise{Func: func(dst *mat.Dense, x []float64) {
			b := pool.Get().(*mat.Dense)
			orig.Func(b, x)
			dst.Mul(p, b)
			pool.Put(b)
		}}
	}
	var b *mat.Dense
	if nz.kind == noiseMatrix {
		b = mat.NewDense(d, nz.k, nz.b)
	} else {
		b = mat.NewDense(d, d, nil)
		nz.factor(b, nil)
	}
	var pb mat.Dense
	pb.Mul(p, b)
	return Noise{B: &pb}
}

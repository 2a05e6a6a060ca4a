package landscape

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
)

// Preconditioner is the matrix field P(θ) of preconditioned gradient
// descent, θ ← θ − η P(θ) g: a constant matrix (Fixed) or the inverse
// Fisher information of a model (Natural). It is the one vocabulary of the
// simulations (langevin.Preconditioned) and of the density they are
// compared with (fokkerplanck.SGD), so that a notebook hands both the same
// value. The zero value is the identity, plain gradient descent.
//
// A Preconditioner that cannot be made (Fixed of a nil matrix, Natural of
// a nil model) carries its error, which Err reports and the functions that
// take it return.
type Preconditioner struct {
	fixed *mat.Dense
	f     Fisherer
	err   error
}

// Fixed is the constant preconditioner p, such as a diagonal matrix of
// per-coordinate learning-rate factors. p is copied; it must be square with
// finite entries. Its size is checked against the surface by the function
// that takes it.
func Fixed(p *mat.Dense) Preconditioner {
	if p == nil || p.IsEmpty() {
		return Preconditioner{err: errors.New("landscape: Fixed: p is nil or empty: want a square matrix")}
	}
	r, c := p.Dims()
	if r != c {
		return Preconditioner{err: fmt.Errorf("landscape: Fixed: p is %d×%d: want a square matrix", r, c)}
	}
	for i := range r {
		for j := range c {
			if v := p.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return Preconditioner{err: fmt.Errorf("landscape: Fixed: p[%d,%d] = %v: want finite", i, j, v)}
			}
		}
	}
	return Preconditioner{fixed: mat.DenseCopyOf(p)}
}

// Natural is the natural-gradient preconditioner P(θ) = F(θ)⁻¹, the inverse
// Fisher information of f; f is usually the surface being descended.
func Natural(f Fisherer) Preconditioner {
	if valid.IsNil(f) {
		return Preconditioner{err: errors.New("landscape: Natural: f is nil")}
	}
	return Preconditioner{f: f}
}

// Err returns the error of a preconditioner that could not be made, or nil.
func (p Preconditioner) Err() error { return p.err }

// IsIdentity reports whether p is the zero value, plain gradient descent.
func (p Preconditioner) IsIdentity() bool { return p.fixed == nil && p.f == nil && p.err == nil }

// Matrix returns a copy of a Fixed preconditioner's matrix, or nil.
func (p Preconditioner) Matrix() *mat.Dense {
	if p.fixed == nil {
		return nil
	}
	return mat.DenseCopyOf(p.fixed)
}

// Fisher returns a Natural preconditioner's model, or nil.
func (p Preconditioner) Fisher() Fisherer { return p.f }

// At writes P(x) into dst, a d×d matrix for d = len(x). A Natural
// preconditioner whose F(x) is singular writes non-finite entries, which
// the callers detect and name; At panics if p carries an error.
func (p Preconditioner) At(dst *mat.Dense, x []float64) {
	switch {
	case p.err != nil:
		panic(p.err)
	case p.fixed != nil:
		dst.Copy(p.fixed)
	case p.f != nil:
		invertFisher(dst, p.f, x)
	default:
		dst.Zero()
		for i := range x {
			dst.Set(i, i, 1)
		}
	}
}

// invertFisher writes F(x)⁻¹ into dst: by the adjugate for d ≤ 2, the
// landscapes of the figures, and through a Cholesky factor above.
func invertFisher(dst *mat.Dense, f Fisherer, x []float64) {
	d := len(x)
	fm := mat.NewSymDense(d, nil)
	f.Fisher(fm, x)
	switch d {
	case 1:
		dst.Set(0, 0, 1/fm.At(0, 0))
	case 2:
		a, b, c := fm.At(0, 0), fm.At(0, 1), fm.At(1, 1)
		det := a*c - b*b
		dst.Set(0, 0, c/det)
		dst.Set(0, 1, -b/det)
		dst.Set(1, 0, -b/det)
		dst.Set(1, 1, a/det)
	default:
		var ch mat.Cholesky
		var inv mat.SymDense
		if !ch.Factorize(fm) || ch.InverseTo(&inv) != nil {
			for i := range d {
				for j := range d {
					dst.Set(i, j, math.NaN())
				}
			}
			return
		}
		dst.Copy(&inv)
	}
}

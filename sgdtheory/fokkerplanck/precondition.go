package fokkerplanck

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// Fisher is the state-dependent covariance σ²F(θ), with F the Fisher
// information of f: the gradient noise of a well-specified model, whose
// per-example gradient covariance near a minimum is its Fisher information
// (and its Hessian).
//
// If f is nil the covariance panics with that error, which NewPlane returns.
func Fisher(f landscape.Fisherer, sigma2 float64) Covariance {
	if valid.IsNil(f) {
		err := errors.New("fokkerplanck: Fisher: f is nil")
		return func(*mat.SymDense, []float64) { panic(err) }
	}
	return func(dst *mat.SymDense, x []float64) {
		f.Fisher(dst, x)
		dst.ScaleSym(sigma2, dst)
	}
}

// Preconditioner writes the 2×2 matrix P(θ) of preconditioned SGD,
// θ ← θ − η P(θ) g_S, into dst: the P of SGD.
type Preconditioner func(dst *mat.Dense, x []float64)

// Fixed is the constant 2×2 preconditioner p, such as a diagonal matrix of
// per-coordinate learning-rate factors. If p is nil or not 2×2 the
// preconditioner panics with that error, which NewPlane returns.
func Fixed(p *mat.Dense) Preconditioner {
	if p == nil || p.IsEmpty() {
		return failing(errors.New("fokkerplanck: Fixed: p is nil or empty: want 2×2"))
	}
	if r, c := p.Dims(); r != 2 || c != 2 {
		return failing(fmt.Errorf("fokkerplanck: Fixed: p is %d×%d: want 2×2", r, c))
	}
	c := mat.DenseCopyOf(p)
	return func(dst *mat.Dense, _ []float64) { dst.Copy(c) }
}

// Natural is the natural-gradient preconditioner P(θ) = F(θ)⁻¹, the inverse
// Fisher information of f. Like the other preconditioners and covariances
// it keeps scratch space, so one value must not be used by two goroutines.
// If f is nil the preconditioner panics with that error, which
// NewPlane returns.
func Natural(f landscape.Fisherer) Preconditioner {
	if valid.IsNil(f) {
		return failing(errors.New("fokkerplanck: Natural: f is nil"))
	}
	fm := mat.NewSymDense(2, nil)
	return func(dst *mat.Dense, x []float64) {
		f.Fisher(fm, x)
		a, b, d := fm.At(0, 0), fm.At(0, 1), fm.At(1, 1)
		det := a*d - b*b
		dst.Set(0, 0, d/det)
		dst.Set(0, 1, -b/det)
		dst.Set(1, 0, -b/det)
		dst.Set(1, 1, a/det)
	}
}

// newPreconditioned discretises the Fokker–Planck equation of
// preconditioned SGD, θ ← θ − η P(θ) g_S, on the 2-D surface s, where the
// minibatch gradient g_S has covariance C(θ)/S. Its continuum limit (Itô:
// P is taken where the step starts) has drift −ηPg and diffusion
//
//	D = (η²/2S)·P C Pᵀ,   ∂P/∂t = ∇·[η P g P + ∇·(D P)],
//
// the Plane of NewPlane with ηPg in place of ηg; P = I is plain SGD.
//
// Detailed balance (J = 0) needs D⁻¹P g to be a gradient. For constant P
// and C and every loss that holds exactly when P C Pᵀ ∝ P, i.e. C ∝ P⁻¹,
// and the stationary density is then exp(−2L/T) with C = (T·S/η)·P⁻¹,
// whatever P. When P varies with θ, ∇·(D P) = D∇P + (∇·D)P contributes the
// noise-induced drift ∇·D: for natural gradient with C = σ²F and a scalar
// Fisher F = f·I it tilts the stationary density to f(θ)·exp(−2L/T),
// T = ησ²/S.
func newPreconditioned(s landscape.Surface, d SGD, x, y Grid) (*Plane, error) {
	pc := &preconditioned{s: s, c: d.Cov, p: d.P, pm: mat.NewDense(2, 2, nil), cm: mat.NewSymDense(2, nil), g: make([]float64, 2)}
	// Check P where the operator will sample it, so that a bad P is named
	// as such rather than as a bad covariance.
	for _, u := range append(x.Faces(), x.Centers()...) {
		for _, v := range append(y.Faces(), y.Centers()...) {
			if err := pc.checkP(u, v); err != nil {
				return nil, err
			}
		}
	}
	return newPlane(pc, d.Eta, d.S, pc.cov, x, y)
}

// failing is a preconditioner that cannot be made: it panics with err when
// used, and NewPlane returns err.
func failing(err error) Preconditioner {
	return func(*mat.Dense, []float64) { panic(err) }
}

// preconditioned is the surface whose "gradient" is the drift field P∇L,
// with the covariance PCPᵀ, as NewPlane needs them. NewPlane calls it
// from one goroutine, so the scratch space is shared.
type preconditioned struct {
	s  landscape.Surface
	c  Covariance
	p  Preconditioner
	pm *mat.Dense
	cm *mat.SymDense
	g  []float64
}

func (pc *preconditioned) Dim() int                 { return 2 }
func (pc *preconditioned) Loss(x []float64) float64 { return pc.s.Loss(x) }

func (pc *preconditioned) checkP(u, v float64) error {
	pc.p(pc.pm, []float64{u, v})
	var norm float64
	for i := range 2 {
		for j := range 2 {
			e := pc.pm.At(i, j)
			if !finite(e) {
				return fmt.Errorf("fokkerplanck: NewPlane: preconditioner at θ = (%v, %v) has P[%d,%d] = %v: want finite", u, v, i, j, e)
			}
			norm = max(norm, math.Abs(e))
		}
	}
	if det := pc.pm.At(0, 0)*pc.pm.At(1, 1) - pc.pm.At(0, 1)*pc.pm.At(1, 0); !(math.Abs(det) > 1e-12*norm*norm) {
		return fmt.Errorf("fokkerplanck: NewPlane: preconditioner at θ = (%v, %v) is singular: det P = %v: want invertible", u, v, det)
	}
	return nil
}

// pcp returns the entries (xx, xy, yy) of P C Pᵀ at x.
func (pc *preconditioned) pcp(x []float64) (a, b, d float64) {
	pc.p(pc.pm, x)
	pc.c(pc.cm, x)
	p00, p01, p10, p11 := pc.pm.At(0, 0), pc.pm.At(0, 1), pc.pm.At(1, 0), pc.pm.At(1, 1)
	c00, c01, c11 := pc.cm.At(0, 0), pc.cm.At(0, 1), pc.cm.At(1, 1)
	// M = P C, then M Pᵀ.
	m00, m01 := p00*c00+p01*c01, p00*c01+p01*c11
	m10, m11 := p10*c00+p11*c01, p10*c01+p11*c11
	return m00*p00 + m01*p01, m00*p10 + m01*p11, m10*p10 + m11*p11
}

func (pc *preconditioned) cov(dst *mat.SymDense, x []float64) {
	a, b, d := pc.pcp(x)
	dst.SetSym(0, 0, a)
	dst.SetSym(0, 1, b)
	dst.SetSym(1, 1, d)
}

// Grad writes P(x)∇L(x) into dst.
func (pc *preconditioned) Grad(dst, x []float64) {
	pc.s.Grad(pc.g, x)
	pc.p(pc.pm, x)
	g0, g1 := pc.g[0], pc.g[1]
	dst[0] = pc.pm.At(0, 0)*g0 + pc.pm.At(0, 1)*g1
	dst[1] = pc.pm.At(1, 0)*g0 + pc.pm.At(1, 1)*g1
}

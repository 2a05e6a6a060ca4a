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

// checkPre returns an error unless p can be used on the plane: made
// without error, and 2×2.
func checkPre(fn string, p landscape.Preconditioner) error {
	if err := p.Err(); err != nil {
		return fmt.Errorf("fokkerplanck: %s: P: %w", fn, err)
	}
	if m := p.Matrix(); m != nil {
		if r, c := m.Dims(); r != 2 || c != 2 {
			return fmt.Errorf("fokkerplanck: %s: P is %d×%d: want 2×2", fn, r, c)
		}
	}
	if f := p.Fisher(); f != nil && f.Dim() != 2 {
		return fmt.Errorf("fokkerplanck: %s: P is Natural of a %d-D model: want 2-D", fn, f.Dim())
	}
	return nil
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

// preconditioned is the surface whose "gradient" is the drift field P∇L,
// with the covariance PCPᵀ, as NewPlane needs them. NewPlane calls it
// from one goroutine, so the scratch space is shared.
type preconditioned struct {
	s  landscape.Surface
	c  Covariance
	p  landscape.Preconditioner
	pm *mat.Dense
	cm *mat.SymDense
	g  []float64
}

func (pc *preconditioned) Dim() int                 { return 2 }
func (pc *preconditioned) Loss(x []float64) float64 { return pc.s.Loss(x) }

func (pc *preconditioned) checkP(u, v float64) error {
	pc.p.At(pc.pm, []float64{u, v})
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
	pc.p.At(pc.pm, x)
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
	pc.p.At(pc.pm, x)
	g0, g1 := pc.g[0], pc.g[1]
	dst[0] = pc.pm.At(0, 0)*g0 + pc.pm.At(0, 1)*g1
	dst[1] = pc.pm.At(1, 0)*g0 + pc.pm.At(1, 1)*g1
}

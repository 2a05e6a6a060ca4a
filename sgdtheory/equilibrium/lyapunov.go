package equilibrium

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
)

// Lyapunov returns the solution Σ of the continuous Lyapunov equation
//
//	AΣ + ΣA = Q
//
// for a symmetric positive definite A and a symmetric Q. In the eigenbasis
// A = UΛUᵀ the equation decouples entry by entry,
//
//	Σ = U Σ̃ Uᵀ,   Σ̃ᵢⱼ = (UᵀQU)ᵢⱼ / (λᵢ + λⱼ),
//
// so Σ is symmetric, unique, and positive (semi-)definite when Q is. With
// A = H and Q = (η/S)C it is the stationary covariance of the continuum
// limit of SGD at a quadratic minimum (Mandt, Hoffman and Blei 2017); see
// StationaryCov, which also covers the discrete SGD recursion.
func Lyapunov(A, Q mat.Symmetric) (*mat.SymDense, error) {
	return solveLyapunov("Lyapunov", "A", "Q", A, Q, 0)
}

// StationaryCov returns the stationary covariance Σ of SGD at a quadratic
// minimum with Hessian H and per-example gradient-noise covariance C,
// learning rate η (eta) and batch size S, integrated by Euler–Maruyama with
// step dt (in SGD steps, as langevin.Ensemble): it solves
//
//	HΣ + ΣH − η·dt·HΣH = (η/S)·C,
//
// the stationarity condition Σ = (I − η·dt·H)Σ(I − η·dt·H) + (η²dt/S)C of
// the linear recursion δ ← (I − η·dt·H)δ + η√(dt/S)·Bξ, BBᵀ = C. dt = 0 is
// the continuum limit, the Lyapunov equation HΣ + ΣH = (η/S)C of Mandt,
// Hoffman and Blei (2017); dt = 1 is SGD itself. In one dimension it
// reduces to langevin.OUVariance.
//
// Two cases have closed forms: isotropic C = σ²I gives Σ = (ησ²/2S)H⁻¹ in
// the continuum (the Boltzmann covariance), and C = H gives Σ = (η/2S)·I,
// the same spread in every direction, whence E[L] − L₀ = ½Tr(HΣ) =
// (η/4S)·Tr H. H must be positive definite with η·dt·λ_max(H) < 2, beyond
// which the recursion diverges along the sharpest direction.
func StationaryCov(H, C mat.Symmetric, eta float64, S int, dt float64) (*mat.SymDense, error) {
	switch {
	case !(eta > 0) || math.IsInf(eta, 0):
		return nil, fmt.Errorf("equilibrium: StationaryCov: eta = %v: want a finite learning rate > 0", eta)
	case S < 1:
		return nil, fmt.Errorf("equilibrium: StationaryCov: S = %d: want a batch size ≥ 1", S)
	case !(dt >= 0) || math.IsInf(dt, 0):
		return nil, fmt.Errorf("equilibrium: StationaryCov: dt = %v: want a finite step ≥ 0 (0: continuum, 1: SGD)", dt)
	}
	if valid.IsNil(C) {
		return nil, errors.New("equilibrium: StationaryCov: C is nil")
	}
	n := C.SymmetricDim()
	Q := mat.NewSymDense(n, nil)
	Q.ScaleSym(eta/float64(S), C)
	return solveLyapunov("StationaryCov", "H", "C", H, Q, eta*dt)
}

// solveLyapunov solves AΣ + ΣA − a·AΣA = Q in the eigenbasis of A, naming
// the calling function and its matrix arguments in errors.
func solveLyapunov(fn, nameA, nameQ string, A, Q mat.Symmetric, a float64) (*mat.SymDense, error) {
	if valid.IsNil(A) {
		return nil, fmt.Errorf("equilibrium: %s: %s is nil", fn, nameA)
	}
	if valid.IsNil(Q) {
		return nil, fmt.Errorf("equilibrium: %s: %s is nil", fn, nameQ)
	}
	n := A.SymmetricDim()
	if n < 1 {
		return nil, fmt.Errorf("equilibrium: %s: %s is %d×%d: want at least 1×1", fn, nameA, n, n)
	}
	if m := Q.SymmetricDim(); m != n {
		return nil, fmt.Errorf("equilibrium: %s: %s is %d×%d: want %d×%d like %s", fn, nameQ, m, m, n, n, nameA)
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			if v := A.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("equilibrium: %s: %s[%d,%d] = %v: want finite", fn, nameA, i, j, v)
			}
			if v := Q.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("equilibrium: %s: %s[%d,%d] = %v: want finite", fn, nameQ, i, j, v)
			}
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(A, true) {
		return nil, fmt.Errorf("equilibrium: %s: eigendecomposition of %s failed", fn, nameA)
	}
	lam := eig.Values(nil)
	for _, l := range lam {
		if !(l > 0) {
			return nil, fmt.Errorf("equilibrium: %s: %s has eigenvalue %v: want positive definite (no stationary state along that direction)", fn, nameA, l)
		}
		if a*l >= 2 {
			return nil, fmt.Errorf("equilibrium: %s: eta·dt = %v: want < %v = 2/λ_max(%s), or the recursion diverges along the eigenvalue λ = %v of %s (η·dt·λ = %v ≥ 2)", fn, a, 2/lam[len(lam)-1], nameA, l, nameA, a*l)
		}
	}
	var U mat.Dense
	eig.VectorsTo(&U)
	// Q̃ = UᵀQU, divided entrywise by λᵢ + λⱼ − a·λᵢλⱼ.
	var t, qt mat.Dense
	t.Mul(Q, &U)
	qt.Mul(U.T(), &t)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			qt.Set(i, j, qt.At(i, j)/(lam[i]+lam[j]-a*lam[i]*lam[j]))
		}
	}
	t.Mul(&U, &qt)
	var s mat.Dense
	s.Mul(&t, U.T())
	sigma := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			sigma.SetSym(i, j, (s.At(i, j)+s.At(j, i))/2)
		}
	}
	return sigma, nil
}

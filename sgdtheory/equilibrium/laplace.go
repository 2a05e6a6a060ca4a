package equilibrium

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// Temperature returns T = ησ²/S, the only combination of learning rate η,
// batch size S and gradient-noise variance σ² on which the equilibrium
// depends.
func Temperature(eta float64, S int, sigma2 float64) (float64, error) {
	if !(eta > 0) || math.IsInf(eta, 1) {
		return 0, fmt.Errorf("equilibrium: Temperature: eta = %v: want a finite η > 0", eta)
	}
	if S < 1 {
		return 0, fmt.Errorf("equilibrium: Temperature: S = %d: want ≥ 1", S)
	}
	if !(sigma2 > 0) || math.IsInf(sigma2, 1) {
		return 0, fmt.Errorf("equilibrium: Temperature: sigma2 = %v: want a finite σ² > 0", sigma2)
	}
	return eta * sigma2 / float64(S), nil
}

// checkT returns an error naming the function fn unless 0 < T < ∞.
func checkT(fn string, T float64) error {
	if !(T > 0) || math.IsInf(T, 1) {
		return fmt.Errorf("equilibrium: %s: T = %v: want a finite T > 0", fn, T)
	}
	return nil
}

// logDet returns ln det H of the minimum the function fn calls name, or an
// error unless its Hessian is finite, positive definite and matches the
// length of X.
func logDet(fn, name string, m landscape.Minimum) (float64, error) {
	q := len(m.X)
	if q < 1 || m.Hessian == nil || m.Hessian.SymmetricDim() != q {
		h := "= nil"
		if m.Hessian != nil {
			d := m.Hessian.SymmetricDim()
			h = fmt.Sprintf("is %d×%d", d, d)
		}
		return 0, fmt.Errorf("equilibrium: %s: len(%s.X) = %d, %s.Hessian %s: want len(X) ≥ 1 and a len(X)×len(X) Hessian", fn, name, q, name, h)
	}
	if math.IsNaN(m.Loss) || math.IsInf(m.Loss, 0) {
		return 0, fmt.Errorf("equilibrium: %s: %s.Loss = %v: want finite", fn, name, m.Loss)
	}
	var chol mat.Cholesky
	if !chol.Factorize(m.Hessian) {
		return 0, fmt.Errorf("equilibrium: %s: %s.Hessian is not positive definite: want a strict minimum, which a Laplace estimate needs", fn, name)
	}
	ld := chol.LogDet()
	if math.IsNaN(ld) || math.IsInf(ld, 0) {
		return 0, fmt.Errorf("equilibrium: %s: log det %s.Hessian = %v: want finite", fn, name, ld)
	}
	return ld, nil
}

// Laplace returns the unnormalised Boltzmann mass of the basin of minimum
// m at temperature T in the Laplace approximation,
//
//	(πT)^{q/2} · exp(−2L/T) / √det H,
//
// the Gaussian integral of exp(−2L(θ)/T) with L expanded to second order.
// It underflows to 0 when 2L/T exceeds about 700; ratios of minima are
// safe with RatioLaplace.
func Laplace(m landscape.Minimum, T float64) (float64, error) {
	if err := checkT("Laplace", T); err != nil {
		return 0, err
	}
	ld, err := logDet("Laplace", "m", m)
	if err != nil {
		return 0, err
	}
	q := float64(len(m.X))
	return math.Exp(q/2*math.Log(math.Pi*T) - 2*m.Loss/T - ld/2), nil
}

// RatioLaplace returns p_A/p_B = √(det H_B/det H_A)·exp(2(L_B − L_A)/T),
// the Laplace prediction of how much more often SGD at temperature T sits
// in minimum A than in minimum B.
func RatioLaplace(a, b landscape.Minimum, T float64) (float64, error) {
	if err := checkT("RatioLaplace", T); err != nil {
		return 0, err
	}
	lda, ldb, err := logDets("RatioLaplace", a, b)
	if err != nil {
		return 0, err
	}
	return math.Exp((ldb-lda)/2 + 2*(b.Loss-a.Loss)/T), nil
}

// Crossover returns the temperature T* = 4(L_B − L_A)/ln(det H_A/det H_B)
// at which RatioLaplace is 1: below T* the deeper minimum holds more mass,
// above it the wider one. It returns an error when one minimum is both
// deeper and wider (or equal in one respect), since then no crossover
// exists.
func Crossover(a, b landscape.Minimum) (float64, error) {
	lda, ldb, err := logDets("Crossover", a, b)
	if err != nil {
		return 0, err
	}
	t := 4 * (b.Loss - a.Loss) / (lda - ldb)
	if !(t > 0) || math.IsInf(t, 1) {
		return 0, fmt.Errorf("equilibrium: Crossover: T* = %v: want a finite T* > 0; no crossover: one minimum is at least as deep and at least as wide as the other, so it wins at every T", t)
	}
	return t, nil
}

// logDets returns ln det H of two minima of the same dimension, naming the
// function fn in errors.
func logDets(fn string, a, b landscape.Minimum) (lda, ldb float64, err error) {
	if len(a.X) != len(b.X) {
		return 0, 0, fmt.Errorf("equilibrium: %s: len(a.X) = %d, len(b.X) = %d: want minima of equal dimension", fn, len(a.X), len(b.X))
	}
	if lda, err = logDet(fn, "a", a); err != nil {
		return 0, 0, err
	}
	ldb, err = logDet(fn, "b", b)
	return lda, ldb, err
}

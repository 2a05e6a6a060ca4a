package fokkerplanck

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/lapack/gonum"
)

// RelaxationRate returns the rate, per SGD step, of the slowest decaying
// mode of the discrete operator: the spectral gap −λ₁ between its zero
// eigenvalue (the stationary state) and the next one. Every departure from
// the stationary state eventually decays as e^{−λ₁t}; in a double well λ₁ is
// the rate of barrier crossing, Kramers' rate, so 1/λ₁ is the time to
// equilibrium.
//
// It is computed from the spectrum, not by evolving a density. The scheme's
// faces satisfy detailed balance, so the operator is similar to the
// symmetric tridiagonal matrix with the same diagonal and off-diagonals
// √(A[i,i+1]·A[i+1,i]), whose eigenvalues LAPACK's Dsterf returns to an
// absolute accuracy of about 10⁻¹⁵ of the largest. A gap below a thousand
// times that is an error: the barrier is too high for this computation.
func (l *Line) RelaxationRate() (float64, error) {
	sub, diag, sup := l.operator()
	n := len(diag)
	off := make([]float64, n-1)
	var norm float64
	for i := range off {
		off[i] = math.Sqrt(sub[i+1] * sup[i])
		norm = math.Max(norm, math.Abs(diag[i])+2*off[i])
	}
	if !(gonum.Implementation{}).Dsterf(n, diag, off) {
		return 0, errors.New("fokkerplanck: Line.RelaxationRate: the eigenvalue iteration did not converge")
	}
	// Ascending: diag[n−1] ≈ 0 is the stationary state, diag[n−2] = −λ₁.
	gap := -diag[n-2]
	if !(gap > 1e3*0x1p-52*norm) {
		return 0, errors.New("fokkerplanck: Line.RelaxationRate: the spectral gap is below the rounding error of the spectrum (barrier too high for the noise)")
	}
	return gap, nil
}

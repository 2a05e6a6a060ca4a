package langevin

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// CovNoise returns the constant noise with covariance C: B is the lower
// Cholesky factor of C, so BBᵀ = C, the form in which a Hessian-shaped or
// any other anisotropic covariance enters an Ensemble. C must be positive
// definite; otherwise the Ensemble that uses the noise returns the error.
func CovNoise(C mat.Symmetric) Noise {
	if C == nil {
		return Noise{err: fmt.Errorf("langevin: CovNoise: C is nil")}
	}
	var ch mat.Cholesky
	if !ch.Factorize(C) {
		return Noise{err: fmt.Errorf("langevin: CovNoise: C (%d×%d) is not positive definite: want a covariance with no zero or negative eigenvalue", C.SymmetricDim(), C.SymmetricDim())}
	}
	var L mat.TriDense
	ch.LTo(&L)
	return Noise{B: mat.DenseCopyOf(&L)}
}

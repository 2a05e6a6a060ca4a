package landscape

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Spectral returns the symmetric matrix Σₖ λₖ vₖvₖᵀ with eigenvalues
// lambda along the columns vₖ of basis (orthonormal, d×len(lambda)): a
// Hessian or a noise covariance with a chosen spectrum in a chosen, say
// rotated or random, eigenbasis.
func Spectral(basis mat.Matrix, lambda []float64) (*mat.SymDense, error) {
	if basis == nil {
		return nil, fmt.Errorf("landscape: Spectral: basis is nil")
	}
	d, k := basis.Dims()
	if k != len(lambda) || d < 1 {
		return nil, fmt.Errorf("landscape: Spectral: basis is %d×%d: want %d columns, one per eigenvalue", d, k, len(lambda))
	}
	for i, l := range lambda {
		if math.IsNaN(l) || math.IsInf(l, 0) {
			return nil, fmt.Errorf("landscape: Spectral: lambda[%d] = %v: want a finite eigenvalue", i, l)
		}
	}
	var g mat.Dense
	g.Mul(basis.T(), basis)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if v := g.At(i, j); !(math.Abs(v-want) <= 1e-9) {
				return nil, fmt.Errorf("landscape: Spectral: (basisᵀbasis)[%d,%d] = %v: want %v (orthonormal columns)", i, j, v, want)
			}
		}
	}
	a := mat.NewSymDense(d, nil)
	for i := 0; i < k; i++ {
		a.SymRankOne(a, lambda[i], mat.NewVecDense(d, mat.Col(nil, i, basis)))
	}
	return a, nil
}

package curvature

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/noise"
)

// Alignment compares the top eigen-directions of a network's gradient-noise
// covariance C with those of its Hessian H on the same examples: is
// C ≈ H, as the Fisher approximation says near a minimum?
type Alignment struct {
	P                int       // the number of parameters
	LambdaH, LambdaC []float64 // the top K eigenvalues of H and of C
	// Rayleigh[i] is uᵢᵀCuᵢ along H's i-th eigenvector uᵢ, equal to
	// LambdaH[i] when C = H.
	Rayleigh []float64
	// Overlap[k−1] is noise.Overlap of the top-k subspaces of H and C, for
	// k = 1 … K; two unrelated subspaces overlap by k/P.
	Overlap []float64
	// HVectors holds H's top K eigenvectors as columns (P×K).
	HVectors *mat.Dense
}

// Align measures the Alignment of net on examples idx of s: C from their
// per-example gradients (mlp.Net.PerExampleGrads, noise.CovProduct; it holds
// len(idx)×P of them in memory), H by exact products (Exact), the top K
// eigenpairs of each by Lanczos with seed 1.
func Align(net *mlp.Net, s *data.Set, idx []int, K int) (*Alignment, error) {
	if net == nil {
		return nil, fmt.Errorf("curvature: Align: net is nil")
	}
	P := net.NumParams()
	if K < 1 || K > P {
		return nil, fmt.Errorf("curvature: Align: K = %d: want 1 to %d (the number of parameters)", K, P)
	}
	G, err := net.PerExampleGrads(s, idx) // len(idx) × P
	if err != nil {
		return nil, fmt.Errorf("curvature: Align: %w", err)
	}
	cop, err := noise.CovProduct(G)
	if err != nil {
		return nil, fmt.Errorf("curvature: Align: %w", err)
	}
	lz := Lanczos{K: K, Seed: 1}
	rC, err := lz.top(HVP(cop), P, "Align")
	if err != nil {
		return nil, err
	}
	hvp, err := exact("Align", net, s, idx)
	if err != nil {
		return nil, err
	}
	rH, err := lz.top(hvp, P, "Align")
	if err != nil {
		return nil, err
	}
	a := &Alignment{P: P, LambdaH: rH.Values, LambdaC: rC.Values, HVectors: rH.Vectors}
	cu := make([]float64, P)
	for i := 0; i < K; i++ {
		u := mat.Col(nil, i, rH.Vectors)
		cop(cu, u)
		a.Rayleigh = append(a.Rayleigh, mat.Dot(mat.NewVecDense(P, u), mat.NewVecDense(P, cu)))
	}
	for k := 1; k <= K; k++ {
		o, err := noise.Overlap(mat.DenseCopyOf(rH.Vectors.Slice(0, P, 0, k)), mat.DenseCopyOf(rC.Vectors.Slice(0, P, 0, k)))
		if err != nil {
			return nil, fmt.Errorf("curvature: Align: %w", err)
		}
		a.Overlap = append(a.Overlap, o)
	}
	return a, nil
}

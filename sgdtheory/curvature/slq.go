package curvature

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// SLQ estimates the spectral density of a symmetric operator by stochastic
// Lanczos quadrature (Lin, Saad & Yang, SIAM Rev. 58, 2016; on network
// Hessians: Ghorbani, Krishnan & Xiao, ICML 2019, and PyHessian). For a
// unit start vector v, m Lanczos steps give the m-point Gauss quadrature
//
//	vᵀ f(H) v ≈ Σᵢ τᵢ² f(θᵢ),
//
// with θᵢ the eigenvalues of the tridiagonal Tₘ and τᵢ the first components
// of its eigenvectors; it is exact for polynomials f of degree ≤ 2m−1. With
// v = z/√dim for a Rademacher z, E[v vᵀ] = I/dim, so the average over
// starts estimates tr f(H)/dim: the spectral density, as a sum of weighted
// nodes. Each start is orthogonalised in full (as Lanczos is), so the nodes
// are not spoilt by spurious copies.
type SLQ struct {
	Starts int // random start vectors; 0 means 10
	Steps  int // products with H per start; 0 means min(dim, 80)
	Seed   uint64
}

// Spectrum is the result of SLQ: for each start, its quadrature nodes and
// weights (the weights of a start sum to 1).
type Spectrum struct {
	Nodes, Weights [][]float64
	Dim            int // the operator's dimension
}

// Spectrum runs SLQ on the dim-dimensional operator h. A product that
// panics or has a NaN or infinite entry is an error naming the product.
func (q SLQ) Spectrum(h HVP, dim int) (*Spectrum, error) {
	switch {
	case h == nil:
		return nil, errors.New("curvature: SLQ.Spectrum: h is nil")
	case dim < 1:
		return nil, fmt.Errorf("curvature: SLQ.Spectrum: dim = %d: want ≥ 1", dim)
	case q.Starts < 0:
		return nil, fmt.Errorf("curvature: SLQ.Spectrum: Starts = %d: want ≥ 0 (0: 10)", q.Starts)
	case q.Steps < 0:
		return nil, fmt.Errorf("curvature: SLQ.Spectrum: Steps = %d: want ≥ 0 (0: min(dim, 80))", q.Steps)
	}
	starts, steps := q.Starts, q.Steps
	if starts == 0 {
		starts = 10
	}
	if steps == 0 {
		steps = 80
	}
	steps = min(steps, dim)
	r := rng.New(q.Seed, 0x51c0)
	sp := &Spectrum{Dim: dim}
	basis := make([][]float64, steps)
	for i := range basis {
		basis[i] = make([]float64, dim)
	}
	w := make([]float64, dim)
	k := 0 // products so far, for errors
	for range starts {
		v := basis[0]
		rng.Rademacher(r, v)
		floats.Scale(1/math.Sqrt(float64(dim)), v)
		var alpha, beta []float64
		for j := 0; j < steps; j++ {
			if err := apply(h, w, basis[j], "SLQ.Spectrum", k); err != nil {
				return nil, err
			}
			k++
			alpha = append(alpha, floats.Dot(basis[j], w))
			for range 2 { // full reorthogonalisation, twice
				for _, b := range basis[:j+1] {
					floats.AddScaled(w, -floats.Dot(b, w), b)
				}
			}
			b := floats.Norm(w, 2)
			// The Krylov space closed: the quadrature is exact with j+1 nodes.
			if j+1 == steps || b <= 1e-10*math.Max(1, math.Abs(alpha[0])) {
				break
			}
			beta = append(beta, b)
			floats.ScaleTo(basis[j+1], 1/b, w)
		}
		nodes, weights, err := gauss(alpha, beta)
		if err != nil {
			return nil, fmt.Errorf("curvature: SLQ.Spectrum: %w", err)
		}
		sp.Nodes = append(sp.Nodes, nodes)
		sp.Weights = append(sp.Weights, weights)
	}
	return sp, nil
}

// gauss returns the nodes and weights of the Gauss quadrature of the
// tridiagonal matrix with diagonal alpha and off-diagonal beta.
func gauss(alpha, beta []float64) (nodes, weights []float64, err error) {
	m := len(alpha)
	T := mat.NewSymDense(m, nil)
	for i, a := range alpha {
		T.SetSym(i, i, a)
		if i+1 < m {
			T.SetSym(i, i+1, beta[i])
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(T, true) {
		return nil, nil, errors.New("eigendecomposition of the tridiagonal matrix failed")
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	nodes = eig.Values(nil)
	weights = make([]float64, m)
	for i := range m {
		weights[i] = vecs.At(0, i) * vecs.At(0, i)
	}
	return nodes, weights, nil
}

// Moment returns the estimate of tr(Hᵏ)/dim, the k-th moment of the
// spectral density, with its standard error across starts (0 for a
// single start).
func (s *Spectrum) Moment(k int) (mean, stdErr float64) {
	per := make([]float64, len(s.Nodes))
	for j, nodes := range s.Nodes {
		for i, x := range nodes {
			per[j] += s.Weights[j][i] * math.Pow(x, float64(k))
		}
	}
	mean = stat.Mean(per, nil)
	if len(per) > 1 {
		stdErr = stat.StdDev(per, nil) / math.Sqrt(float64(len(per)))
	}
	return mean, stdErr
}

// Density returns the spectral density at each x of xs, each node spread
// into a normal density of standard deviation sigma (the broadening that
// turns the sum of weighted nodes into a curve): it integrates to 1.
func (s *Spectrum) Density(xs []float64, sigma float64) ([]float64, error) {
	if !(sigma > 0) || math.IsInf(sigma, 0) {
		return nil, fmt.Errorf("curvature: Spectrum.Density: sigma = %v: want a finite σ > 0", sigma)
	}
	d := make([]float64, len(xs))
	norm := 1 / (sigma * math.Sqrt(2*math.Pi) * float64(len(s.Nodes)))
	for j, nodes := range s.Nodes {
		for i, c := range nodes {
			for n, x := range xs {
				z := (x - c) / sigma
				d[n] += norm * s.Weights[j][i] * math.Exp(-z*z/2)
			}
		}
	}
	return d, nil
}

// LogDet returns Σ log λᵢ over the Ritz values, the log determinant of H
// restricted to its top K eigenvectors: the quantity whose difference
// between two minima enters the basin ratio √(det H_B / det H_A) once the
// flat directions, common to both, are left out. It is an error unless
// every value is positive (a minimum) and Lanczos converged.
func (r *Ritz) LogDet() (float64, error) {
	if !r.Converged {
		return math.NaN(), fmt.Errorf("curvature: Ritz.LogDet: Lanczos did not converge in %d steps: the values are not yet eigenvalues", r.Steps)
	}
	var sum float64
	for i, v := range r.Values {
		if !(v > 0) {
			return math.NaN(), fmt.Errorf("curvature: Ritz.LogDet: Values[%d] = %v: want > 0 (a minimum's top eigenvalues)", i, v)
		}
		sum += math.Log(v)
	}
	return sum, nil
}

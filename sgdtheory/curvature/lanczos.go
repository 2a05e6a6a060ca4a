package curvature

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Lanczos computes the K algebraically largest eigenvalues of a symmetric
// operator from the Krylov space of a seeded random start vector.
//
// Step j applies H once and extends the orthonormal basis q₀…q_j, in which H
// is the tridiagonal T_j (diagonal α, off-diagonal β). The eigenvalues of
// T_j (the Ritz values, from mat.EigenSym) approach the extreme eigenvalues
// of H from inside, the largest one typically within 10–30 products where
// power iteration needs hundreds. Each new vector is orthogonalised against
// the whole basis, twice: without this full reorthogonalisation, rounding
// makes converged eigenvalues reappear as spurious copies. A single start
// vector sees each distinct eigenvalue once, so a repeated eigenvalue shows
// its multiplicity only once the Krylov space closes (its dimension is the
// number of distinct eigenvalues); Lanczos then continues from a new random
// vector orthogonal to the basis. Exactly repeated eigenvalues among the
// top K of a network Hessian are rare; many exact zeros (dead units) are not,
// and are handled by the restart.
//
// The basis costs Steps·dim float64s of memory (30 steps of a 335 114
// parameter net: 80 MB).
type Lanczos struct {
	K     int     // eigenvalues wanted; 0 means 1
	Steps int     // maximum products with H; 0 means min(dim, max(30, 3K+20))
	Tol   float64 // stop when every residual ≤ Tol·max|Ritz value|; 0 means 1e-5
	Seed  uint64  // start vector
}

// Ritz holds the result of Lanczos.
type Ritz struct {
	// Values are the K largest Ritz values, in decreasing order.
	Values []float64
	// Residuals[i] = ‖H y_i − Values[i]·y_i‖, which bounds the distance
	// from Values[i] to an eigenvalue of H (the error of a well separated
	// eigenvalue is smaller still, about Residual²/gap).
	Residuals []float64
	// Vectors holds the Ritz vectors y_i, unit length, as columns (dim×K).
	Vectors *mat.Dense
	// Steps is the number of products with H.
	Steps int
	// Converged reports whether every residual reached Tol.
	Converged bool
}

// Top runs Lanczos on the dim-dimensional operator h.
func (l Lanczos) Top(h HVP, dim int) (*Ritz, error) {
	if h == nil {
		return nil, fmt.Errorf("curvature: Lanczos: h is nil")
	}
	if dim < 1 {
		return nil, fmt.Errorf("curvature: Lanczos: dim = %d: want ≥ 1", dim)
	}
	K, steps, tol := l.K, l.Steps, l.Tol
	if K == 0 {
		K = 1
	}
	if K < 1 || K > dim {
		return nil, fmt.Errorf("curvature: Lanczos: K = %d: want 1 to %d (dim), or 0 for 1", l.K, dim)
	}
	if steps == 0 {
		steps = min(dim, max(30, 3*K+20))
	}
	if steps < K || steps > dim {
		return nil, fmt.Errorf("curvature: Lanczos: Steps = %d: want %d (K) to %d (dim), or 0 for the default", l.Steps, K, dim)
	}
	if tol == 0 {
		tol = 1e-5
	}
	if !(tol > 0 && tol < 1) {
		return nil, fmt.Errorf("curvature: Lanczos: Tol = %v: want 0 < Tol < 1, or 0 for 1e-5", l.Tol)
	}

	rng := rand.New(rand.NewPCG(l.Seed, 0x6c616e637a6f73)) // "lanczos"
	var Q [][]float64
	var alpha, beta []float64
	q := make([]float64, dim)
	w := make([]float64, dim)
	newStart(q, Q, rng)
	var (
		vals, res []float64
		S         *mat.Dense
		converged bool
	)
	for j := 0; j < steps; j++ {
		Q = append(Q, q)
		h(w, q)
		a := floats.Dot(q, w)
		alpha = append(alpha, a)
		// Full reorthogonalisation, twice ("twice is enough", Parlett): it
		// also removes the α q_j and β q_{j−1} terms of the recurrence.
		for range 2 {
			for _, qi := range Q {
				floats.AddScaled(w, -floats.Dot(qi, w), qi)
			}
		}
		b := floats.Norm(w, 2)
		vals, res, S = ritz(alpha, beta, b)
		scale := math.Max(math.Abs(vals[0]), math.Abs(vals[len(vals)-1]))
		// A closed Krylov space says nothing about the eigenvalues it could
		// not see: never stop there unless the basis spans everything.
		closed := b <= 1e-10*scale
		converged = len(vals) >= K && (!closed || len(Q) == dim)
		for i := range min(K, len(vals)) {
			if res[i] > tol*scale {
				converged = false
			}
		}
		if converged || j == steps-1 {
			break
		}
		q = make([]float64, dim)
		if !closed {
			floats.ScaleTo(q, 1/b, w)
			beta = append(beta, b)
		} else {
			// Invariant subspace: restart orthogonally; T is block diagonal.
			newStart(q, Q, rng)
			beta = append(beta, 0)
		}
	}
	r := &Ritz{Values: vals[:K], Residuals: res[:K], Vectors: mat.NewDense(dim, K, nil), Steps: len(Q), Converged: converged}
	for i := range K {
		col := make([]float64, dim)
		for k, qk := range Q {
			floats.AddScaled(col, S.At(k, i), qk)
		}
		r.Vectors.SetCol(i, col)
	}
	return r, nil
}

// newStart fills q with a random unit vector orthogonal to the basis Q.
func newStart(q []float64, Q [][]float64, rng *rand.Rand) {
	for {
		for i := range q {
			q[i] = rng.NormFloat64()
		}
		for range 2 {
			for _, qi := range Q {
				floats.AddScaled(q, -floats.Dot(qi, q), qi)
			}
		}
		if nq := floats.Norm(q, 2); nq > 1e-8 {
			floats.Scale(1/nq, q)
			return
		}
	}
}

// ritz returns the Ritz values of the tridiagonal T (diagonal alpha,
// off-diagonal beta) in decreasing order, their residuals |b·s_last| (b is
// the norm of the next, unnormalised, Lanczos vector) and the eigenvectors
// s of T as the columns of S, in the same order.
func ritz(alpha, beta []float64, b float64) (vals, res []float64, S *mat.Dense) {
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
		panic("curvature: Lanczos: eigendecomposition of the tridiagonal matrix failed")
	}
	asc := eig.Values(nil)
	var V mat.Dense
	eig.VectorsTo(&V)
	vals, res = make([]float64, m), make([]float64, m)
	S = mat.NewDense(m, m, nil)
	for i := range m {
		k := m - 1 - i // ascending → decreasing
		vals[i] = asc[k]
		res[i] = math.Abs(b * V.At(m-1, k))
		for r := range m {
			S.Set(r, i, V.At(r, k))
		}
	}
	return vals, res, S
}

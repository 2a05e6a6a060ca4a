package curvature

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
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
// makes converged eigenvalues reappear as spurious copies.
//
// A single start vector sees each distinct eigenvalue once, so a Krylov
// space cannot show a repeated eigenvalue's multiplicity. Lanczos therefore
// restarts from a new random vector orthogonal to the basis when the Krylov
// space closes (its dimension is the number of distinct eigenvalues; the
// many exact zeros of dead units do this) and, for K ≥ 2, once the top K
// have converged, to check them. The vectors after a restart are Lanczos
// vectors of H compressed to the complement of the basis, whose largest
// eigenvalue is that of any eigenvector the basis missed, such as a second
// copy of λ_max. Ritz values come from the whole basis (the couplings
// across a restart are the reorthogonalisation coefficients), so a copy
// found joins the top K, and another check follows. Lanczos stops when a
// check's own largest Ritz value has converged (or its space closed) no
// higher than the K-th value, and returns the top K it checked. A check
// costs about as many products as converging the (K+1)-th value would.
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
	// Residuals[i] bounds ‖H y_i − Values[i]·y_i‖, and so the distance
	// from Values[i] to an eigenvalue of H (the error of a well separated
	// eigenvalue is smaller still, about Residual²/gap).
	Residuals []float64
	// Vectors holds the Ritz vectors y_i, unit length, as columns (dim×K).
	Vectors *mat.Dense
	// Steps is the number of products with H.
	Steps int
	// Converged reports whether every residual reached Tol and, for
	// K ≥ 2, the check after convergence found nothing above the K-th
	// value (see Lanczos) within Steps.
	Converged bool
}

// Top runs Lanczos on the dim-dimensional operator h. A product that
// panics or has a NaN or infinite entry is an error naming the product.
func (l Lanczos) Top(h HVP, dim int) (*Ritz, error) {
	return l.top(h, dim, "Lanczos.Top")
}

// top is Top for the function who, which it names in errors.
func (l Lanczos) top(h HVP, dim int, who string) (*Ritz, error) {
	if h == nil {
		return nil, fmt.Errorf("curvature: %s: h is nil", who)
	}
	if dim < 1 {
		return nil, fmt.Errorf("curvature: %s: dim = %d: want ≥ 1", who, dim)
	}
	K, steps, tol := l.K, l.Steps, l.Tol
	if K == 0 {
		K = 1
	}
	if K < 1 || K > dim {
		return nil, fmt.Errorf("curvature: %s: K = %d: want 1 to %d (dim), or 0 for 1", who, l.K, dim)
	}
	if steps == 0 {
		steps = min(dim, max(30, 3*K+20))
	}
	if steps < K || steps > dim {
		return nil, fmt.Errorf("curvature: %s: Steps = %d: want %d (K) to %d (dim), or 0 for the default", who, l.Steps, K, dim)
	}
	if tol == 0 {
		tol = 1e-5
	}
	if !(tol > 0 && tol < 1) {
		return nil, fmt.Errorf("curvature: %s: Tol = %v: want 0 < Tol < 1, or 0 for 1e-5", who, l.Tol)
	}

	src := rng.New(l.Seed, 0x6c616e637a6f73) // "lanczos"
	kb := &krylov{blocks: []int{0}}
	q := make([]float64, dim)
	w := make([]float64, dim)
	newStart(q, kb.Q, src)
	var (
		cur, snap  *ritzSet // the Ritz pairs now; those a check is testing
		own, scale float64  // the active block's largest Ritz value; max |Ritz value|
		converged  bool
	)
	for j := 0; j < steps; j++ {
		kb.Q = append(kb.Q, q)
		if err := apply(h, w, q, who, j+1); err != nil {
			return nil, err
		}
		kb.alpha = append(kb.alpha, floats.Dot(q, w))
		kb.orthogonalise(w)
		b := floats.Norm(w, 2)
		var err error
		if cur, err = kb.ritz(b); err != nil {
			return nil, fmt.Errorf("curvature: %s: %w", who, err)
		}
		vals, res := cur.vals, cur.res
		scale = math.Max(math.Abs(vals[0]), math.Abs(vals[len(vals)-1]))
		topOK := len(vals) >= K
		for i := range min(K, len(vals)) {
			if res[i] > tol*scale {
				topOK = false
			}
		}
		// A closed Krylov space has shown each distinct eigenvalue once,
		// but no multiplicity: only λ_max (K = 1) is known for sure.
		closed := b <= 1e-10*scale
		spans := len(kb.Q) == dim
		first := len(kb.blocks) == 1
		// The first block is done when the top K have converged; a later
		// one, a check, when its own largest Ritz value has.
		own, done := vals[0], topOK
		if !first {
			var bad bool
			if own, bad, err = kb.blockTop(b, tol*scale); err != nil {
				return nil, fmt.Errorf("curvature: %s: %w", who, err)
			}
			done = !bad
		}
		restart := false
		if spans || closed || done {
			switch {
			case snap != nil && own <= snap.vals[K-1]+tol*scale:
				cur, converged = snap, true // the check found nothing more
			case spans:
				converged = topOK
			case K == 1 && topOK:
				converged = true
			case topOK:
				snap, restart = cur, true // check the top K
			case closed:
				snap, restart = nil, true
			default: // a check found more, not yet converged: go on
				snap = nil
			}
		}
		if converged || spans || j == steps-1 {
			break
		}
		q = make([]float64, dim)
		if restart {
			newStart(q, kb.Q, src)
			kb.restart(b)
		} else {
			floats.ScaleTo(q, 1/b, w)
			kb.beta = append(kb.beta, b)
		}
	}
	if !converged && snap != nil && own <= snap.vals[K-1]+tol*scale {
		cur = snap // an unfinished check that has found nothing more
	}
	r := &Ritz{Values: cur.vals[:K], Residuals: cur.res[:K], Vectors: mat.NewDense(dim, K, nil), Steps: len(kb.Q), Converged: converged}
	for i := range K {
		col := make([]float64, dim)
		for k, qk := range kb.Q[:cur.m] {
			floats.AddScaled(col, cur.S.At(k, i), qk)
		}
		r.Vectors.SetCol(i, col)
	}
	return r, nil
}

// newStart fills q with a random unit vector orthogonal to the basis Q.
func newStart(q []float64, Q [][]float64, r *rand.PCG) {
	for {
		for i := range q {
			q[i] = rng.Normal(r)
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

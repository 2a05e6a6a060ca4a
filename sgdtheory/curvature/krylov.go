package curvature

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// krylov is the basis of Lanczos, in blocks: each restart begins a block
// with a new random vector. Within a block QᵀHQ is tridiagonal (α, β);
// between blocks its entries are the coefficients that reorthogonalisation
// removes from H·q_j along the vectors of earlier blocks.
type krylov struct {
	Q      [][]float64
	alpha  []float64
	beta   []float64   // beta[j] couples q_j and q_{j+1}; 0 between blocks
	cross  [][]float64 // cross[j][i] = q_iᵀHq_j for q_i in an earlier block
	blocks []int       // index of the first vector of each block
	ends   []float64   // norm of the residual of each finished block's last vector
}

// orthogonalise removes from w, twice, its components along the basis
// ("twice is enough", Parlett), which also removes the α q_j and β q_{j−1}
// terms of the recurrence, and records those along earlier blocks.
func (kb *krylov) orthogonalise(w []float64) {
	j, start := len(kb.Q)-1, kb.blocks[len(kb.blocks)-1]
	var c []float64
	if start > 0 {
		c = make([]float64, start)
	}
	for range 2 {
		for i, qi := range kb.Q {
			d := floats.Dot(qi, w)
			floats.AddScaled(w, -d, qi)
			if i < start {
				c[i] += d
			}
		}
	}
	for len(kb.cross) < j {
		kb.cross = append(kb.cross, nil)
	}
	kb.cross = append(kb.cross, c)
}

// restart ends the active block, whose last residual has norm b.
func (kb *krylov) restart(b float64) {
	kb.beta = append(kb.beta, 0)
	kb.ends = append(kb.ends, b)
	kb.blocks = append(kb.blocks, len(kb.Q))
}

// ritzSet is a set of Ritz pairs of the first m basis vectors: values in
// decreasing order, bounds on their residuals, and the eigenvectors of the
// projected matrix as the columns of S.
type ritzSet struct {
	vals, res []float64
	S         *mat.Dense
	m         int
}

// ritz returns the Ritz pairs of the whole basis; b is the norm of the
// active block's next (unnormalised) vector. A residual is bounded by the
// parts of H·y outside the basis: b·|s_last| from the active block and,
// from each earlier block's last vector, what of its residual the later
// blocks did not absorb.
func (kb *krylov) ritz(b float64) (*ritzSet, error) {
	m := len(kb.alpha)
	T := mat.NewSymDense(m, nil)
	for i, a := range kb.alpha {
		T.SetSym(i, i, a)
		if i+1 < m {
			T.SetSym(i, i+1, kb.beta[i])
		}
	}
	for j, c := range kb.cross {
		for i, v := range c {
			T.SetSym(i, j, v)
		}
	}
	rs, err := eigen(T, b)
	if err != nil {
		return nil, err
	}
	for k, last := range kb.blocks[1:] {
		last-- // the last vector of block k
		e := kb.ends[k] * kb.ends[k]
		for _, c := range kb.cross[last+1:] {
			if c != nil {
				e -= c[last] * c[last]
			}
		}
		e = math.Sqrt(math.Max(e, 0))
		for i := range rs.res {
			rs.res[i] += e * math.Abs(rs.S.At(last, i))
		}
	}
	return rs, nil
}

// blockTop returns the largest Ritz value of the active block alone (of H
// compressed to the complement of the earlier blocks) and whether its
// residual exceeds tol.
func (kb *krylov) blockTop(b, tol float64) (top float64, bad bool, err error) {
	s := kb.blocks[len(kb.blocks)-1]
	m := len(kb.alpha) - s
	T := mat.NewSymDense(m, nil)
	for i, a := range kb.alpha[s:] {
		T.SetSym(i, i, a)
		if i+1 < m {
			T.SetSym(i, i+1, kb.beta[s+i])
		}
	}
	rs, err := eigen(T, b)
	if err != nil {
		return 0, false, err
	}
	return rs.vals[0], rs.res[0] > tol, nil
}

// eigen returns the eigenpairs of the projected matrix T in decreasing
// order, with residuals |b·s_last|.
func eigen(T *mat.SymDense, b float64) (*ritzSet, error) {
	m := T.SymmetricDim()
	var eig mat.EigenSym
	if !eig.Factorize(T, true) {
		return nil, errors.New("eigendecomposition of the projected matrix failed")
	}
	asc := eig.Values(nil)
	var V mat.Dense
	eig.VectorsTo(&V)
	rs := &ritzSet{vals: make([]float64, m), res: make([]float64, m), S: mat.NewDense(m, m, nil), m: m}
	for i := range m {
		k := m - 1 - i // ascending → decreasing
		rs.vals[i] = asc[k]
		rs.res[i] = math.Abs(b * V.At(m-1, k))
		for r := range m {
			rs.S.Set(r, i, V.At(r, k))
		}
	}
	return rs, nil
}

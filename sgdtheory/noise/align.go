package noise

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// CovProduct returns the product v ↦ Cv with the population covariance of
// the rows of grads,
//
//	C = (1/n) Σᵢ (gᵢ − ḡ)(gᵢ − ḡ)ᵀ,   Cv = (1/n) Gᵀ(Gv) − ḡ(ḡᵀv),
//
// the normalisation of Moments, without forming the d×d matrix C. It is
// meant for per-example gradients of a network (mlp.Net.PerExampleGrads, one
// example a row), whose d is too large for C itself; the product costs two
// passes over grads, and it has the signature of curvature.HVP, so Lanczos
// finds the top eigen-directions of the gradient noise exactly as it finds
// those of the Hessian. The product reads grads at every call: do not modify
// it while the product is in use. It is not safe for concurrent use.
func CovProduct(grads *mat.Dense) (func(dst, v []float64), error) {
	if grads == nil {
		return nil, fmt.Errorf("noise: CovProduct: grads is nil")
	}
	n, d := grads.Dims()
	if n < 2 {
		return nil, fmt.Errorf("noise: CovProduct: grads has %d rows: want ≥ 2 examples", n)
	}
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		for j, v := range grads.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("noise: CovProduct: grads[%d,%d] = %v: want finite", i, j, v)
			}
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	gbar := mat.NewVecDense(d, mean)
	t := mat.NewVecDense(n, nil)
	return func(dst, v []float64) {
		if len(v) != d || len(dst) != d {
			panic(fmt.Sprintf("noise: CovProduct: len(v) = %d, len(dst) = %d, want the gradient dimension %d", len(v), len(dst), d))
		}
		vv := mat.NewVecDense(d, v)
		t.MulVec(grads, vv)
		out := mat.NewVecDense(d, dst)
		out.MulVec(grads.T(), t)
		out.ScaleVec(1/float64(n), out)
		out.AddScaledVec(out, -mat.Dot(gbar, vv), gbar)
	}, nil
}

// Overlap returns how much two subspaces of ℝᵈ share, given orthonormal
// bases as the columns of U (d×k) and V (d×m):
//
//	overlap = ‖UᵀV‖²_F / min(k, m),
//
// the mean squared cosine of their principal angles, in [0, 1]: 1 when the
// smaller subspace lies inside the larger, 0 when they are orthogonal. For a
// subspace V drawn uniformly at random E‖UᵀV‖²_F = km/d, so two k-dimensional
// subspaces that have nothing to do with each other overlap by k/d, the
// baseline against which to read the alignment of, say, the top
// eigen-directions of the gradient covariance and of the Hessian (Zhu et
// al. 2018). Columns must be orthonormal to 1e-6, as Lanczos Ritz vectors
// are; an error names the matrix that is not.
func Overlap(U, V *mat.Dense) (float64, error) {
	if U == nil || V == nil {
		return 0, fmt.Errorf("noise: Overlap: U or V is nil")
	}
	d, k := U.Dims()
	dv, m := V.Dims()
	if d == 0 || k == 0 || dv == 0 || m == 0 {
		return 0, fmt.Errorf("noise: Overlap: U is %d×%d and V %d×%d: want at least one column each", d, k, dv, m)
	}
	if dv != d {
		return 0, fmt.Errorf("noise: Overlap: V has %d rows: want %d like U", dv, d)
	}
	if k > d || m > d {
		return 0, fmt.Errorf("noise: Overlap: U is %d×%d and V %d×%d: want at most as many columns as rows", d, k, dv, m)
	}
	for _, c := range []struct {
		name string
		a    *mat.Dense
	}{{"U", U}, {"V", V}} {
		var g mat.Dense
		g.Mul(c.a.T(), c.a)
		r, _ := g.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < r; j++ {
				want := 0.0
				if i == j {
					want = 1
				}
				if v := g.At(i, j); !(math.Abs(v-want) <= 1e-6) {
					return 0, fmt.Errorf("noise: Overlap: (%sᵀ%s)[%d,%d] = %v: want %v (the columns of %s are not orthonormal)", c.name, c.name, i, j, v, want, c.name)
				}
			}
		}
	}
	var p mat.Dense
	p.Mul(U.T(), V)
	f := mat.Norm(&p, 2)
	return f * f / float64(min(k, m)), nil
}

package noise_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/noise"
)

func randGrads(n, d int, seed uint64) *mat.Dense {
	r := rand.New(rand.NewPCG(seed, 2))
	g := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			g.Set(i, j, r.NormFloat64()*float64(j+1)+0.3*float64(j)) // anisotropic, nonzero mean
		}
	}
	return g
}

// TestCovProduct compares the matrix-free product with the explicit
// population covariance (1/n)Σ(gᵢ−ḡ)(gᵢ−ḡ)ᵀ, formed here by a direct sum.
func TestCovProduct(t *testing.T) {
	for _, tc := range []struct{ n, d int }{{2, 1}, {10, 3}, {50, 20}, {7, 40}} {
		G := randGrads(tc.n, tc.d, uint64(tc.n*tc.d))
		mean := make([]float64, tc.d)
		for i := 0; i < tc.n; i++ {
			for j := 0; j < tc.d; j++ {
				mean[j] += G.At(i, j) / float64(tc.n)
			}
		}
		C := mat.NewDense(tc.d, tc.d, nil)
		for i := 0; i < tc.n; i++ {
			for a := 0; a < tc.d; a++ {
				for b := 0; b < tc.d; b++ {
					C.Set(a, b, C.At(a, b)+(G.At(i, a)-mean[a])*(G.At(i, b)-mean[b])/float64(tc.n))
				}
			}
		}
		prod, err := noise.CovProduct(G)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(9, 9))
		v := make([]float64, tc.d)
		for j := range v {
			v[j] = r.NormFloat64()
		}
		got := make([]float64, tc.d)
		prod(got, v)
		var want mat.VecDense
		want.MulVec(C, mat.NewVecDense(tc.d, v))
		for j := range got {
			if math.Abs(got[j]-want.AtVec(j)) > 1e-10*(1+math.Abs(want.AtVec(j))) {
				t.Errorf("n=%d d=%d: (Cv)[%d] = %v, want %v", tc.n, tc.d, j, got[j], want.AtVec(j))
			}
		}
	}
	if _, err := noise.CovProduct(mat.NewDense(1, 3, nil)); err == nil || !strings.Contains(err.Error(), "rows") {
		t.Errorf("one row: error %v, want one about rows", err)
	}
	bad := mat.NewDense(2, 2, []float64{1, 2, math.Inf(1), 0})
	if _, err := noise.CovProduct(bad); err == nil || !strings.Contains(err.Error(), "grads[1,0]") {
		t.Errorf("Inf entry: error %v, want one naming grads[1,0]", err)
	}
}

// randBasis returns d×k orthonormal columns spanning a uniformly random
// subspace (QR of a Gaussian matrix).
func randBasis(d, k int, r *rand.Rand) *mat.Dense {
	g := mat.NewDense(d, k, nil)
	for i := 0; i < d; i++ {
		for j := 0; j < k; j++ {
			g.Set(i, j, r.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	return mat.DenseCopyOf(q.Slice(0, d, 0, k))
}

func TestOverlap(t *testing.T) {
	e := func(d int, cols ...[]float64) *mat.Dense {
		m := mat.NewDense(d, len(cols), nil)
		for j, c := range cols {
			m.SetCol(j, c)
		}
		return m
	}
	const th = 0.3
	for _, tc := range []struct {
		name string
		U, V *mat.Dense
		want float64
	}{
		{"same line", e(3, []float64{1, 0, 0}), e(3, []float64{1, 0, 0}), 1},
		{"orthogonal", e(3, []float64{1, 0, 0}), e(3, []float64{0, 1, 0}), 0},
		{"angle θ: cos²θ", e(3, []float64{1, 0, 0}), e(3, []float64{math.Cos(th), math.Sin(th), 0}), math.Cos(th) * math.Cos(th)},
		{"line in plane", e(3, []float64{0, 0.6, 0.8}), e(3, []float64{0, 1, 0}, []float64{0, 0, 1}), 1},
		{"planes sharing a line", e(3, []float64{1, 0, 0}, []float64{0, 1, 0}), e(3, []float64{1, 0, 0}, []float64{0, 0, 1}), 0.5},
	} {
		got, err := noise.Overlap(tc.U, tc.V)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: Overlap = %v, want %v", tc.name, got, tc.want)
		}
	}
	// Random k-subspaces of ℝᵈ overlap by k/d on average.
	r := rand.New(rand.NewPCG(4, 4))
	const d, k, trials = 60, 3, 400
	U := randBasis(d, k, r)
	var sum float64
	for i := 0; i < trials; i++ {
		o, err := noise.Overlap(U, randBasis(d, k, r))
		if err != nil {
			t.Fatal(err)
		}
		sum += o
	}
	if m := sum / trials; math.Abs(m/(float64(k)/d)-1) > 0.1 {
		t.Errorf("random subspaces: mean overlap %v, want k/d = %v within 10%%", m, float64(k)/d)
	}
	// Errors name the offending matrix.
	notOrtho := e(3, []float64{1, 0, 0}, []float64{1, 1, 0})
	if _, err := noise.Overlap(e(3, []float64{1, 0, 0}), notOrtho); err == nil || !strings.Contains(err.Error(), "columns of V") {
		t.Errorf("non-orthonormal V: error %v", err)
	}
	if _, err := noise.Overlap(e(2, []float64{1, 0}), e(3, []float64{1, 0, 0})); err == nil || !strings.Contains(err.Error(), "rows") {
		t.Errorf("row mismatch: error %v", err)
	}
}

package curvature

import (
	"math"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/noise"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// denseTop returns the eigenvalues of a in decreasing order and the
// eigenvectors as columns in the same order, by mat.EigenSym.
func denseTop(a mat.Symmetric) ([]float64, *mat.Dense) {
	var es mat.EigenSym
	es.Factorize(a, true)
	vals := es.Values(nil)
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	n := len(vals)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return vals[order[i]] > vals[order[j]] })
	out, v := make([]float64, n), mat.NewDense(n, n, nil)
	for k, i := range order {
		out[k] = vals[i]
		v.SetCol(k, mat.Col(nil, i, &vecs))
	}
	return out, v
}

// TestAlign checks the Alignment of a 3-4-2 net (26 parameters) against
// dense matrices: C as the population covariance of the per-example
// gradients (stat.CovarianceMatrix), H column by column from exact
// products, each eigen-decomposed by mat.EigenSym.
func TestAlign(t *testing.T) {
	s := blobs(80, 3, 2, 1)
	net := trained(t, []int{3, 4, 2}, s)
	idx := []int{0, 3, 7, 11, 19, 23, 31, 40, 52, 61, 70, 79}
	const K = 3
	a, err := Align(net, s, idx, K)
	if err != nil {
		t.Fatal(err)
	}
	P := net.NumParams()
	G, _ := net.PerExampleGrads(s, idx)
	var C mat.SymDense
	stat.CovarianceMatrix(&C, G, nil)
	C.ScaleSym(float64(len(idx)-1)/float64(len(idx)), &C) // population, as CovProduct
	lH, vH := denseTop(denseHessian(net, s, idx))
	lC, vC := denseTop(&C)
	for i := 0; i < K; i++ {
		u := mat.NewVecDense(P, mat.Col(nil, i, vH))
		var cu mat.VecDense
		cu.MulVec(&C, u)
		for _, tc := range []struct {
			name      string
			got, want float64
		}{
			{"LambdaH", a.LambdaH[i], lH[i]},
			{"LambdaC", a.LambdaC[i], lC[i]},
			{"Rayleigh", a.Rayleigh[i], mat.Dot(u, &cu)},
		} {
			if math.Abs(tc.got-tc.want) > 1e-4*math.Abs(lH[0]) {
				t.Errorf("%s[%d] = %v, want %v", tc.name, i, tc.got, tc.want)
			}
		}
		// Ritz vectors carry an error of about residual/gap, so the
		// quantities built from them agree less closely than eigenvalues.
		want, _ := noise.Overlap(mat.DenseCopyOf(vH.Slice(0, P, 0, i+1)), mat.DenseCopyOf(vC.Slice(0, P, 0, i+1)))
		if math.Abs(a.Overlap[i]-want) > 1e-4 {
			t.Errorf("Overlap[%d] = %v, want %v", i, a.Overlap[i], want)
		}
	}
	if a.P != P || a.HVectors == nil {
		t.Errorf("P = %d, HVectors nil = %v: want %d and H's eigenvectors", a.P, a.HVectors == nil, P)
	}
	for _, k := range []int{0, P + 1} {
		if _, err := Align(net, s, idx, k); err == nil {
			t.Errorf("Align with K = %d: no error", k)
		}
	}
	if _, err := Align(nil, s, idx, 1); err == nil {
		t.Error("Align of a nil net: no error")
	}
}

// TestSharpen checks the record of full-batch GD against the run written
// out: the loss of every step from a train.SGD run with S = N, λ_max at the
// start from the dense Hessian, and the count of rises.
func TestSharpen(t *testing.T) {
	s := blobs(60, 3, 2, 2)
	net := trained(t, []int{3, 4, 2}, s)
	ref := net.Clone()
	all := make([]int, s.Len())
	for i := range all {
		all[i] = i
	}
	l0, _ := denseTop(denseHessian(net, s, all))
	r, err := Sharpen(net, s, 0.5, 6, 3)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Sharp[0]-l0[0]) > 1e-6*l0[0] {
		t.Errorf("Sharp[0] = %v, want λ_max = %v", r.Sharp[0], l0[0])
	}
	if len(r.Steps) != 3 || r.Steps[2] != 6 || len(r.Loss) != 6 {
		t.Errorf("Steps = %v, %d losses: want 0, 3, 6 and 6", r.Steps, len(r.Loss))
	}
	var want []float64
	for range 2 {
		h, err := trainFullBatch(ref, s, 0.5, 3)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, h...)
	}
	rises := 0
	for i := range want {
		if r.Loss[i] != want[i] {
			t.Errorf("Loss[%d] = %v, want %v", i, r.Loss[i], want[i])
		}
		if i > 0 && want[i] > want[i-1] {
			rises++
		}
	}
	if r.Rises() != rises {
		t.Errorf("Rises = %d, want %d", r.Rises(), rises)
	}
	if p := (r.Sharp[1] + r.Sharp[2]) / 2; math.Abs(r.Plateau()-p) > 1e-12*p || r.Final() != r.Sharp[2] {
		t.Errorf("Plateau = %v, Final = %v: want %v, %v", r.Plateau(), r.Final(), p, r.Sharp[2])
	}
	for _, bad := range []struct{ eta, steps, every int }{{1, 5, 3}, {1, 3, 0}, {0, 3, 3}} {
		if _, err := Sharpen(net, s, float64(bad.eta)/2, bad.steps, bad.every); err == nil {
			t.Errorf("Sharpen(η = %v, steps %d, every %d): no error", float64(bad.eta)/2, bad.steps, bad.every)
		}
	}
}

// trainFullBatch runs epochs steps of full-batch GD with seed 1 and returns
// the loss before each.
func trainFullBatch(net *mlp.Net, s *data.Set, eta float64, epochs int) ([]float64, error) {
	h, err := train.SGD{Eta: train.Constant{Value: eta}, S: train.Constant{Value: float64(s.Len())}, Epochs: epochs, Seed: 1}.Run(net, s)
	if err != nil {
		return nil, err
	}
	return h.TrainLoss, nil
}

// denseHessian builds the Hessian of net's mean loss over examples idx of s
// column by column from exact products, symmetrised.
func denseHessian(net *mlp.Net, s *data.Set, idx []int) *mat.SymDense {
	hv, _ := Exact(net, s, idx)
	P := net.NumParams()
	cols := mat.NewDense(P, P, nil)
	e, col := make([]float64, P), make([]float64, P)
	for j := 0; j < P; j++ {
		clear(e)
		e[j] = 1
		hv(col, e)
		cols.SetCol(j, col)
	}
	H := mat.NewSymDense(P, nil)
	for i := 0; i < P; i++ {
		for j := i; j < P; j++ {
			H.SetSym(i, j, (cols.At(i, j)+cols.At(j, i))/2)
		}
	}
	return H
}

package curvature

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// blobs returns n examples of dim inputs in classes Gaussian clusters, a
// learnable task so that a few epochs reach a minimum.
func blobs(n, dim, classes int, seed uint64) *data.Set {
	r := rand.New(rand.NewPCG(seed, 4))
	centres := make([]float64, classes*dim)
	for i := range centres {
		centres[i] = r.NormFloat64()
	}
	s := &data.Set{X: make([]float32, n*dim), Y: make([]int, n), Dim: dim, Classes: classes}
	for i := range n {
		y := i % classes
		s.Y[i] = y
		for j := range dim {
			s.X[i*dim+j] = float32(centres[y*dim+j] + 0.8*r.NormFloat64())
		}
	}
	return s
}

// trained returns a small net after a few epochs of SGD on blobs.
func trained(t testing.TB, widths []int, s *data.Set) *mlp.Net {
	net, _ := mlp.New(widths, 1)
	_, err := train.SGD{Eta: train.Constant{Value: 0.1}, S: train.Constant{Value: 16}, Epochs: 5, Seed: 2}.Run(net, s)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// TestNetSpectrum builds the full Hessian of a 4-3-2 net (23 parameters)
// column by column and checks Lanczos (top 3, 1e-8 relative to ‖H‖) and
// power iteration against mat.EigenSym of it.
func TestNetSpectrum(t *testing.T) {
	s := blobs(60, 4, 2, 1)
	net := trained(t, []int{4, 3, 2}, s)
	h, idx, err := Hessian(net, s, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx) != 60 {
		t.Fatalf("default sample of a 60-example set has %d examples, want all 60", len(idx))
	}
	P := net.NumParams()
	H := mat.NewSymDense(P, nil)
	e, col := make([]float64, P), make([]float64, P)
	cols := mat.NewDense(P, P, nil)
	for j := range P {
		e[j] = 1
		h(col, e)
		e[j] = 0
		cols.SetCol(j, col)
	}
	for i := range P {
		for j := i; j < P; j++ {
			H.SetSym(i, j, (cols.At(i, j)+cols.At(j, i))/2) // symmetrise float32 rounding
		}
	}
	want := topEigen(H)
	l, err := Lanczos{K: 3, Tol: 1e-9, Seed: 2}.Top(h, P)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if math.Abs(l.Values[i]-want[i]) > 1e-6*want[0] {
			t.Errorf("Lanczos λ_%d = %.8g, EigenSym of the built Hessian %.8g", i+1, l.Values[i], want[i])
		}
	}
	p, _ := Power{Seed: 2, Tol: 1e-9, Iters: 2000}.Dominant(h, P)
	if dom := want[0]; math.Abs(want[P-1]) < dom && math.Abs(p.Value-dom) > 1e-4*dom {
		t.Errorf("power iteration %.8g, λ_max %.8g", p.Value, dom)
	}
	t.Logf("spectrum ends %.4g … %.4g; Lanczos %d products, power %d", want[0], want[P-1], l.Steps, p.Iters)
	tr, _ := Hutchinson{Probes: 2000, Seed: 3}.Trace(h, P)
	if exact := mat.Trace(H); math.Abs(tr.Value-exact) > 4*tr.StdErr {
		t.Errorf("Hutchinson trace %v, exact %.5g", tr, exact)
	}
}

// TestExactVsFiniteDiff compares the R-operator product with central
// differences of float32 gradients on a trained 20-16-8-4 net: they agree
// to within 0.5% at the default step (measured 0.09%); the larger step 1e-2
// crosses ReLU kinks and the smaller 1e-6 drowns in float32 rounding.
func TestExactVsFiniteDiff(t *testing.T) {
	s := blobs(400, 20, 4, 5)
	net := trained(t, []int{20, 16, 8, 4}, s)
	idx, _ := Sample(s, 300, 1)
	exact, err := Exact(net, s, idx)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 7))
	v := make([]float64, net.NumParams())
	for i := range v {
		v[i] = r.NormFloat64()
	}
	want, got := make([]float64, len(v)), make([]float64, len(v))
	exact(want, v)
	for _, step := range []float64{1e-2, 0, 1e-6} {
		fdh, err := FiniteDiff(net, s, idx, step)
		if err != nil {
			t.Fatal(err)
		}
		fdh(got, v)
		rel := floats.Distance(got, want, 2) / floats.Norm(want, 2)
		t.Logf("step %g: relative error %.2g", step, rel)
		if step == 0 && rel > 5e-3 {
			t.Errorf("default step: ‖H_fd v − Hv‖/‖Hv‖ = %.3g, want ≤ 5e-3", rel)
		}
	}
	// Exact works on a snapshot: training net further must not change it.
	before := slices.Clone(want)
	net.Weights()[0] += 1
	exact(want, v)
	if !slices.Equal(before, want) {
		t.Error("Exact follows later changes to net")
	}
}

// TestLambdaMaxDeterministic checks that LambdaMax does not depend on the
// number of cores, and agrees with power iteration at a minimum.
func TestLambdaMaxDeterministic(t *testing.T) {
	s := blobs(2500, 20, 4, 8)
	net := trained(t, []int{20, 16, 4}, s)
	var got []float64
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		l, err := LambdaMax(net, s, 3)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, l)
	}
	if got[0] != got[1] {
		t.Errorf("LambdaMax %v with 1 core, %v with 2", got[0], got[1])
	}
	h, _, _ := Hessian(net, s, 0, 3)
	p, _ := Power{Seed: 3, Iters: 1000, Tol: 1e-7}.Dominant(h, net.NumParams())
	if math.Abs(p.Value-got[0]) > 1e-3*got[0] {
		t.Errorf("power iteration %.6g (%d products), Lanczos %.6g", p.Value, p.Iters, got[0])
	}
}

func TestSample(t *testing.T) {
	s := blobs(3000, 2, 2, 1)
	a, err := Sample(s, 0, 5)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Sample(s, 0, 5)
	c, _ := Sample(s, 0, 6)
	if len(a) != DefaultSample || !slices.IsSorted(a) || !slices.Equal(a, b) || slices.Equal(a, c) {
		t.Errorf("Sample: %d indices, sorted %v, same seed equal %v, other seed differs %v",
			len(a), slices.IsSorted(a), slices.Equal(a, b), !slices.Equal(a, c))
	}
	if len(slices.Compact(slices.Clone(a))) != len(a) || a[0] < 0 || a[len(a)-1] >= 3000 {
		t.Error("Sample: indices repeat or leave the set")
	}
	for _, tc := range []struct {
		n    int
		want string
	}{
		{3001, "curvature: Sample: n = 3001: want 1 to 3000 (the set size), or 0 for min(2000, 3000)"},
		{-1, "curvature: Sample: n = -1: want 1 to 3000"},
	} {
		if _, err := Sample(s, tc.n, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Sample(%d): %v, want %q", tc.n, err, tc.want)
		}
	}
	net, _ := mlp.New([]int{2, 2}, 1)
	if _, err := FiniteDiff(net, s, a, 2); err == nil || !strings.Contains(err.Error(), "curvature: FiniteDiff: h = 2: want a step 0 < h < 1") {
		t.Errorf("FiniteDiff step 2: %v", err)
	}
	if _, err := Exact(net, s, []int{-1}); err == nil || !strings.Contains(err.Error(), "curvature: Exact: mlp: Net.HessVec: idx[0] = -1") {
		t.Errorf("Exact bad index: %v", err)
	}
}

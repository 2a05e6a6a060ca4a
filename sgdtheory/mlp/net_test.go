package mlp

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
)

// randomSet returns n examples of dim Gaussian inputs with random labels.
func randomSet(n, dim, classes int, seed uint64) *data.Set {
	r := rand.New(rand.NewPCG(seed, 2))
	s := &data.Set{X: make([]float32, n*dim), Y: make([]int, n), Dim: dim, Classes: classes}
	for i := range s.X {
		s.X[i] = float32(r.NormFloat64())
	}
	for i := range s.Y {
		s.Y[i] = r.IntN(classes)
	}
	return s
}

// refLoss is an independent float64 implementation of the mean loss over
// idx for the parameter layout documented in doc.go.
func refLoss(widths []int, theta []float64, s *data.Set, idx []int) float64 {
	var total float64
	for _, i := range idx {
		a := make([]float64, s.Dim)
		for j := range a {
			a[j] = float64(s.X[i*s.Dim+j])
		}
		o := 0
		for l := 0; l+1 < len(widths); l++ {
			in, out := widths[l], widths[l+1]
			z := make([]float64, out)
			for b := range out {
				z[b] = theta[o+in*out+b]
				for k := range in {
					z[b] += a[k] * theta[o+k*out+b]
				}
				if l+2 < len(widths) {
					z[b] = math.Max(z[b], 0)
				}
			}
			a, o = z, o+(in+1)*out
		}
		total += floats.LogSumExp(a) - a[s.Y[i]]
	}
	return total / float64(len(idx))
}

func TestNew(t *testing.T) {
	n, err := New([]int{784, 256, 10}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := n.NumParams(), 785*256+257*10; got != want {
		t.Errorf("NumParams = %d, want %d", got, want)
	}
	w := n.Params()[:784*256]
	lim := math.Sqrt(6.0 / 784)
	_, sd := stat.MeanStdDev(w, nil)
	if floats.Max(w) > lim || floats.Min(w) < -lim || math.Abs(sd/(lim/math.Sqrt(3))-1) > 0.01 {
		t.Errorf("first-layer weights: range [%g, %g], sd %g; want U(±%g), sd %g", floats.Min(w), floats.Max(w), sd, lim, lim/math.Sqrt(3))
	}
	m, _ := New([]int{784, 256, 10}, 1)
	o, _ := New([]int{784, 256, 10}, 2)
	if !slices.Equal(m.Weights(), n.Weights()) || slices.Equal(o.Weights(), n.Weights()) {
		t.Error("initialisation is not a function of the seed")
	}
	for _, tc := range []struct {
		w    []int
		want string
	}{
		{[]int{5}, "mlp: New: len(widths) = 1: want ≥ 2"},
		{[]int{5, 0, 3}, "mlp: New: widths[1] = 0: want 1 to"},
		{[]int{5, 1}, "mlp: New: widths[1] = 1 classes (the last width): want ≥ 2"},
	} {
		if _, err := New(tc.w, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%v): %v, want %q", tc.w, err, tc.want)
		}
	}
}

// TestGradFiniteDifferences compares the backpropagated gradient with
// central finite differences of the float64 reference loss at the same
// (float32-rounded) parameters. Step 1e-6 keeps clear of ReLU kinks; the
// tolerance covers float32 rounding in the network.
func TestGradFiniteDifferences(t *testing.T) {
	widths := []int{6, 5, 4, 3}
	n, _ := New(widths, 3)
	s := randomSet(20, 6, 3, 4)
	idx := []int{0, 3, 4, 7, 8, 11, 19}
	theta := n.Params()
	want := fd.Gradient(nil, func(p []float64) float64 { return refLoss(widths, p, s, idx) },
		theta, &fd.Settings{Formula: fd.Central, Step: 1e-6})
	g, loss, err := n.Grad(s, idx)
	if err != nil {
		t.Fatal(err)
	}
	if ref := refLoss(widths, theta, s, idx); math.Abs(loss-ref) > 1e-6 {
		t.Errorf("loss %v, reference %v", loss, ref)
	}
	for i := range g {
		if !scalar.EqualWithinAbsOrRel(g[i], want[i], 1e-5, 1e-4) {
			t.Errorf("∂L/∂θ[%d] = %v, finite differences %v", i, g[i], want[i])
		}
	}
	if floats.Norm(want, 2) < 0.1 {
		t.Errorf("gradient norm %g is too small to test anything", floats.Norm(want, 2))
	}
}

// TestPerExampleGrads checks that the per-example gradients average to the
// minibatch gradient, and that each matches Grad of its single example.
func TestPerExampleGrads(t *testing.T) {
	n, _ := New([]int{8, 7, 3}, 5)
	s := randomSet(50, 8, 3, 6)
	idx := []int{1, 2, 3, 5, 8, 13, 21, 34}
	G, err := n.PerExampleGrads(s, idx)
	if err != nil {
		t.Fatal(err)
	}
	g, _, _ := n.Grad(s, idx)
	for j := range g {
		var mean float64
		for i := range idx {
			mean += G.At(i, j)
		}
		mean /= float64(len(idx))
		if !scalar.EqualWithinAbsOrRel(mean, g[j], 1e-6, 1e-5) {
			t.Errorf("mean per-example gradient [%d] = %v, batch gradient %v", j, mean, g[j])
		}
	}
	g1, _, _ := n.Grad(s, idx[4:5])
	for j, v := range g1 {
		if !scalar.EqualWithinAbsOrRel(G.At(4, j), v, 1e-6, 1e-5) {
			t.Errorf("row 4 [%d] = %v, Grad of the single example %v", j, G.At(4, j), v)
		}
	}
}

// TestShardedDeterminism checks that a minibatch cut into shards gives the
// gradient of the whole (up to float32 rounding), and exactly the same bits
// with 1 or several goroutines.
func TestShardedDeterminism(t *testing.T) {
	n, _ := New([]int{30, 20, 20, 5}, 7)
	s := randomSet(300, 30, 5, 8)
	idx := make([]int, 100) // 4 shards
	for i := range idx {
		idx[i] = (i * 37) % 300
	}
	gs := map[int][]float64{}
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		g, _, err := n.Grad(s, idx)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		gs[procs] = g
	}
	if !slices.Equal(gs[1], gs[2]) || !slices.Equal(gs[1], gs[3]) {
		t.Error("gradient depends on GOMAXPROCS")
	}
	want := fd.Gradient(nil, func(p []float64) float64 { return refLoss(n.widths, p, s, idx) },
		n.Params(), &fd.Settings{Formula: fd.Central, Step: 1e-6})
	if d := floats.Distance(gs[1], want, math.Inf(1)); d > 1e-4 {
		t.Errorf("sharded gradient differs from finite differences by %g (max abs)", d)
	}
}

func TestEvaluate(t *testing.T) {
	n, _ := New([]int{10, 16, 4}, 9)
	s := randomSet(600, 10, 4, 10) // 3 blocks, the last partial
	loss, acc, err := n.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	all := make([]int, s.Len())
	for i := range all {
		all[i] = i
	}
	if ref := refLoss(n.widths, n.Params(), s, all); math.Abs(loss-ref) > 1e-5 {
		t.Errorf("Evaluate loss %v, reference %v", loss, ref)
	}
	if acc < 0.1 || acc > 0.5 {
		t.Errorf("accuracy %v of an untrained net on random labels, want ≈ 0.25", acc)
	}
}

func TestErrors(t *testing.T) {
	n, _ := New([]int{4, 3}, 1)
	s := randomSet(5, 4, 3, 1)
	wrongDim := randomSet(5, 6, 3, 1)
	tooMany := randomSet(5, 4, 5, 1)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"idx out of range", grad(n, s, []int{0, 5}), "mlp: Net.Grad: idx[1] = 5: want 0 to 4"},
		{"no examples", grad(n, s, []int{}), "mlp: Net.Grad: len(idx) = 0: want ≥ 1"},
		{"dim", grad(n, wrongDim, []int{0}), "mlp: Net.Grad: s.Dim = 6 inputs per example: want 4"},
		{"classes", grad(n, tooMany, []int{0}), "mlp: Net.Grad: s.Classes = 5: want at most 3"},
		{"dst", func() error { _, _, err := n.Grad32(make([]float32, 3), s, []int{0}); return err }(), "mlp: Net.Grad32: len(dst) = 3: want NumParams() = 15"},
		{"SetParams", n.SetParams([]float64{1}), "mlp: Net.SetParams: len(p) = 1: want NumParams() = 15"},
		{"Evaluate nil", func() error { _, _, err := n.Evaluate(nil); return err }(), "mlp: Net.Evaluate: set s is nil"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, tc.err, tc.want)
		}
	}
}

func grad(n *Net, s *data.Set, idx []int) error {
	_, _, err := n.Grad(s, idx)
	return err
}

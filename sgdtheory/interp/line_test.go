package interp

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

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

// TestFlat: with θ₁ = θ₂ every point is the same network, so the curve is
// flat at its Evaluate values, bit for bit.
func TestFlat(t *testing.T) {
	s, v := randomSet(100, 6, 3, 1), randomSet(50, 6, 3, 2)
	net, _ := mlp.New([]int{6, 5, 3}, 1)
	c, err := Line(net, net.Clone(), s, v, 31)
	if err != nil {
		t.Fatal(err)
	}
	tl, ta, _ := net.Evaluate(s)
	vl, va, _ := net.Evaluate(v)
	for k := range c.Alpha {
		if c.TrainLoss[k] != tl || c.TrainAcc[k] != ta || c.ValLoss[k] != vl || c.ValAcc[k] != va {
			t.Fatalf("α = %v: %v %v %v %v, want the flat line %v %v %v %v", c.Alpha[k],
				c.TrainLoss[k], c.TrainAcc[k], c.ValLoss[k], c.ValAcc[k], tl, ta, vl, va)
		}
	}
	if c.Alpha[0] != -1 || c.Alpha[10] != 0 || c.Alpha[20] != 1 || c.Alpha[30] != 2 {
		t.Errorf("α grid %v: want −1, 0 (k = 10), 1 (k = 20), 2", c.Alpha)
	}
}

// TestLinearModel checks a network without hidden layers and two classes,
// whose loss along the line has a closed form: the margin
// m = z_y − z_other is linear in θ, so L(α) = mean softplus(−((1−α)m₁ + αm₂)),
// computed here in float64 from each endpoint's parameters. Tolerance 1e-5
// covers float32 arithmetic; the curve must also be convex in α.
func TestLinearModel(t *testing.T) {
	const dim = 5
	s := randomSet(80, dim, 2, 3)
	a, _ := mlp.New([]int{dim, 2}, 4)
	b, _ := mlp.New([]int{dim, 2}, 5)
	margins := func(n *mlp.Net) []float64 {
		p := n.Params() // W (dim×2, row-major), then b (2)
		m := make([]float64, s.Len())
		for i := range m {
			z := [2]float64{p[2*dim], p[2*dim+1]}
			for j := range dim {
				x := float64(s.X[i*dim+j])
				z[0] += x * p[2*j]
				z[1] += x * p[2*j+1]
			}
			y := s.Y[i]
			m[i] = z[y] - z[1-y]
		}
		return m
	}
	m1, m2 := margins(a), margins(b)
	c, err := Line(a, b, s, nil, 13)
	if err != nil {
		t.Fatal(err)
	}
	for k, x := range c.Alpha {
		var want float64
		for i := range m1 {
			m := (1-x)*m1[i] + x*m2[i]
			want += math.Log1p(math.Exp(-m)) / float64(len(m1))
		}
		if math.Abs(c.TrainLoss[k]-want) > 1e-5*math.Max(1, want) {
			t.Errorf("α = %.2f: loss %.7g, closed form %.7g", x, c.TrainLoss[k], want)
		}
		if !math.IsNaN(c.ValLoss[k]) {
			t.Errorf("α = %.2f: validation loss %v without a validation set, want NaN", x, c.ValLoss[k])
		}
		if k > 0 && k+1 < len(c.Alpha) && c.TrainLoss[k-1]+c.TrainLoss[k+1]-2*c.TrainLoss[k] < -1e-5 {
			t.Errorf("α = %.2f: loss not convex along the line", x)
		}
	}
}

// TestEndpoints: α = 0 and 1 reproduce the two networks.
func TestEndpoints(t *testing.T) {
	s := randomSet(60, 4, 3, 6)
	a, _ := mlp.New([]int{4, 8, 3}, 7)
	b, _ := mlp.New([]int{4, 8, 3}, 8)
	c, err := Along(a, b, s, s, []float64{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	la, _, _ := a.Evaluate(s)
	lb, _, _ := b.Evaluate(s)
	if c.TrainLoss[0] != la || math.Abs(c.TrainLoss[1]-lb) > 1e-6 || c.ValLoss[1] != c.TrainLoss[1] {
		t.Errorf("endpoints %v, want %v and %v", c.TrainLoss, la, lb)
	}
}

func TestErrors(t *testing.T) {
	s := randomSet(10, 4, 3, 1)
	a, _ := mlp.New([]int{4, 8, 3}, 1)
	b, _ := mlp.New([]int{4, 7, 3}, 1)
	errOf := func(_ *Curve, err error) error { return err }
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errOf(Line(a, a, s, nil, 1)), "interp: Line: n = 1: want 2 to 10000"},
		{errOf(Line(a, b, s, nil, 5)), "interp: Line: a.Widths() = [4 8 3], b.Widths() = [4 7 3]: want the same architecture"},
		{errOf(Line(a, nil, s, nil, 5)), "interp: Line: net b is nil"},
		{errOf(Line(a, a, nil, nil, 5)), "interp: Line: training set train is nil"},
		{errOf(Along(a, a, s, nil, []float64{0, math.NaN()})), "interp: Along: alpha[1] = NaN: want a finite number"},
		{errOf(Line(a, a, randomSet(10, 5, 3, 1), nil, 5)), "interp: Line: training set train: mlp: Net.Evaluate: s.Dim = 5 inputs per example: want 4"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%v, want %q", tc.err, tc.want)
		}
	}
}

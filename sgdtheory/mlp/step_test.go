package mlp

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestStep compares one Step with the update written out in float64 from
// Grad, for each rule, on nets whose parameter cut falls inside a layer's
// weights, on a bias, and on a one-layer net.
func TestStep(t *testing.T) {
	for _, tc := range []struct {
		name          string
		widths        []int
		eta, l2, beta float64
		batch         int
	}{
		{"plain", []int{30, 20, 20, 5}, 0.1, 0, 0, 40},
		{"L2", []int{30, 20, 20, 5}, 0.1, 0.05, 0, 40},
		{"momentum", []int{30, 20, 20, 5}, 0.05, 0, 0.9, 40},
		{"momentum and L2", []int{30, 20, 20, 5}, 0.05, 0.01, 0.9, 7},
		{"one layer", []int{6, 3}, 0.2, 0.1, 0.5, 33},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, _ := New(tc.widths, 3)
			s := randomSet(100, tc.widths[0], tc.widths[len(tc.widths)-1], 4)
			idx := make([]int, tc.batch)
			for i := range idx {
				idx[i] = (i * 13) % 100
			}
			theta := n.Params()
			g, wantLoss, err := n.Grad(s, idx)
			if err != nil {
				t.Fatal(err)
			}
			u := Update{Eta: tc.eta, L2: tc.l2, Momentum: tc.beta}
			v := make([]float64, len(theta))
			if tc.beta > 0 {
				u.Velocity = make([]float32, len(theta))
				for i := range v {
					u.Velocity[i] = float32(math.Sin(float64(i))) / 10
					v[i] = float64(u.Velocity[i])
				}
			}
			for i := range theta { // the rules of Update's doc, in float64
				v[i] = tc.beta*v[i] + g[i] + tc.l2*theta[i]
				theta[i] -= tc.eta * v[i]
			}
			loss, _, err := n.Step(s, idx, u)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(loss-wantLoss) > 1e-6 {
				t.Errorf("loss %v, want %v (before the step)", loss, wantLoss)
			}
			for i, x := range n.Params() {
				if math.Abs(x-theta[i]) > 1e-6*(1+math.Abs(theta[i])) {
					t.Fatalf("θ[%d] = %v after the step, want %v", i, x, theta[i])
				}
				if u.Velocity != nil && math.Abs(float64(u.Velocity[i])-v[i]) > 1e-6*(1+math.Abs(v[i])) {
					t.Fatalf("v[%d] = %v after the step, want %v", i, u.Velocity[i], v[i])
				}
			}
		})
	}
}

// TestStepDeterminism checks that ten steps give the same bits on 1, 2 and
// 3 cores.
func TestStepDeterminism(t *testing.T) {
	s := randomSet(300, 30, 5, 8)
	var runs [][]float32
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		n, _ := New([]int{30, 20, 20, 5}, 7)
		u := Update{Eta: 0.05, Momentum: 0.9, L2: 1e-3, Velocity: make([]float32, n.NumParams())}
		for k := range 10 {
			idx := make([]int, 64)
			for i := range idx {
				idx[i] = (k*64 + i*7) % 300
			}
			if _, _, err := n.Step(s, idx, u); err != nil {
				t.Fatal(err)
			}
		}
		runtime.GOMAXPROCS(old)
		runs = append(runs, n.Weights())
	}
	if !slices.Equal(runs[0], runs[1]) || !slices.Equal(runs[0], runs[2]) {
		t.Error("weights after ten steps depend on GOMAXPROCS")
	}
}

func TestStepErrors(t *testing.T) {
	n, _ := New([]int{4, 3}, 1)
	s := randomSet(5, 4, 3, 1)
	for _, tc := range []struct {
		u    Update
		idx  []int
		want string
	}{
		{Update{Eta: 0}, []int{0}, "Eta = 0: want a finite learning rate > 0"},
		{Update{Eta: math.NaN()}, []int{0}, "Eta = NaN"},
		{Update{Eta: math.Inf(1)}, []int{0}, "Eta = +Inf"},
		{Update{Eta: 0.1, L2: -1}, []int{0}, "L2 = -1: want a finite λ ≥ 0"},
		{Update{Eta: 0.1, Momentum: 1, Velocity: make([]float32, 15)}, []int{0}, "Momentum = 1: want β in [0, 1)"},
		{Update{Eta: 0.1, Momentum: 0.9}, []int{0}, "Velocity = nil with Momentum = 0.9: want len(Velocity) = NumParams() = 15"},
		{Update{Eta: 0.1, Velocity: make([]float32, 3)}, []int{0}, "len(Velocity) = 3: want NumParams() = 15"},
		{Update{Eta: 0.1}, []int{7}, "Net.Step: idx[0] = 7: want 0 to 4"},
	} {
		before := n.Params()
		_, _, err := n.Step(s, tc.idx, tc.u)
		if err == nil || !strings.HasPrefix(err.Error(), "mlp: Net.Step: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want mlp: Net.Step: …%q", tc.u, err, tc.want)
		}
		if !slices.Equal(before, n.Params()) {
			t.Errorf("%+v: a refused step changed the weights", tc.u)
		}
	}
}

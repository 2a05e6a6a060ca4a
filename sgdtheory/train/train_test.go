package train

import (
	"bytes"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// blobs returns n examples in classes well-separated clusters (centre
// distance about 3/√2 spreads), which a small net learns in a few epochs.
func blobs(n, dim, classes int, seed uint64) *data.Set {
	s, err := data.Blobs(n, dim, classes, 1.0/3, seed)
	if err != nil {
		panic(err)
	}
	return s
}

func TestSchedules(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Schedule
		t    float64
		want float64
	}{
		{"constant", Constant{0.1}, 7.3, 0.1},
		{"step before", Step{Initial: 1, Factor: 0.1, Every: 10}, 9.99, 1},
		{"step after", Step{Initial: 1, Factor: 0.1, Every: 10}, 20, 0.01},
		{"triangular start", Triangular{Min: 1, Max: 5, Period: 4}, 0, 1},
		{"triangular rising", Triangular{Min: 1, Max: 5, Period: 4}, 1, 3},
		{"triangular peak", Triangular{Min: 1, Max: 5, Period: 4}, 2, 5},
		{"triangular falling", Triangular{Min: 1, Max: 5, Period: 4}, 7, 3},
		{"cyclic 0", Cyclic{Values: []float64{128, 640}, Every: 2}, 1.9, 128},
		{"cyclic 1", Cyclic{Values: []float64{128, 640}, Every: 2}, 2, 640},
		{"cyclic wraps", Cyclic{Values: []float64{128, 640}, Every: 2}, 4.5, 128},
	} {
		if got := tc.s.At(tc.t); !scalar.EqualWithinAbsOrRel(got, tc.want, 1e-12, 1e-12) {
			t.Errorf("%s: At(%v) = %v, want %v", tc.name, tc.t, got, tc.want)
		}
	}
}

func TestLearnsBlobs(t *testing.T) {
	s := blobs(600, 10, 3, 1)
	tr, va, _ := s.Split(120, 2)
	net, _ := mlp.New([]int{10, 32, 3}, 3)
	var out bytes.Buffer
	h, err := SGD{Eta: Constant{0.05}, S: Constant{20}, Momentum: 0.9, Epochs: 5, Seed: 4, Val: va, Progress: &out}.Run(net, tr)
	if err != nil {
		t.Fatal(err)
	}
	if last := len(h.Epoch) - 1; h.ValAcc[last] < 0.95 || h.TrainLoss[last] > h.TrainLoss[0] {
		t.Errorf("after 5 epochs: val acc %v, train loss %v → %v", h.ValAcc[last], h.TrainLoss[0], h.TrainLoss[last])
	}
	if h.Steps[4] != 5*(480/20) {
		t.Errorf("%d steps, want %d", h.Steps[4], 5*24)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 || !strings.Contains(lines[4], "epoch 5/5") || !strings.Contains(lines[0], "ETA") {
		t.Errorf("progress:\n%s", out.String())
	}
}

// TestOneStep checks the update rule on a single full-batch step:
// θ₁ = θ₀ − η(∇L + λθ₀) (the velocity starts at zero).
func TestOneStep(t *testing.T) {
	s := blobs(40, 4, 2, 5)
	net, _ := mlp.New([]int{4, 5, 2}, 6)
	theta0 := net.Params()
	all := make([]int, s.Len())
	for i := range all {
		all[i] = i
	}
	g, _, _ := net.Grad(s, all)
	const eta, l2 = 0.1, 0.01
	if _, err := (SGD{Eta: Constant{eta}, S: Constant{40}, Momentum: 0.9, L2: l2, Epochs: 1}).Run(net, s); err != nil {
		t.Fatal(err)
	}
	for i, th := range net.Params() {
		want := theta0[i] - eta*(g[i]+l2*theta0[i])
		if !scalar.EqualWithinAbsOrRel(th, want, 1e-6, 1e-5) {
			t.Errorf("θ[%d] = %v after one step, want %v", i, th, want)
		}
	}
}

// TestDeterministic trains twice with 1 and 2 cores and demands identical
// bits, then checks that another seed changes the result.
func TestDeterministic(t *testing.T) {
	s := blobs(400, 8, 4, 7)
	run := func(procs int, seed uint64) []float32 {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		net, _ := mlp.New([]int{8, 40, 40, 4}, 8)
		cfg := SGD{Eta: Triangular{Min: 0.01, Max: 0.05, Period: 2}, S: Cyclic{Values: []float64{32, 64}, Every: 1}, Momentum: 0.5, Epochs: 3, Seed: seed}
		if _, err := cfg.Run(net, s); err != nil {
			t.Fatal(err)
		}
		return net.Weights()
	}
	a, b := run(1, 1), run(2, 1)
	if !slices.Equal(a, b) {
		t.Error("training depends on GOMAXPROCS")
	}
	if slices.Equal(a, run(2, 2)) {
		t.Error("training does not depend on the seed")
	}
}

func TestDivergence(t *testing.T) {
	s := blobs(200, 8, 4, 9)
	net, _ := mlp.New([]int{8, 40, 4}, 10)
	_, err := SGD{Eta: Constant{1e4}, S: Constant{10}, Epochs: 3}.Run(net, s)
	if err == nil || !strings.HasPrefix(err.Error(), "train: SGD.Run: diverged at step") || !strings.Contains(err.Error(), "smaller learning rate than η = 10000") {
		t.Errorf("η = 1e4: %v, want a divergence error", err)
	}
}

func TestErrors(t *testing.T) {
	s := blobs(50, 4, 2, 1)
	net, _ := mlp.New([]int{4, 2}, 1)
	ok := SGD{Eta: Constant{0.1}, S: Constant{10}, Epochs: 2}
	for _, tc := range []struct {
		name string
		mod  func(c *SGD)
		want string
	}{
		{"epochs", func(c *SGD) { c.Epochs = 0 }, "train: SGD.Run: Epochs = 0: want ≥ 1"},
		{"momentum", func(c *SGD) { c.Momentum = 1 }, "train: SGD.Run: Momentum = 1: want β in [0, 1)"},
		{"l2", func(c *SGD) { c.L2 = math.Inf(1) }, "train: SGD.Run: L2 = +Inf: want"},
		{"nil eta", func(c *SGD) { c.Eta = nil }, "train: SGD.Run: Eta is nil: want a Schedule"},
		{"negative eta", func(c *SGD) { c.Eta = Step{Initial: 0.1, Factor: -1, Every: 1} }, "train: SGD.Run: Eta.At(1) = -0.1: want a finite learning rate > 0"},
		{"S too big", func(c *SGD) { c.S = Cyclic{Values: []float64{10, 60}, Every: 1} }, "train: SGD.Run: S.At(1) = 60: want a batch size 1 to 50"},
	} {
		c := ok
		tc.mod(&c)
		if _, err := c.Run(net, s); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestOnEpoch checks that the hook sees every epoch with the network as
// trained so far, and that its error stops the run.
func TestOnEpoch(t *testing.T) {
	s := blobs(200, 8, 4, 11)
	net, _ := mlp.New([]int{8, 20, 4}, 12)
	var seen []int
	var acc []float64
	cfg := SGD{Eta: Constant{0.05}, S: Constant{20}, Epochs: 3, Val: s, OnEpoch: func(e int, n *mlp.Net) error {
		_, a, err := n.Evaluate(s)
		seen, acc = append(seen, e), append(acc, a)
		return err
	}}
	h, err := cfg.Run(net, s)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []int{1, 2, 3}) || !slices.Equal(acc, h.ValAcc) {
		t.Errorf("OnEpoch saw epochs %v with accuracies %v, want 1, 2, 3 and the history's %v", seen, acc, h.ValAcc)
	}
	cfg.OnEpoch = func(e int, _ *mlp.Net) error {
		if e == 2 {
			return errors.New("enough")
		}
		return nil
	}
	h, err = cfg.Run(net, s)
	if err == nil || err.Error() != "train: SGD.Run: OnEpoch after epoch 2: enough" || len(h.Epoch) != 2 {
		t.Errorf("a hook failing at epoch 2 gave %v after %d epochs", err, len(h.Epoch))
	}
}

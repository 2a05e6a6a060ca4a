package train

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// TestRunToLoss checks the stopping epoch and the trained network against
// the loop written out: one-epoch runs with seeds Seed·1000 + e, stopped at
// the first epoch whose training loss is at most the target.
func TestRunToLoss(t *testing.T) {
	s := blobs(200, 6, 3, 1)
	cfg := SGD{Eta: Constant{0.02}, S: Constant{20}, Epochs: 50, Seed: 3}
	net, _ := mlp.New([]int{6, 8, 3}, 1)
	ref, _ := mlp.New([]int{6, 8, 3}, 1)
	loss0, _, _ := ref.Evaluate(s)
	target := loss0 / 4
	want := 0
	for e := 1; e <= 50 && want == 0; e++ {
		if _, err := (SGD{Eta: Constant{0.02}, S: Constant{20}, Epochs: 1, Seed: 3000 + uint64(e)}).Run(ref, s); err != nil {
			t.Fatal(err)
		}
		if l, _, _ := ref.Evaluate(s); l <= target {
			want = e
		}
	}
	if want < 2 {
		t.Fatalf("reference loop stopped at epoch %d: want a target that takes several epochs", want)
	}
	got, err := cfg.RunToLoss(net, s, target)
	if err != nil || got != want {
		t.Fatalf("RunToLoss = %d, %v, want epoch %d", got, err, want)
	}
	if !slices.Equal(net.Params(), ref.Params()) {
		t.Error("RunToLoss: parameters differ from the loop written out")
	}
}

func TestRunToLossBadInput(t *testing.T) {
	s := blobs(60, 4, 2, 1)
	for _, tc := range []struct {
		name   string
		cfg    SGD
		target float64
		want   string
	}{
		{"zero target", SGD{Eta: Constant{0.01}, S: Constant{10}, Epochs: 2}, 0, "target = 0"},
		{"NaN target", SGD{Eta: Constant{0.01}, S: Constant{10}, Epochs: 2}, math.NaN(), "target = NaN"},
		{"schedule", SGD{Eta: Step{Initial: 0.1, Factor: 0.5, Every: 1}, S: Constant{10}, Epochs: 2}, 0.1, "want Constant"},
		{"no epochs", SGD{Eta: Constant{0.01}, S: Constant{10}}, 0.1, "Epochs = 0"},
		{"unreachable", SGD{Eta: Constant{0.001}, S: Constant{10}, Epochs: 2}, 1e-6, "after Epochs = 2"},
	} {
		net, _ := mlp.New([]int{4, 8, 2}, 1)
		if _, err := tc.cfg.RunToLoss(net, s, tc.target); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "train: ") {
			t.Errorf("%s: err = %v, want one naming %q", tc.name, err, tc.want)
		}
	}
}

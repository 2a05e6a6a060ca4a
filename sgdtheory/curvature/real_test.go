package curvature

import (
	"errors"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// TestFashionMNIST measures a 784-32-10 net after 3 epochs of SGD on 10 000
// Fashion-MNIST images: λ_max on the default 2000-example sample by Lanczos
// and by power iteration (they must agree to 1%: at a minimum the dominant
// eigenvalue is the largest), and the spread of λ_max over 5 samples of 128
// and of 2000 examples (the reason for DefaultSample). Skipped with -short
// and without the data set.
func TestFashionMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a network on Fashion-MNIST")
	}
	all, _, err := data.FashionMNIST("")
	if err != nil {
		if errors.Is(err, data.ErrNotFound) && os.Getenv("CI") != "true" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	s, err := all.Balanced(10000, 1)
	if err != nil {
		t.Fatal(err)
	}
	net, _ := mlp.New([]int{784, 32, 10}, 1)
	if _, err := (train.SGD{Eta: train.Constant{Value: 0.05}, S: train.Constant{Value: 32}, Epochs: 3, Seed: 1}).Run(net, s); err != nil {
		t.Fatal(err)
	}
	loss, acc, _ := net.Evaluate(s)
	h, _, err := Hessian(net, s, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	P := net.NumParams()
	l, _ := Lanczos{K: 5, Seed: 1}.Top(h, P)
	p, _ := Power{Seed: 1, Iters: 300, Tol: 1e-6}.Dominant(h, P)
	t.Logf("train loss %.3f acc %.3f; Lanczos top 5 %.4g (%d products, residual %.2g); power %.4g (%d products, converged %v)",
		loss, acc, l.Values, l.Steps, l.Residuals[0], p.Value, p.Iters, p.Converged)
	if math.Abs(p.Value-l.Values[0]) > 0.01*l.Values[0] {
		t.Errorf("power iteration %.4g, Lanczos %.4g", p.Value, l.Values[0])
	}
	for _, n := range []int{128, DefaultSample} {
		var lm []float64
		for seed := range uint64(5) {
			hs, _, _ := Hessian(net, s, n, 100+seed)
			r, _ := Lanczos{Seed: 1}.Top(hs, P)
			lm = append(lm, r.Values[0])
		}
		mean, sd := stat.MeanStdDev(lm, nil)
		t.Logf("λ_max on %4d examples, 5 samples: %.4g (mean %.4g, sd %.2g%%)", n, lm, mean, 100*sd/mean)
	}
}

// Command mkgrid trains the small (η, S) grid behind the λ_max exercise and
// writes its table, which package exercise embeds:
//
//	go run ./sgdtheory/exercise/internal/mkgrid -o sgdtheory/exercise/lambda_grid.json
//
// A 784-64-10 ReLU network is trained on a balanced subset of Fashion-MNIST
// for every pair of three learning rates and three batch sizes (one seed), and
// λ_max of each final network is measured by Lanczos on 2000 training
// examples. It takes under a minute on two cores. The runs are deterministic,
// so re-running it reproduces the committed table (up to the wall-clock
// seconds of each run).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sgdminima/sgdminima/sgdtheory/curvature"
	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/grid"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

func main() {
	out := flag.String("o", "lambda_grid.json", "where to write the table")
	n := flag.Int("n", 4000, "training examples")
	epochs := flag.Int("epochs", 20, "epochs per run")
	flag.Parse()
	if err := run(*out, *n, *epochs); err != nil {
		fmt.Fprintln(os.Stderr, "mkgrid:", err)
		os.Exit(1)
	}
}

func run(out string, n, epochs int) error {
	all, _, err := data.FashionMNIST("")
	if err != nil {
		return err
	}
	m, sd := all.MeanStd()
	all, err = all.Normalize(m, sd)
	if err != nil {
		return err
	}
	train, err := all.Balanced(n, 1)
	if err != nil {
		return err
	}
	g := grid.Grid{
		Widths: []int{784, 64, 10},
		Etas:   []float64{0.01, 0.04, 0.16},
		Sizes:  []int{16, 64, 256},
		Seeds:  []uint64{1},
		Epochs: epochs,
		Train:  train,
		Measure: func(net *mlp.Net, train *data.Set) (float64, error) {
			return curvature.LambdaMax(net, train, 1)
		},
		MeasureName: "λ_max (Lanczos, 2000 training examples)",
		Progress:    os.Stdout,
	}
	t, err := g.Cached(out)
	if err != nil {
		return err
	}
	for _, r := range t.Runs {
		fmt.Printf("η %-5g S %-4d η/S %-9.3g train acc %.3f  λ_max %.2f  %s\n",
			r.Eta, r.S, r.Ratio(), r.FinalAcc, r.Measure, r.Err)
	}
	return nil
}

package grid_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/grid"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// A 2 × 2 grid of learning rate and batch size, one seed, with the norm of
// the final weights as the per-run measurement. In a notebook, Cached
// instead of Run saves the table and reloads it next time.
func ExampleGrid_Run() {
	r := rand.New(rand.NewPCG(1, 1))
	s := &data.Set{X: make([]float32, 200*4), Y: make([]int, 200), Dim: 4, Classes: 2}
	for i := range s.Y {
		s.Y[i] = i % 2
		for j := range 4 {
			s.X[i*4+j] = float32(r.NormFloat64() + float64(2*s.Y[i]-1))
		}
	}
	g := grid.Grid{
		Widths: []int{4, 8, 2}, Etas: []float64{0.01, 0.1}, Sizes: []int{10, 100}, Seeds: []uint64{1},
		Epochs: 2, Train: s,
		Measure: func(n *mlp.Net) (float64, error) {
			var sum float64
			for _, w := range n.Weights() {
				sum += float64(w * w)
			}
			return sum, nil
		},
		MeasureName: "‖θ‖²",
	}
	t, err := g.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, run := range t.Runs {
		fmt.Printf("η %-4g S %-3d η/S %-6g train acc %.2f\n", run.Eta, run.S, run.Ratio(), run.TrainAcc)
	}
	// Output:
	// η 0.01 S 10  η/S 0.001  train acc 0.88
	// η 0.01 S 100 η/S 0.0001 train acc 0.77
	// η 0.1  S 10  η/S 0.01   train acc 0.95
	// η 0.1  S 100 η/S 0.001  train acc 0.88
}

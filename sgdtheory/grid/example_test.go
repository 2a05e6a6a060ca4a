package grid_test

import (
	"fmt"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/grid"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// A 2 × 2 grid of learning rate and batch size, one seed, with the norm of
// the final weights as the per-run measurement. In a notebook, Cached
// instead of Run saves the table and reloads it next time.
func ExampleGrid_Run() {
	s, err := data.Blobs(200, 4, 2, 0.7, 1) // two Gaussian clusters
	if err != nil {
		fmt.Println(err)
		return
	}
	g := grid.Grid{
		Widths: []int{4, 8, 2}, Etas: []float64{0.01, 0.1}, Sizes: []int{10, 100}, Seeds: []uint64{1},
		Epochs: 2, Train: s,
		Measure: func(n *mlp.Net, _ *data.Set) (float64, error) {
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
		fmt.Printf("η %-4g S %-3d η/S %-6g train acc %.2f\n", run.Eta, run.S, run.Ratio(), run.FinalAcc)
	}
	// Output:
	// η 0.01 S 10  η/S 0.001  train acc 0.88
	// η 0.01 S 100 η/S 0.0001 train acc 0.76
	// η 0.1  S 10  η/S 0.01   train acc 0.97
	// η 0.1  S 100 η/S 0.001  train acc 0.87
}

// Three runs at one ratio η/S = 0.001 on two training sets, with a seed of
// their own each, keeping the learning curves. In a notebook, Cached
// instead of Run saves the results and next time trains only the runs that
// were added to the list.
func ExampleRuns_Run() {
	all, err := data.Blobs(600, 4, 2, 0.7, 1) // two Gaussian clusters
	if err != nil {
		fmt.Println(err)
		return
	}
	large, val, _ := all.Split(200, 1)
	small, _ := large.Balanced(80, 2)
	runs := grid.Runs{
		Widths: []int{4, 8, 2},
		Specs: []grid.Spec{
			{Train: "large", Eta: 0.01, S: 10, Seed: 1, Epochs: 3},
			{Train: "large", Eta: 0.04, S: 40, Seed: 2, Epochs: 3},
			{Train: "small", Eta: 0.04, S: 40, Seed: 3, Epochs: 3},
		},
		Sets: map[string]*data.Set{"large": large, "small": small},
		Val:  val,
	}
	t, err := runs.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range t.Runs {
		fmt.Printf("%-5s η %-4g S %-2d steps %v  val acc %.2f → %.2f\n", x.Train, x.Eta, x.S, x.Steps, x.ValAcc[0], x.ValAcc[len(x.ValAcc)-1])
	}
	// Output:
	// large η 0.01 S 10 steps [40 80 120]  val acc 0.88 → 0.95
	// large η 0.04 S 40 steps [10 20 30]  val acc 0.38 → 0.90
	// small η 0.04 S 40 steps [2 4 6]  val acc 0.53 → 0.67
}

// The runs of one setting and their statistics over seeds: the seed mean
// of the validation accuracy epoch by epoch, the scatter of the seeds, and
// how far another setting of the same η/S lies from it.
func ExampleMeanCurve() {
	all, err := data.Blobs(600, 4, 2, 0.7, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	train, val, _ := all.Split(200, 1)
	var specs []grid.Spec
	for seed := uint64(1); seed <= 3; seed++ {
		specs = append(specs, grid.Spec{Train: "train", Eta: 0.01, S: 10, Seed: seed, Epochs: 3},
			grid.Spec{Train: "train", Eta: 0.04, S: 40, Seed: 10 + seed, Epochs: 3})
	}
	t, err := grid.Runs{Widths: []int{4, 8, 2}, Specs: specs, Sets: map[string]*data.Set{"train": train}, Val: val}.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	base := t.Setting("train", 0.01, 10)
	mean, _ := grid.MeanCurve(base, grid.ValAcc)
	spread, _ := grid.SeedRange(base, grid.ValAcc)
	gap, _ := grid.Gap(t.Setting("train", 0.04, 40), base, grid.ValAcc)
	fmt.Printf("%s of %d seeds: mean %.3f, seed range %.3f; η×4, S×4: gap %.3f\n", grid.ValAcc, len(base), mean, spread, gap)
	// Output:
	// validation accuracy of 3 seeds: mean [0.660 0.808 0.902], seed range [0.495 0.235 0.105]; η×4, S×4: gap [0.135 0.105 0.037]
}

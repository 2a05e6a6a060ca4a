package mlp_test

import (
	"fmt"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// The network of the benchmark: 784 inputs, three hidden layers of 256
// ReLU units, 10 classes.
func ExampleNew() {
	net, err := mlp.New([]int{784, 256, 256, 256, 10}, 1)
	fmt.Println(net, err)
	// Output:
	// mlp 784-256-256-256-10 (335114 parameters) <nil>
}

// Per-example gradients average to the minibatch gradient; their spread is
// the gradient noise of SGD.
func ExampleNet_PerExampleGrads() {
	s := &data.Set{X: []float32{1, 0, 0, 1, 1, 1, -1, 0}, Y: []int{0, 1, 1, 0}, Dim: 2, Classes: 2}
	net, _ := mlp.New([]int{2, 4, 2}, 7)
	idx := []int{0, 1, 2, 3}
	G, _ := net.PerExampleGrads(s, idx)
	g, loss, _ := net.Grad(s, idx)
	r, c := G.Dims()
	var mean float64
	for i := range r {
		mean += G.At(i, 0) / float64(r)
	}
	fmt.Printf("%d×%d, loss %.3f, mean of column 0 equals gradient: %v\n", r, c, loss, fmt.Sprintf("%.6f", mean) == fmt.Sprintf("%.6f", g[0]))
	// Output:
	// 4×22, loss 0.692, mean of column 0 equals gradient: true
}

// A few SGD steps with momentum on a toy problem: the loss, measured before
// each step, falls.
func ExampleNet_Step() {
	s := &data.Set{X: []float32{1, 0, 0, 1, 1, 1, -1, 0}, Y: []int{0, 1, 1, 0}, Dim: 2, Classes: 2}
	net, _ := mlp.New([]int{2, 8, 2}, 1)
	u := mlp.Update{Eta: 0.5, Momentum: 0.5, Velocity: make([]float32, net.NumParams())}
	for k := range 40 {
		loss, _, err := net.Step(s, []int{0, 1, 2, 3}, u)
		if err != nil {
			fmt.Println(err)
			return
		}
		if k%10 == 0 {
			fmt.Printf("step %2d: loss %.3f\n", k, loss)
		}
	}
	// Output:
	// step  0: loss 0.315
	// step 10: loss 0.020
	// step 20: loss 0.009
	// step 30: loss 0.006
}

package interp_test

import (
	"fmt"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/interp"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// Along the line between two networks the endpoints are the networks
// themselves; between two random initialisations the loss is not convex.
func ExampleLine() {
	s := &data.Set{X: []float32{1, 0, 0, 1, 1, 1, -1, 0}, Y: []int{0, 1, 1, 0}, Dim: 2, Classes: 2}
	a, _ := mlp.New([]int{2, 8, 2}, 1)
	b, _ := mlp.New([]int{2, 8, 2}, 2)
	c, _ := interp.Line(a, b, s, nil, 7)
	la, _, _ := a.Evaluate(s)
	fmt.Println("α:", c.Alpha)
	fmt.Printf("loss at α = 0 is a's: %v\n", c.TrainLoss[2] == la)
	// Output:
	// α: [-1 -0.5 0 0.5 1 1.5 2]
	// loss at α = 0 is a's: true
}

package train_test

import (
	"fmt"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// xor returns the four XOR points, each repeated n times with a little
// deterministic jitter.
func xor(n int) *data.Set {
	s := &data.Set{Dim: 2, Classes: 2}
	for i := range 4 * n {
		a, b := i%2, (i/2)%2
		j := float32(i%7) * 0.02
		s.X = append(s.X, float32(a)+j, float32(b)-j)
		s.Y = append(s.Y, a^b)
	}
	return s
}

// SGD with momentum learns XOR, which no linear model can.
func ExampleSGD_Run() {
	net, _ := mlp.New([]int{2, 16, 2}, 1)
	h, err := train.SGD{Eta: train.Constant{Value: 0.1}, S: train.Constant{Value: 8}, Momentum: 0.9, Epochs: 20, Seed: 1}.Run(net, xor(25))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, acc, _ := net.Evaluate(xor(25))
	fmt.Printf("%d steps, accuracy %.2f\n", h.Steps[len(h.Steps)-1], acc)
	// Output:
	// 240 steps, accuracy 1.00
}

// The cyclic batch size of the paper's Fig. 4 keeps η/S in step with a
// cyclic learning rate.
func ExampleCyclic() {
	S := train.Cyclic{Values: []float64{128, 640}, Every: 1}
	for e := range 4 {
		fmt.Print(S.At(float64(e)), " ")
	}
	fmt.Println()
	// Output:
	// 128 640 128 640
}

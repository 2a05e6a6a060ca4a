package figure_test

import (
	"fmt"

	"github.com/sgdminima/sgdminima/sgdtheory/figure"
)

// Seed means as points, the range of the seeds as bars in the same colour.
func ExampleAddErrorBars() {
	beta, mean := []float64{1, 4, 16}, []float64{1, 1.04, 1.15}
	lo, hi := []float64{0.98, 1.01, 1.08}, []float64{1.02, 1.06, 1.24}
	p, err := figure.Lines(figure.Axes{Title: "Final loss relative to β = 1", X: "β", Y: "L / L(β = 1)", LogX: true, LogY: true},
		figure.Series{Name: "N = 20480", X: beta, Y: mean, Points: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(figure.AddErrorBars(p, 0, beta, lo, hi))
	fmt.Println(figure.AddErrorBars(p, 0, beta, hi, lo))
	// Output:
	// <nil>
	// figure: AddErrorBars: bar 0 from 1.02 to 0.98: want lo ≤ hi
}

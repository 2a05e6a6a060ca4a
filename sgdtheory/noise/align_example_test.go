package noise_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/noise"
)

// A line at 60° to a plane's normal shares cos²30° = 3/4 of itself with the
// plane; a random line in ℝ³ would share 1/3 on average.
func ExampleOverlap() {
	plane := mat.NewDense(3, 2, []float64{
		1, 0,
		0, 1,
		0, 0,
	})
	line := mat.NewDense(3, 1, []float64{0, 0.8660254037844386, 0.5})
	o, err := noise.Overlap(line, plane)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("overlap %.2f\n", o)
	// Output:
	// overlap 0.75
}

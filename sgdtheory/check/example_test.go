package check_test

import (
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/check"
)

func ExampleClose() {
	// ½·e⁴ is the Laplace ratio p_A/p_B of the notes' double well at T = 0.01.
	check.Close("p_A/p_B", 27.30, 0.5*math.Exp(4), 0.01)
	// Output:
	// ✓ p_A/p_B: measured 27.3 vs predicted 27.2991, relative error 0.00339% (tolerance 1%)
}

func ExampleWelch() {
	// Final training losses of three seeds of two settings.
	t, df, err := check.Welch([]float64{0.281, 0.262, 0.300}, []float64{0.243, 0.238, 0.249})
	if err != nil {
		panic(err)
	}
	fmt.Printf("Welch t = %.2f with %.1f degrees of freedom\n", t, df)
	// Output:
	// Welch t = 3.30 with 2.3 degrees of freedom
}

package check_test

import (
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/check"
)

func ExampleClose() {
	// ½·e⁴ is the Laplace ratio p_A/p_B of the notes' double well at T = 0.01.
	check.Close("p_A/p_B", 27.30, 0.5*math.Exp(4), 0.01)
	// Output:
	// ✓ p_A/p_B: measured 27.3 vs predicted 27.2991, relative error 0.00339% (tolerance 1%)
}

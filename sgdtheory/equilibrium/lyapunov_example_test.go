package equilibrium_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/equilibrium"
)

// The stationary covariance of SGD near a minimum with Hessian H: isotropic
// noise spreads SGD along the flat direction (Σ ∝ H⁻¹), noise shaped like
// the Hessian spreads it equally in every direction (Σ ∝ I).
func ExampleStationaryCov() {
	const eta, S = 0.01, 10
	H := mat.NewSymDense(2, []float64{10, 0, 0, 0.1}) // one sharp, one flat direction
	iso := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	for _, c := range []struct {
		name string
		C    mat.Symmetric
	}{{"C = I", iso}, {"C = H", H}} {
		sigma, err := equilibrium.StationaryCov(H, c.C, eta, S, 0)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: Var sharp %.2g, Var flat %.2g\n", c.name, sigma.At(0, 0), sigma.At(1, 1))
	}
	// Output:
	// C = I: Var sharp 5e-05, Var flat 0.005
	// C = H: Var sharp 0.0005, Var flat 0.0005
}

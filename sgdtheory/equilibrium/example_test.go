package equilibrium_test

import (
	"fmt"

	"github.com/sgdminima/sgdminima/sgdtheory/equilibrium"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// The sharp, deep minimum A wins at low temperature and the wide, shallow
// B above the crossover T* = 4(L_B − L_A)/ln(h_A/h_B).
func Example() {
	well := landscape.StandardWell() // h_A = 4, L_A = 0; h_B = 1, L_B = 0.02
	a, b, _ := well.Minima()
	for _, T := range []float64{0.01, 0.02, 0.1} {
		lap, _ := equilibrium.RatioLaplace(a, b, T)
		exact, _ := equilibrium.RatioExact(well, T)
		fmt.Printf("T=%.2f  p_A/p_B: Laplace %.4g, exact %.4g\n", T, lap, exact)
	}
	ts, _ := equilibrium.Crossover(a, b)
	fmt.Printf("T* = %.4f\n", ts)
	// Output:
	// T=0.01  p_A/p_B: Laplace 27.3, exact 27.3
	// T=0.02  p_A/p_B: Laplace 3.695, exact 3.695
	// T=0.10  p_A/p_B: Laplace 0.7459, exact 0.746
	// T* = 0.0577
}

// The temperature of SGD with learning rate η, batch size S and gradient
// noise variance σ², and the basin probabilities it implies.
func ExampleNewBoltzmann1D() {
	T, err := equilibrium.Temperature(0.5, 10, 2) // η = 0.5, S = 10, σ² = 2
	if err != nil {
		fmt.Println(err)
		return
	}
	well := landscape.StandardWell()
	saddle, _ := well.Saddle()
	p, _ := equilibrium.NewBoltzmann1D(well.At, T, -2, 2)
	fmt.Printf("T = %.3f: p_A = %.3f, p_B = %.3f\n", T, p.Mass(-2, saddle), p.Mass(saddle, 2))
	// Output:
	// T = 0.100: p_A = 0.427, p_B = 0.573
}

package fokkerplanck_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/fokkerplanck"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// The stationary density of SGD in a double well depends on η, S and σ²
// only through σ²η/S; here p_A/p_B is read off two settings with
// σ²η/S = 0.2.
func ExampleLine_Stationary() {
	g := fokkerplanck.Grid{Lo: -2.5, Hi: 2.5, Cells: 1000}
	for _, c := range []struct {
		eta    float64
		S      int
		sigma2 float64
	}{{0.05, 1, 4}, {0.2, 8, 8}} {
		l, err := fokkerplanck.NewLine(well{0.05}, c.eta, c.S, c.sigma2, g)
		if err != nil {
			fmt.Println(err)
			return
		}
		p, _ := l.Stationary()
		pa := floats.Sum(p[:500]) // left of the barrier at θ = 0
		pb := floats.Sum(p[500:])
		fmt.Printf("η=%v S=%v: p_A/p_B = %.4f\n", c.eta, c.S, pa/pb)
	}
	// Output:
	// η=0.05 S=1: p_A/p_B = 2.4873
	// η=0.2 S=8: p_A/p_B = 2.4873
}

// Backward-Euler steps conserve probability and relax to the stationary
// state; at stationarity under isotropic noise the current vanishes.
func ExampleLine_Evolve() {
	g := fokkerplanck.Grid{Lo: -2.5, Hi: 2.5, Cells: 500}
	l, _ := fokkerplanck.NewLine(well{0.05}, 0.05, 1, 4, g)
	p0 := make([]float64, g.Cells)
	p0[400] = 1 / g.Width() // all mass at θ = 1.5
	p, _ := l.Evolve(p0, 100, 1000)
	j, _ := l.Current(p)
	fmt.Printf("mass %.12f, max |J| < 1e-12: %v\n", floats.Sum(p)*g.Width(), math.Max(floats.Max(j), -floats.Min(j)) < 1e-12)
	// Output:
	// mass 1.000000000000, max |J| < 1e-12: true
}

// On a quadratic L = hθ²/2 every departure from the stationary state decays
// at least as fast as e^{−ηh·t}: the spectral gap is ηh per SGD step,
// whatever the batch size and the noise.
func ExampleLine_RelaxationRate() {
	q := landscape.Quadratic{H: mat.NewSymDense(1, []float64{2}), Center: []float64{0}}
	l, err := fokkerplanck.NewLine(q, 0.05, 8, 4, fokkerplanck.Grid{Lo: -1, Hi: 1, Cells: 400})
	if err != nil {
		fmt.Println(err)
		return
	}
	rate, err := l.RelaxationRate()
	fmt.Printf("λ₁ = %.3f per step (ηh = 0.1), time to equilibrium ≈ %.0f steps, %v\n", rate, 1/rate, err)
	// Output:
	// λ₁ = 0.100 per step (ηh = 0.1), time to equilibrium ≈ 10 steps, <nil>
}

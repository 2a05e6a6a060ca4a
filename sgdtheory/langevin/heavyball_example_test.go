package langevin_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// Momentum β acts like the learning rate η/(1−β) on the noise, and moves
// the stability edge from ηh = 2 out to ηh = 2(1+β).
func ExampleMomentumVariance() {
	const h, sigma2, S = 1.0, 1.0, 1
	sgd, _ := langevin.OUVariance(0.01, h, sigma2, S, 1)
	hb, _ := langevin.MomentumVariance(0.001, 0.9, h, sigma2, S) // η/(1−β) = 0.01
	fmt.Printf("SGD η = 0.01: %.5f; heavy ball η = 0.001, β = 0.9: %.5f\n", sgd, hb)
	_, err := langevin.MomentumVariance(3, 0.9, h, sigma2, S) // ηh = 3 < 3.8
	fmt.Println("ηh = 3, β = 0.9 stable:", err == nil)
	_, err = langevin.MomentumVariance(3, 0, h, sigma2, S)
	fmt.Println("ηh = 3, β = 0 stable:", err == nil)
	// Output:
	// SGD η = 0.01: 0.00503; heavy ball η = 0.001, β = 0.9: 0.00500
	// ηh = 3, β = 0.9 stable: true
	// ηh = 3, β = 0 stable: false
}

// An ensemble of heavy-ball particles in a quadratic minimum settles at the
// variance of MomentumVariance.
func ExampleHeavyBall_Run() {
	q := landscape.Quadratic{H: mat.NewSymDense(1, []float64{2}), Center: []float64{0}}
	hb := langevin.HeavyBall{
		Ensemble: langevin.Ensemble{Surface: q, Eta: 0.1, S: 4, Noise: langevin.Noise{Sigma: 1}, Particles: 100000, Seed: 1},
		Beta:     0.9,
	}
	res, err := hb.Run(500)
	if err != nil {
		fmt.Println(err)
		return
	}
	want, _ := langevin.MomentumVariance(0.1, 0.9, 2, 1, 4)
	fmt.Printf("variance %.3f (theory %.4f)\n", res.Var[len(res.Var)-1][0], want)
	// Output:
	// variance 0.066 (theory 0.0660)
}

// Escape times from the minimum A of a double well: the mean first exit
// time past the barrier grows roughly like exp(2·barrier/T) as the
// temperature T = ησ²/S falls.
func ExampleEnsemble_Exit() {
	w := landscape.DoubleWell{XA: -0.5, LA: 0, HA: 4, XB: 0.5, LB: 0, HB: 4} // barrier 0.5 at 0
	for _, T := range []float64{0.5, 0.25} {
		e := langevin.Ensemble{Surface: w, Eta: 0.01, S: 1, Noise: langevin.Noise{Sigma: math.Sqrt(T / 0.01)},
			Particles: 1000, Seed: 1, Start: []float64{-0.5}, Split: 0.25}
		ex, err := e.Exit(100000)
		if err != nil {
			fmt.Println(err)
			return
		}
		m, _ := ex.MeanTime()
		fmt.Printf("T = %.2f: %d of 1000 escaped, mean exit time ≈ %.1f thousand steps\n", T, ex.Escaped(), m/1000)
	}
	// Output:
	// T = 0.50: 1000 of 1000 escaped, mean exit time ≈ 0.5 thousand steps
	// T = 0.25: 1000 of 1000 escaped, mean exit time ≈ 2.8 thousand steps
}

package langevin_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// SGD at a quadratic minimum is an Ornstein–Uhlenbeck process; its
// stationary variance exceeds the continuum prediction by 2/(2 − ηh).
func ExampleOUVariance() {
	const eta, h, sigma2, S = 0.1, 10.0, 1.0, 8
	cont, _ := langevin.OUVariance(eta, h, sigma2, S, 0)
	sgd, _ := langevin.OUVariance(eta, h, sigma2, S, 1)
	fmt.Printf("continuum %.6f, SGD %.6f, ratio %.1f\n", cont, sgd, sgd/cont)
	_, err := langevin.OUVariance(0.25, h, sigma2, S, 1)
	fmt.Println(err != nil)
	// Output:
	// continuum 0.000625, SGD 0.001250, ratio 2.0
	// true
}

// An ensemble of SGD particles in a quadratic minimum relaxes to the
// stationary variance ησ²/(S·h·(2 − ηh)).
func ExampleEnsemble_Run() {
	res, err := langevin.Ensemble{
		Surface:   newQuad1(1),
		Eta:       0.5,
		S:         4,
		Noise:     langevin.Noise{Sigma: 2},
		Particles: 100000,
		Seed:      1,
	}.Run(100)
	if err != nil {
		fmt.Println(err)
		return
	}
	want, _ := langevin.OUVariance(0.5, 1, 4, 4, 1)
	last := len(res.Steps) - 1
	fmt.Printf("variance %.2f (theory %.3f), |mean| < 0.01: %v\n", res.Var[last][0], want, math.Abs(res.Mean[last][0]) < 0.01)
	// Output:
	// variance 0.33 (theory 0.333), |mean| < 0.01: true
}

// Minibatch SGD on a finite sum of quadratics fluctuates around the mean of
// the per-example minima.
func ExampleSGD_Run() {
	loss := examples{h: 1, a: []float64{-1, 0, 1, 2}} // minimum at ā = 0.5
	tr, err := langevin.SGD{Loss: loss, Eta: 0.1, S: 2, Seed: 1, Every: 10}.Run([]float64{5}, 10000)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("recorded %d points, time-averaged θ = %.1f\n", len(tr.Steps), stat.Mean(tr.Coord(0)[100:], nil))
	// Output:
	// recorded 1001 points, time-averaged θ = 0.5
}

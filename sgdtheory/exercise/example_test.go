package exercise_test

import (
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/exercise"
)

// A notebook's exercise cell holds the placeholder until the student
// answers; the check says "not yet", then names the slip, then confirms.
func Example() {
	p := exercise.Crossover() // L_A = 0, h_A = 4; L_B = 0.02, h_B = 1; σ² = 2.5

	answer := math.NaN() // the blank notebook's placeholder
	exercise.CheckCrossover(answer)

	answer = 4 * (p.LB - p.LA) / math.Log(p.HA/p.HB) // the temperature T*, not n*
	exercise.CheckCrossover(answer)

	answer = 4 * (p.LB - p.LA) / math.Log(p.HA/p.HB) / p.Sigma2
	exercise.CheckCrossover(answer)
	// Output:
	// … crossover: not yet: replace math.NaN() with your crossover noise n* = η/S
	// ✗ crossover: your answer 0.05771: this is the crossover temperature T = nσ²; the question asks for the noise n = η/S
	// ✓ crossover: n* = 0.02308, i.e. T* = n*σ² = 0.05771; quadrature of the Boltzmann density there gives p_A/p_B = 1.0000 (the Laplace estimate says 1)
}

// A student's Euler–Maruyama step is a Go function; the check evaluates it
// at fixed inputs and diagnoses the drift and the noise separately.
func ExampleCheckEulerMaruyama() {
	step := func(theta, grad, eta, S, sigma, dt, xi float64) float64 {
		return theta - eta*grad*dt + eta/math.Sqrt(S)*sigma*dt*xi // dt where √dt belongs
	}
	exercise.CheckEulerMaruyama(step)
	// Output:
	// ✗ em-step: the noise scales with dt; a Brownian increment over a time dt has variance dt, so its size is not proportional to dt
}

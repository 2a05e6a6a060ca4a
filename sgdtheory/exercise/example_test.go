package exercise_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
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

// A grader appends to the student's notebook a cell that seals the checks of
// the student's answers: the cell's value carries the verdicts and an
// HMAC-SHA256 under the grader's key, so the grader trusts them and nothing
// else the notebook printed. With a hidden seed, a function answer is also
// tried at inputs the notebook does not show.
func ExampleSeal() {
	exercise.Output = io.Discard // the checks' own lines; the sealed value repeats them
	defer func() { exercise.Output = nil }()

	// The student's answers.
	continuum := func(eta, h, sigma2, S float64) float64 { return eta * sigma2 / (S * h) }
	answer := math.NaN()

	// The grader's cell.
	const nonce, key = "4f1c", "grader's key"
	s := exercise.Seal(nonce, key, 12345, func() {
		exercise.CheckVarianceContinuum(continuum)
		exercise.CheckCrossover(answer)
	})
	fmt.Println(s)

	// The grader reads the JSON under MIMEVerdicts and checks the MAC.
	v := s.SimpleRender()[exercise.MIMEVerdicts].(map[string]interface{})
	payload := nonce + "\n"
	for _, x := range v["verdicts"].([]map[string]interface{}) {
		fmt.Printf("%s: %s\n", x["id"], x["result"])
		payload += x["id"].(string) + "\t" + x["result"].(string) + "\t" + x["message"].(string) + "\n"
	}
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(payload))
	fmt.Println("MAC valid:", hex.EncodeToString(m.Sum(nil)) == v["mac"])
	// Output:
	// ✗ variance-continuum: a factor 2 too large: for dx = −k x dt + s dW, d⟨x²⟩/dt = −2k⟨x²⟩ + s² — mind the 2
	// … crossover: not yet: replace math.NaN() with your crossover noise n* = η/S
	// variance-continuum: fail
	// crossover: not yet
	// MAC valid: true
}

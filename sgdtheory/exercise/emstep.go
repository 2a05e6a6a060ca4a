package exercise

import (
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// EulerMaruyamaProblem is exercise "em-step" (deck: "Continuum limit is
// Langevin equation"): write one Euler–Maruyama step of
//
//	dθ = −η g(θ) dt + (η/√S) σ dW
//
// in one dimension, as a function of the current θ, the gradient g = L′(θ),
// η, S, σ, the step dt and a standard normal number ξ.
type EulerMaruyamaProblem struct {
	// The quadratic L = ½hθ² and the SGD parameters (dt = 1) on which the ✓
	// line iterates the student's step and compares its stationary variance
	// with langevin.OUVariance.
	Eta, H, Sigma float64
	S             int
}

// EulerMaruyama returns the problem of exercise "em-step".
func EulerMaruyama() *EulerMaruyamaProblem {
	return &EulerMaruyamaProblem{Eta: 0.1, H: 5, Sigma: 2, S: 4}
}

func (p *EulerMaruyamaProblem) String() string {
	return "dθ = −η g(θ) dt + (η/√S) σ dW: write θ(t+dt) from θ(t), g = L′(θ(t)), η, S, σ, dt " +
		"and ξ ~ N(0, 1), as func(theta, grad, eta, S, sigma, dt, xi float64) float64"
}

// emPoint is one test input of a student's step.
type emPoint struct{ theta, grad, eta, S, sigma, dt, xi float64 }

// emPoints are fixed test inputs: several dt (1 and smaller), batch sizes
// (1 and larger) and learning rates, so that every slip shows.
func emPoints() []emPoint {
	r := rng.New(7, 11)
	etas := []float64{0.5, 0.1, 0.02, 0.3}
	sizes := []float64{1, 4, 9, 25, 64}
	dts := []float64{1, 0.5, 0.1, 0.01}
	sigmas := []float64{0.5, 1.5, 3}
	pts := make([]emPoint, 40)
	for i := range pts {
		xi := 0.3 + 1.5*rng.Uniform(r)
		if i%2 == 1 {
			xi = -xi
		}
		pts[i] = emPoint{
			theta: -2 + 4*rng.Uniform(r),
			grad:  (0.5 + 2.5*rng.Uniform(r)) * float64(1-2*(i/2%2)),
			eta:   etas[i%len(etas)],
			S:     sizes[i%len(sizes)],
			sigma: sigmas[i%len(sigmas)],
			dt:    dts[i/3%len(dts)],
			xi:    xi,
		}
	}
	return pts
}

// emVariant is a drift or noise part as a known formula, with its hint.
type emVariant struct {
	f    func(p emPoint) float64
	hint string // "" for the right one
}

var emDrifts = []emVariant{
	{func(p emPoint) float64 { return p.theta - p.eta*p.grad*p.dt }, ""},
	{func(p emPoint) float64 { return p.theta + p.eta*p.grad*p.dt }, "the drift has the wrong sign: SGD moves against the gradient"},
	{func(p emPoint) float64 { return p.theta - p.eta*p.grad }, "the drift ignores dt: halve dt and the deterministic move must halve"},
	{func(p emPoint) float64 { return p.theta - p.grad*p.dt }, "the drift is missing the learning rate η"},
	{func(p emPoint) float64 { return p.theta - p.eta*p.grad*p.dt/p.S }, "the drift depends on S: the minibatch gradient is an unbiased estimate of g, so only the noise depends on the batch size"},
	{func(p emPoint) float64 { return -p.eta * p.grad * p.dt }, "you return the change of θ; return the new θ"},
	{func(p emPoint) float64 { return p.theta - p.eta*p.grad*math.Sqrt(p.dt) }, "the drift scales with √dt; only the random kick does — the deterministic move is proportional to dt"},
}

var emNoises = []emVariant{
	{func(p emPoint) float64 { return p.eta / math.Sqrt(p.S) * p.sigma * math.Sqrt(p.dt) * p.xi }, ""},
	{func(p emPoint) float64 { return -p.eta / math.Sqrt(p.S) * p.sigma * math.Sqrt(p.dt) * p.xi }, ""}, // −ξ has the same law as ξ
	{func(p emPoint) float64 { return p.eta / math.Sqrt(p.S) * p.sigma * p.dt * p.xi }, "the noise scales with dt; a Brownian increment over a time dt has variance dt, so its size is not proportional to dt"},
	{func(p emPoint) float64 { return p.eta / math.Sqrt(p.S) * p.sigma * p.xi }, "the noise ignores dt; a Brownian increment dW over a time dt has variance dt"},
	{func(p emPoint) float64 { return p.eta / p.S * p.sigma * math.Sqrt(p.dt) * p.xi }, "the noise shrinks as 1/S; the mean of S independent gradients has a standard deviation that shrinks more slowly"},
	{func(p emPoint) float64 { return p.eta * p.sigma * math.Sqrt(p.dt) * p.xi }, "the noise does not shrink with the batch size S"},
	{func(p emPoint) float64 { return p.eta / math.Sqrt(p.S) * p.sigma * p.sigma * math.Sqrt(p.dt) * p.xi }, "the noise uses σ² where σ belongs: σ² = C is a variance, the noise factor B is its square root"},
	{func(p emPoint) float64 { return math.Sqrt(p.eta/p.S) * p.sigma * math.Sqrt(p.dt) * p.xi }, "the noise uses √η, the convention in which one SGD step lasts a time η (dθ = −g dt + √(η/S) σ dW); here time counts SGD steps, so g is multiplied by η in the drift — use the same units for the noise"},
	{func(p emPoint) float64 { return p.eta * p.eta / p.S * p.sigma * p.sigma * p.dt * p.xi }, "the noise looks like a variance times ξ; ξ must be multiplied by a standard deviation"},
	{func(p emPoint) float64 { return 0 }, "there is no noise: the step must add a random kick proportional to ξ"},
}

// CheckEulerMaruyama checks a student's Euler–Maruyama step, evaluating it
// at fixed inputs, and prints one line. On success it also iterates the step
// on a quadratic and compares the stationary variance with
// langevin.OUVariance. Inside a Seal with a hidden seed, a step that passes
// is also evaluated at inputs the notebook does not show.
func CheckEulerMaruyama(step func(theta, grad, eta, S, sigma, dt, xi float64) float64) {
	reportHidden("em-step", func() result { return judgeEulerMaruyama(step) }, emHidden(step))
}

func judgeEulerMaruyama(step func(theta, grad, eta, S, sigma, dt, xi float64) float64) result {
	const id = "em-step"
	const tol = 1e-9
	if step == nil {
		return waiting(id, "write your step as func(theta, grad, eta, S, sigma, dt, xi float64) float64")
	}
	pts := emPoints()
	drift := make([]float64, len(pts))
	noise := make([]float64, len(pts))
	nans, firstNaN := 0, -1
	for i, p := range pts {
		d, err := call(func() float64 { return step(p.theta, p.grad, p.eta, p.S, p.sigma, p.dt, 0) })
		if err != nil {
			return crashed(id, "your step", p.inputs(0), err)
		}
		x, err := call(func() float64 { return step(p.theta, p.grad, p.eta, p.S, p.sigma, p.dt, p.xi) })
		if err != nil {
			return crashed(id, "your step", p.inputs(p.xi), err)
		}
		if math.IsNaN(x) || math.IsNaN(d) {
			if nans++; firstNaN < 0 {
				firstNaN = i
			}
			continue
		}
		if math.IsInf(x, 0) || math.IsInf(d, 0) {
			return failed(id, "your step returns an infinite value at %s — a division by zero?", p.inputs(p.xi))
		}
		drift[i], noise[i] = d, x-d
	}
	switch {
	case nans == len(pts):
		return waiting(id, "your step returns NaN; replace math.NaN() with the new θ")
	case nans > 0:
		return failed(id, "your step returns NaN at %s (the square root of a negative number?)", pts[firstNaN].inputs(pts[firstNaN].xi))
	}
	var hints []string
	dHint, dOK := emMatch(pts, drift, emDrifts, tol)
	nHint, nOK := emMatch(pts, noise, emNoises, tol)
	switch {
	case dOK && nOK:
		return passed(id, "%s", emConfirm(step))
	case !dOK && dHint == "":
		p := pts[0]
		hints = append(hints, fmt.Sprintf("the deterministic part (your step with ξ = 0) matches none of the usual slips; at %s it gives %s", p.inputs(0), g4(drift[0])))
	case !dOK:
		hints = append(hints, dHint)
	}
	switch {
	case !nOK && nHint == "":
		p := pts[0]
		hints = append(hints, fmt.Sprintf("the random part (your step at ξ minus your step at ξ = 0) matches none of the usual slips; at %s it is %s", p.inputs(p.xi), g4(noise[0])))
	case !nOK:
		hints = append(hints, nHint)
	}
	msg := hints[0]
	if len(hints) == 2 {
		msg = "drift: " + hints[0] + "; noise: " + hints[1]
	}
	return failed(id, "%s", msg)
}

// emMatch finds the variant that got follows at every test point: ok if it
// is a right one, else its hint ("" if none matches).
func emMatch(pts []emPoint, got []float64, variants []emVariant, tol float64) (hint string, ok bool) {
	want := make([]float64, len(pts))
	for _, v := range variants {
		for i, p := range pts {
			want[i] = v.f(p)
		}
		if allNear(got, want, tol) {
			return v.hint, v.hint == ""
		}
	}
	return "", false
}

func (p emPoint) inputs(xi float64) string {
	return fmt.Sprintf("θ=%.3g, g=%.3g, η=%g, S=%g, σ=%g, dt=%g, ξ=%.3g", p.theta, p.grad, p.eta, p.S, p.sigma, p.dt, xi)
}

const emSteps = 40000

// emConfirm iterates the student's (correct) step as SGD (dt = 1) on
// L = ½hθ² and compares the variance of θ with langevin.OUVariance.
func emConfirm(step func(theta, grad, eta, S, sigma, dt, xi float64) float64) string {
	p := EulerMaruyama()
	disc, err1 := langevin.OUVariance(p.Eta, p.H, p.Sigma*p.Sigma, p.S, 1)
	cont, err2 := langevin.OUVariance(p.Eta, p.H, p.Sigma*p.Sigma, p.S, 0)
	if err1 != nil || err2 != nil {
		return "your step matches at every test input"
	}
	r := rng.New(3, 5)
	theta, sum, sum2 := 0.0, 0.0, 0.0
	const burn = 200
	for k := range emSteps + burn {
		theta = step(theta, p.H*theta, p.Eta, float64(p.S), p.Sigma, 1, rng.Normal(r))
		if k >= burn {
			sum += theta
			sum2 += theta * theta
		}
	}
	mean := sum / emSteps
	v := sum2/emSteps - mean*mean
	return fmt.Sprintf("your step matches at every test input; iterated %d times on L = ½·%gθ² (η = %g, S = %d, σ = %g, ηh = %g) "+
		"it gives Var θ = %.4g vs langevin.OUVariance %.4g for SGD (dt = 1) and %.4g in the continuum limit",
		emSteps, p.H, p.Eta, p.S, p.Sigma, p.Eta*p.H, v, disc, cont)
}

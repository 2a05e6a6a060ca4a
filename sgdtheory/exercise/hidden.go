package exercise

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// Hidden instances: inside a Seal with a hidden seed, a check whose answer
// is a function and which passed at the notebook's fixed inputs evaluates
// the function again at hiddenN inputs the notebook never shows, drawn from
// a PCG seeded with the seed and the check's id, against the same reference
// and with the same tolerance. They catch a function that special-cases the
// notebook's inputs. The inputs are rounded to three significant digits, so
// that the message that names one names it exactly.

// hiddenN is the number of hidden inputs per check.
const hiddenN = 5

// notShown opens the message of a function that fails at a hidden input.
const notShown = "right at every input the notebook shows, but not at an input not shown in the notebook"

// hiddenSource returns the generator of a check's hidden inputs.
func hiddenSource(seed uint64, id string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(id))
	return rng.New(seed, h.Sum64())
}

// logUniform draws from lo·(hi/lo)^U, U uniform on [0, 1).
func logUniform(r *rand.PCG, lo, hi float64) float64 {
	return lo * math.Pow(hi/lo, rng.Uniform(r))
}

// nice rounds x to three significant digits.
func nice(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return v
}

// closeTo is the comparison of allNear for one value.
func closeTo(got, want, tol float64) bool {
	return near(got, want, tol) || math.Abs(got-want) <= 1e-12
}

// varHidden returns the hidden instances of the variance checks: η, h, σ²,
// S with h log-uniform in [0.05, 50], ηh log-uniform in [0.001, 1.6] (stable,
// and from where both formulas agree to where they differ by 5×), σ²
// log-uniform in [0.1, 10] and an integer S in [1, 256], compared with
// langevin.OUVariance at dt (0: continuum, 1: SGD).
func varHidden(id string, f func(eta, h, sigma2, S float64) float64, dt float64) func(uint64) (result, bool) {
	return func(seed uint64) (result, bool) {
		r := hiddenSource(seed, id)
		for range hiddenN {
			h := nice(logUniform(r, 0.05, 50))
			p := varPoint{
				eta:    nice(logUniform(r, 1e-3, 1.6) / h),
				h:      h,
				sigma2: nice(logUniform(r, 0.1, 10)),
				S:      float64(1 + rng.IntN(r, 256)),
			}
			want, err := langevin.OUVariance(p.eta, p.h, p.sigma2, int(p.S), dt)
			if err != nil {
				return failed(id, "the check could not compute its prediction at a hidden input: %v", err), false
			}
			v, err := call(func() float64 { return f(p.eta, p.h, p.sigma2, p.S) })
			switch {
			case err != nil:
				return crashed(id, "your formula", p.String()+" (an input not shown in the notebook)", err), false
			case !closeTo(v, want, 1e-6):
				return failed(id, "your formula is %s: at %s it gives %s — does it treat the notebook's inputs specially?", notShown, p, g4(v)), false
			}
		}
		return result{}, true
	}
}

// emHidden returns the hidden instances of the Euler–Maruyama check: θ
// uniform in [−3, 3], |g| log-uniform in [0.1, 5] with either sign, η
// log-uniform in [0.005, 0.5], an integer S in [1, 256], σ log-uniform in
// [0.2, 5], dt log-uniform in [0.001, 1] and ξ standard normal (|ξ| ≥ 0.1).
// The step's drift (at ξ = 0) must be θ − ηg·dt and its random part
// ±(η/√S)σ√dt·ξ, within the tolerance of the fixed inputs.
func emHidden(step func(theta, grad, eta, S, sigma, dt, xi float64) float64) func(uint64) (result, bool) {
	const id, tol = "em-step", 1e-9
	return func(seed uint64) (result, bool) {
		r := hiddenSource(seed, id)
		for range hiddenN {
			p := emPoint{
				theta: nice(-3 + 6*rng.Uniform(r)),
				grad:  nice(logUniform(r, 0.1, 5)) * float64(1-2*rng.IntN(r, 2)),
				eta:   nice(logUniform(r, 0.005, 0.5)),
				S:     float64(1 + rng.IntN(r, 256)),
				sigma: nice(logUniform(r, 0.2, 5)),
				dt:    nice(logUniform(r, 1e-3, 1)),
			}
			for math.Abs(p.xi) < 0.1 {
				p.xi = nice(rng.Normal(r))
			}
			d, err := call(func() float64 { return step(p.theta, p.grad, p.eta, p.S, p.sigma, p.dt, 0) })
			if err != nil {
				return crashed(id, "your step", p.inputs(0)+" (an input not shown in the notebook)", err), false
			}
			x, err := call(func() float64 { return step(p.theta, p.grad, p.eta, p.S, p.sigma, p.dt, p.xi) })
			if err != nil {
				return crashed(id, "your step", p.inputs(p.xi)+" (an input not shown in the notebook)", err), false
			}
			noise := p.eta / math.Sqrt(p.S) * p.sigma * math.Sqrt(p.dt) * p.xi
			switch {
			case !closeTo(d, p.theta-p.eta*p.grad*p.dt, tol):
				return failed(id, "your step is %s: at %s it returns %s — does it treat the notebook's inputs specially?", notShown, p.inputs(0), g4(d)), false
			case !closeTo(x-d, noise, tol) && !closeTo(x-d, -noise, tol):
				return failed(id, "your step is %s: at %s it returns %s — does it treat the notebook's inputs specially?", notShown, p.inputs(p.xi), g4(x)), false
			}
		}
		return result{}, true
	}
}

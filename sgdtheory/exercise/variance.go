package exercise

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// VarianceProblem is exercises "variance-continuum" and "variance-discrete"
// (paper notes, item 6): at a quadratic minimum L = ½hθ² with isotropic
// gradient noise of variance σ², derive the stationary variance of θ under
// SGD with learning rate η and batch size S, once in the continuum limit and
// once for the discrete recursion θ ← θ − η(hθ + noise). The student writes
// each as func(eta, h, sigma2, S float64) float64; the checks evaluate it at
// fixed inputs. The fields are the case the ✓ lines simulate (ηh = 1, where
// the two answers differ by a factor of 2).
type VarianceProblem struct {
	Eta, H, Sigma2 float64
	S              int
}

// Variance returns the problem of the two variance exercises.
func Variance() *VarianceProblem {
	return &VarianceProblem{Eta: 0.5, H: 2, Sigma2: 4, S: 8}
}

func (p *VarianceProblem) String() string {
	return fmt.Sprintf("L(θ) = ½hθ², gradient noise variance σ², batch size S, learning rate η; "+
		"simulated case: η = %g, h = %g, σ² = %g, S = %d (ηh = %g)", p.Eta, p.H, p.Sigma2, p.S, p.Eta*p.H)
}

type varPoint struct{ eta, h, sigma2, S float64 }

// varPoints span ηh from 0.001 (where both answers agree) to 1.5.
var varPoints = []varPoint{
	{0.01, 0.1, 1, 1}, {0.1, 2, 4, 8}, {0.5, 2, 4, 8}, {0.3, 5, 0.5, 32},
	{0.05, 4, 9, 2}, {0.8, 1, 2, 16}, {0.02, 50, 1, 4}, {0.25, 0.4, 3, 64},
}

type varVariant struct {
	f    func(p varPoint) float64
	hint string
}

func contVar(p varPoint) float64 { return p.eta * p.sigma2 / (2 * p.S * p.h) }
func discVar(p varPoint) float64 { return p.eta * p.sigma2 / (p.S * p.h * (2 - p.eta*p.h)) }

// Slips shared by both formulas, applied to base (the right formula).
func commonSlips(base func(varPoint) float64) []varVariant {
	return []varVariant{
		{func(p varPoint) float64 { return p.eta * base(p) }, "one factor of η too many: the kick η·(noise) contributes η², and the restoring rate ηh takes one η back"},
		{func(p varPoint) float64 { return base(p) / p.eta }, "η is missing: a larger learning rate means a hotter equilibrium"},
		{func(p varPoint) float64 { return base(p) * p.S }, "S is missing: averaging S gradients divides the noise variance by S"},
		{func(p varPoint) float64 { return base(p) * p.S * p.S }, "S is in the numerator: larger batches mean less noise, so a narrower distribution"},
		{func(p varPoint) float64 { return base(p) / math.Sqrt(p.sigma2) }, "σ where σ² belongs: the variance of θ is proportional to the variance of the gradient noise"},
		{func(p varPoint) float64 { return base(p) / p.h }, "one factor of h too many: the variance goes as 1/h, not 1/h²"},
		{func(p varPoint) float64 { return base(p) * p.h * p.h }, "h is in the numerator: a sharper minimum (larger h) must hold θ more tightly"},
		{func(p varPoint) float64 { return math.Sqrt(base(p)) }, "this looks like a standard deviation (a square root); the question asks for the variance"},
	}
}

var contSlips = append([]varVariant{
	{discVar, "this is the fixed point of the discrete recursion (it agrees with the continuum only when ηh ≪ 1); the continuum limit is the dt → 0 dynamics of the Langevin equation"},
	{func(p varPoint) float64 { return 2 * contVar(p) }, "a factor 2 too large: for dx = −k x dt + s dW, d⟨x²⟩/dt = −2k⟨x²⟩ + s² — mind the 2"},
	{func(p varPoint) float64 { return contVar(p) / 2 }, "a factor 2 too small: for dx = −k x dt + s dW, d⟨x²⟩/dt = −2k⟨x²⟩ + s²"},
}, commonSlips(contVar)...)

var discSlips = append([]varVariant{
	{contVar, "this is the continuum limit: it agrees with SGD only when ηh ≪ 1. Solve Var = Var[(1 − ηh)θ] + Var[kick] exactly, keeping the (ηh)² term"},
	{func(p varPoint) float64 { return p.eta * p.sigma2 / (p.S * p.h * (2 + p.eta*p.h)) }, "the ηh correction has the wrong sign: a discrete step overshoots, so SGD is hotter than the continuum limit"},
	{func(p varPoint) float64 { return p.eta * p.sigma2 / (p.S * p.h) }, "Var[(1 − ηh)θ] is (1 − ηh)²·Var θ — the square seems to be missing"},
	{func(p varPoint) float64 { return 2 * discVar(p) }, "a factor 2 too large"},
	{func(p varPoint) float64 { return discVar(p) / 2 }, "a factor 2 too small"},
}, commonSlips(discVar)...)

// CheckVarianceContinuum checks a formula for the continuum-limit
// stationary variance of SGD at a quadratic minimum and prints one line.
// Inside a Seal with a hidden seed, a formula that passes is also evaluated
// at inputs the notebook does not show.
func CheckVarianceContinuum(f func(eta, h, sigma2, S float64) float64) {
	reportHidden("variance-continuum", func() result { return judgeVariance("variance-continuum", f, 0) }, varHidden("variance-continuum", f, 0))
}

// CheckVarianceDiscrete checks a formula for the stationary variance of the
// discrete SGD recursion at a quadratic minimum and prints one line. Inside
// a Seal with a hidden seed, a formula that passes is also evaluated at
// inputs the notebook does not show.
func CheckVarianceDiscrete(f func(eta, h, sigma2, S float64) float64) {
	reportHidden("variance-discrete", func() result { return judgeVariance("variance-discrete", f, 1) }, varHidden("variance-discrete", f, 1))
}

func judgeVariance(id string, f func(eta, h, sigma2, S float64) float64, dt float64) result {
	const tol = 1e-6
	if f == nil {
		return waiting(id, "write your formula as func(eta, h, sigma2, S float64) float64")
	}
	eval := func(p varPoint) (float64, error) {
		return call(func() float64 { return f(p.eta, p.h, p.sigma2, p.S) })
	}
	got := make([]float64, len(varPoints))
	want := make([]float64, len(varPoints))
	nans := 0
	for i, p := range varPoints {
		v, err := eval(p)
		if err != nil {
			return crashed(id, "your formula", p.String(), err)
		}
		if math.IsInf(v, 0) {
			return failed(id, "your formula is infinite at %s — a division by zero?", p)
		}
		nans += b2i(math.IsNaN(v))
		got[i] = v
		w, err := langevin.OUVariance(p.eta, p.h, p.sigma2, int(p.S), dt)
		if err != nil {
			return failed(id, "the check could not compute its prediction: %v", err)
		}
		want[i] = w
	}
	switch {
	case nans == len(varPoints):
		return waiting(id, "your formula returns NaN; replace math.NaN() with your expression")
	case nans > 0:
		for i, v := range got {
			if math.IsNaN(v) {
				return failed(id, "your formula returns NaN at %s", varPoints[i])
			}
		}
	}
	if allNear(got, want, tol) {
		return passed(id, "%s", varianceConfirm(f, dt))
	}
	slips := contSlips
	if dt != 0 {
		slips = discSlips
	}
	for _, s := range slips {
		alt := make([]float64, len(varPoints))
		for i, p := range varPoints {
			alt[i] = s.f(p)
		}
		if allNear(got, alt, tol) {
			return failed(id, "%s", s.hint)
		}
	}
	return failed(id, "%s", varianceScaling(eval, got, want, tol))
}

// varianceScaling explains a formula that matches no known slip through its
// sign and how it scales with σ² and S; failing that, where it goes wrong.
func varianceScaling(eval func(varPoint) (float64, error), got, want []float64, tol float64) string {
	for i, v := range got {
		if v <= 0 {
			return fmt.Sprintf("at %s your formula gives %s; a variance is positive", varPoints[i], g4(v))
		}
	}
	base := varPoints[1]
	exponent := func(scaled varPoint) float64 {
		v, err := eval(scaled)
		if err != nil || !(v > 0) {
			return math.NaN()
		}
		return math.Log2(v / got[1])
	}
	s2 := base
	s2.sigma2 *= 2
	S2 := base
	S2.S *= 2
	var hints []string
	if e := exponent(s2); !near(e, 1, 1e-3) {
		hints = append(hints, fmt.Sprintf("scales as (σ²)^%.3g, but doubling the gradient-noise variance must double the variance of θ", e))
	}
	if e := exponent(S2); !near(e, -1, 1e-3) {
		hints = append(hints, fmt.Sprintf("scales as S^%.3g, but doubling the batch size halves the noise variance and so the variance of θ", e))
	}
	if len(hints) > 0 {
		return "your formula " + joinHints(hints)
	}
	small := varPoints[0] // ηh = 0.001: discrete ≈ continuum
	if !near(got[0], want[0], 2e-3) {
		dir := "too large"
		if got[0] < want[0] {
			dir = "too small"
		}
		return fmt.Sprintf("at %s (small ηh) your formula gives %s, %s; check how η and h enter", small, g4(got[0]), dir)
	}
	for i := range got {
		if !near(got[i], want[i], tol) {
			return fmt.Sprintf("right for small ηh but not at %s (ηh = %g), where it gives %s: check the finite-step correction",
				varPoints[i], varPoints[i].eta*varPoints[i].h, g4(got[i]))
		}
	}
	return "not right at every test input"
}

func joinHints(h []string) string {
	s := h[0]
	for _, x := range h[1:] {
		s += "; and " + x
	}
	return s
}

func (p varPoint) String() string {
	return fmt.Sprintf("η=%g, h=%g, σ²=%g, S=%g", p.eta, p.h, p.sigma2, p.S)
}

// varianceConfirm is the ✓ message: the student's value at the problem's
// point beside a Langevin ensemble (Dt = 1 for SGD, small Dt for the
// continuum) on the same quadratic.
func varianceConfirm(f func(eta, h, sigma2, S float64) float64, dt float64) string {
	p := Variance()
	v := f(p.Eta, p.H, p.Sigma2, float64(p.S))
	msg := fmt.Sprintf("your formula matches at every test input; at η = %g, h = %g, σ² = %g, S = %d it gives %.4g", p.Eta, p.H, p.Sigma2, p.S, v)
	q := landscape.Quadratic{H: mat.NewSymDense(1, []float64{p.H}), Center: []float64{0}}
	e := langevin.Ensemble{Surface: q, Eta: p.Eta, S: p.S, Noise: langevin.Noise{Sigma: math.Sqrt(p.Sigma2)},
		Dt: 1, Particles: 20000, Seed: 1}
	steps, what := 100, "SGD (Euler–Maruyama, dt = 1)"
	if dt == 0 {
		e.Dt, steps, what = 0.01, 600, "Euler–Maruyama with dt = 0.01, near the continuum limit"
	}
	res, err := e.Run(steps)
	if err != nil {
		return msg
	}
	sim := res.Var[len(res.Var)-1][0]
	return fmt.Sprintf("%s; a Langevin ensemble of %d particles, %s, measures %.4g", msg, e.Particles, what, sim)
}

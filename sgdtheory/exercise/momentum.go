package exercise

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/equilibrium"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// MomentumProblem is exercise "momentum-noise" (deck: "Questions —
// Momentum?"): SGD with heavy-ball momentum,
//
//	v ← βv − η g_S(θ),  θ ← θ + v,
//
// behaves at small ηh like plain SGD with a larger learning rate. Give the
// temperature T_eff = η_eff σ²/S of the equivalent plain SGD for the
// problem's η, β, S and σ².
type MomentumProblem struct {
	Eta, Beta float64
	S         int
	Sigma2    float64
	// H is the curvature of the quadratic on which the ✓ line simulates
	// the heavy ball (ηh = 0.005, deep in the small-ηh regime).
	H float64
}

// Momentum returns the problem of exercise "momentum-noise".
func Momentum() *MomentumProblem {
	return &MomentumProblem{Eta: 0.02, Beta: 0.9, S: 16, Sigma2: 9, H: 0.25}
}

func (p *MomentumProblem) String() string {
	return fmt.Sprintf("heavy-ball SGD: η = %g, β = %g, S = %d, gradient-noise variance σ² = %g", p.Eta, p.Beta, p.S, p.Sigma2)
}

// CheckMomentumTemperature checks the effective temperature of heavy-ball
// SGD for the Momentum problem and prints one line.
func CheckMomentumTemperature(answer float64) {
	report("momentum-noise", func() result { return judgeMomentum(answer) })
}

func judgeMomentum(answer float64) result {
	const id = "momentum-noise"
	p := Momentum()
	want, err := equilibrium.Temperature(p.Eta/(1-p.Beta), p.S, p.Sigma2)
	if err != nil {
		return failed(id, "the check could not compute its prediction: %v", err)
	}
	T, _ := equilibrium.Temperature(p.Eta, p.S, p.Sigma2)
	b, S := p.Beta, float64(p.S)
	n := number{id: id, want: want, tol: 5e-3,
		todo:  "replace math.NaN() with your effective temperature T_eff",
		about: "follow one gradient through the velocity: how far does it move θ in total?",
		ok: func(x float64) string {
			sim, exact, err := simulateHeavyBall(p.Eta, p.Beta, p.H, p.Sigma2, p.S, 20000, 2400, 1)
			if err != nil {
				return fmt.Sprintf("T_eff = %.4g (the confirming simulation failed: %v)", x, err)
			}
			return fmt.Sprintf("T_eff = %.4g, %.3g× plain SGD's T = %.4g; a heavy-ball simulation on L = ½·%gθ² (ηh = %g) gives 2h·Var θ = %.4g (exact discrete value %.4g)",
				x, x/T, T, p.H, p.Eta*p.H, 2*p.H*sim, 2*p.H*exact)
		},
		mistakes: []mistake{
			{T, "this is the temperature without momentum; with momentum each gradient keeps moving θ on later steps (η, then βη, then β²η, …)"},
			{T * (1 - b), "momentum amplifies the step; you made it smaller"},
			{T / (1 - b) / (1 - b), "one factor of 1/(1 − β) too many: the velocity sums each gradient's contributions η(1 + β + β² + …) once"},
			{T * b / (1 - b), "β/(1 − β) counts only the later steps; the first step (η itself) is missing"},
			{T / (1 - b*b), "1/(1 − β²) sums β^(2k); the velocity carries a gradient with weights β^k"},
			{T / (1 + b), "the heavy ball moves a gradient further than one step, so T_eff exceeds plain SGD's T"},
			{want / p.Sigma2, "the temperature is missing σ²"},
			{want / math.Sqrt(p.Sigma2), "the temperature uses σ where σ² belongs"},
			{want * S, "the temperature is missing the batch size S"},
			{p.Eta / (1 - b), "this is the effective learning rate; the question asks for the temperature it implies"},
		},
	}
	return n.judge(answer)
}

// simulateHeavyBall returns the variance of θ over an ensemble of
// heavy-ball particles on L = ½hθ² after steps steps, and the exact
// stationary variance of the discrete recursion.
func simulateHeavyBall(eta, beta, h, sigma2 float64, S, particles, steps int, seed uint64) (sim, exact float64, err error) {
	q := landscape.Quadratic{H: mat.NewSymDense(1, []float64{h}), Center: []float64{0}}
	hb := langevin.HeavyBall{Beta: beta, Ensemble: langevin.Ensemble{Surface: q, Eta: eta, S: S,
		Noise: langevin.Noise{Sigma: math.Sqrt(sigma2)}, Particles: particles, Seed: seed}}
	res, err := hb.Run(steps)
	if err != nil {
		return 0, 0, err
	}
	exact, err = langevin.MomentumVariance(eta, beta, h, sigma2, S)
	return res.Var[len(res.Var)-1][0], exact, err
}

package exercise

import (
	"fmt"
	"math"
	"strings"

	"github.com/sgdminima/sgdminima/sgdtheory/equilibrium"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// SameNoiseProblem is exercise "same-noise" (deck: n ≡ η/S; paper Fig. 3):
// pick at least MinPairs learning-rate/batch-size pairs (η, S) with the same
// noise n = η/S as the baseline run, each with a batch size in
// [MinS, MaxS] different from the baseline's and from each other, and each
// well inside the stable range on the sharpest direction of the loss, of
// curvature HMax: ηh_max ≤ MaxEtaH.
//
// A quadratic is stable under gradient descent only for ηh < 2, but near
// that edge a run no longer has the equilibrium that η/S describes: along
// the sharpest direction SGD's stationary variance exceeds the continuum
// value (exercise "variance-discrete") 4× at ηh = 1.5 and 200× at
// ηh = 1.99, so pairs with the same η/S stop behaving alike. MaxEtaH = 1.5
// is where the exercises' data stop: the variance checks test ηh up to 1.5,
// and the solution's largest pair (S = 192) sits there.
type SameNoiseProblem struct {
	Eta0       float64 // baseline learning rate
	S0         int     // baseline batch size
	Sigma2     float64 // gradient-noise variance, for the temperatures of the ✓ line
	HMax       float64 // largest Hessian eigenvalue
	MaxEtaH    float64 // largest ηh_max accepted
	MinS, MaxS int
	MinPairs   int
}

const sameNoiseTol = 5e-3

// SameNoise returns the problem of exercise "same-noise".
func SameNoise() *SameNoiseProblem {
	return &SameNoiseProblem{Eta0: 0.1, S0: 128, Sigma2: 4, HMax: 10, MaxEtaH: 1.5, MinS: 16, MaxS: 1024, MinPairs: 3}
}

func (p *SameNoiseProblem) String() string {
	return fmt.Sprintf("baseline η₀ = %g, S₀ = %d; sharpest curvature h_max = %g; pick ≥ %d pairs with %d ≤ S ≤ %d, S ≠ S₀, distinct, ηh_max ≤ %g",
		p.Eta0, p.S0, p.HMax, p.MinPairs, p.MinS, p.MaxS, p.MaxEtaH)
}

// CheckSameNoise checks the student's (η, S) pairs, etas[i] with sizes[i],
// and prints one line.
func CheckSameNoise(etas []float64, sizes []int) {
	report("same-noise", func() result { return judgeSameNoise(etas, sizes) })
}

func judgeSameNoise(etas []float64, sizes []int) result {
	const id = "same-noise"
	p := SameNoise()
	switch {
	case len(etas) == 0 && len(sizes) == 0:
		return waiting(id, "fill etas and sizes with your pairs (etas[i] goes with sizes[i])")
	case len(etas) != len(sizes):
		return failed(id, "%d learning rates but %d batch sizes: etas[i] pairs with sizes[i]", len(etas), len(sizes))
	case len(etas) < p.MinPairs:
		return failed(id, "%d pair(s); pick at least %d", len(etas), p.MinPairs)
	}
	n0 := p.Eta0 / float64(p.S0)
	seen := map[int]bool{}
	for i, eta := range etas {
		S := sizes[i]
		pair := fmt.Sprintf("pair %d (η = %g, S = %d)", i+1, eta, S)
		switch {
		case math.IsNaN(eta):
			return waiting(id, "%s: η is still NaN", pair)
		case !(eta > 0) || math.IsInf(eta, 0):
			return failed(id, "%s: a learning rate must be positive and finite", pair)
		case S < p.MinS || S > p.MaxS:
			return failed(id, "%s: pick S between %d and %d", pair, p.MinS, p.MaxS)
		case S == p.S0:
			return failed(id, "%s: that is the baseline's batch size; pick other values of S", pair)
		case seen[S]:
			return failed(id, "%s: S = %d appears twice; pick distinct batch sizes", pair, S)
		}
		seen[S] = true
		n := eta / float64(S)
		if !near(n, n0, sameNoiseTol) {
			return failed(id, "%s: %s", pair, sameNoiseHint(p, eta, S, n, n0))
		}
		// The margin allows the rounding that the noise test allows.
		switch etaH := eta * p.HMax; {
		case etaH >= 2:
			return failed(id, "%s: the noise is right, but ηh_max = %.3g ≥ 2: SGD diverges along the sharpest direction before it reaches any equilibrium — that batch size is too large for this n", pair, etaH)
		case etaH > p.MaxEtaH*(1+sameNoiseTol):
			return failed(id, "%s: the noise is right and the run is stable, but ηh_max = %.3g is too close to the edge at 2: "+
				"along the sharpest direction SGD's stationary variance is %.3g× the continuum value, so this run no longer has the equilibrium that η/S describes — keep ηh_max ≤ %g",
				pair, etaH, 2/(2-etaH), p.MaxEtaH)
		}
	}
	return passed(id, "%s", sameNoiseConfirm(p, etas, sizes))
}

func sameNoiseHint(p *SameNoiseProblem, eta float64, S int, n, n0 float64) string {
	r := float64(S) / float64(p.S0)
	switch {
	case near(eta, p.Eta0, sameNoiseTol):
		return "η is the baseline's; to keep η/S fixed, η must change with S"
	case near(eta, p.Eta0*math.Sqrt(r), sameNoiseTol):
		return "you kept η/√S fixed (the size of one step's random kick); the equilibrium depends on η/S"
	case near(eta, p.Eta0/r, sameNoiseTol):
		return "η moves the wrong way: a larger batch needs a larger learning rate for the same noise"
	case near(n, n0*p.Sigma2, sameNoiseTol) || near(n, n0/p.Sigma2, sameNoiseTol):
		return "off by a factor σ²: σ² is the same for every pair and cancels; only η/S must match"
	}
	return offBy(n, n0, sameNoiseTol, "this pair's η/S differs from the baseline's")
}

// sameNoiseConfirm is the ✓ message: the temperature of every pair
// (equilibrium.Temperature) and how much hotter than the continuum limit SGD
// is along the sharpest direction (langevin.OUVariance, dt = 1 over dt = 0).
func sameNoiseConfirm(p *SameNoiseProblem, etas []float64, sizes []int) string {
	T0, err := equilibrium.Temperature(p.Eta0, p.S0, p.Sigma2)
	if err != nil {
		return "every pair has the baseline's η/S"
	}
	var infl []string
	maxRel := 0.0
	for i, eta := range etas {
		T, err := equilibrium.Temperature(eta, sizes[i], p.Sigma2)
		if err != nil {
			return "every pair has the baseline's η/S"
		}
		maxRel = math.Max(maxRel, relErr(T, T0))
		d, err1 := langevin.OUVariance(eta, p.HMax, p.Sigma2, sizes[i], 1)
		c, err2 := langevin.OUVariance(eta, p.HMax, p.Sigma2, sizes[i], 0)
		if err1 == nil && err2 == nil {
			infl = append(infl, fmt.Sprintf("%.3g", d/c))
		}
	}
	return fmt.Sprintf("%d pairs, all with η/S = %.4g and well inside the stable range; temperature T = ησ²/S = %.4g for each (within %s). "+
		"Along h_max, SGD's stationary variance over the continuum value is %s: same n, growing finite-η error",
		len(etas), p.Eta0/float64(p.S0), T0, pct(maxRel), strings.Join(infl, ", "))
}

package exercise

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/equilibrium"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// LaplaceProblem is exercise "laplace-ratio" (deck: "Flat vs. sharp
// minima"): compute p_A/p_B in the Laplace approximation for two minima of a
// two-parameter loss, given their losses and Hessians and the SGD settings
// η, S, σ².
type LaplaceProblem struct {
	LA, LB float64
	HA, HB *mat.SymDense
	Eta    float64
	S      int
	Sigma2 float64
	// Well is a smooth loss with exactly these minima; the ✓ line integrates
	// its Boltzmann density (equilibrium.RatioExact2D).
	Well landscape.DoubleWell2D
}

const laplaceTol = 5e-3

// Laplace returns the problem of exercise "laplace-ratio".
func Laplace() *LaplaceProblem {
	hA := mat.NewSymDense(2, []float64{6, 2, 2, 3})
	hB := mat.NewSymDense(2, []float64{1.5, 0, 0, 1})
	w := landscape.DoubleWell2D{XA: []float64{-1, 0}, XB: []float64{1.2, 0.6}, LA: 0, LB: 0.03, HA: hA, HB: hB}
	return &LaplaceProblem{LA: 0, LB: 0.03, HA: hA, HB: hB, Eta: 0.05, S: 20, Sigma2: 9, Well: w}
}

func (p *LaplaceProblem) String() string {
	return fmt.Sprintf("minimum A: L_A = %g, H_A = [%g %g; %g %g]\nminimum B: L_B = %g, H_B = [%g %g; %g %g]\nSGD: η = %g, S = %d, σ² = %g",
		p.LA, p.HA.At(0, 0), p.HA.At(0, 1), p.HA.At(1, 0), p.HA.At(1, 1),
		p.LB, p.HB.At(0, 0), p.HB.At(0, 1), p.HB.At(1, 0), p.HB.At(1, 1), p.Eta, p.S, p.Sigma2)
}

// laplaceSlip is one way to get one ingredient of p_A/p_B wrong.
type laplaceSlip struct {
	value float64
	hint  string // "" for the right ingredient
}

// laplaceSlips lists the variants of the determinant factor, the exponent's
// coefficient, its sign and the temperature.
func (p *LaplaceProblem) slips() (det, coef, sign, temp []laplaceSlip) {
	dA, dB := mat.Det(p.HA), mat.Det(p.HB)
	diagA, diagB := p.HA.At(0, 0)*p.HA.At(1, 1), p.HB.At(0, 0)*p.HB.At(1, 1)
	det = []laplaceSlip{
		{math.Sqrt(dB / dA), ""},
		{math.Sqrt(dA / dB), "the determinant ratio is upside down: the wider minimum (smaller det H) has more room, so it must weigh more"},
		{dB / dA, "the determinant ratio needs a square root (a Gaussian integral gives 1/√det H)"},
		{dA / dB, "the determinant ratio is upside down and needs a square root"},
		{math.Sqrt(diagB / diagA), "det H must include the off-diagonal entries"},
		{math.Sqrt(mat.Trace(p.HB) / mat.Trace(p.HA)), "you used the trace; the Gaussian integral involves the determinant of H"},
		{1, "the determinant factor (the width of each minimum) is missing"},
	}
	coef = []laplaceSlip{
		{2, ""},
		{1, "the exponent is half what it should be: the Boltzmann density is exp(−2L/(nσ²))"},
		{4, "the exponent is twice what it should be: the Boltzmann density is exp(−2L/(nσ²))"},
	}
	sign = []laplaceSlip{
		{1, ""},
		{-1, "the exponent has the wrong sign: the deeper minimum (lower L) must be favoured"},
	}
	S := float64(p.S)
	temp = []laplaceSlip{
		{p.Eta * p.Sigma2 / S, ""},
		{p.Eta / S, "the temperature is missing σ²: the gradient variance is one of the three factors"},
		{p.Eta * math.Sqrt(p.Sigma2) / S, "the temperature uses σ where σ² belongs"},
		{p.Eta * p.Sigma2, "the temperature is missing the batch size S"},
		{p.Eta * p.Sigma2 * S, "the temperature has S in the numerator: larger batches mean less noise"},
	}
	return
}

// CheckLaplaceRatio checks the Laplace estimate of p_A/p_B for the Laplace
// problem and prints one line.
func CheckLaplaceRatio(answer float64) {
	report("laplace-ratio", func() result { return judgeLaplace(answer) })
}

func judgeLaplace(answer float64) result {
	const id = "laplace-ratio"
	p := Laplace()
	a, b, err := p.Well.Minima()
	if err != nil {
		return failed(id, "the check could not set up the problem: %v", err)
	}
	T, err := equilibrium.Temperature(p.Eta, p.S, p.Sigma2)
	if err != nil {
		return failed(id, "the check could not compute T: %v", err)
	}
	want, err := equilibrium.RatioLaplace(a, b, T)
	if err != nil {
		return failed(id, "the check could not compute its prediction: %v", err)
	}
	n := number{id: id, want: want, tol: laplaceTol,
		todo:  "replace math.NaN() with your p_A/p_B",
		about: "p_A/p_B = (width factor from det H) × (depth factor from L and the temperature)",
		ok: func(x float64) string {
			msg := fmt.Sprintf("p_A/p_B = %.4g at T = ησ²/S = %.4g", x, T)
			if exact, err := equilibrium.RatioExact2D(p.Well, T); err == nil {
				msg += fmt.Sprintf("; quadrature of the Boltzmann density of a smooth loss with these minima gives %.4g (relative difference %.1g: the barrier is many T high)",
					exact, relErr(x, exact))
			}
			return msg
		},
		mistakes: laplaceMistakes(p, want),
	}
	return n.judge(answer)
}

// laplaceMistakes combines the slips, one or two at a time, fewest first:
// "p_B/p_A" for the inverted ratio, otherwise the hints of the slips joined.
// Three or more slips at once are not diagnosed: so many combinations would
// explain almost any number, and the hint would mislead.
func laplaceMistakes(p *LaplaceProblem, want float64) []mistake {
	det, coef, sign, temp := p.slips()
	dL := p.LB - p.LA
	var byCount [3][]mistake
	for _, d := range det {
		for _, c := range coef {
			for _, s := range sign {
				for _, t := range temp {
					var hints []string
					for _, h := range []string{d.hint, c.hint, s.hint, t.hint} {
						if h != "" {
							hints = append(hints, h)
						}
					}
					v := d.value * math.Exp(s.value*c.value*dL/t.value)
					if len(hints) > 0 && len(hints) < len(byCount) {
						byCount[len(hints)] = append(byCount[len(hints)], mistake{v, joinHints(hints)})
					}
				}
			}
		}
	}
	ms := []mistake{{1 / want, "this is p_B/p_A; the question asks for p_A/p_B"}}
	for _, list := range byCount {
		ms = append(ms, list...)
	}
	return ms
}

// CrossoverProblem is exercise "crossover" (deck: the three factors, and
// "Are they assuming sharper minima have smaller loss?"): for a sharp, deep
// minimum A and a wide, shallow minimum B of a one-dimensional loss, find the
// noise n = η/S above which B holds more probability than A, at a given
// gradient variance σ².
type CrossoverProblem struct {
	LA, HA, LB, HB float64
	Sigma2         float64
	Well           landscape.DoubleWell // the loss; the ✓ line integrates its Boltzmann density
}

// Crossover returns the problem of exercise "crossover": the standard well
// of the notebooks (h_A = 4, L_A = 0; h_B = 1, L_B = 0.02) at σ² = 2.5.
func Crossover() *CrossoverProblem {
	w := landscape.StandardWell()
	return &CrossoverProblem{LA: w.LA, HA: w.HA, LB: w.LB, HB: w.HB, Sigma2: 2.5, Well: w}
}

func (p *CrossoverProblem) String() string {
	return fmt.Sprintf("minimum A: L_A = %g, h_A = %g (sharp, deep); minimum B: L_B = %g, h_B = %g (wide, shallow); σ² = %g",
		p.LA, p.HA, p.LB, p.HB, p.Sigma2)
}

// CheckCrossover checks the crossover noise level n* = η/S of the Crossover
// problem and prints one line.
func CheckCrossover(answer float64) {
	report("crossover", func() result { return judgeCrossover(answer) })
}

func judgeCrossover(answer float64) result {
	const id = "crossover"
	p := Crossover()
	a, b, err := p.Well.Minima()
	if err != nil {
		return failed(id, "the check could not set up the problem: %v", err)
	}
	Tstar, err := equilibrium.Crossover(a, b)
	if err != nil {
		return failed(id, "the check could not compute its prediction: %v", err)
	}
	want := Tstar / p.Sigma2
	dL, s2 := p.LB-p.LA, p.Sigma2
	n := number{id: id, want: want, tol: laplaceTol,
		todo:  "replace math.NaN() with your crossover noise n* = η/S",
		about: "at the crossover p_A/p_B = 1; solve the Laplace ratio for n",
		ok: func(x float64) string {
			T := x * p.Sigma2
			msg := fmt.Sprintf("n* = %.4g, i.e. T* = n*σ² = %.4g", x, T)
			if exact, err := equilibrium.RatioExact(p.Well, T); err == nil {
				msg += fmt.Sprintf("; quadrature of the Boltzmann density there gives p_A/p_B = %.4f (the Laplace estimate says 1)", exact)
			}
			return msg
		},
		mistakes: []mistake{
			{Tstar, "this is the crossover temperature T = nσ²; the question asks for the noise n = η/S"},
			{Tstar * s2, "you multiplied by σ²; the temperature is T = nσ², so n is smaller than T when σ² > 1"},
			{-want, "negative: the logarithm of the curvature ratio is upside down"},
			{want / 2, "a factor 2 too small: check the square root of the determinant ratio and the 2 in exp(2ΔL/(nσ²))"},
			{want * 2, "a factor 2 too large: check the square root of the determinant ratio and the 2 in exp(2ΔL/(nσ²))"},
			{want / 4, "a factor 4 too small: the square root of the determinant ratio and the 2 in the exponent both seem missing"},
			{want * math.Ln10, "you used log10; the Boltzmann factor is an exponential, so its inverse is the natural logarithm (math.Log)"},
			{want * math.Ln2, "you used log2; the Boltzmann factor is an exponential, so its inverse is the natural logarithm (math.Log)"},
			{4 * dL / (p.HA - p.HB) / s2, "you used the difference of the curvatures; the determinant factor is a ratio, so its logarithm appears"},
		},
	}
	return n.judge(answer)
}

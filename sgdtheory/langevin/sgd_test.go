package langevin_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

func newExamples(n int, h float64) examples {
	r := rand.New(rand.NewPCG(1, 1))
	a := make([]float64, n)
	for i := range a {
		a[i] = r.NormFloat64()
	}
	return examples{h: h, a: a}
}

// TestSGDStationaryVariance runs minibatch SGD on the finite sum
// (1/N) Σ h(x − aᵢ)²/2, an Ornstein–Uhlenbeck recursion around ā whose
// noise variance is h²s²(N−S)/(N−1) without replacement and h²s² with it
// (s² the population variance of aᵢ), and compares the time-averaged
// variance with OUVariance. Naive C/S would be 41% off at N=100, S=30.
func TestSGDStationaryVariance(t *testing.T) {
	const n, S, h, eta, steps, burn = 100, 30, 1.0, 0.5, 200000, 100
	p := newExamples(n, h)
	abar, s2 := stat.PopMeanVariance(p.a, nil)
	for _, replace := range []bool{false, true} {
		sigma2 := h * h * s2
		if !replace {
			sigma2 *= float64(n-S) / float64(n-1)
		}
		want, err := langevin.OUVariance(eta, h, sigma2, S, 1)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := langevin.SGD{Loss: p, Eta: eta, S: S, Replace: replace, Seed: 2, Every: 1}.Run([]float64{abar}, steps)
		if err != nil {
			t.Fatal(err)
		}
		var v float64
		xs := tr.Coord(0)[burn:]
		for _, x := range xs {
			v += (x - abar) * (x - abar)
		}
		v /= float64(len(xs))
		t.Logf("replace=%v: variance %.5g, predicted %.5g, ratio %.4f", replace, v, want, v/want)
		if math.Abs(v/want-1) > 0.03 {
			t.Errorf("replace=%v: stationary variance %v, want %v within 3%%", replace, v, want)
		}
	}
}

// TestSGDFullBatch checks that S = N without replacement is plain gradient
// descent, x ← x − ηh(x − ā), whatever the seed.
func TestSGDFullBatch(t *testing.T) {
	p := newExamples(20, 2)
	abar := stat.Mean(p.a, nil)
	tr, err := langevin.SGD{Loss: p, Eta: 0.1, S: 20, Seed: 9}.Run([]float64{3}, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := abar + (3-abar)*math.Pow(1-0.2, 10)
	if got := tr.Final()[0]; math.Abs(got-want) > 1e-12 {
		t.Errorf("full-batch SGD gave %v, want %v", got, want)
	}
	if len(tr.Loss) != 2 || len(tr.Steps) != 2 {
		t.Errorf("recorded %d steps, want start and end", len(tr.Steps))
	}
}

func TestSGDErrors(t *testing.T) {
	p := newExamples(10, 1)
	for _, tc := range []struct {
		s     langevin.SGD
		x0    []float64
		steps int
		want  string
	}{
		{langevin.SGD{Loss: p, Eta: 0, S: 1}, []float64{0}, 1, "Eta"},
		{langevin.SGD{Loss: p, Eta: 0.1, S: 11}, []float64{0}, 1, "S ="},
		{langevin.SGD{Loss: p, Eta: 0.1, S: 0, Replace: true}, []float64{0}, 1, "S ="},
		{langevin.SGD{Loss: p, Eta: 0.1, S: 1}, []float64{0, 0}, 1, "theta0"},
		{langevin.SGD{Loss: p, Eta: 0.1, S: 1}, []float64{math.NaN()}, 1, "theta0"},
		{langevin.SGD{Loss: p, Eta: 0.1, S: 1}, []float64{0}, -1, "steps"},
		{langevin.SGD{Loss: p, Eta: 3, S: 10}, []float64{1}, 10000, "at step"},
	} {
		_, err := tc.s.Run(tc.x0, tc.steps)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v, want one mentioning %q", err, tc.want)
		}
	}
}

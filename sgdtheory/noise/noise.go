package noise

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// checkProblem returns an error unless p is valid (its Validate, if it has
// one: every landscape finite sum does, and checks that X and Y match) with
// N ≥ 1 examples and theta is a finite vector of length p.Dim(). Its errors
// name fn, the exported caller.
func checkProblem(fn string, p landscape.FiniteSum, theta []float64) error {
	if valid.IsNil(p) {
		return fmt.Errorf("noise: %s: problem p is nil", fn)
	}
	if err := valid.Check(p); err != nil {
		return fmt.Errorf("noise: %s: problem p: %w", fn, err)
	}
	if n := p.N(); n < 1 {
		return fmt.Errorf("noise: %s: p.N() = %d: want ≥ 1", fn, n)
	}
	if len(theta) != p.Dim() {
		return fmt.Errorf("noise: %s: len(theta) = %d: want p.Dim() = %d", fn, len(theta), p.Dim())
	}
	for i, v := range theta {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("noise: %s: theta[%d] = %v: want finite", fn, i, v)
		}
	}
	return nil
}

// Moments returns the full gradient g = (1/N) Σᵢ ∇lᵢ(θ) and the
// per-example gradient covariance
//
//	C = (1/N) Σᵢ (∇lᵢ − g)(∇lᵢ − g)ᵀ.
//
// C is the population covariance, normalised by N and not N−1, because
// the N examples are the whole population a minibatch is drawn from; the
// finite-population factor (N−S)/(N−1) of PredictedCov assumes exactly
// this normalisation.
func Moments(p landscape.FiniteSum, theta []float64) (g []float64, C *mat.SymDense, err error) {
	if err := checkProblem("Moments", p, theta); err != nil {
		return nil, nil, err
	}
	n, d := p.N(), p.Dim()
	// One streaming (Welford) pass: with δ = ∇lₖ − mean of the first k−1,
	// the scatter grows by ((k−1)/k)·δδᵀ. It never stores the N×d
	// per-example gradients and stays accurate when |g| is large against
	// the spread.
	g = make([]float64, d)
	gi, delta := make([]float64, d), make([]float64, d)
	C = mat.NewSymDense(d, nil)
	dv := mat.NewVecDense(d, delta)
	for i := range n {
		p.ExampleGrad(gi, theta, i)
		k := float64(i + 1)
		floats.SubTo(delta, gi, g)
		floats.AddScaled(g, 1/k, delta)
		C.SymRankOne(C, (k-1)/k, dv)
	}
	C.ScaleSym(1/float64(n), C)
	return g, C, nil
}

// Sampling is how a minibatch is drawn from the N examples.
type Sampling int

const (
	// WithoutReplacement draws S distinct examples, a uniform random
	// S-subset: the minibatches of an epoch of SGD.
	WithoutReplacement Sampling = iota
	// WithReplacement draws S independent uniform indices: the i.i.d.
	// model of the CLT argument.
	WithReplacement
)

func (s Sampling) String() string {
	switch s {
	case WithoutReplacement:
		return "WithoutReplacement"
	case WithReplacement:
		return "WithReplacement"
	}
	return fmt.Sprintf("Sampling(%d)", int(s))
}

func (s Sampling) check(fn string) error {
	if s != WithoutReplacement && s != WithReplacement {
		return fmt.Errorf("noise: %s: sampling = %d: want WithoutReplacement or WithReplacement", fn, s)
	}
	return nil
}

// PredictedCov returns the CLT covariance of the minibatch gradient for
// batch size S drawn from N examples: C/S when sampling with replacement
// and (C/S)(N−S)/(N−1) without, which vanishes at S = N.
func PredictedCov(C *mat.SymDense, S, N int, sampling Sampling) (*mat.SymDense, error) {
	if err := sampling.check("PredictedCov"); err != nil {
		return nil, err
	}
	if C == nil || C.IsEmpty() {
		return nil, fmt.Errorf("noise: PredictedCov: C is nil or empty: want a d×d covariance")
	}
	if N < 1 {
		return nil, fmt.Errorf("noise: PredictedCov: N = %d: want ≥ 1", N)
	}
	if S < 1 {
		return nil, fmt.Errorf("noise: PredictedCov: S = %d: want ≥ 1", S)
	}
	f := 1 / float64(S)
	if sampling == WithoutReplacement {
		if S > N {
			return nil, fmt.Errorf("noise: PredictedCov: S = %d: want a value in [1, N = %d] without replacement", S, N)
		}
		if N > 1 {
			f *= float64(N-S) / float64(N-1)
		}
	}
	cov := mat.NewSymDense(C.SymmetricDim(), nil)
	cov.ScaleSym(f, C)
	return cov, nil
}

// SampleGrads returns a trials×d matrix whose rows are independent
// minibatch gradients g_S = (1/S) Σ_{i∈batch} ∇lᵢ(θ). Without replacement
// each batch is a uniform random S-subset, drawn by a partial
// Fisher–Yates shuffle; with replacement the S indices are independent
// and uniform. The same seed gives the same matrix.
func SampleGrads(p landscape.FiniteSum, theta []float64, S, trials int, sampling Sampling, seed uint64) (*mat.Dense, error) {
	return sampleGrads("SampleGrads", "S", p, theta, S, trials, sampling, seed)
}

// sampleGrads is SampleGrads with the errors naming fn, the exported caller,
// and the batch size as that caller names it.
func sampleGrads(fn, name string, p landscape.FiniteSum, theta []float64, S, trials int, sampling Sampling, seed uint64) (*mat.Dense, error) {
	if err := checkProblem(fn, p, theta); err != nil {
		return nil, err
	}
	if err := sampling.check(fn); err != nil {
		return nil, err
	}
	replace := sampling == WithReplacement
	n, d := p.N(), p.Dim()
	if S < 1 || (!replace && S > n) {
		hi := "∞)"
		if !replace {
			hi = fmt.Sprintf("N = %d] without replacement", n)
		}
		return nil, fmt.Errorf("noise: %s: %s = %d: want a value in [1, %s", fn, name, S, hi)
	}
	if trials < 1 {
		return nil, fmt.Errorf("noise: %s: trials = %d: want ≥ 1", fn, trials)
	}
	r := rng.New(seed, 0x9e37_79b9_7f4a_7c15)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	out := mat.NewDense(trials, d, nil)
	gi := make([]float64, d)
	drawn := make([]int, S) // a batch with replacement
	for t := range trials {
		row := out.RawRowView(t)
		var batch []int
		if replace {
			batch = drawn
			for k := range batch {
				batch[k] = rng.IntN(r, n)
			}
		} else {
			// Any permutation left by earlier trials is as good a start.
			batch = rng.Sample(r, perm, S)
		}
		for _, i := range batch {
			p.ExampleGrad(gi, theta, i)
			floats.Add(row, gi)
		}
		floats.Scale(1/float64(S), row)
	}
	return out, nil
}

// EmpiricalCov returns the sample covariance of the rows of samples, with
// the unbiased 1/(trials−1) normalisation of stat.CovarianceMatrix.
func EmpiricalCov(samples *mat.Dense) *mat.SymDense {
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, samples, nil)
	return &cov
}

package noise

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// centres is the finite sum lᵢ(θ) = ½|θ − aᵢ|², whose per-example
// gradients θ − aᵢ have the population covariance of the rows aᵢ.
type centres struct{ a *mat.Dense }

func (c centres) Dim() int { _, d := c.a.Dims(); return d }
func (c centres) N() int   { n, _ := c.a.Dims(); return n }
func (c centres) Loss(x []float64) float64 {
	var s float64
	for i := range c.N() {
		s += floats.Distance(x, c.a.RawRowView(i), 2) * floats.Distance(x, c.a.RawRowView(i), 2) / 2
	}
	return s / float64(c.N())
}
func (c centres) Grad(dst, x []float64) {
	clear(dst)
	for i := range c.N() {
		floats.Sub(dst, c.a.RawRowView(i))
	}
	floats.Scale(1/float64(c.N()), dst)
	floats.Add(dst, x)
}
func (c centres) ExampleGrad(dst, x []float64, i int) { floats.SubTo(dst, x, c.a.RawRowView(i)) }

// line returns the 1-D problem with aᵢ = i, i < n, whose per-example
// gradient variance is (n² − 1)/12 in closed form.
func line(n int) centres {
	a := mat.NewDense(n, 1, nil)
	for i := range n {
		a.Set(i, 0, float64(i))
	}
	return centres{a}
}

// oneHot returns the problem with aᵢ = −eᵢ in ℝⁿ: at θ = 0 a minibatch
// gradient counts how often each example is drawn, so its covariance
// tests the first and second inclusion probabilities of the sampler.
// The population covariance is (I − 11ᵀ/n)/n.
func oneHot(n int) (centres, *mat.SymDense) {
	a := mat.NewDense(n, n, nil)
	c := mat.NewSymDense(n, nil)
	for i := range n {
		a.Set(i, i, -1)
		for j := i; j < n; j++ {
			v := -1 / float64(n*n)
			if i == j {
				v += 1 / float64(n)
			}
			c.SetSym(i, j, v)
		}
	}
	return centres{a}, c
}

// relFro returns ‖got − want‖_F / ‖want‖_F.
func relFro(got, want mat.Matrix) float64 {
	var d mat.Dense
	d.Sub(got, want)
	return mat.Norm(&d, 2) / mat.Norm(want, 2)
}

func TestMomentsClosedForm(t *testing.T) {
	g, c, err := Moments(line(100), []float64{60})
	if err != nil {
		t.Fatal(err)
	}
	// g = θ − mean(a) = 60 − 49.5; C = (N² − 1)/12.
	if math.Abs(g[0]-10.5) > 1e-12 || math.Abs(c.At(0, 0)-(100*100-1)/12.0) > 1e-9 {
		t.Errorf("Moments = %v, %v; want 10.5, %v", g[0], c.At(0, 0), (100*100-1)/12.0)
	}
	p, want := oneHot(5)
	_, c, _ = Moments(p, make([]float64, 5))
	if !mat.EqualApprox(c, want, 1e-14) {
		t.Errorf("one-hot C = %v, want %v", mat.Formatted(c), mat.Formatted(want))
	}
}

// Monte Carlo covariance of g_S against the closed-form prediction, to 3%
// in relative Frobenius norm (the MC standard error is below 1%).
func TestSampledCovariance(t *testing.T) {
	ls, err := landscape.NewLeastSquaresData(100, 2, 0.5, 3)
	if err != nil {
		t.Fatal(err)
	}
	hot, cHot := oneHot(6)
	cLine := mat.NewSymDense(1, []float64{(100*100 - 1) / 12.0})
	for _, c := range []struct {
		name     string
		p        landscape.FiniteSum
		theta    []float64
		C        *mat.SymDense // nil: take it from Moments
		S        int
		sampling Sampling
	}{
		{"line N=100 S=30 without", line(100), []float64{0}, cLine, 30, WithoutReplacement},
		{"line N=100 S=30 with", line(100), []float64{0}, cLine, 30, WithReplacement},
		{"least squares N=100 S=30 without", ls, []float64{0.5, -1}, nil, 30, WithoutReplacement},
		{"least squares N=100 S=30 with", ls, []float64{0.5, -1}, nil, 30, WithReplacement},
		{"one-hot N=6 S=3 without", hot, make([]float64, 6), cHot, 3, WithoutReplacement},
		{"one-hot N=6 S=4 with", hot, make([]float64, 6), cHot, 4, WithReplacement},
	} {
		C := c.C
		if C == nil {
			_, C, _ = Moments(c.p, c.theta)
		}
		pred, err := PredictedCov(C, c.S, c.p.N(), c.sampling)
		if err != nil {
			t.Fatal(err)
		}
		samples, err := SampleGrads(c.p, c.theta, c.S, 40000, c.sampling, 11)
		if err != nil {
			t.Fatal(err)
		}
		emp := EmpiricalCov(samples)
		rel := relFro(emp, pred)
		t.Logf("%s: empirical %.4g predicted %.4g (rel. error %.2f%%)", c.name, emp.At(0, 0), pred.At(0, 0), 100*rel)
		if rel > 0.03 {
			t.Errorf("%s: empirical covariance off the prediction by %.1f%%, tolerance 3%%", c.name, 100*rel)
		}
		if c.sampling == WithoutReplacement {
			naive, _ := PredictedCov(C, c.S, c.p.N(), WithReplacement)
			r := relFro(naive, emp) // 99/70 − 1 = 41% at N = 100, S = 30
			t.Logf("%s: naive C/S %.4g, %.0f%% off", c.name, naive.At(0, 0), 100*r)
			if r < 0.2 {
				t.Errorf("%s: naive C/S only %.1f%% off; the finite-population factor is not visible", c.name, 100*r)
			}
		}
	}
}

// With S = N and no replacement every batch is the whole data set.
func TestFullBatchHasNoNoise(t *testing.T) {
	ls, _ := landscape.NewLeastSquaresData(50, 3, 1, 4)
	theta := []float64{1, 2, 3}
	samples, err := SampleGrads(ls, theta, 50, 200, WithoutReplacement, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m := mat.Norm(EmpiricalCov(samples), math.Inf(1)); m > 1e-20 {
		t.Errorf("covariance at S = N is %v, want 0", m)
	}
	pred, _ := PredictedCov(mat.NewSymDense(1, []float64{2}), 50, 50, WithoutReplacement)
	if pred.At(0, 0) != 0 {
		t.Errorf("PredictedCov at S = N = %v, want 0", pred.At(0, 0))
	}
}

func TestSampleGradsSeeded(t *testing.T) {
	p := line(20)
	a, _ := SampleGrads(p, []float64{0}, 5, 100, WithoutReplacement, 9)
	b, _ := SampleGrads(p, []float64{0}, 5, 100, WithoutReplacement, 9)
	c, _ := SampleGrads(p, []float64{0}, 5, 100, WithoutReplacement, 10)
	if !mat.Equal(a, b) || mat.Equal(a, c) {
		t.Error("SampleGrads is not a function of its seed")
	}
}

// AndersonDarling against quadrature of its definition
// A² = n ∫₀¹ (F_n − u)² / (u(1−u)) du, u = F(x), on each interval between
// order statistics where F_n is constant.
func TestAndersonDarlingDefinition(t *testing.T) {
	sample := []float64{0.3, -1.2, 2.2, 0.1, -0.4, 0.9, 1.7, -0.05, 0.6, -2.3}
	got, err := AndersonDarling(sample)
	if err != nil {
		t.Fatal(err)
	}
	x, nd, _ := fit("QQ", "sample", sample)
	n := float64(len(x))
	edges := []float64{0}
	for _, v := range x {
		edges = append(edges, nd.CDF(v))
	}
	edges = append(edges, 1)
	var a2 float64
	for k := 0; k+1 < len(edges); k++ {
		fn := float64(k) / n
		a2 += quad.Fixed(func(u float64) float64 { return (fn - u) * (fn - u) / (u * (1 - u)) },
			edges[k], edges[k+1], 40, quad.Legendre{}, 0)
	}
	want := n * a2 * (1 + 0.75/n + 2.25/(n*n))
	if math.Abs(got-want) > 1e-8*want {
		t.Errorf("AndersonDarling = %v, quadrature of the definition %v", got, want)
	}
}

func TestAndersonDarlingDecides(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gauss, expo := make([]float64, 2000), make([]float64, 2000)
	for i := range gauss {
		gauss[i] = 3 + 2*rng.NormFloat64()
		expo[i] = rng.ExpFloat64()
	}
	ag, _ := AndersonDarling(gauss)
	ae, _ := AndersonDarling(expo)
	if ag > ADCritical1 || ae < ADCritical1 {
		t.Errorf("A* Gaussian %v, exponential %v; want below and above %v", ag, ae, ADCritical1)
	}
}

func TestQQ(t *testing.T) {
	sample := []float64{5, 1, 4, 2, 3}
	th, emp, err := QQ(sample)
	if err != nil {
		t.Fatal(err)
	}
	if !floats.Equal(emp, []float64{1, 2, 3, 4, 5}) {
		t.Errorf("empirical = %v, want the sorted sample", emp)
	}
	// Blom positions are symmetric, so the quantiles are too, about the mean 3.
	for i := range th {
		if math.Abs(th[i]+th[4-i]-6) > 1e-12 {
			t.Errorf("theoretical %v not symmetric about 3", th)
		}
	}
	sd := math.Sqrt(2.5)
	want := 3 + sd*distuv.UnitNormal.Quantile((5-0.375)/5.25)
	if math.Abs(th[4]-want) > 1e-12 {
		t.Errorf("largest theoretical quantile %v, want %v", th[4], want)
	}
}

func TestErrors(t *testing.T) {
	c := mat.NewSymDense(1, []float64{1})
	p := line(10)
	errOf := func(_ any, err error) error { return err }
	errOf3 := func(_, _ any, err error) error { return err }
	for _, e := range []struct {
		err  error
		want string
	}{
		{errOf(PredictedCov(c, 0, 10, WithReplacement)), "S = 0"},
		{errOf(PredictedCov(c, 11, 10, WithoutReplacement)), "S = 11"},
		{errOf(PredictedCov(c, 1, 0, WithReplacement)), "N = 0"},
		{errOf(PredictedCov(nil, 1, 1, WithReplacement)), "C is nil"},
		{errOf(PredictedCov(c, 1, 10, Sampling(7))), "PredictedCov: sampling = 7: want WithoutReplacement or WithReplacement"},
		{errOf(SampleGrads(p, []float64{0}, 2, 2, Sampling(-1), 1)), "SampleGrads: sampling = -1: want WithoutReplacement or WithReplacement"},
		{errOf(SampleGrads(p, []float64{0}, 11, 10, WithoutReplacement, 1)), "S = 11"},
		{errOf(SampleGrads(p, []float64{0}, 2, 0, WithoutReplacement, 1)), "trials = 0"},
		{errOf(SampleGrads(p, []float64{0, 1}, 2, 2, WithoutReplacement, 1)), "len(theta)"},
		{errOf3(Moments(p, nil)), "len(theta)"},
		{errOf(AndersonDarling([]float64{1, 2})), "len(sample)"},
		{errOf(AndersonDarling([]float64{1, 1, 1})), "constant"},
		{errOf3(QQ([]float64{1, math.NaN(), 2})), "sample[1]"},
	} {
		if e.err == nil || !strings.Contains(e.err.Error(), e.want) {
			t.Errorf("error %v, want one mentioning %q", e.err, e.want)
		}
	}
}

// TestSkewStdErr checks the delta-method standard error against the
// spread of the skewness over many samples of batch means, drawn from a
// Gaussian population (√(6/n) at any S) and from an exponential one (γ = 2,
// √(72/n) at S = 1).
func TestSkewStdErr(t *testing.T) {
	const n, reps = 2000, 600
	r := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		name string
		draw func() float64
		S    int
	}{
		{"gaussian", r.NormFloat64, 1},
		{"gaussian", r.NormFloat64, 4},
		{"exponential", r.ExpFloat64, 1},
		{"exponential", r.ExpFloat64, 4},
		{"exponential", r.ExpFloat64, 16},
	} {
		pop := make([]float64, 1<<17)
		for i := range pop {
			pop[i] = tc.draw()
		}
		want, err := SkewStdErr(pop, tc.S, n)
		if err != nil {
			t.Fatal(err)
		}
		var sum, sum2 float64
		x := make([]float64, n)
		for range reps {
			for i := range x {
				x[i] = 0
				for range tc.S {
					x[i] += pop[r.IntN(len(pop))]
				}
				x[i] /= float64(tc.S)
			}
			g := stat.Skew(x, nil)
			sum, sum2 = sum+g, sum2+g*g
		}
		spread := math.Sqrt((sum2 - sum*sum/reps) / (reps - 1))
		t.Logf("%s, S = %d: SkewStdErr %.4f, spread over %d samples %.4f", tc.name, tc.S, want, reps, spread)
		// A standard deviation from 600 samples is uncertain by ~3% for
		// Gaussian skewness, more with heavy tails.
		if math.Abs(spread-want) > 0.12*want {
			t.Errorf("%s, S = %d: SkewStdErr %.4f, spread %.4f: want within 12%%", tc.name, tc.S, want, spread)
		}
	}
	for _, bad := range []struct{ S, n int }{{0, 10}, {1, 2}} {
		if _, err := SkewStdErr([]float64{1, 2, 3}, bad.S, bad.n); err == nil {
			t.Errorf("S = %d, n = %d: want an error", bad.S, bad.n)
		}
	}
	if _, err := SkewStdErr([]float64{1, 1, 1}, 1, 10); err == nil {
		t.Error("constant population: want an error")
	}
}

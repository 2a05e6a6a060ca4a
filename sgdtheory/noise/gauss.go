package noise

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Critical values of the corrected Anderson–Darling statistic for
// normality with mean and variance estimated from the sample (D'Agostino
// and Stephens 1986, Table 4.7): reject Gaussianity at the stated level
// when AndersonDarling exceeds them.
const (
	ADCritical10 = 0.631 // 10% level
	ADCritical5  = 0.752 // 5% level
	ADCritical1  = 1.035 // 1% level
)

// fit returns the sorted sample and its fitted normal, or an error when
// the sample is too short, not finite or constant; the errors name fn, the
// exported caller, and the sample as that caller names it. Skewness and excess
// kurtosis, the other Gaussianity diagnostics, are stat.Skew and
// stat.ExKurtosis.
func fit(fn, name string, sample []float64) ([]float64, distuv.Normal, error) {
	if len(sample) < 3 {
		return nil, distuv.Normal{}, fmt.Errorf("noise: %s: len(%s) = %d: want ≥ 3", fn, name, len(sample))
	}
	for i, v := range sample {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, distuv.Normal{}, fmt.Errorf("noise: %s: %s[%d] = %v: want finite", fn, name, i, v)
		}
	}
	mu, sd := stat.MeanStdDev(sample, nil)
	if !(sd > 0) {
		return nil, distuv.Normal{}, fmt.Errorf("noise: %s: %s is constant: want a standard deviation > 0", fn, name)
	}
	return slices.Sorted(slices.Values(sample)), distuv.Normal{Mu: mu, Sigma: sd}, nil
}

// AndersonDarling returns the Anderson–Darling statistic of sample against
// the normal distribution with the sample's mean and standard deviation,
//
//	A² = −n − (1/n) Σᵢ (2i−1)[ln F(x₍ᵢ₎) + ln(1 − F(x₍ₙ₊₁₋ᵢ₎))],
//
// multiplied by 1 + 0.75/n + 2.25/n² so that it can be compared with
// ADCritical10, ADCritical5 and ADCritical1 at any n. It weights the tails,
// where non-Gaussian gradient noise shows first, more than
// Kolmogorov–Smirnov does.
func AndersonDarling(sample []float64) (float64, error) {
	x, nd, err := fit("AndersonDarling", "sample", sample)
	if err != nil {
		return 0, err
	}
	n := len(x)
	var s float64
	for i := range n {
		zl := (x[i] - nd.Mu) / nd.Sigma
		zu := (x[n-1-i] - nd.Mu) / nd.Sigma
		s += float64(2*i+1) * (logPhi(zl) + logPhi(-zu))
	}
	fn := float64(n)
	a2 := -fn - s/fn
	return a2 * (1 + 0.75/fn + 2.25/(fn*fn)), nil
}

// QQ returns the points of a normal QQ plot of sample: empirical is the
// sorted sample and theoretical the matching quantiles of the fitted
// normal at Blom's plotting positions (i − 3/8)/(n + 1/4), so that a
// Gaussian sample falls on the line y = x.
func QQ(sample []float64) (theoretical, empirical []float64, err error) {
	x, nd, err := fit("QQ", "sample", sample)
	if err != nil {
		return nil, nil, err
	}
	n := float64(len(x))
	theoretical = make([]float64, len(x))
	for i := range x {
		theoretical[i] = nd.Quantile((float64(i+1) - 0.375) / (n + 0.25))
	}
	return theoretical, x, nil
}

// logPhi returns ln Φ(z), the log standard normal CDF, using the leading
// Mills-ratio term where Φ itself underflows, so that a far outlier gives
// a large finite statistic rather than +Inf.
func logPhi(z float64) float64 {
	if z > -30 {
		return math.Log(0.5 * math.Erfc(-z/math.Sqrt2))
	}
	return -z*z/2 - math.Log(-z*math.Sqrt(2*math.Pi))
}

// SkewStdErr returns the standard error of the sample skewness
// (stat.Skew) of n independent means of S draws with replacement from
// population, by the delta method:
//
//	Var ≈ (μ₆ − 6μ₄ + 9 − 3γμ₅ + 8.75γ² + 2.25γ²μ₄) / n,
//
// with γ, μ₄, μ₅, μ₆ the standardised moments of such a mean, which follow
// from the population's cumulants (a mean of S draws has κᵣ/S^(r−1)).
// It is 6/n for a Gaussian and many times that with heavy tails; it is what
// a check of a measured skewness against γ/√S should allow. The plug-in
// estimate from the measured sample itself would understate it, because a
// sample understates its own sixth moment.
func SkewStdErr(population []float64, S, n int) (float64, error) {
	if S < 1 || n < 3 {
		return 0, fmt.Errorf("noise: SkewStdErr: S = %d, n = %d: want S ≥ 1 and n ≥ 3", S, n)
	}
	x, nd, err := fit("SkewStdErr", "population", population)
	if err != nil {
		return 0, err
	}
	var m [7]float64 // central moments
	for _, v := range x {
		d, p := v-nd.Mu, 1.0
		for k := range m {
			m[k] += p
			p *= d
		}
	}
	for k := range m {
		m[k] /= float64(len(x))
	}
	k2, k3 := m[2], m[3]
	k4 := m[4] - 3*m[2]*m[2]
	k5 := m[5] - 10*m[3]*m[2]
	k6 := m[6] - 15*m[4]*m[2] - 10*m[3]*m[3] + 30*m[2]*m[2]*m[2]
	// Standardised cumulants of the mean of S draws: κᵣ/S^(r−1) over
	// (κ₂/S)^(r/2), that is κᵣ/κ₂^(r/2) / S^(r/2−1).
	s := float64(S)
	g := k3 / math.Pow(k2, 1.5) / math.Sqrt(s)
	c4 := k4 / (k2 * k2) / s
	c5 := k5 / math.Pow(k2, 2.5) / math.Pow(s, 1.5)
	c6 := k6 / (k2 * k2 * k2) / (s * s)
	mu4, mu5, mu6 := c4+3, c5+10*g, c6+15*c4+10*g*g+15
	v := mu6 - 6*mu4 + 9 - 3*g*mu5 + 8.75*g*g + 2.25*g*g*mu4
	return math.Sqrt(math.Max(v, 0) / float64(n)), nil
}

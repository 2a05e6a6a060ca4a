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
// the sample is too short, not finite or constant. Skewness and excess
// kurtosis, the other Gaussianity diagnostics, are stat.Skew and
// stat.ExKurtosis.
func fit(sample []float64) ([]float64, distuv.Normal, error) {
	if len(sample) < 3 {
		return nil, distuv.Normal{}, fmt.Errorf("noise: len(sample) = %d, must be ≥ 3", len(sample))
	}
	for i, v := range sample {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, distuv.Normal{}, fmt.Errorf("noise: sample[%d] = %v, must be finite", i, v)
		}
	}
	mu, sd := stat.MeanStdDev(sample, nil)
	if !(sd > 0) {
		return nil, distuv.Normal{}, fmt.Errorf("noise: sample is constant, its standard deviation must be > 0")
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
	x, nd, err := fit(sample)
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
	x, nd, err := fit(sample)
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

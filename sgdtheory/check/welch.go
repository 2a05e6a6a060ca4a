package check

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Welch returns Welch's t statistic for the difference of the means of the
// independent samples x and y, mean(x) − mean(y), and its degrees of
// freedom by the Welch–Satterthwaite equation:
//
//	t = (x̄ − ȳ)/√(s²ₓ/nₓ + s²ᵧ/nᵧ),  df = (s²ₓ/nₓ + s²ᵧ/nᵧ)² / ((s²ₓ/nₓ)²/(nₓ−1) + (s²ᵧ/nᵧ)²/(nᵧ−1)).
//
// Unlike Student's t it does not assume equal variances, which two
// settings of a training run need not have. Each sample needs at least two
// finite values, and the two together some scatter.
func Welch(x, y []float64) (t, df float64, err error) {
	nan := math.NaN()
	for _, s := range []struct {
		name string
		v    []float64
	}{{"x", x}, {"y", y}} {
		if len(s.v) < 2 {
			return nan, nan, fmt.Errorf("check: Welch: len(%s) = %d: want at least 2", s.name, len(s.v))
		}
		for i, v := range s.v {
			if bad(v) {
				return nan, nan, fmt.Errorf("check: Welch: %s[%d] = %v: want finite values", s.name, i, v)
			}
		}
	}
	mx, vx := stat.MeanVariance(x, nil)
	my, vy := stat.MeanVariance(y, nil)
	nx, ny := float64(len(x)), float64(len(y))
	a, b := vx/nx, vy/ny // the squared standard errors of the two means
	if a+b == 0 {
		return nan, nan, fmt.Errorf("check: Welch: both samples are constant (%v and %v): want some scatter", mx, my)
	}
	return (mx - my) / math.Sqrt(a+b), (a + b) * (a + b) / (a*a/(nx-1) + b*b/(ny-1)), nil
}

// MeanInterval returns the mean of the sample x and the half-width of its
// two-sided confidence interval at the given level (0.95 for 95 %), by
// Student's t with len(x) − 1 degrees of freedom: the interval of a mean
// over seeds, or of paired differences (runs that share their seed).
func MeanInterval(x []float64, level float64) (mean, half float64, err error) {
	nan := math.NaN()
	switch {
	case len(x) < 2:
		return nan, nan, fmt.Errorf("check: MeanInterval: len(x) = %d: want at least 2", len(x))
	case !(level > 0 && level < 1):
		return nan, nan, fmt.Errorf("check: MeanInterval: level = %v: want a probability in (0, 1)", level)
	}
	for i, v := range x {
		if bad(v) {
			return nan, nan, fmt.Errorf("check: MeanInterval: x[%d] = %v: want finite values", i, v)
		}
	}
	m, v := stat.MeanVariance(x, nil)
	n := float64(len(x))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile((1 + level) / 2)
	return m, t * math.Sqrt(v/n), nil
}

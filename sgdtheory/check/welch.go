package check

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
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

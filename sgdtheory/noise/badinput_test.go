package noise

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// TestBadProblems checks that Moments and SampleGrads return the problem's
// own validation error, instead of indexing past the end of X or Y.
func TestBadProblems(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	var nilLS *landscape.LeastSquares
	for _, tc := range []struct {
		name  string
		p     landscape.FiniteSum
		theta []float64
		want  string
	}{
		{"X with more rows than Y", landscape.LeastSquares{X: x, Y: []float64{1, 2}}, []float64{0, 0}, "problem p: landscape: LeastSquares.Validate: len(Y) = 2: want the 3 rows of X"},
		{"Y longer than X", landscape.LeastSquares{X: x, Y: []float64{1, 2, 3, 4}}, []float64{0, 0}, "len(Y) = 4: want the 3 rows of X"},
		{"zero LeastSquares", landscape.LeastSquares{}, nil, "problem p: landscape: LeastSquares.Validate: X is empty"},
		{"nil pointer", nilLS, nil, "problem p is nil"},
		{"logistic label 2", landscape.Logistic{X: x, Y: []float64{0, 1, 2}}, []float64{0, 0}, "landscape: Logistic.Validate: Y[2] = 2: want a label 0 or 1"},
		{"NaN theta", landscape.LeastSquares{X: x, Y: []float64{1, 2, 3}}, []float64{0, math.NaN()}, "theta[1] = NaN: want finite"},
	} {
		_, _, err := Moments(tc.p, tc.theta)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "noise: Moments: ") {
			t.Errorf("Moments, %s: %v, want %q", tc.name, err, tc.want)
		}
		_, err = SampleGrads(tc.p, tc.theta, 1, 5, WithReplacement, 1)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "noise: SampleGrads: ") {
			t.Errorf("SampleGrads, %s: %v, want %q", tc.name, err, tc.want)
		}
	}
	good := landscape.LeastSquares{X: x, Y: []float64{1, 2, 3}}
	if _, _, err := Moments(good, []float64{0, 0}); err != nil {
		t.Errorf("Moments of a good problem: %v", err)
	}
	if _, err := PredictedCov(&mat.SymDense{}, 1, 3, WithoutReplacement); err == nil || !strings.Contains(err.Error(), "noise: PredictedCov: C is nil or empty") {
		t.Errorf("PredictedCov of an empty C: %v", err)
	}
	if _, err := Overlap(&mat.Dense{}, mat.NewDense(2, 1, []float64{1, 0})); err == nil || !strings.Contains(err.Error(), "noise: Overlap: U is 0×0 and V 2×1: want at least one column each") {
		t.Errorf("Overlap of an empty U: %v", err)
	}
}

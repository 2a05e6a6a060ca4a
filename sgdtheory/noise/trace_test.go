package noise

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// TestTraceCovs checks the measured tr Cov[g_S] against the trace of
// PredictedCov, with and without replacement, within 5 standard errors
// (the standard error of a sample trace is about √(2/trials) of it for a
// Gaussian-like fluctuation, 2.2 % at 4000 trials: tolerance 11 %), that
// each point equals SampleGrads at its own seed, and that bad input is an
// error.
func TestTraceCovs(t *testing.T) {
	ls, err := landscape.NewLeastSquaresData(60, 3, 0.5, 7)
	if err != nil {
		t.Fatal(err)
	}
	θ := []float64{0.3, -0.2, 0.1}
	_, C, err := Moments(ls, θ)
	if err != nil {
		t.Fatal(err)
	}
	batch := []int{1, 5, 30, 59}
	for _, sampling := range []Sampling{WithoutReplacement, WithReplacement} {
		tr, err := TraceCovs(ls, θ, batch, 4000, sampling, 11)
		if err != nil {
			t.Fatal(err)
		}
		for i, S := range batch {
			want, err := PredictedCov(C, S, 60, sampling)
			if err != nil {
				t.Fatal(err)
			}
			if e := math.Abs(tr[i]/mat.Trace(want) - 1); e > 0.11 {
				t.Errorf("sampling %v, S = %d: tr Cov = %.4g, predicted %.4g, relative error %.3f", sampling, S, tr[i], mat.Trace(want), e)
			}
			G, _ := SampleGrads(ls, θ, S, 4000, sampling, 11+uint64(i))
			if got := mat.Trace(EmpiricalCov(G)); got != tr[i] {
				t.Errorf("sampling %v, S = %d: %v, SampleGrads at seed %d gives %v", sampling, S, tr[i], 11+i, got)
			}
		}
	}
	for _, bad := range [][]int{nil, {0}, {61}} {
		if _, err := TraceCovs(ls, θ, bad, 10, WithoutReplacement, 1); err == nil {
			t.Errorf("TraceCovs(batch = %v): no error", bad)
		}
	}
}

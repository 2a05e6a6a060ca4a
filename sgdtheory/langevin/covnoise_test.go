package langevin_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// TestCovNoise checks the factor against the Cholesky factor worked out by
// hand, C = [[4, 2], [2, 3]] = LLᵀ with L = [[2, 0], [1, √2]], and that an
// Ensemble refuses a covariance that is not positive definite.
func TestCovNoise(t *testing.T) {
	n := langevin.CovNoise(mat.NewSymDense(2, []float64{4, 2, 2, 3}))
	want := mat.NewDense(2, 2, []float64{2, 0, 1, math.Sqrt2})
	if n.B == nil || !mat.EqualApprox(n.B, want, 1e-15) {
		t.Fatalf("CovNoise B = %v, want %v", n.B, mat.Formatted(want))
	}
	q := landscape.Quadratic{H: mat.NewSymDense(2, []float64{1, 0, 0, 1}), Center: []float64{0, 0}}
	for _, tc := range []struct {
		name string
		C    mat.Symmetric
		want string
	}{
		{"nil", nil, "C is nil"},
		{"indefinite", mat.NewSymDense(2, []float64{1, 2, 2, 1}), "not positive definite"},
	} {
		e := langevin.Ensemble{Surface: q, Eta: 0.1, S: 1, Noise: langevin.CovNoise(tc.C), Particles: 2, Seed: 1}
		if _, err := e.Run(1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one naming %q", tc.name, err, tc.want)
		}
	}
}

// TestSurvivalCurve checks the curve of five particles written by hand.
func TestSurvivalCurve(t *testing.T) {
	x := &langevin.Exits{Steps: []int{2, 4, 4, 9, -1}, MaxSteps: 10}
	ts, surv, err := x.SurvivalCurve(5, 2) // t = 0, 2, 4, 6, 8, 10
	if err != nil {
		t.Fatal(err)
	}
	wantT := []float64{0, 2, 4, 6, 8}         // at t = 10 only one particle is left
	wantS := []float64{1, 0.8, 0.4, 0.4, 0.4} // exits after steps 2, 4, 4
	if len(ts) != len(wantT) {
		t.Fatalf("SurvivalCurve t = %v, want %v", ts, wantT)
	}
	for i := range ts {
		if ts[i] != wantT[i] || math.Abs(surv[i]-wantS[i]) > 1e-15 {
			t.Errorf("point %d: (%v, %v), want (%v, %v)", i, ts[i], surv[i], wantT[i], wantS[i])
		}
	}
	for _, bad := range []struct{ points, minLeft int }{{0, 1}, {3, -1}} {
		if _, _, err := x.SurvivalCurve(bad.points, bad.minLeft); err == nil {
			t.Errorf("SurvivalCurve(%d, %d): no error", bad.points, bad.minLeft)
		}
	}
	if _, _, err := (&langevin.Exits{}).SurvivalCurve(3, 1); err == nil {
		t.Error("SurvivalCurve of no particles: no error")
	}
}

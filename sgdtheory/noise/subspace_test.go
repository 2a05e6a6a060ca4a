package noise_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/noise"
)

// TestRandomSubspace checks that the columns are orthonormal and that the
// overlap with a fixed k-subspace averages k/d over seeds, the value for a
// uniformly random subspace (E‖UᵀV‖²_F = k·m/d).
func TestRandomSubspace(t *testing.T) {
	for _, tc := range []struct{ d, k int }{{4, 4}, {20, 4}, {50, 1}} {
		fixed := mat.NewDense(tc.d, tc.k, nil)
		for i := 0; i < tc.k; i++ {
			fixed.Set(i, i, 1)
		}
		const seeds = 2000
		sum := 0.0
		for seed := uint64(1); seed <= seeds; seed++ {
			q, err := noise.RandomSubspace(tc.d, tc.k, seed)
			if err != nil {
				t.Fatal(err)
			}
			o, err := noise.Overlap(fixed, q) // also checks orthonormality to 1e-6
			if err != nil {
				t.Fatalf("d = %d, k = %d, seed %d: %v", tc.d, tc.k, seed, err)
			}
			sum += o
		}
		want := float64(tc.k) / float64(tc.d)
		if tc.k == tc.d {
			want = 1 // the whole space
		}
		if got := sum / seeds; math.Abs(got-want) > 0.05*want {
			t.Errorf("d = %d, k = %d: mean overlap %v, want k/d = %v", tc.d, tc.k, got, want)
		}
	}
	a, _ := noise.RandomSubspace(6, 2, 3)
	b, _ := noise.RandomSubspace(6, 2, 3)
	if !mat.Equal(a, b) {
		t.Error("the same seed gave two subspaces")
	}
	for _, bad := range []struct{ d, k int }{{3, 0}, {3, 4}} {
		if _, err := noise.RandomSubspace(bad.d, bad.k, 1); err == nil {
			t.Errorf("RandomSubspace(%d, %d): no error", bad.d, bad.k)
		}
	}
}

package data

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// TestBlobs checks the moments of the clusters against their definition
// and that the seed fixes the set.
func TestBlobs(t *testing.T) {
	const n, dim, classes, spread = 6000, 3, 4, 0.5
	s, err := Blobs(n, dim, classes, spread, 1)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != n || s.Dim != dim || s.Classes != classes {
		t.Fatalf("got %d examples of %d inputs in %d classes", s.Len(), s.Dim, s.Classes)
	}
	if c := s.ClassCounts(); !slices.Equal(c, []int{1500, 1500, 1500, 1500}) {
		t.Errorf("class counts %v, want balanced", c)
	}
	// Within a class, each input is normal about the class centre with
	// standard deviation spread. Pooled over classes and inputs (18 000
	// deviations from the 12 class means), the s.d. has a standard error of
	// 0.5 %: it must be within 2.5 %. The class means are distinct.
	var dev, means []float64
	for y := range classes {
		for j := range dim {
			var x []float64
			for i := y; i < n; i += classes {
				x = append(x, float64(s.X[i*dim+j]))
			}
			m := stat.Mean(x, nil)
			for _, v := range x {
				dev = append(dev, v-m)
			}
			means = append(means, m)
		}
	}
	if sd := math.Sqrt(stat.Variance(dev, nil) * float64(len(dev)-1) / float64(len(dev)-len(means))); math.Abs(sd-spread) > 0.025*spread {
		t.Errorf("pooled within-class s.d. %.4f, want %g", sd, spread)
	}
	if _, sd := stat.MeanStdDev(means, nil); sd < 0.3 {
		t.Errorf("the centres spread by %.3f: want about 1 (drawn from N(0, I))", sd)
	}
	again, _ := Blobs(n, dim, classes, spread, 1)
	other, _ := Blobs(n, dim, classes, spread, 2)
	if !slices.Equal(s.X, again.X) || slices.Equal(s.X, other.X) {
		t.Error("the set is not a function of the seed")
	}
}

func TestBlobsErrors(t *testing.T) {
	for _, tc := range []struct {
		n, dim, classes int
		spread          float64
		want            string
	}{
		{0, 2, 2, 1, "data: Blobs: n = 0: want ≥ 1"},
		{5, 0, 2, 1, "data: Blobs: dim = 0: want ≥ 1"},
		{5, 2, 1, 1, "data: Blobs: classes = 1: want ≥ 2"},
		{5, 2, 2, -1, "data: Blobs: spread = -1: want"},
		{5, 2, 2, math.NaN(), "data: Blobs: spread = NaN: want"},
	} {
		_, err := Blobs(tc.n, tc.dim, tc.classes, tc.spread, 1)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Blobs(%d, %d, %d, %v): %v, want %q", tc.n, tc.dim, tc.classes, tc.spread, err, tc.want)
		}
	}
}

package figure

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// TestEllipse checks that every point of the 2σ contour solves
// xᵀΣ⁻¹x = 4, with Σ⁻¹ from mat's inverse, and that the contour closes.
func TestEllipse(t *testing.T) {
	sigma := mat.NewSymDense(2, []float64{0.025, -0.0345, -0.0345, 0.065})
	s, err := Ellipse("2σ", sigma, 2)
	if err != nil {
		t.Fatal(err)
	}
	var inv mat.Dense
	if err := inv.Inverse(sigma); err != nil {
		t.Fatal(err)
	}
	for i := range s.X {
		x := mat.NewVecDense(2, []float64{s.X[i], s.Y[i]})
		var ix mat.VecDense
		ix.MulVec(&inv, x)
		if q := mat.Dot(x, &ix); math.Abs(q-4) > 1e-12 {
			t.Fatalf("point %d: xᵀΣ⁻¹x = %v, want 4", i, q)
		}
	}
	if n := len(s.X) - 1; math.Abs(s.X[0]-s.X[n]) > 1e-15 || math.Abs(s.Y[0]-s.Y[n]) > 1e-15 {
		t.Error("the contour does not close")
	}
	for _, bad := range []struct {
		sigma mat.Symmetric
		k     float64
	}{{nil, 2}, {mat.NewSymDense(3, nil), 2}, {sigma, 0}, {mat.NewSymDense(2, []float64{1, 2, 2, 1}), 1}} {
		if _, err := Ellipse("bad", bad.sigma, bad.k); err == nil {
			t.Errorf("Ellipse(%v, %v): no error", bad.sigma, bad.k)
		}
	}
}

// TestAddCloud checks that the pairs become points of one scatter with a
// legend entry, and that odd or missing input is an error.
func TestAddCloud(t *testing.T) {
	p := plot.New()
	if err := AddCloud(p, 0, "particles", []float64{0, 1, 2, 3, 4, 5}); err != nil {
		t.Fatal(err)
	}
	var xmin, xmax, ymin, ymax float64
	for _, pl := range plotters(p) {
		if r, ok := pl.(plot.DataRanger); ok {
			xmin, xmax, ymin, ymax = r.DataRange()
		}
	}
	if xmin != 0 || xmax != 4 || ymin != 1 || ymax != 5 {
		t.Errorf("cloud spans x %v…%v, y %v…%v, want 0…4, 1…5", xmin, xmax, ymin, ymax)
	}
	if _, err := PNG(p); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]float64{nil, {1, 2, 3}} {
		if err := AddCloud(p, 0, "", bad); err == nil {
			t.Errorf("AddCloud(%v): no error", bad)
		}
	}
	if err := AddCloud(nil, 0, "", []float64{1, 2}); err == nil {
		t.Error("AddCloud to a nil plot: no error")
	}
}

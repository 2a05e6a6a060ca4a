package figure

import (
	"math"
	"reflect"
	"testing"
)

// TestSeriesHelpers checks the series that Curve, VLine, HLine and Floats
// build against the slices written out by hand.
func TestSeriesHelpers(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  Series
		want Series
	}{
		{"Curve of 1/S", Curve("1/S", []float64{1, 2, 4}, func(s float64) float64 { return 1 / s }),
			Series{Name: "1/S", X: []float64{1, 2, 4}, Y: []float64{1, 0.5, 0.25}}},
		{"Curve of nothing", Curve("empty", nil, math.Sqrt), Series{Name: "empty", Y: []float64{}}},
		{"VLine", VLine("S*", 20, 0.3, 3),
			Series{Name: "S*", X: []float64{20, 20}, Y: []float64{0.3, 3}, Dashed: true}},
		{"HLine", HLine("p_A = p_B", 1, 4, 256),
			Series{Name: "p_A = p_B", X: []float64{4, 256}, Y: []float64{1, 1}, Dashed: true}},
		{"Floats", Series{X: Floats([]int{1, -2, 500})}, Series{X: []float64{1, -2, 500}}},
		{"Floats of nothing", Series{X: Floats(nil)}, Series{X: []float64{}}},
	} {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.name, tc.got, tc.want)
		}
	}
}

// TestCurvePlots checks that the helpers' series draw on a log–log plot.
func TestCurvePlots(t *testing.T) {
	S := Floats([]int{1, 10, 100})
	p, err := Lines(Axes{Title: "noise", X: "S", Y: "tr C/S", LogX: true, LogY: true},
		Curve("tr C/S", S, func(s float64) float64 { return 3 / s }),
		HLine("floor", 0.03, 1, 100), VLine("S*", 10, 0.03, 3))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PNG(p); err != nil {
		t.Fatal(err)
	}
}

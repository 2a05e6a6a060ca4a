package figure

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// TestBadInput checks that bad matrices and ranges, and a plot that gonum
// cannot draw, are errors rather than panics.
func TestBadInput(t *testing.T) {
	var nilDense *mat.Dense
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"nil matrix", errOf(Heatmap("h", nil)), "figure: Heatmap: m is nil"},
		{"nil *Dense", errOf(Heatmap("h", nilDense)), "figure: Heatmap: m is nil"},
		{"empty matrix", errOf(Heatmap("h", &mat.Dense{})), "figure: Heatmap: m is 0×0: want at least 1×1"},
		{"infinite range", errOf(Histogram([]float64{1}, Hist{Title: "h", X: "x", Lo: math.Inf(-1), Hi: 1, Bins: 10})), "want finite Lo < Hi"},
		{"NaN range", errOf(Histogram([]float64{1}, Hist{Title: "h", X: "x", Lo: 0, Hi: math.NaN(), Bins: 10})), "want finite Lo < Hi"},
		{"series on a nil plot", AddSeries(nil, 0, Series{X: []float64{1}, Y: []float64{1}}), "figure: AddSeries: p is nil"},
		{"non-positive on a log axis", AddSeries(mustLines(t, true), 0, Series{Name: "s", X: []float64{1}, Y: []float64{0}}), "figure: AddSeries: series \"s\": point 0 = (1, 0): want positive values on a log axis"},
		{"row of a nil plot", errOf(Row(nil)), "figure: Row: ps[0] is nil"},
		{"empty row", errOf(Row()), "figure: Row: len(ps) = 0: want ≥ 1 plot"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, tc.err, tc.want)
		}
	}
	// A plot built by hand with a non-positive value on a log axis makes
	// gonum/plot panic while drawing.
	p := plot.New()
	p.Y.Scale = plot.LogScale{}
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -1}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	if _, err := PNG(p); err == nil || !strings.HasPrefix(err.Error(), "figure: PNG: panic: ") {
		t.Errorf("log axis with a negative value: %v, want a PNG panic error", err)
	}
	if _, err := Heatmap("h", mat.NewDense(2, 2, []float64{1, 2, 3, 4})); err != nil {
		t.Errorf("good matrix: %v", err)
	}
}

func errOf[T any](_ T, err error) error { return err }

func mustLines(t *testing.T, logY bool) *plot.Plot {
	p, err := Lines(Axes{Title: "", X: "", Y: "", LogY: logY})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

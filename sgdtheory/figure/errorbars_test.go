package figure

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
)

// TestAddErrorBars checks the segments drawn against the bars asked for,
// and that each is in the series' colour.
func TestAddErrorBars(t *testing.T) {
	p, err := Lines(Axes{Title: "loss ratio", X: "β", Y: "L/L₁", LogX: true, LogY: true},
		Series{Name: "N = 5120", X: []float64{1, 4, 16}, Y: []float64{1, 1.16, 1.42}, Points: true})
	if err != nil {
		t.Fatal(err)
	}
	before := len(plotters(p))
	x, lo, hi := []float64{1, 4, 16}, []float64{0.97, 1.1, 1.3}, []float64{1.03, 1.2, 1.6}
	if err := AddErrorBars(p, 1, x, lo, hi); err != nil {
		t.Fatal(err)
	}
	added := plotters(p)[before:]
	if len(added) != 3 {
		t.Fatalf("%d plotters added, want 3", len(added))
	}
	for i, a := range added {
		l, ok := a.(*plotter.Line)
		want := plotter.XYs{{X: x[i], Y: lo[i]}, {X: x[i], Y: hi[i]}}
		if !ok || len(l.XYs) != 2 || l.XYs[0] != want[0] || l.XYs[1] != want[1] || l.Color != plotutil.Color(1) {
			t.Errorf("bar %d: %#v, want a line %v in colour 1", i, a, want)
		}
	}
	if _, err := PNG(p); err != nil {
		t.Fatal(err)
	}
}

func TestAddErrorBarsErrors(t *testing.T) {
	logY, _ := Lines(Axes{LogY: true})
	for _, tc := range []struct {
		name      string
		log       bool
		x, lo, hi []float64
		want      string
	}{
		{"lengths", false, []float64{1, 2}, []float64{1}, []float64{2, 3}, "figure: AddErrorBars: len(x) = 2, len(lo) = 1, len(hi) = 2: want equal"},
		{"inverted", false, []float64{1}, []float64{2}, []float64{1}, "figure: AddErrorBars: bar 0 from 2 to 1: want lo ≤ hi"},
		{"NaN", false, []float64{1, 2}, []float64{1, math.NaN()}, []float64{2, 3}, "bar 1 from NaN to 3: want lo ≤ hi"},
		{"infinite", false, []float64{math.Inf(1)}, []float64{1}, []float64{2}, "figure: AddErrorBars: bar 0: point 0 = (+Inf, 1): want finite"},
		{"log axis", true, []float64{1}, []float64{-1}, []float64{2}, "figure: AddErrorBars: bar 0: point 0 = (1, -1): want positive values on a log axis"},
	} {
		p, _ := Lines(Axes{})
		if tc.log {
			p = logY
		}
		n := len(plotters(p))
		err := AddErrorBars(p, 0, tc.x, tc.lo, tc.hi)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want %q", tc.name, err, tc.want)
		}
		if len(plotters(p)) != n {
			t.Errorf("%s: a failed call added %d plotters", tc.name, len(plotters(p))-n)
		}
	}
	if err := AddErrorBars(nil, 0, nil, nil, nil); err == nil || !strings.Contains(err.Error(), "figure: AddErrorBars: p is nil") {
		t.Errorf("nil plot: %v", err)
	}
}

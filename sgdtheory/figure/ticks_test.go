package figure

import (
	"math"
	"strconv"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestTicks checks, on ranges of the notebooks' axes, that every axis gets
// at least minLabels labels and at most 10, inside the range, in
// increasing order, each label reading back as its tick's value (relative
// tolerance 1e-9) in its shortest form.
func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ticker plot.Ticker
		lo, hi float64
		want   []string // the labels, when the case pins them
	}{
		{"two labels with gonum's default (notebook 03, figure 3)", linearTicks{}, -0.12, 3.02, []string{"0", "1", "2", "3"}},
		{"small steps", linearTicks{}, -0.068, 0.068, []string{"-0.06", "-0.04", "-0.02", "0", "0.02", "0.04", "0.06"}},
		{"large values", linearTicks{}, 0, 80000, []string{"0", "20000", "40000", "60000", "80000"}},
		{"tiny values", linearTicks{}, 7.8e-5, 3.9e-4, nil},
		{"offset range", linearTicks{}, 0.8, 0.871, nil},
		{"integers (notebook 12, k = 1…10)", linearTicks{}, 0.64, 10.36, []string{"2", "4", "6", "8", "10"}},
		{"negative range", linearTicks{}, -1.5, -1.2, nil},
		{"log, 16 decades", logTicks{}, 1e-16, 0.5, nil},
		{"log, 4 decades", logTicks{}, 1e-5, 2, []string{"1e-05", "0.0001", "0.001", "0.01", "0.1", "1"}},
		{"log, 2 decades", logTicks{}, 4, 256, []string{"5", "10", "20", "50", "100", "200"}},
		{"log, one label with 1-2-5 (exercise 05)", logTicks{}, 0.0055, 0.087, []string{"0.01", "0.02", "0.03", "0.05"}},
		{"log, a decade", logTicks{}, 0.025, 0.25, []string{"0.03", "0.05", "0.1", "0.2"}},
		{"log, within a decade", logTicks{}, 0.55, 2.5, []string{"1.0", "1.5", "2.0", "2.5"}},
	} {
		var labels []string
		prev := math.Inf(-1)
		tol := 1e-9 * math.Max(math.Abs(tc.lo), math.Abs(tc.hi))
		for _, tk := range tc.ticker.Ticks(tc.lo, tc.hi) {
			if tk.Value < tc.lo-tol || tk.Value > tc.hi+tol {
				t.Errorf("%s: tick %v outside [%v, %v]", tc.name, tk.Value, tc.lo, tc.hi)
			}
			if tk.Label == "" {
				continue
			}
			if tk.Value <= prev {
				t.Errorf("%s: labels not increasing at %v", tc.name, tk.Value)
			}
			prev = tk.Value
			v, err := strconv.ParseFloat(tk.Label, 64)
			if err != nil || math.Abs(v-tk.Value) > 1e-9*math.Abs(tk.Value) {
				t.Errorf("%s: label %q of tick %v reads %v (%v)", tc.name, tk.Label, tk.Value, v, err)
			}
			labels = append(labels, tk.Label)
		}
		if len(labels) < minLabels || len(labels) > 12 {
			t.Errorf("%s: %d labels %v, want %d to 12", tc.name, len(labels), labels, minLabels)
		}
		if tc.want != nil && !equal(labels, tc.want) {
			t.Errorf("%s: labels %v, want %v", tc.name, labels, tc.want)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestMargins checks that an axis end the data reach gets rangeSlack of
// the range (in the axis's scale), that ends the caller moved stay, and
// that the caller's plot keeps its own ranges and ticks.
func TestMargins(t *testing.T) {
	c := draw.New(vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI)))
	p, err := Lines(Axes{Title: "", X: "", Y: "", LogY: true}, Series{Name: "points", X: []float64{0, 10}, Y: []float64{1, 100}, Points: true})
	if err != nil {
		t.Fatal(err)
	}
	p.X.Max = 20 // set by the caller, beyond the data
	l := arrange(p, c)
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"x min, reached", l.plot.X.Min, -0.04 * 20},
		{"x max, set by the caller", l.plot.X.Max, 20},
		{"log y min, reached", l.plot.Y.Min, 1 / math.Pow(100, 0.04)},
		{"log y max, reached", l.plot.Y.Max, 100 * math.Pow(100, 0.04)},
		{"caller's x min", p.X.Min, 0},
		{"caller's y max", p.Y.Max, 100},
	} {
		if math.Abs(tc.got-tc.want) > 1e-12*math.Max(1, math.Abs(tc.want)) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	// A histogram stands on its axis: no margin below the bars.
	h, err := Histogram([]float64{0.1, 0.2, 0.2, 0.7}, Hist{Title: "", X: "x", Lo: 0, Hi: 1, Bins: 4})
	if err != nil {
		t.Fatal(err)
	}
	if got := arrange(h, c).plot.Y.Min; got != 0 {
		t.Errorf("histogram y min = %v, want 0", got)
	}
	// Heat maps fill their range by design.
	f, err := Field(Axes{Title: "", X: "", Y: ""}, VectorField{Xs: []float64{0, 1}, Ys: []float64{0, 1}, Z: []float64{1, 2, 3, 4}, U: []float64{1, 1, 1, 1}, V: []float64{0, 0, 0, 0}, Every: 1})
	if err != nil {
		t.Fatal(err)
	}
	if l := arrange(f, c); l.plot.X.Min != -0.5 || l.bar == nil || l.barArea.Min.X < l.area.Max.X {
		t.Errorf("field: x min %v (want -0.5), colour bar %v at %v right of the plot %v", l.plot.X.Min, l.bar, l.barArea.Rectangle, l.area.Rectangle)
	}
}

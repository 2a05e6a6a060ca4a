package figure

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// span returns n points evenly spaced from a to b.
func span(n int, a, b float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return x
}

func mapped(x []float64, f func(float64) float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = f(v)
	}
	return y
}

// legendCases are figures of the kinds the notebooks draw, each with a
// legend that gonum's default placement put on data.
var legendCases = []struct {
	name    string
	plot    func(t *testing.T) *plot.Plot
	outside bool // no place inside the axes is free
}{
	{"histogram with Gaussian and ensemble points (notebook 03, figure 2)", func(t *testing.T) *plot.Plot {
		// Normal quantiles stand in for samples: the histogram is the density's.
		sd := 0.017
		n := distuv.Normal{Sigma: sd}
		samples := mapped(span(20001, 0.00002, 0.99998), n.Quantile)
		p := must(t)(Histogram(samples, Hist{Title: "Stationary spread: minibatch SGD (bars) vs Langevin ensemble (points)", X: "θ₁ − θ*₁", Lo: -4 * sd, Hi: 4 * sd, Bins: 40, Density: n.Prob, DensityName: "Gaussian with the predicted variance"}))
		centres := span(40, -4*sd+sd/10, 4*sd-sd/10)
		pts := make(plotter.XYs, len(centres))
		for i, x := range centres {
			pts[i] = plotter.XY{X: x, Y: n.Prob(x) * (1 + 0.03*math.Sin(float64(7*i)))}
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			t.Fatal(err)
		}
		sc.Color, sc.Shape, sc.Radius = plotutil.Color(2), draw.CircleGlyph{}, vg.Points(3)
		p.Add(sc)
		p.Legend.Add("Langevin ensemble, 100000 particles", sc)
		return p
	}, true}, // the legend is half as wide as the axes: above them
	{"curve filling the top-right corner", func(t *testing.T) *plot.Plot {
		x := span(200, 0, 3)
		return must(t)(Lines(Axes{Title: "growth", X: "t", Y: "size"},
			Series{Name: "exp(t)", X: x, Y: mapped(x, math.Exp)},
			Series{Name: "1 + t²", X: x, Y: mapped(x, func(t float64) float64 { return 1 + t*t }), Dashed: true}))
	}, false},
	{"two noisy trajectories decaying to a band (notebook 03, figure 1)", func(t *testing.T) *plot.Plot {
		x := span(601, 0, 600)
		noisy := func(phase float64) []float64 {
			return mapped(x, func(t float64) float64 { return 0.3*math.Exp(-t/20) + 0.03*math.Sin(t/9+phase) })
		}
		return must(t)(Lines(Axes{Title: "SGD and its Langevin model, first coordinate", X: "step t", Y: "θ₁ − θ*₁"},
			Series{Name: "minibatch SGD (S = 50 of N = 200)", X: x, Y: noisy(0)},
			Series{Name: "Langevin, Gaussian noise, Dt = 1", X: x, Y: noisy(2), Dashed: true}))
	}, false},
	{"markers rising to plateaus, the highest at the top (notebook 03, figure 3)", func(t *testing.T) *plot.Plot {
		τ := span(60, 0, 7)
		series := []Series{{Name: "continuum 1 − exp(−2hτ)", X: τ, Y: mapped(τ, func(t float64) float64 { return 1 - math.Exp(-2*t) })}}
		for i, top := range []float64{1, 1.1, 1.45, 2.9} {
			x := span(6+20/(i+1), 0.3*float64(i+1), 7)
			series = append(series, Series{Name: fmt.Sprintf("η = %g", 0.01*math.Pow(4, float64(i))), X: x,
				Y: mapped(x, func(t float64) float64 { return top * (1 - math.Exp(-2*t)) }), Points: true})
		}
		return must(t)(Lines(Axes{Title: "Same η/S = 0.01: variance vs SDE time τ = ηt", X: "τ = η·t", Y: "Var / (ησ²/2Sh)"}, series...))
	}, false},
	{"log–log decay with a cliff (notebook 02, figure 1)", func(t *testing.T) *plot.Plot {
		S := span(499, 1, 499)
		return must(t)(Lines(Axes{Title: "Minibatch gradient noise, N = 500", X: "batch size S", Y: "tr Cov[g_S]", LogX: true, LogY: true},
			Series{Name: "CLT: tr C / S", X: S, Y: mapped(S, func(s float64) float64 { return 16 / s }), Dashed: true},
			Series{Name: "finite population: (tr C / S)(N − S)/(N − 1)", X: S, Y: mapped(S, func(s float64) float64 { return 16 / s * (500 - s) / 499 })}))
	}, false},
	{"data in every corner", func(t *testing.T) *plot.Plot {
		var xs, ys []float64
		for _, x := range span(25, 0, 1) {
			for _, y := range span(25, 0, 1) {
				xs, ys = append(xs, x), append(ys, y)
			}
		}
		return must(t)(Lines(Axes{Title: "a lattice", X: "x", Y: "y"}, Series{Name: "lattice points", X: xs, Y: ys, Points: true}))
	}, true},
}

func must(t *testing.T) func(*plot.Plot, error) *plot.Plot {
	return func(p *plot.Plot, err error) *plot.Plot {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// TestLegendClearOfData lays out each figure at the standard size and
// checks, from the layout's geometry, that no data point lies within
// clearance of the legend's box, that the box lies inside the axes (or,
// when no place there is free, beside them), and that the caller's plot
// is left as it was.
func TestLegendClearOfData(t *testing.T) {
	const clearance = 2 // points: the legend may not come closer to data
	for _, tc := range legendCases {
		p := tc.plot(t)
		before := [4]float64{p.X.Min, p.X.Max, p.Y.Min, p.Y.Max}
		c := draw.New(vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI)))
		l := arrange(p, c)
		box := l.legend
		if box.Size().X <= 0 || box.Size().Y <= 0 {
			t.Errorf("%s: no legend box", tc.name)
			continue
		}
		if after := [4]float64{p.X.Min, p.X.Max, p.Y.Min, p.Y.Max}; after != before {
			t.Errorf("%s: arrange changed the caller's ranges %v to %v", tc.name, before, after)
		}
		if l.outside != tc.outside {
			t.Errorf("%s: legend outside the axes = %v, want %v", tc.name, l.outside, tc.outside)
		}
		dc := l.plot.DataCanvas(l.area)
		inside := box.Min.X >= dc.Min.X && box.Max.X <= dc.Max.X && box.Min.Y >= dc.Min.Y && box.Max.Y <= dc.Max.Y
		if !tc.outside && !inside {
			t.Errorf("%s: legend %v is not inside the axes %v", tc.name, box, dc.Rectangle)
		}
		if box.Min.X < c.Min.X || box.Max.X > c.Max.X || box.Min.Y < c.Min.Y || box.Max.Y > c.Max.Y {
			t.Errorf("%s: legend %v leaves the image %v", tc.name, box, c.Rectangle)
		}
		for _, pt := range dataPoints(l.plot, plotters(p), dc) {
			if d := distance(pt.at, box); d < clearance+float64(pt.radius) {
				t.Errorf("%s: data point at %v (radius %v) is %.2f pt from the legend %v, want ≥ %v",
					tc.name, pt.at, pt.radius, d, box, clearance)
				break
			}
		}
	}
}

// dataPoint is a point of ink: a marker's centre and radius, or a point
// along a line or on a bar's outline (radius 0).
type dataPoint struct {
	at     vg.Point
	radius vg.Length
}

// dataPoints samples, independently of footprintOf, what the data draw on
// dc: line and function vertices and points every half point between them,
// marker centres, and the outlines of histogram bars.
func dataPoints(q *plot.Plot, ps []plot.Plotter, dc draw.Canvas) []dataPoint {
	tx, ty := q.Transforms(&dc)
	var pts []dataPoint
	line := func(xy plotter.XYs) {
		for i := range xy {
			a := vg.Point{X: tx(xy[i].X), Y: ty(xy[i].Y)}
			pts = append(pts, dataPoint{at: a})
			if i+1 < len(xy) {
				b := vg.Point{X: tx(xy[i+1].X), Y: ty(xy[i+1].Y)}
				n := int(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y)) / 0.5)
				for k := 1; k < n; k++ {
					f := vg.Length(k) / vg.Length(n)
					pts = append(pts, dataPoint{at: vg.Point{X: a.X + f*(b.X-a.X), Y: a.Y + f*(b.Y-a.Y)}})
				}
			}
		}
	}
	for _, pl := range ps {
		switch v := pl.(type) {
		case *plotter.Line:
			line(v.XYs)
		case *plotter.Function:
			line(samples(q, v))
		case *plotter.Scatter:
			for _, xy := range v.XYs {
				pts = append(pts, dataPoint{at: vg.Point{X: tx(xy.X), Y: ty(xy.Y)}, radius: v.Radius})
			}
		case *plotter.Histogram:
			for _, b := range v.Bins {
				line(plotter.XYs{{X: b.Min, Y: 0}, {X: b.Min, Y: b.Weight}, {X: b.Max, Y: b.Weight}, {X: b.Max, Y: 0}})
			}
		}
	}
	// Only what lies in the data area is drawn.
	var in []dataPoint
	for _, pt := range pts {
		if pt.at.X >= dc.Min.X && pt.at.X <= dc.Max.X && pt.at.Y >= dc.Min.Y && pt.at.Y <= dc.Max.Y {
			in = append(in, pt)
		}
	}
	return in
}

// distance returns the distance from pt to the rectangle r, 0 inside it.
func distance(pt vg.Point, r vg.Rectangle) float64 {
	dx := math.Max(0, math.Max(float64(r.Min.X-pt.X), float64(pt.X-r.Max.X)))
	dy := math.Max(0, math.Max(float64(r.Min.Y-pt.Y), float64(pt.Y-r.Max.Y)))
	return math.Hypot(dx, dy)
}

// TestPlottersFound guards plotters, which reads an unexported field of
// gonum's Plot: if a new gonum/plot renames it, legends go back to gonum's
// place and this test says why.
func TestPlottersFound(t *testing.T) {
	p := plot.New()
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l, plotter.NewGrid())
	if got := plotters(p); len(got) != 2 || got[0] != plot.Plotter(l) {
		t.Fatalf("plotters(p) = %v, want the line and the grid: has gonum's Plot.plotters changed?", got)
	}
}

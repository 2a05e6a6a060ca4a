package figure

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
)

// Series is one curve of a line plot: a theory curve (a line) or a
// measurement (points), named in the legend.
type Series struct {
	Name   string
	X, Y   []float64
	Points bool // markers instead of a line: for measurements
	Dashed bool
}

// Axes names a plot and its axes and chooses their scales.
type Axes struct {
	Title, X, Y string // the title and the axis labels
	LogX, LogY  bool   // logarithmic axes
}

// Lines returns a plot of the series, theory beside simulation, each in its
// own color, with a legend. When drawn by PNG or SVG, the legend goes where
// no data lie (see Render).
func Lines(a Axes, series ...Series) (*plot.Plot, error) {
	p := newPlot(a.Title, a.X, a.Y)
	if a.LogX {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, logTicks{}
	}
	if a.LogY {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{}
	}
	for i, s := range series {
		if err := addSeries("Lines", p, i, s); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// AddSeries adds s to p in colour number color of the palette (the colour
// Lines gives its series number color), with a legend entry if s.Name is
// set: so that a theory curve added to a plot can share the colour of the
// measurements it describes. The points must be finite, and positive on
// p's log axes.
func AddSeries(p *plot.Plot, color int, s Series) error {
	return addSeries("AddSeries", p, color, s)
}

// addSeries is AddSeries with the errors naming fn, the exported caller.
func addSeries(fn string, p *plot.Plot, color int, s Series) error {
	if p == nil {
		return fmt.Errorf("figure: %s: p is nil", fn)
	}
	_, logX := p.X.Scale.(plot.LogScale)
	_, logY := p.Y.Scale.(plot.LogScale)
	xy, err := points(s.X, s.Y, logX, logY)
	if err != nil {
		return fmt.Errorf("figure: %s: series %q: %v", fn, s.Name, err)
	}
	var pl interface {
		plot.Plotter
		plot.Thumbnailer
	}
	if s.Points {
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return err
		}
		sc.Color, sc.Shape, sc.Radius = plotutil.Color(color), draw.CircleGlyph{}, vg.Points(3)
		pl = sc
	} else {
		l, err := plotter.NewLine(xy)
		if err != nil {
			return err
		}
		l.Color, l.Width = plotutil.Color(color), vg.Points(2)
		if s.Dashed {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		}
		pl = l
	}
	p.Add(pl)
	if s.Name != "" {
		p.Legend.Add(s.Name, pl)
	}
	return nil
}

// Hist is what Histogram draws besides the samples.
type Hist struct {
	Title, X string  // the title and the x-axis label; the y axis is the density
	Lo, Hi   float64 // the range of the bins
	Bins     int

	// Density, if set, is the predicted density, drawn over the bars and
	// named DensityName in the legend.
	Density     func(x float64) float64
	DensityName string
}

// Histogram returns a plot of the samples' histogram normalised to a
// density on [h.Lo, h.Hi] in h.Bins bins, and the curve of the predicted
// density over it: the picture of a stationary distribution. Samples
// outside [Lo, Hi] count in the normalisation but are not drawn.
func Histogram(samples []float64, h Hist) (*plot.Plot, error) {
	lo, hi, bins := h.Lo, h.Hi, h.Bins
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || bins < 1 {
		return nil, fmt.Errorf("figure: Histogram: [Lo, Hi] = [%v, %v], Bins = %d: want finite Lo < Hi and Bins ≥ 1", lo, hi, bins)
	}
	if len(samples) == 0 {
		return nil, errors.New("figure: Histogram: len(samples) = 0: want ≥ 1")
	}
	width := (hi - lo) / float64(bins)
	counts := make(plotter.XYs, bins)
	for i := range counts {
		counts[i].X = lo + (float64(i)+0.5)*width
	}
	for _, x := range samples {
		if i := int((x - lo) / width); x >= lo && i >= 0 && i < bins {
			counts[i].Y++
		}
	}
	for i := range counts {
		counts[i].Y /= float64(len(samples)) * width
	}
	p := newPlot(h.Title, h.X, "density")
	bars, err := plotter.NewHistogram(counts, bins)
	if err != nil {
		return nil, err
	}
	bars.FillColor = plotutil.Color(1)
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.Legend.Add(fmt.Sprintf("histogram of %d samples", len(samples)), bars)
	if h.Density != nil {
		f := plotter.NewFunction(h.Density)
		f.XMin, f.XMax, f.Samples = lo, hi, 500
		f.Color, f.Width = plotutil.Color(0), vg.Points(2)
		p.Add(f)
		p.Legend.Add(h.DensityName, f)
	}
	return p, nil
}

// QQ returns a quantile–quantile plot of empirical against theoretical
// (standard normal) quantiles, with the line y = μ + s·x that a Gaussian
// sample of the same mean μ and standard deviation s would follow.
func QQ(title string, theoretical, empirical []float64) (*plot.Plot, error) {
	xy, err := points(theoretical, empirical, false, false)
	if err != nil {
		return nil, fmt.Errorf("figure: QQ: %v", err)
	}
	mean, sd := stat.MeanStdDev(empirical, nil)
	p := newPlot(title, "standard normal quantile", "sample quantile")
	sc, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, err
	}
	sc.Color, sc.Shape, sc.Radius = plotutil.Color(1), draw.CircleGlyph{}, vg.Points(1.5)
	lo, hi := floats.Min(theoretical), floats.Max(theoretical)
	fit, err := plotter.NewLine(plotter.XYs{{X: lo, Y: mean + sd*lo}, {X: hi, Y: mean + sd*hi}})
	if err != nil {
		return nil, err
	}
	fit.Color, fit.Width = plotutil.Color(0), vg.Points(1.5)
	p.Add(sc, fit)
	p.Legend.Add("sample", sc)
	p.Legend.Add("Gaussian, same mean and s.d.", fit)
	return p, nil
}

// Heatmap returns a plot of the matrix m as colored cells, laid out as the
// matrix is written: row 0 at the top, column 0 at the left, ticks labelled
// with the row and column indices, and a colour bar on the right. A matrix
// with entries of both signs gets a diverging palette centred on zero.
func Heatmap(title string, m mat.Matrix) (*plot.Plot, error) {
	if valid.IsNil(m) {
		return nil, errors.New("figure: Heatmap: m is nil")
	}
	r, c := m.Dims()
	if r == 0 || c == 0 {
		return nil, fmt.Errorf("figure: Heatmap: m is %d×%d: want at least 1×1", r, c)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			lo, hi = math.Min(lo, m.At(i, j)), math.Max(hi, m.At(i, j))
		}
	}
	if math.IsNaN(lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, errors.New("figure: Heatmap: m has NaN or Inf entries: want finite entries")
	}
	if lo < 0 && hi > 0 { // a diverging palette: zero in its neutral middle
		hi = math.Max(-lo, hi)
		lo = -hi
	}
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	pal := moreland.SmoothBlueRed()
	pal.SetMin(lo)
	pal.SetMax(hi)
	colors := pal.Palette(64)
	p := newPlot(title, "column", "row")
	p.Add(plotter.NewHeatMap(grid{m, r, c}, colors), &colorBar{colors: colors.Colors(), lo: lo, hi: hi})
	p.X.Tick.Marker = indexTicks(c, func(i int) int { return i })
	p.Y.Tick.Marker = indexTicks(r, func(i int) int { return r - 1 - i })
	return p, nil
}

// grid adapts a matrix to plotter.GridXYZ: grid row k (drawn at y = k,
// from the bottom) holds matrix row r−1−k.
type grid struct {
	m    mat.Matrix
	r, c int
}

func (g grid) Dims() (c, r int)   { return g.c, g.r }
func (g grid) Z(c, r int) float64 { return g.m.At(g.r-1-r, c) }
func (g grid) X(c int) float64    { return float64(c) }
func (g grid) Y(r int) float64    { return float64(r) }

// indexTicks labels position k with index(k), at most about 12 labels.
func indexTicks(n int, index func(int) int) plot.ConstantTicks {
	step := (n + 11) / 12
	var ticks []plot.Tick
	for k := 0; k < n; k++ {
		label := ""
		if index(k)%step == 0 {
			label = fmt.Sprint(index(k))
		}
		ticks = append(ticks, plot.Tick{Value: float64(k), Label: label})
	}
	return plot.ConstantTicks(ticks)
}

func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xLabel, yLabel
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker, p.Y.Tick.Marker = linearTicks{}, linearTicks{}
	return p
}

// points pairs x and y, checking lengths, finiteness and, on log axes,
// positivity. Its errors name x and y as X and Y; the caller prefixes them.
func points(x, y []float64, logX, logY bool) (plotter.XYs, error) {
	if len(x) != len(y) {
		return nil, fmt.Errorf("len(X) = %d, len(Y) = %d: want equal lengths", len(x), len(y))
	}
	if len(x) == 0 {
		return nil, errors.New("len(X) = 0: want ≥ 1 point")
	}
	xy := make(plotter.XYs, len(x))
	for i := range x {
		if math.IsNaN(x[i]+y[i]) || math.IsInf(x[i], 0) || math.IsInf(y[i], 0) {
			return nil, fmt.Errorf("point %d = (%v, %v): want finite", i, x[i], y[i])
		}
		if logX && x[i] <= 0 || logY && y[i] <= 0 {
			return nil, fmt.Errorf("point %d = (%v, %v): want positive values on a log axis", i, x[i], y[i])
		}
		xy[i].X, xy[i].Y = x[i], y[i]
	}
	return xy, nil
}

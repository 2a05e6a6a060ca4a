package figure

import (
	"image/color"
	"math"
	"reflect"
	"unsafe"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Spacing of a figure's parts.
const (
	edge       = vg.Length(6) // air between the figure and the image's top and right edges, in points
	gap        = vg.Length(5) // clearance between the legend and data, frame or title
	legendPad  = vg.Length(3) // inner padding of the legend's box
	rangeSlack = 0.04         // fraction of an axis added at an end the data reach
)

// layout says where drawPlot puts each part of a figure.
type layout struct {
	plot    *plot.Plot   // a copy of the caller's plot, adjusted, without its legend
	area    draw.Canvas  // where the plot (title, axes and data) is drawn
	legend  vg.Rectangle // the legend's box; zero when the plot has no legend
	outside bool         // the legend was put beside the axes: no place inside was free
	bar     *colorBar    // the plot's colour bar, or nil
	barArea draw.Canvas  // the strip where the colour bar is drawn
	xLabel  axisLabel    // the labels of log axes, which drawPlot draws
	yLabel  axisLabel
}

// axisLabel is the label of a log axis, drawn by drawPlot at the middle
// of the axis: gonum reserves room for it at the arithmetic mean of the
// range, which on a log axis lies near the end, and so shrank the plot.
type axisLabel struct {
	text string
	sty  text.Style
	at   vg.Length // the left edge of a y label, the bottom edge of an x label
}

// drawPlot draws p on c as every figure of this package looks; see arrange.
func drawPlot(p *plot.Plot, c draw.Canvas) {
	l := arrange(p, c)
	l.plot.Draw(l.area)
	dc := l.plot.DataCanvas(l.area)
	if t := l.xLabel; t.text != "" {
		c.FillText(t.sty, vg.Point{X: dc.Center().X, Y: t.at + t.sty.FontExtents().Descent}, t.text)
	}
	if t := l.yLabel; t.text != "" {
		sty := t.sty
		sty.Rotation += math.Pi / 2
		c.FillText(sty, vg.Point{X: t.at + t.sty.Height(t.text) - t.sty.FontExtents().Descent, Y: dc.Center().Y}, t.text)
	}
	if l.bar != nil {
		l.bar.draw(l.barArea)
	}
	if l.legend.Size().X > 0 {
		drawLegend(p.Legend, c, l.legend)
	}
}

// arrange lays p out on c without touching p: it works on a copy whose
//   - axis ends that the data reach exactly are moved out by rangeSlack
//     of the range, so that markers and line ends do not sit on the frame
//     (ends the caller set elsewhere stay, and so do heat maps);
//   - axes with gonum's default ticks get linearTicks or logTicks, at least
//     minLabels labels each;
//   - title keeps a gap above the data;
//   - legend goes in the first free place inside the axes (see
//     placeLegend), or beside them when none is free;
//   - colour bar, if it has one, gets a strip on the right.
func arrange(p *plot.Plot, c draw.Canvas) layout {
	q := *p
	ps := plotters(p)
	l := layout{plot: &q, area: draw.Crop(c, 0, -edge, 0, -edge)}
	if q.Title.Text != "" && q.Title.Padding == 0 {
		q.Title.Padding = gap
	}
	sanitize(&q.X)
	sanitize(&q.Y)
	padRanges(&q, ps)
	defaultTicks(&q.X)
	defaultTicks(&q.Y)
	l.xLabel = l.detachLabel(&q.X, false)
	l.yLabel = l.detachLabel(&q.Y, true)
	for _, pl := range ps {
		if b, ok := pl.(*colorBar); ok {
			l.bar = b
			l.area = draw.Crop(l.area, 0, -b.width(), 0, 0)
		}
	}
	q.Legend = plot.NewLegend() // drawn by drawPlot instead, where arrange puts it
	l.placeLegend(p.Legend, ps)
	if l.bar != nil {
		dc := q.DataCanvas(l.area)
		l.barArea = draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: l.area.Max.X + gap, Y: dc.Min.Y},
			Max: vg.Point{X: c.Max.X - edge, Y: dc.Max.Y},
		}}
	}
	return l
}

// defaultTicks gives an axis left with gonum's default ticks linearTicks
// or, on a log scale, logTicks.
func defaultTicks(a *plot.Axis) {
	if _, ok := a.Tick.Marker.(plot.DefaultTicks); !ok {
		return
	}
	a.Tick.Marker = linearTicks{}
	if _, log := a.Scale.(plot.LogScale); log {
		a.Tick.Marker = logTicks{}
	}
}

// detachLabel takes the label off a log axis, leaving room for it at the
// left (vertical) or bottom of the area, for drawPlot to draw (see
// axisLabel).
func (l *layout) detachLabel(a *plot.Axis, vertical bool) axisLabel {
	if _, log := a.Scale.(plot.LogScale); !log || a.Label.Text == "" {
		return axisLabel{}
	}
	t := axisLabel{text: a.Label.Text, sty: a.Label.TextStyle, at: l.area.Min.Y}
	room := t.sty.Height(t.text) + a.Label.Padding
	if vertical {
		t.at = l.area.Min.X
		l.area = draw.Crop(l.area, room+t.sty.FontExtents().Descent, 0, 0, 0)
	} else {
		l.area = draw.Crop(l.area, 0, 0, room, 0)
	}
	a.Label.Text = ""
	return t
}

// placeLegend puts the legend leg in the first place inside the data area,
// in the order top right, top left, bottom right, bottom left, top centre,
// bottom centre, middle right, middle left, whose box (widened by gap) no
// line, marker or bar of the data crosses. When every place is taken, the
// legend goes beside the axes on the right, or, if it would take more than
// a third of the width there, between the title and the axes.
func (l *layout) placeLegend(leg plot.Legend, ps []plot.Plotter) {
	size := leg.Rectangle(l.area).Size()
	if size.X <= 0 {
		return
	}
	w := size.X + 2*legendPad
	h := size.Y + leg.TextStyle.FontExtents().Descent + 2*legendPad
	dc := l.plot.DataCanvas(l.area)
	in := vg.Rectangle{Min: dc.Min.Add(vg.Point{X: gap, Y: gap}), Max: dc.Max.Sub(vg.Point{X: gap, Y: gap})}
	if w <= in.Size().X && h <= in.Size().Y {
		fp := footprintOf(l.plot, ps, dc)
		x0, x1, xm := in.Min.X, in.Max.X-w, (in.Min.X+in.Max.X-w)/2
		y0, y1, ym := in.Min.Y, in.Max.Y-h, (in.Min.Y+in.Max.Y-h)/2
		for _, at := range []vg.Point{{X: x1, Y: y1}, {X: x0, Y: y1}, {X: x1, Y: y0}, {X: x0, Y: y0},
			{X: xm, Y: y1}, {X: xm, Y: y0}, {X: x1, Y: ym}, {X: x0, Y: ym}} {
			box := vg.Rectangle{Min: at, Max: at.Add(vg.Point{X: w, Y: h})}
			if !fp.hits(grow(box, gap)) {
				l.legend = box
				return
			}
		}
	}
	l.outside = true
	if w <= l.area.Size().X/3 {
		l.area = draw.Crop(l.area, 0, -(w + gap), 0, 0)
		top := l.plot.DataCanvas(l.area).Max.Y
		l.legend = vg.Rectangle{Min: vg.Point{X: l.area.Max.X + gap, Y: top - h}, Max: vg.Point{X: l.area.Max.X + gap + w, Y: top}}
		return
	}
	top := dc.Max.Y
	if l.plot.Title.Text != "" {
		l.plot.Title.Padding += h + gap
	} else {
		l.area = draw.Crop(l.area, 0, 0, 0, -(h + gap))
	}
	dc = l.plot.DataCanvas(l.area)
	l.legend = vg.Rectangle{Min: vg.Point{X: dc.Min.X, Y: top - h}, Max: vg.Point{X: dc.Min.X + w, Y: top}}
}

// drawLegend draws leg in box on a white ground with a light frame, icons
// on the left.
func drawLegend(leg plot.Legend, c draw.Canvas, box vg.Rectangle) {
	c.SetColor(color.White)
	c.Fill(box.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 190}, Width: vg.Points(0.5)})
	c.Stroke(box.Path())
	leg.Top, leg.Left, leg.XOffs, leg.YOffs = true, true, 0, 0
	leg.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: grow(box, -legendPad)})
}

// grow returns r widened by d on every side (narrowed for negative d).
func grow(r vg.Rectangle, d vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: r.Min.Sub(vg.Point{X: d, Y: d}), Max: r.Max.Add(vg.Point{X: d, Y: d})}
}

// plotters returns the plotters added to p. gonum/plot keeps them in an
// unexported field and has no accessor; the legend and the axis margins
// need the data, so this reads the field. If a new gonum/plot renames it,
// plotters returns nil (legends then go top right whatever the data) and
// TestPlottersFound fails.
func plotters(p *plot.Plot) []plot.Plotter {
	f := reflect.ValueOf(p).Elem().FieldByName("plotters")
	if !f.IsValid() || f.Type() != reflect.TypeFor[[]plot.Plotter]() {
		return nil
	}
	return *(*[]plot.Plotter)(unsafe.Pointer(f.UnsafeAddr()))
}

// sanitize makes an axis range finite and non-empty, as plot.Draw would.
func sanitize(a *plot.Axis) {
	if math.IsInf(a.Min, 0) {
		a.Min = 0
	}
	if math.IsInf(a.Max, 0) {
		a.Max = 0
	}
	if a.Min > a.Max {
		a.Min, a.Max = a.Max, a.Min
	}
	if a.Min == a.Max {
		a.Min, a.Max = a.Min-1, a.Max+1
	}
}

// padRanges moves out each axis end that the data reach exactly (not
// beyond: the caller cut them off there) by rangeSlack of the range, in
// the axis's scale. Plots with a heat map or a field are left as they are:
// their shading fills the range by design.
func padRanges(q *plot.Plot, ps []plot.Plotter) {
	for _, pl := range ps {
		switch pl.(type) {
		case *plotter.HeatMap, *plotter.Field, clippedHeat, *clippedHeat:
			return
		}
	}
	xlo, xhi, ylo, yhi := extent(q, ps)
	pad := func(a *plot.Axis, lo, hi float64) {
		lo0, hi0, span := a.Min, a.Max, a.Max-a.Min
		if _, log := a.Scale.(plot.LogScale); log {
			if !(lo0 > 0) {
				return
			}
			f := math.Pow(hi0/lo0, rangeSlack)
			if math.Abs(lo/lo0-1) <= 1e-9 {
				a.Min = lo0 / f
			}
			if math.Abs(hi/hi0-1) <= 1e-9 {
				a.Max = hi0 * f
			}
			return
		}
		if math.Abs(lo-lo0) <= 1e-9*span {
			a.Min = lo0 - rangeSlack*span
		}
		if math.Abs(hi-hi0) <= 1e-9*span {
			a.Max = hi0 + rangeSlack*span
		}
	}
	pad(&q.X, xlo, xhi)
	pad(&q.Y, ylo, yhi)
}

// extent returns the range of the data of the lines, markers, functions
// and histograms among ps (NaN where none), not counting the base of
// histogram bars: a histogram stands on its axis.
func extent(q *plot.Plot, ps []plot.Plotter) (xlo, xhi, ylo, yhi float64) {
	xlo, xhi, ylo, yhi = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	addX := func(x float64) {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			xlo, xhi = math.Min(xlo, x), math.Max(xhi, x)
		}
	}
	addY := func(y float64) {
		if !math.IsNaN(y) && !math.IsInf(y, 0) {
			ylo, yhi = math.Min(ylo, y), math.Max(yhi, y)
		}
	}
	xys := func(d plotter.XYer) {
		for i := range d.Len() {
			x, y := d.XY(i)
			addX(x)
			addY(y)
		}
	}
	for _, pl := range ps {
		switch v := pl.(type) {
		case *plotter.Line:
			xys(v.XYs)
		case *plotter.Scatter:
			xys(v.XYs)
		case *plotter.Function:
			for _, pt := range samples(q, v) {
				if v.XMin != v.XMax { // a function without its own range fills the axis, whatever it is
					addX(pt.X)
				}
				addY(pt.Y)
			}
		case *plotter.Histogram:
			for _, b := range v.Bins {
				addX(b.Min)
				addX(b.Max)
				if b.Weight > yhi {
					yhi = b.Weight
				}
			}
		}
	}
	return xlo, xhi, ylo, yhi
}

// samples returns the points at which f is drawn on q.
func samples(q *plot.Plot, f *plotter.Function) plotter.XYs {
	lo, hi := f.XMin, f.XMax
	if lo == hi {
		lo, hi = q.X.Min, q.X.Max
	}
	n := max(f.Samples, 2)
	pts := make(plotter.XYs, n)
	for i := range pts {
		x := lo + (hi-lo)*float64(i)/float64(n-1)
		pts[i] = plotter.XY{X: x, Y: f.F(x)}
	}
	return pts
}

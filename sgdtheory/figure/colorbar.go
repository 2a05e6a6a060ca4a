package figure

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// colorBar is the scale of a plot's shading: the palette's colours from
// lo (bottom) to hi (top), with labelled ticks. Added to a plot like a
// plotter, it draws nothing in the data area; drawPlot gives it a strip
// right of the axes, aligned with them.
type colorBar struct {
	colors []color.Color
	lo, hi float64
}

// Plot draws nothing: the bar lives outside the data area (see drawPlot).
func (*colorBar) Plot(draw.Canvas, *plot.Plot) {}

const (
	barWidth = vg.Length(12) // points
	barTick  = vg.Length(4)  // length of a labelled tick
)

// style is the text style of the bar's labels, that of gonum's tick labels.
func (*colorBar) style() text.Style {
	return text.Style{Color: color.Black, Font: font.From(plot.DefaultFont, 10), Handler: plot.DefaultTextHandler,
		XAlign: draw.XLeft, YAlign: draw.YCenter}
}

// width returns the width of the strip the bar needs, labels included.
func (b *colorBar) width() vg.Length {
	var w vg.Length
	for _, t := range (linearTicks{}).Ticks(b.lo, b.hi) {
		w = max(w, b.style().Width(t.Label))
	}
	return gap + barWidth + barTick + 2 + w
}

// draw draws the bar at the left of c, over its full height, and its
// labels right of it.
func (b *colorBar) draw(c draw.Canvas) {
	h := c.Max.Y - c.Min.Y
	x0, x1 := c.Min.X, c.Min.X+barWidth
	for i, col := range b.colors {
		y0 := c.Min.Y + h*vg.Length(i)/vg.Length(len(b.colors))
		y1 := c.Min.Y + h*vg.Length(i+1)/vg.Length(len(b.colors))
		c.SetColor(col)
		c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1 + 0.3}}.Path()) // overlap: no seams
	}
	line := draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}
	c.StrokeLines(line, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}, {X: x0, Y: c.Min.Y}})
	for _, t := range (linearTicks{}).Ticks(b.lo, b.hi) {
		y := c.Min.Y + h*vg.Length((t.Value-b.lo)/(b.hi-b.lo))
		if t.Label != "" { // labelled ticks only: minor ones would crowd the narrow bar
			c.StrokeLine2(line, x1, y, x1+barTick, y)
			c.FillText(b.style(), vg.Point{X: x1 + barTick + 2, Y: y}, t.Label)
		}
	}
}

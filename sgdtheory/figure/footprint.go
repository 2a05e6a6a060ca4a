package figure

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// footprint is where a plot's data are drawn, in canvas coordinates: the
// segments of its lines and functions, and the boxes of its markers and
// histogram bars. A legend is placed where no part of it lies.
type footprint struct {
	segs  [][2]vg.Point
	boxes []vg.Rectangle
}

// footprintOf returns the footprint on the data canvas dc of the lines,
// functions, histograms and glyphs (markers of scatters and the like) among
// ps, drawn on q. Points that the axes cannot show (non-positive values on
// a log axis, NaN) break a line, as gonum leaves them out.
func footprintOf(q *plot.Plot, ps []plot.Plotter, dc draw.Canvas) footprint {
	var fp footprint
	_, logX := q.X.Scale.(plot.LogScale)
	_, logY := q.Y.Scale.(plot.LogScale)
	shown := func(x, y float64) bool {
		return !math.IsNaN(x) && !math.IsNaN(y) && !math.IsInf(x, 0) && !math.IsInf(y, 0) &&
			(!logX || x > 0) && (!logY || y > 0)
	}
	at := func(x, y float64) vg.Point { return vg.Point{X: dc.X(q.X.Norm(x)), Y: dc.Y(q.Y.Norm(y))} }
	polyline := func(d plotter.XYer) {
		var prev *vg.Point
		for i := range d.Len() {
			x, y := d.XY(i)
			if !shown(x, y) {
				prev = nil
				continue
			}
			pt := at(x, y)
			if prev != nil {
				fp.segs = append(fp.segs, [2]vg.Point{*prev, pt})
			} else { // a lone point still marks its place
				fp.segs = append(fp.segs, [2]vg.Point{pt, pt})
			}
			prev = &pt
		}
	}
	for _, pl := range ps {
		switch v := pl.(type) {
		case *plotter.Line:
			polyline(v.XYs)
		case *plotter.Function:
			polyline(samples(q, v))
		case *plotter.Histogram:
			for _, b := range v.Bins {
				base := 0.0
				if logY {
					base = q.Y.Min
				}
				if shown(b.Min, b.Weight) && shown(b.Max, base) && b.Weight != base {
					lo, hi := at(b.Min, base), at(b.Max, b.Weight)
					fp.boxes = append(fp.boxes, vg.Rectangle{
						Min: vg.Point{X: lo.X, Y: min(lo.Y, hi.Y)}, Max: vg.Point{X: hi.X, Y: max(lo.Y, hi.Y)}})
				}
			}
		case plot.GlyphBoxer:
			for _, g := range v.GlyphBoxes(q) {
				if math.IsNaN(g.X) || math.IsNaN(g.Y) || math.IsInf(g.X, 0) || math.IsInf(g.Y, 0) {
					continue
				}
				fp.boxes = append(fp.boxes, g.Rectangle.Add(vg.Point{X: dc.X(g.X), Y: dc.Y(g.Y)}))
			}
		}
	}
	return fp
}

// hits reports whether any segment or box of fp meets r.
func (fp footprint) hits(r vg.Rectangle) bool {
	for _, b := range fp.boxes {
		if b.Min.X <= r.Max.X && r.Min.X <= b.Max.X && b.Min.Y <= r.Max.Y && r.Min.Y <= b.Max.Y {
			return true
		}
	}
	for _, s := range fp.segs {
		if segmentMeets(s[0], s[1], r) {
			return true
		}
	}
	return false
}

// segmentMeets reports whether the segment from a to b meets r, by clipping
// it to r (Liang–Barsky).
func segmentMeets(a, b vg.Point, r vg.Rectangle) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	for _, e := range [4][2]float64{
		{-dx, float64(a.X - r.Min.X)}, {dx, float64(r.Max.X - a.X)},
		{-dy, float64(a.Y - r.Min.Y)}, {dy, float64(r.Max.Y - a.Y)},
	} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false // parallel to this edge and outside it
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

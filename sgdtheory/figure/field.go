package figure

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// VectorField is a planar vector field (U, V), such as a probability
// current, and optionally a scalar Z, such as the density it carries, all
// sampled on the grid Xs × Ys and stored row by row with x fastest, the
// layout of package fokkerplanck: value k belongs to (Xs[k mod nx],
// Ys[k / nx]).
type VectorField struct {
	Xs, Ys []float64
	U, V   []float64
	Z      []float64 // the shading; nil for arrows alone

	// Every sets the arrow lattice: one arrow per block of Every × Every
	// grid points.
	Every int
}

// Field returns a plot of the vector field f drawn as arrows over a shaded
// map of its scalar, with a colour bar beside the plot giving the
// shading's scale. Each arrow is the mean vector of its block (so no
// detail is skipped, only averaged), with length proportional to its
// magnitude, the longest spanning one block. To zoom in, set the returned
// plot's axis ranges; the shading keeps to them. The axes are linear.
func Field(a Axes, f VectorField) (*plot.Plot, error) {
	xs, ys, z, u, v, every := f.Xs, f.Ys, f.Z, f.U, f.V, f.Every
	nx, ny := len(xs), len(ys)
	switch {
	case a.LogX || a.LogY:
		return nil, errors.New("figure: Field: LogX or LogY set: want linear axes")
	case nx < 2 || ny < 2:
		return nil, fmt.Errorf("figure: Field: len(Xs) = %d, len(Ys) = %d: want a grid of at least 2×2", nx, ny)
	case len(u) != nx*ny || len(v) != nx*ny:
		return nil, fmt.Errorf("figure: Field: len(U) = %d, len(V) = %d: want len(Xs)·len(Ys) = %d", len(u), len(v), nx*ny)
	case z != nil && len(z) != nx*ny:
		return nil, fmt.Errorf("figure: Field: len(Z) = %d: want len(Xs)·len(Ys) = %d", len(z), nx*ny)
	case every < 1:
		return nil, fmt.Errorf("figure: Field: Every = %d: want ≥ 1", every)
	}
	for _, s := range []struct {
		name string
		v    []float64
	}{{"Xs", xs}, {"Ys", ys}, {"Z", z}, {"U", u}, {"V", v}} {
		for i, w := range s.v {
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return nil, fmt.Errorf("figure: Field: %s[%d] = %v: want finite", s.name, i, w)
			}
		}
	}
	p := newPlot(a.Title, a.X, a.Y)
	if z != nil {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, w := range z {
			lo, hi = math.Min(lo, w), math.Max(hi, w)
		}
		if lo == hi {
			hi = lo + 1
		}
		p.Add(clippedHeat{g: scalarGrid{xs, ys, z}, lo: lo, hi: hi}, &colorBar{colors: shades{}.Colors(), lo: lo, hi: hi})
	}
	arr := arrows{xs: xs, ys: ys, every: every}
	arr.average(u, v)
	if arr.max == 0 {
		return nil, errors.New("figure: Field: U and V are zero everywhere: want a field to draw")
	}
	fp := plotter.NewField(arr)
	fp.LineStyle.Width = vg.Points(1)
	fp.LineStyle.Color = color.Black
	fp.DrawGlyph = arrowGlyph
	p.Add(fp)
	p.X.Min, p.X.Max = xs[0]-(xs[1]-xs[0])/2, xs[nx-1]+(xs[nx-1]-xs[nx-2])/2
	p.Y.Min, p.Y.Max = ys[0]-(ys[1]-ys[0])/2, ys[ny-1]+(ys[ny-1]-ys[ny-2])/2
	return p, nil
}

// scalarGrid adapts z on xs × ys to plotter.GridXYZ.
type scalarGrid struct{ xs, ys, z []float64 }

func (g scalarGrid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g scalarGrid) Z(c, r int) float64 { return g.z[r*len(g.xs)+c] }
func (g scalarGrid) X(c int) float64    { return g.xs[c] }
func (g scalarGrid) Y(r int) float64    { return g.ys[r] }

// clippedHeat draws the scalar map as one raster image (no seams between
// cells), restricted to the cells that lie wholly inside the axis ranges
// when it is drawn, so that a caller may zoom in by setting them: a
// raster heat map would otherwise be drawn over the axes.
type clippedHeat struct {
	g      scalarGrid
	lo, hi float64
}

func (h clippedHeat) Plot(c draw.Canvas, plt *plot.Plot) {
	inside := func(x []float64, lo, hi float64) (int, int) {
		first, last := len(x), -1
		for i, v := range x {
			half := cellHalf(x, i)
			if v-half >= lo-1e-9*half && v+half <= hi+1e-9*half {
				first, last = min(first, i), max(last, i)
			}
		}
		return first, last
	}
	i0, i1 := inside(h.g.xs, plt.X.Min, plt.X.Max)
	j0, j1 := inside(h.g.ys, plt.Y.Min, plt.Y.Max)
	if i1 < i0 || j1 < j0 {
		return
	}
	nx := len(h.g.xs)
	var z []float64
	for j := j0; j <= j1; j++ {
		z = append(z, h.g.z[j*nx+i0:j*nx+i1+1]...)
	}
	hm := plotter.NewHeatMap(scalarGrid{h.g.xs[i0 : i1+1], h.g.ys[j0 : j1+1], z}, shades{})
	hm.Min, hm.Max, hm.Rasterized = h.lo, h.hi, true
	hm.Plot(c, plt)
}

func (h clippedHeat) DataRange() (xmin, xmax, ymin, ymax float64) {
	xs, ys := h.g.xs, h.g.ys
	return xs[0] - cellHalf(xs, 0), xs[len(xs)-1] + cellHalf(xs, len(xs)-1),
		ys[0] - cellHalf(ys, 0), ys[len(ys)-1] + cellHalf(ys, len(ys)-1)
}

// cellHalf is half the spacing of the grid points x around x[i].
func cellHalf(x []float64, i int) float64 {
	if i+1 < len(x) {
		return (x[i+1] - x[i]) / 2
	}
	return (x[i] - x[i-1]) / 2
}

// shades is a white-to-blue palette for a scalar map, light enough for
// black arrows on top.
type shades struct{}

func (shades) Colors() []color.Color {
	const n = 64
	c := make([]color.Color, n)
	for i := range c {
		t := float64(i) / (n - 1)
		// white → rgb(49, 130, 189)
		c[i] = color.RGBA{R: uint8(255 - t*(255-49)), G: uint8(255 - t*(255-130)), B: uint8(255 - t*(255-189)), A: 255}
	}
	return c
}

// arrows holds the block means of a vector field.
type arrows struct {
	xs, ys   []float64
	every    int
	cx, cy   []float64 // block centres
	bu, bv   []float64 // block means, row by row
	max      float64
	ncx, ncy int
}

func (a *arrows) average(u, v []float64) {
	nx, ny := len(a.xs), len(a.ys)
	a.ncx, a.ncy = (nx+a.every-1)/a.every, (ny+a.every-1)/a.every
	a.cx, a.cy = blockMeans(a.xs, a.every), blockMeans(a.ys, a.every)
	a.bu, a.bv = make([]float64, a.ncx*a.ncy), make([]float64, a.ncx*a.ncy)
	count := make([]float64, a.ncx*a.ncy)
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			b := (j/a.every)*a.ncx + i/a.every
			a.bu[b] += u[j*nx+i]
			a.bv[b] += v[j*nx+i]
			count[b]++
		}
	}
	for b := range count {
		a.bu[b] /= count[b]
		a.bv[b] /= count[b]
		a.max = math.Max(a.max, math.Hypot(a.bu[b], a.bv[b]))
	}
}

func blockMeans(x []float64, every int) []float64 {
	var m []float64
	for i := 0; i < len(x); i += every {
		end := min(i+every, len(x))
		var s float64
		for _, w := range x[i:end] {
			s += w
		}
		m = append(m, s/float64(end-i))
	}
	return m
}

func (a arrows) Dims() (c, r int) { return a.ncx, a.ncy }
func (a arrows) X(c int) float64  { return a.cx[c] }
func (a arrows) Y(r int) float64  { return a.cy[r] }
func (a arrows) Vector(c, r int) plotter.XY {
	return plotter.XY{X: a.bu[r*a.ncx+c], Y: a.bv[r*a.ncx+c]}
}

// arrowGlyph draws an arrow from (−1, 0) to (1, 0), centred on its lattice
// point; plotter.Field rotates it and scales it to |v|/max of half a block
// each way. Arrows below 3% of the largest are left out.
func arrowGlyph(c vg.Canvas, _ draw.LineStyle, v plotter.XY) {
	if math.Hypot(v.X, v.Y) < 0.03 {
		return
	}
	var shaft vg.Path
	shaft.Move(vg.Point{X: -1})
	shaft.Line(vg.Point{X: 0.5})
	c.Stroke(shaft)
	var head vg.Path
	head.Move(vg.Point{X: 1})
	head.Line(vg.Point{X: 0.4, Y: 0.3})
	head.Line(vg.Point{X: 0.4, Y: -0.3})
	head.Close()
	c.Fill(head)
}

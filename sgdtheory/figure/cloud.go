package figure

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// AddCloud adds the points of xy, stored as pairs x₀, y₀, x₁, y₁, … (the
// layout of a two-dimensional ensemble's positions), to p as small dots in
// palette colour color, named name in the legend: thousands of particles
// whose density, not each point, is the picture.
func AddCloud(p *plot.Plot, color int, name string, xy []float64) error {
	if p == nil {
		return fmt.Errorf("figure: AddCloud: p is nil")
	}
	if len(xy) == 0 || len(xy)%2 != 0 {
		return fmt.Errorf("figure: AddCloud: len(xy) = %d: want an even number ≥ 2 (x, y pairs)", len(xy))
	}
	pts := make(plotter.XYs, len(xy)/2)
	for i := range pts {
		pts[i].X, pts[i].Y = xy[2*i], xy[2*i+1]
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return fmt.Errorf("figure: AddCloud: %v", err)
	}
	sc.Color, sc.Shape, sc.Radius = plotutil.Color(color), draw.CircleGlyph{}, vg.Points(1.2)
	p.Add(sc)
	if name != "" {
		p.Legend.Add(name, sc)
	}
	return nil
}

// Ellipse returns the contour at k standard deviations of a centred
// two-dimensional Gaussian of covariance sigma, {x : xᵀΣ⁻¹x = k²}, as a
// closed line of 101 points named name: x = k·Lu over the unit circle u,
// with LLᵀ = Σ the Cholesky factor. Σ must be 2×2 and positive definite.
func Ellipse(name string, sigma mat.Symmetric, k float64) (Series, error) {
	if sigma == nil || sigma.SymmetricDim() != 2 {
		return Series{}, fmt.Errorf("figure: Ellipse: sigma is nil or not 2×2: want a 2×2 covariance")
	}
	if !(k > 0) || math.IsInf(k, 1) {
		return Series{}, fmt.Errorf("figure: Ellipse: k = %v: want a finite number of standard deviations > 0", k)
	}
	var ch mat.Cholesky
	if !ch.Factorize(sigma) {
		return Series{}, fmt.Errorf("figure: Ellipse: sigma is not positive definite: want a covariance with positive eigenvalues")
	}
	var L mat.TriDense
	ch.LTo(&L)
	s := Series{Name: name, X: make([]float64, 101), Y: make([]float64, 101)}
	for i := range s.X {
		t := 2 * math.Pi * float64(i) / 100
		s.X[i] = k * (L.At(0, 0) * math.Cos(t))
		s.Y[i] = k * (L.At(1, 0)*math.Cos(t) + L.At(1, 1)*math.Sin(t))
	}
	return s, nil
}

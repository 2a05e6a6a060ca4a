package figure

// Curve returns the series of the theory curve f sampled at xs, named name:
// the loop that fills a Y slice, written once, so that a cell states only
// the formula.
func Curve(name string, xs []float64, f func(x float64) float64) Series {
	ys := make([]float64, len(xs))
	for i, x := range xs {
		ys[i] = f(x)
	}
	return Series{Name: name, X: xs, Y: ys}
}

// VLine returns a dashed vertical segment at x from y0 to y1, such as a
// predicted crossover, named name.
func VLine(name string, x, y0, y1 float64) Series {
	return Series{Name: name, X: []float64{x, x}, Y: []float64{y0, y1}, Dashed: true}
}

// HLine returns a dashed horizontal segment at y from x0 to x1, such as
// p_A = p_B or a continuum limit of 1, named name.
func HLine(name string, y, x0, x1 float64) Series {
	return Series{Name: name, X: []float64{x0, x1}, Y: []float64{y, y}, Dashed: true}
}

// Floats returns the integers v as float64s, for the batch sizes, epochs
// and step counts that an axis needs as float64.
func Floats(v []int) []float64 {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return f
}

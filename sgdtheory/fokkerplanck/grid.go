package fokkerplanck

import (
	"fmt"
	"math"
)

// Grid divides [Lo, Hi] into Cells equal cells.
type Grid struct {
	Lo, Hi float64
	Cells  int
}

// validate returns an error, naming the exported caller fn and the grid as
// that caller names it, unless g has ≥ 3 cells on a finite range.
func (g Grid) validate(fn, name string) error {
	switch {
	case g.Cells < 3:
		return fmt.Errorf("fokkerplanck: %s: %s.Cells = %d: want ≥ 3", fn, name, g.Cells)
	case !finite(g.Lo) || !finite(g.Hi) || !(g.Lo < g.Hi):
		return fmt.Errorf("fokkerplanck: %s: [%s.Lo, %s.Hi] = [%v, %v]: want finite Lo < Hi", fn, name, name, g.Lo, g.Hi)
	}
	return nil
}

// Width is the cell width (Hi − Lo)/Cells.
func (g Grid) Width() float64 { return (g.Hi - g.Lo) / float64(g.Cells) }

// Centers returns the cell centres.
func (g Grid) Centers() []float64 {
	c := make([]float64, g.Cells)
	for i := range c {
		c[i] = g.center(i)
	}
	return c
}

// Faces returns the Cells+1 cell faces, from Lo to Hi.
func (g Grid) Faces() []float64 {
	f := make([]float64, g.Cells+1)
	for i := range f {
		f[i] = g.Lo + float64(i)*g.Width()
	}
	return f
}

func (g Grid) center(i int) float64 { return g.Lo + (float64(i)+0.5)*g.Width() }
func (g Grid) face(i int) float64   { return g.Lo + float64(i)*g.Width() }

// bern is the Bernoulli function z/(eᶻ − 1) of the Scharfetter–Gummel flux.
func bern(z float64) float64 {
	if math.Abs(z) < 1e-10 {
		return 1 - z/2
	}
	return z / math.Expm1(z)
}

func finite(v float64) bool { return math.Abs(v) <= math.MaxFloat64 }

// checkDensity returns the total of p (unit cell volume) or an error if p
// is not a non-negative finite density of length n; the error names fn, the
// exported caller, and p as that caller names it.
func checkDensity(fn, name string, p []float64, n int) (float64, error) {
	if len(p) != n {
		return 0, fmt.Errorf("fokkerplanck: %s: len(%s) = %d: want %d cells", fn, name, len(p), n)
	}
	var s float64
	for i, v := range p {
		if !finite(v) || v < 0 {
			return 0, fmt.Errorf("fokkerplanck: %s: %s[%d] = %v: want finite and ≥ 0", fn, name, i, v)
		}
		s += v
	}
	if s == 0 {
		return 0, fmt.Errorf("fokkerplanck: %s: %s is zero everywhere: want positive mass", fn, name)
	}
	return s, nil
}

func checkTime(fn string, dt float64, steps int) error {
	switch {
	case !(dt > 0) || !finite(dt):
		return fmt.Errorf("fokkerplanck: %s: dt = %v: want a finite time step > 0 (in SGD steps)", fn, dt)
	case steps < 0:
		return fmt.Errorf("fokkerplanck: %s: steps = %d: want ≥ 0", fn, steps)
	}
	return nil
}

// checkModel checks the learning rate and batch size, named etaName and
// sName by fn, the exported caller.
func checkModel(fn, etaName, sName string, eta float64, S int) error {
	switch {
	case !(eta > 0) || !finite(eta):
		return fmt.Errorf("fokkerplanck: %s: %s = %v: want a finite learning rate > 0", fn, etaName, eta)
	case S < 1:
		return fmt.Errorf("fokkerplanck: %s: %s = %d: want a batch size ≥ 1", fn, sName, S)
	}
	return nil
}

// tridiag is a factored tridiagonal matrix (Thomas algorithm without
// pivoting, stable here because the matrices are column diagonally
// dominant).
type tridiag struct {
	l, m, c []float64 // sub-diagonal, pivots, scaled super-diagonal
}

// factor factors the matrix with sub-diagonal l (l[0] unused), diagonal d
// and super-diagonal u (u[n−1] unused); its error names fn, the exported
// caller.
func factor(fn string, l, d, u []float64) (*tridiag, error) {
	n := len(d)
	t := &tridiag{l: l, m: make([]float64, n), c: make([]float64, n)}
	for i := 0; i < n; i++ {
		m := d[i]
		if i > 0 {
			m -= l[i] * t.c[i-1]
		}
		if m == 0 || !finite(m) {
			return nil, fmt.Errorf("fokkerplanck: %s: singular discrete operator at cell %d (grid too coarse or drift too strong)", fn, i)
		}
		t.m[i] = m
		if i < n-1 {
			t.c[i] = u[i] / m
		}
	}
	return t, nil
}

// solve overwrites r with the solution x of T x = r.
func (t *tridiag) solve(r []float64) {
	n := len(r)
	r[0] /= t.m[0]
	for i := 1; i < n; i++ {
		r[i] = (r[i] - t.l[i]*r[i-1]) / t.m[i]
	}
	for i := n - 2; i >= 0; i-- {
		r[i] -= t.c[i] * r[i+1]
	}
}

package fokkerplanck

import (
	"fmt"
	"math"

	par "github.com/sgdminima/sgdminima/sgdtheory/internal/parallel"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// Line is the 1-D Fokker–Planck operator ∂θ[η g P] + D ∂²θ P with constant
// D = η²σ²/(2S), discretised on a Grid.
type Line struct {
	grid Grid
	d    float64
	// The flux through interior face f (between cells f and f+1) is
	// J_f = a[f]·P_f − b[f]·P_{f+1}.
	a, b []float64
}

// NewLine discretises the Fokker–Planck equation of SGD on the 1-D surface
// s with learning rate eta, batch size S and gradient-noise variance sigma2.
// The drift is evaluated at cell faces, so the stationary state is an
// independent check of the Boltzmann density rather than equal to it by
// construction. A surface with a Validate method (every landscape surface)
// must pass it; a panic of the surface is returned as an error.
func NewLine(s landscape.Surface, eta float64, S int, sigma2 float64, g Grid) (_ *Line, err error) {
	defer par.Recover(&err, "fokkerplanck: NewLine: ")
	if err := checkSurface("NewLine", "s", s); err != nil {
		return nil, err
	}
	switch {
	case s.Dim() != 1:
		return nil, fmt.Errorf("fokkerplanck: NewLine: s.Dim() = %d: want 1 for a Line", s.Dim())
	case !(sigma2 > 0) || !finite(sigma2):
		return nil, fmt.Errorf("fokkerplanck: NewLine: sigma2 = %v: want a finite noise variance > 0", sigma2)
	}
	if err := checkModel("NewLine", "eta", "S", eta, S); err != nil {
		return nil, err
	}
	if err := g.validate("NewLine", "g"); err != nil {
		return nil, err
	}
	n, h := g.Cells, g.Width()
	l := &Line{grid: g, d: eta * eta * sigma2 / (2 * float64(S)), a: make([]float64, n-1), b: make([]float64, n-1)}
	x, grad := make([]float64, 1), make([]float64, 1)
	for f := range l.a {
		x[0] = g.face(f + 1)
		s.Grad(grad, x)
		pe := -eta * grad[0] * h / l.d // cell Péclet number of the drift −ηg
		if !finite(pe) {
			return nil, fmt.Errorf("fokkerplanck: NewLine: gradient at θ = %v is %v: want finite", x[0], grad[0])
		}
		l.a[f] = l.d / h * bern(-pe)
		l.b[f] = l.d / h * bern(pe)
	}
	return l, nil
}

// Grid returns the grid of l.
func (l *Line) Grid() Grid { return l.grid }

// Diffusion returns D = η²σ²/(2S).
func (l *Line) Diffusion() float64 { return l.d }

// operator returns the tridiagonal matrix A of dP/dt = A P.
func (l *Line) operator() (sub, diag, sup []float64) {
	n, h := l.grid.Cells, l.grid.Width()
	sub, diag, sup = make([]float64, n), make([]float64, n), make([]float64, n)
	for f := range l.a {
		// J_f leaves cell f and enters cell f+1.
		diag[f] -= l.a[f] / h
		sup[f] += l.b[f] / h
		sub[f+1] += l.a[f] / h
		diag[f+1] -= l.b[f] / h
	}
	return sub, diag, sup
}

// Stationary returns the normalised stationary density, the null vector of
// the assembled discrete operator A, computed by the Grassmann–Taksar–Heyman
// (GTH) variant of Gaussian elimination: cells are eliminated from the right
// wall, and each pivot is taken as the sum of the off-diagonal rates it
// stands for instead of being formed by subtraction. Ordinary elimination
// loses the far well behind a barrier, amplifying rounding by the density
// ratio across it; GTH keeps relative accuracy everywhere. For a
// tridiagonal operator the elimination reduces to pᵢ = pᵢ₋₁·A[i,i−1]/A[i−1,i],
// carried out in logarithms to avoid overflow.
//
// It returns an error if a single cell holds more than 20% of the mass: the
// grid does not resolve the density.
func (l *Line) Stationary() ([]float64, error) {
	sub, _, sup := l.operator()
	n := l.grid.Cells
	logp := make([]float64, n)
	top := 0.0
	for i := 1; i < n; i++ {
		if !(sub[i] > 0 && sup[i-1] > 0) {
			return nil, fmt.Errorf("fokkerplanck: Line.Stationary: grid too coarse: the rate between cells %d and %d underflows (cell Péclet number too large); use more Cells", i-1, i)
		}
		logp[i] = logp[i-1] + math.Log(sub[i]) - math.Log(sup[i-1])
		top = math.Max(top, logp[i])
	}
	p := make([]float64, n)
	var mass, peak float64
	for i, v := range logp {
		p[i] = math.Exp(v - top)
		mass += p[i]
		peak = math.Max(peak, p[i])
	}
	if peak > 0.2*mass {
		return nil, fmt.Errorf("fokkerplanck: Line.Stationary: grid too coarse: one cell holds %.0f%% of the stationary mass; use more Cells or a narrower range", 100*peak/mass)
	}
	h := l.grid.Width()
	for i := range p {
		p[i] /= mass * h
	}
	return p, nil
}

// Evolve returns the density after steps backward-Euler steps of length dt
// (in SGD steps) from p0, solving (I − dt·A) pⁿ⁺¹ = pⁿ. The step is stable
// and positivity preserving for any dt, first-order accurate in time, and
// conserves the mass Σ pᵢ·h of p0.
func (l *Line) Evolve(p0 []float64, dt float64, steps int) ([]float64, error) {
	return l.evolve("Line.Evolve", p0, dt, steps)
}

// evolve is Evolve with the errors naming fn, the exported caller.
func (l *Line) evolve(fn string, p0 []float64, dt float64, steps int) ([]float64, error) {
	if _, err := checkDensity(fn, "p0", p0, l.grid.Cells); err != nil {
		return nil, err
	}
	if err := checkTime(fn, dt, steps); err != nil {
		return nil, err
	}
	sub, diag, sup := l.operator()
	for i := range diag {
		sub[i], diag[i], sup[i] = -dt*sub[i], 1-dt*diag[i], -dt*sup[i]
	}
	t, err := factor(fn, sub, diag, sup)
	if err != nil {
		return nil, err
	}
	p := append([]float64(nil), p0...)
	r := make([]float64, len(p))
	h := l.grid.Width()
	for range steps {
		copy(r, p)
		t.solve(p)
		// One step of iterative refinement with the residual in flux
		// form, r − (p + dt·divJ(p)), which removes the slow mass drift
		// that rounding in the factored matrix would otherwise cause.
		for f := range l.a {
			j := dt / h * (l.a[f]*p[f] - l.b[f]*p[f+1])
			r[f] -= j
			r[f+1] += j
		}
		for i, v := range p {
			r[i] -= v
		}
		t.solve(r)
		for i, v := range r {
			p[i] += v
		}
	}
	return p, nil
}

// Current returns the probability current J at the Cells+1 faces
// (Grid.Faces); J is zero at the walls.
func (l *Line) Current(p []float64) ([]float64, error) {
	if _, err := checkDensity("Line.Current", "p", p, l.grid.Cells); err != nil {
		return nil, err
	}
	j := make([]float64, l.grid.Cells+1)
	for f := range l.a {
		j[f+1] = l.a[f]*p[f] - l.b[f]*p[f+1]
	}
	return j, nil
}

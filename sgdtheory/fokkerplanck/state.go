package fokkerplanck

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// MassBelow returns ∫_{Lo}^{x} P dθ for the density p on g, cutting the
// cell that holds x at x: the probability left of a saddle, say.
func (g Grid) MassBelow(p []float64, x float64) (float64, error) {
	if err := g.validate("Grid.MassBelow", "g"); err != nil {
		return 0, err
	}
	if len(p) != g.Cells {
		return 0, fmt.Errorf("fokkerplanck: Grid.MassBelow: len(p) = %d: want %d", len(p), g.Cells)
	}
	if !(x >= g.Lo && x <= g.Hi) {
		return 0, fmt.Errorf("fokkerplanck: Grid.MassBelow: x = %v: want a value in [%v, %v]", x, g.Lo, g.Hi)
	}
	h := g.Width()
	k := min(int((x-g.Lo)/h), g.Cells-1)
	var m float64
	for _, v := range p[:k] {
		m += v
	}
	return m*h + (x-g.face(k))*p[k], nil
}

// Snapshots evolves p0 by backward-Euler steps of length dt (see Evolve)
// and returns the density after each total number of steps in ts, which
// must not decrease: the pictures of a relaxation, without evolving from
// the start for each.
func (l *Line) Snapshots(p0 []float64, dt float64, ts []int) ([][]float64, error) {
	out := make([][]float64, 0, len(ts))
	p, prev := p0, 0
	for k, t := range ts {
		if t < prev {
			return nil, fmt.Errorf("fokkerplanck: Line.Snapshots: ts[%d] = %d: want ≥ %d", k, t, prev)
		}
		var err error
		if p, err = l.evolve("Line.Snapshots", p, dt, t-prev); err != nil {
			return nil, err
		}
		out, prev = append(out, p), t
	}
	return out, nil
}

// State is a density on the cells of a Plane with its probability current
// at the cell centres, cell k = j·X.Cells + i at (X centre i, Y centre j):
// what StationaryState returns, and what the summaries below measure.
type State struct {
	X, Y   Grid
	P      []float64
	Jx, Jy []float64
}

// StationaryState returns the stationary density of pl (Stationary) with
// its current (Current).
func (pl *Plane) StationaryState() (*State, error) {
	p, err := pl.Stationary()
	if err != nil {
		return nil, err
	}
	jx, jy, err := pl.Current(p)
	if err != nil {
		return nil, err
	}
	return &State{X: pl.x, Y: pl.y, P: p, Jx: jx, Jy: jy}, nil
}

// each calls f for every cell with its index and centre; the centre's
// slice is reused.
func (s *State) each(f func(k int, x []float64)) {
	xs, ys := s.X.Centers(), s.Y.Centers()
	x := make([]float64, 2)
	for j, v := range ys {
		for i, u := range xs {
			x[0], x[1] = u, v
			f(j*len(xs)+i, x)
		}
	}
}

// check returns an error naming method if the state's grids or slices do
// not fit together, or f, the function it was given (named name), is nil.
func (s *State) check(method, name string, f any) error {
	if s == nil {
		return fmt.Errorf("fokkerplanck: %s: state is nil", method)
	}
	if err := s.X.validate(method, "X"); err != nil {
		return err
	}
	if err := s.Y.validate(method, "Y"); err != nil {
		return err
	}
	n := s.X.Cells * s.Y.Cells
	for _, v := range []struct {
		name string
		len  int
	}{{"P", len(s.P)}, {"Jx", len(s.Jx)}, {"Jy", len(s.Jy)}} {
		if v.len != n {
			return fmt.Errorf("fokkerplanck: %s: len(%s) = %d: want %d", method, v.name, v.len, n)
		}
	}
	if valid.IsNil(f) {
		return fmt.Errorf("fokkerplanck: %s: %s is nil", method, name)
	}
	return nil
}

// Ratio returns p_A/p_B, the mass of the cells whose centre inA puts in
// basin A over the mass of the others.
func (s *State) Ratio(inA func(x []float64) bool) (float64, error) {
	if err := s.check("State.Ratio", "inA", inA); err != nil {
		return 0, err
	}
	var a, b float64
	s.each(func(k int, x []float64) {
		if inA(x) {
			a += s.P[k]
		} else {
			b += s.P[k]
		}
	})
	return a / b, nil
}

// weights returns the cell masses of the density q, normalised on the grid.
func (s *State) weights(method string, q func(x []float64) float64) ([]float64, error) {
	if err := s.check(method, "q", q); err != nil {
		return nil, err
	}
	w := make([]float64, len(s.P))
	var z float64
	bad := -1
	s.each(func(k int, x []float64) {
		if w[k] = q(x); !(w[k] >= 0) || !finite(w[k]) {
			bad = k
		}
		z += w[k]
	})
	if bad >= 0 {
		return nil, fmt.Errorf("fokkerplanck: %s: q = %v at cell %d: want finite and ≥ 0", method, w[bad], bad)
	}
	if !(z > 0) || !finite(z) {
		return nil, fmt.Errorf("fokkerplanck: %s: Σq = %v: want finite and > 0", method, z)
	}
	for k := range w {
		w[k] /= z
	}
	return w, nil
}

// TV returns the total variation ½Σ|p_k·ΔA − Q_k| between the state and the
// density q (such as exp(−2L/T), which need not be normalised), with Q_k
// the cell masses of q normalised on the grid.
func (s *State) TV(q func(x []float64) float64) (float64, error) {
	w, err := s.weights("State.TV", q)
	if err != nil {
		return 0, err
	}
	dA := s.X.Width() * s.Y.Width()
	var tv float64
	for k, wk := range w {
		tv += math.Abs(s.P[k]*dA-wk) / 2
	}
	return tv, nil
}

// KL returns the Kullback–Leibler divergence Σ P_k·ln(P_k/Q_k) of the cell
// masses Q_k of q (normalised on the grid) from those of the state: how
// many nats a Boltzmann guess q loses.
func (s *State) KL(q func(x []float64) float64) (float64, error) {
	w, err := s.weights("State.KL", q)
	if err != nil {
		return 0, err
	}
	dA := s.X.Width() * s.Y.Width()
	var kl float64
	for k, wk := range w {
		if m := s.P[k] * dA; m > 0 {
			kl += m * math.Log(m/wk)
		}
	}
	return kl, nil
}

// Circulation returns ∫|J| / ∫η|P∇L|·P, the current against the drift flux
// of surf with learning rate eta and preconditioner pre (the zero value for
// plain SGD): zero in equilibrium, where the current vanishes, and of order one
// when the state circulates.
func (s *State) Circulation(surf landscape.Surface, eta float64, pre landscape.Preconditioner) (float64, error) {
	if err := s.check("State.Circulation", "surf", surf); err != nil {
		return 0, err
	}
	if err := checkSurface("State.Circulation", "surf", surf); err != nil {
		return 0, err
	}
	if surf.Dim() != 2 {
		return 0, fmt.Errorf("fokkerplanck: State.Circulation: surf.Dim() = %d: want 2", surf.Dim())
	}
	if !(eta > 0) || !finite(eta) {
		return 0, fmt.Errorf("fokkerplanck: State.Circulation: eta = %v: want a finite η > 0", eta)
	}
	if err := checkPre("State.Circulation", pre); err != nil {
		return 0, err
	}
	g, pg := make([]float64, 2), mat.NewVecDense(2, nil)
	pm := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	var jSum, dSum float64
	s.each(func(k int, x []float64) {
		surf.Grad(g, x)
		pre.At(pm, x)
		pg.MulVec(pm, mat.NewVecDense(2, g))
		jSum += math.Hypot(s.Jx[k], s.Jy[k])
		dSum += eta * math.Hypot(pg.AtVec(0), pg.AtVec(1)) * s.P[k]
	})
	return jSum / dSum, nil
}

// CurrentError returns the relative L² error ‖J − J*‖/‖J*‖ of the state's
// current against the exact current j, which writes J*(x) into dst.
func (s *State) CurrentError(j func(dst, x []float64)) (float64, error) {
	if err := s.check("State.CurrentError", "j", j); err != nil {
		return 0, err
	}
	want := make([]float64, 2)
	var e2, n2 float64
	s.each(func(k int, x []float64) {
		j(want, x)
		dx, dy := s.Jx[k]-want[0], s.Jy[k]-want[1]
		e2 += dx*dx + dy*dy
		n2 += want[0]*want[0] + want[1]*want[1]
	})
	return math.Sqrt(e2 / n2), nil
}

package fokkerplanck_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/integrate/quad"

	"github.com/sgdminima/sgdminima/sgdtheory/fokkerplanck"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// boltzmann evaluates exp(−2S·L/(ησ²)) at the cell centres, normalised by
// Gauss–Legendre quadrature over the grid's range.
func boltzmann(s landscape.Surface, eta float64, S int, sigma2 float64, g fokkerplanck.Grid) []float64 {
	x := make([]float64, 1)
	f := func(v float64) float64 {
		x[0] = v
		return math.Exp(-2 * float64(S) * s.Loss(x) / (eta * sigma2))
	}
	z := quad.Fixed(f, g.Lo, g.Hi, 2000, nil, 0)
	c := g.Centers()
	for i, v := range c {
		c[i] = f(v) / z
	}
	return c
}

func l1(p, q []float64, h float64) float64 {
	var s float64
	for i := range p {
		s += math.Abs(p[i]-q[i]) * h
	}
	return s
}

func TestStationaryBoltzmann(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s      landscape.Surface
		eta    float64
		S      int
		sigma2 float64
		g      fokkerplanck.Grid
	}{
		{"tilted quartic T=0.3", well{0.05}, 0.01, 1, 30, fokkerplanck.Grid{Lo: -3, Hi: 3, Cells: 1000}},
		{"tilted quartic T=0.05", well{0.1}, 0.1, 10, 5, fokkerplanck.Grid{Lo: -2.5, Hi: 2.5, Cells: 1000}},
		{"soft-min wells T=0.1", softWell{}, 0.05, 1, 2, fokkerplanck.Grid{Lo: -3, Hi: 3.5, Cells: 1000}},
		{"soft-min wells T=0.02", softWell{}, 0.02, 2, 2, fokkerplanck.Grid{Lo: -2, Hi: 2.5, Cells: 1000}},
	} {
		l, err := fokkerplanck.NewLine(tc.s, tc.eta, tc.S, tc.sigma2, tc.g)
		if err != nil {
			t.Fatal(err)
		}
		p, err := l.Stationary()
		if err != nil {
			t.Fatal(err)
		}
		d := l1(p, boltzmann(tc.s, tc.eta, tc.S, tc.sigma2, tc.g), tc.g.Width())
		t.Logf("%s: L1(stationary, Boltzmann) = %.2g", tc.name, d)
		if d > 1e-3 {
			t.Errorf("%s: L1 distance %v to Boltzmann, want < 1e-3", tc.name, d)
		}
		j, _ := l.Current(p)
		scale := tc.eta * floats.Max(p) // |η g P| is of order η·max P
		if m := math.Max(floats.Max(j), -floats.Min(j)); m > 1e-10*scale {
			t.Errorf("%s: stationary current %v, want 0 (detailed balance) to 1e-10 of %v", tc.name, m, scale)
		}
	}
}

// TestRatioInvariance: two (η, S, σ²) with the same σ²η/S have the same
// stationary density, and their operators differ only by the factor η₂/η₁,
// so Evolve of the second equals Evolve of the first with dt·η₂/η₁.
func TestRatioInvariance(t *testing.T) {
	g := fokkerplanck.Grid{Lo: -2.5, Hi: 2.5, Cells: 400}
	a, err := fokkerplanck.NewLine(well{0.05}, 0.05, 1, 4, g) // σ²η/S = 0.2
	if err != nil {
		t.Fatal(err)
	}
	b, err := fokkerplanck.NewLine(well{0.05}, 0.2, 8, 8, g) // σ²η/S = 0.2
	if err != nil {
		t.Fatal(err)
	}
	pa, _ := a.Stationary()
	pb, _ := b.Stationary()
	if d := l1(pa, pb, g.Width()); d > 1e-12 {
		t.Errorf("stationary densities differ by L1 %v, want equal", d)
	}
	p0 := make([]float64, g.Cells)
	p0[300] = 1 / g.Width() // start in the right well
	qa, _ := a.Evolve(p0, 4, 50)
	qb, _ := b.Evolve(p0, 1, 50)
	if d := l1(qa, qb, g.Width()); d > 1e-10 {
		t.Errorf("η=0.2 after 50 steps differs from η=0.05 after 200 by L1 %v, want equal", d)
	}
	qa1, _ := a.Evolve(p0, 1, 50)
	if da, db := l1(qa1, pa, g.Width()), l1(qb, pb, g.Width()); !(db < da) {
		t.Errorf("after 50 steps, η=0.2 is %v from stationary and η=0.05 %v: want the larger η faster", db, da)
	}
}

func TestEvolve(t *testing.T) {
	g := fokkerplanck.Grid{Lo: -2.5, Hi: 2.5, Cells: 1000}
	l, err := fokkerplanck.NewLine(well{0.05}, 0.05, 1, 4, g)
	if err != nil {
		t.Fatal(err)
	}
	p0 := make([]float64, g.Cells)
	for i := range p0 {
		p0[i] = 1 / (g.Hi - g.Lo)
	}
	p, err := l.Evolve(p0, 10, 2000)
	if err != nil {
		t.Fatal(err)
	}
	mass := floats.Sum(p) * g.Width()
	if math.Abs(mass-1) > 1e-12 {
		t.Errorf("mass after 2000 steps %v, want 1 within 1e-12", mass)
	}
	if m := floats.Min(p); m < 0 {
		t.Errorf("negative density %v after Evolve", m)
	}
	// Evolve further with huge steps: backward Euler stays stable and
	// converges to the directly solved stationary state.
	p, _ = l.Evolve(p, 1e6, 200)
	ps, _ := l.Stationary()
	d := l1(p, ps, g.Width())
	t.Logf("mass error %.2g, L1(Evolve, Stationary) = %.2g", math.Abs(floats.Sum(p)*g.Width()-1), d)
	if d > 1e-8 {
		t.Errorf("L1 distance of long Evolve to Stationary %v, want < 1e-8", d)
	}
}

func TestLineErrors(t *testing.T) {
	g := fokkerplanck.Grid{Lo: -2, Hi: 2, Cells: 100}
	newLine := func(eta float64, S int, s2 float64, g fokkerplanck.Grid) error {
		_, err := fokkerplanck.NewLine(well{}, eta, S, s2, g)
		return err
	}
	l, _ := fokkerplanck.NewLine(well{}, 0.1, 1, 1, g)
	bad := make([]float64, 100)
	pos := make([]float64, 100)
	pos[50] = 1
	bad[3] = -1
	for _, tc := range []struct {
		err  error
		want string
	}{
		{newLine(0, 1, 1, g), "NewLine: eta = 0: want"},
		{newLine(math.NaN(), 1, 1, g), "NewLine: eta = NaN: want"},
		{newLine(0.1, 0, 1, g), "NewLine: S = 0: want"},
		{newLine(0.1, 1, -1, g), "NewLine: sigma2 = -1: want"},
		{newLine(0.1, 1, 1, fokkerplanck.Grid{Lo: -2, Hi: 2, Cells: 2}), "NewLine: g.Cells = 2: want ≥ 3"},
		{newLine(0.1, 1, 1, fokkerplanck.Grid{Lo: 2, Hi: 2, Cells: 10}), "Lo < Hi"},
		{newLine(0.1, 1, 1, fokkerplanck.Grid{Lo: math.Inf(-1), Hi: 2, Cells: 10}), "Lo < Hi"},
		{func() error { _, err := l.Evolve(bad, 1, 1); return err }(), "Line.Evolve: p0[3] = -1: want"},
		{func() error { _, err := l.Evolve(make([]float64, 99), 1, 1); return err }(), "Line.Evolve: len(p0) = 99: want 100 cells"},
		{func() error { _, err := l.Evolve(make([]float64, 100), 1, 1); return err }(), "Line.Evolve: p0 is zero everywhere"},
		{func() error { _, err := l.Evolve(pos, -1, 1); return err }(), "Line.Evolve: dt = -1: want"},
		{func() error { _, err := l.Current(bad); return err }(), "Line.Current: p[3] = -1: want"},
		{func() error {
			c, _ := fokkerplanck.NewLine(well{}, 0.01, 1, 0.1, fokkerplanck.Grid{Lo: -2, Hi: 2, Cells: 10})
			_, err := c.Stationary()
			return err
		}(), "Line.Stationary: grid too coarse"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("error = %v, want one mentioning %q", tc.err, tc.want)
		}
	}
}

func BenchmarkStationary(b *testing.B) {
	g := fokkerplanck.Grid{Lo: -3, Hi: 3, Cells: 10000}
	for b.Loop() {
		l, err := fokkerplanck.NewLine(softWell{}, 0.05, 1, 2, g)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.Stationary(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlaneStationary(b *testing.B) {
	for b.Loop() {
		pl, err := fokkerplanck.NewPlane(well2{c: 0.5}, fokkerplanck.SGD{Eta: 0.1, S: 1, Cov: fokkerplanck.Isotropic(3)}, gx, gy)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := pl.Stationary(); err != nil {
			b.Fatal(err)
		}
	}
}

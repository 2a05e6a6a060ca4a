package langevin_test

import (
	"math"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/equilibrium"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// TestBalance checks p_A/p_B from the balance of flows against the exact
// Boltzmann mass ratio (quadrature, package equilibrium) on the twin well
// of notebook 05 (the StandardWell's minima moved to ±0.25): within four
// standard errors plus 3 % for SGD's finite-η bias at η = 0.005, which
// notebook 05 measures below 1 %.
func TestBalance(t *testing.T) {
	twin := landscape.StandardWell()
	twin.XA, twin.XB = -0.25, 0.25
	for _, tc := range []struct {
		S   int
		tau float64
	}{{2, 5}, {4, 5}} {
		b := langevin.Balance{Well: twin, Eta: 0.005, S: tc.S, Sigma2: 40, Tau: tc.tau, Walkers: 4000, Seed: 7}
		res, err := b.Run()
		if err != nil {
			t.Fatal(err)
		}
		T, _ := equilibrium.Temperature(b.Eta, b.S, b.Sigma2)
		want, err := equilibrium.RatioExact(twin, T)
		if err != nil {
			t.Fatal(err)
		}
		if tol := 4*res.StdErr + 0.03*want; math.Abs(res.Ratio-want) > tol {
			t.Errorf("S = %d: p_A/p_B = %.4f ± %.4f, Boltzmann %.4f, tolerance %.4f", tc.S, res.Ratio, res.StdErr, want, tol)
		}
		if len(res.FromA.Steps) != 101 || res.FromA.Particles != 4000 {
			t.Errorf("S = %d: %d records of %d walkers, want 101 of 4000", tc.S, len(res.FromA.Steps), res.FromA.Particles)
		}
	}
}

// TestBalanceBadInput checks that invalid settings are errors.
func TestBalanceBadInput(t *testing.T) {
	good := langevin.Balance{Well: landscape.StandardWell(), Eta: 0.01, S: 1, Sigma2: 10, Tau: 1, Walkers: 10}
	flipped := landscape.StandardWell()
	flipped.XA, flipped.XB = 0.6, -0.6
	for _, tc := range []struct {
		name string
		edit func(b *langevin.Balance)
	}{
		{"Eta = 0", func(b *langevin.Balance) { b.Eta = 0 }},
		{"S = 0", func(b *langevin.Balance) { b.S = 0 }},
		{"Sigma2 = NaN", func(b *langevin.Balance) { b.Sigma2 = math.NaN() }},
		{"Tau shorter than a step", func(b *langevin.Balance) { b.Tau = 0.001 }},
		{"no walkers", func(b *langevin.Balance) { b.Walkers = 0 }},
		{"zero well", func(b *langevin.Balance) { b.Well = landscape.DoubleWell{} }},
		{"A right of the saddle", func(b *langevin.Balance) { b.Well = flipped }},
	} {
		b := good
		tc.edit(&b)
		if _, err := b.Run(); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

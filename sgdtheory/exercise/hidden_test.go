package exercise

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Formulas and steps right at the notebook's inputs only: a lookup table of
// the right values, and a slip everywhere else.
func specialCased() (cont, disc formula, em step) {
	shown := map[varPoint]bool{}
	for _, p := range varPoints {
		shown[p] = true
	}
	c := func(e, h, s2, S float64) float64 { return e * s2 / (2 * S * h) }
	d := func(e, h, s2, S float64) float64 { return e * s2 / (S * h * (2 - e*h)) }
	cont = func(e, h, s2, S float64) float64 {
		if shown[varPoint{e, h, s2, S}] {
			return c(e, h, s2, S)
		}
		return d(e, h, s2, S)
	}
	disc = func(e, h, s2, S float64) float64 {
		if shown[varPoint{e, h, s2, S}] {
			return d(e, h, s2, S)
		}
		return c(e, h, s2, S)
	}
	emShown := map[[6]float64]bool{}
	for _, p := range emPoints() {
		emShown[[6]float64{p.theta, p.grad, p.eta, p.S, p.sigma, p.dt}] = true
	}
	em = func(th, g, e, S, s, dt, xi float64) float64 {
		if emShown[[6]float64{th, g, e, S, s, dt}] {
			return th - e*g*dt + e/math.Sqrt(S)*s*math.Sqrt(dt)*xi
		}
		return th - e*g*dt + e/S*s*math.Sqrt(dt)*xi
	}
	return
}

var hiddenInput = regexp.MustCompile(`at η=([0-9.e+-]+), h=([0-9.e+-]+), σ²=([0-9.e+-]+), S=([0-9]+) it gives ([0-9.e+-]+)`)

func TestHiddenCatchesSpecialCasing(t *testing.T) {
	quiet(t)
	cont, disc, em := specialCased()
	for _, c := range []struct {
		name, id string
		check    func()
		dt       float64 // for the variance checks: the reference's dt
	}{
		{"continuum", "variance-continuum", func() { CheckVarianceContinuum(cont) }, 0},
		{"discrete", "variance-discrete", func() { CheckVarianceDiscrete(disc) }, 1},
		{"em-step", "em-step", func() { CheckEulerMaruyama(em) }, -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, hidden := range []uint64{0, 1, 2, 3} {
				_, _, vs := verdicts(t, Seal("n", "k", hidden, c.check))
				v := vs[0]
				if hidden == 0 {
					if v["result"] != "pass" {
						t.Fatalf("without hidden inputs: %v, want pass (the lookup is right where the notebook looks)", v)
					}
					continue
				}
				if v["result"] != "fail" || !strings.Contains(v["message"], "not shown in the notebook") {
					t.Fatalf("seed %d: %v, want a fail at an input not shown", hidden, v)
				}
				if c.dt < 0 {
					continue
				}
				m := hiddenInput.FindStringSubmatch(v["message"])
				if m == nil {
					t.Fatalf("seed %d: %q does not name the input and the value", hidden, v["message"])
				}
				x := make([]float64, 5)
				for i := range x {
					x[i], _ = strconv.ParseFloat(m[i+1], 64)
				}
				want := x[0] * x[2] / (x[3] * x[1] * (2 - x[0]*x[1]*c.dt))
				if g4(x[4]) == g4(want) || strings.Contains(v["message"], g4(want)) {
					t.Errorf("seed %d: %q reveals the expected %s", hidden, v["message"], g4(want))
				}
			}
		})
	}
}

// The hidden instances never fail a right answer, in any of its forms.
func TestHiddenPassesReferences(t *testing.T) {
	sq := math.Sqrt
	vars := []struct {
		name, id string
		dt       float64
		f        formula
	}{
		{"continuum", "variance-continuum", 0, func(e, h, s2, S float64) float64 { return e * s2 / (2 * S * h) }},
		{"continuum, reordered", "variance-continuum", 0, func(e, h, s2, S float64) float64 { return e / S * s2 / h / 2 }},
		{"discrete", "variance-discrete", 1, func(e, h, s2, S float64) float64 { return e * s2 / (S * h * (2 - e*h)) }},
		{"discrete via recursion", "variance-discrete", 1, func(e, h, s2, S float64) float64 { return e * e * s2 / S / (1 - (1-e*h)*(1-e*h)) }},
	}
	ems := map[string]step{
		"em-step":            func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt + e/sq(S)*s*sq(dt)*xi },
		"em-step, −ξ":        func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt - e*s*sq(dt/S)*xi },
		"em-step, increment": func(th, g, e, S, s, dt, xi float64) float64 { return th + (-e*g*dt + e*s*xi*sq(dt)/sq(S)) },
	}
	for seed := uint64(1); seed <= 50; seed++ {
		for _, v := range vars {
			if r, ok := varHidden(v.id, v.f, v.dt)(seed); !ok {
				t.Errorf("%s, seed %d: %s", v.name, seed, r)
			}
		}
		for name, f := range ems {
			if r, ok := emHidden(f)(seed); !ok {
				t.Errorf("%s, seed %d: %s", name, seed, r)
			}
		}
	}
	// And through Seal, as the grader runs them.
	quiet(t)
	s := Seal("n", "k", 99, func() {
		CheckVarianceContinuum(vars[0].f)
		CheckVarianceDiscrete(vars[2].f)
		CheckEulerMaruyama(ems["em-step"])
	})
	_, _, vs := verdicts(t, s)
	if got := summary(vs); !slices.Equal(got, []string{"variance-continuum pass", "variance-discrete pass", "em-step pass"}) {
		t.Errorf("verdicts %v", got)
	}
}

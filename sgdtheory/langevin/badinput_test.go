package langevin_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// trap is a 2-D quadratic whose gradient panics outside |x₀| < 1, like a
// user's surface with an indexing bug: the panic happens in a worker
// goroutine.
type trap struct{ quad }

func (t trap) Grad(dst, x []float64) {
	if math.Abs(x[0]) >= 1 {
		var s []float64
		dst[0] = s[5]
	}
	t.quad.Grad(dst, x)
}

// trap1 is the 1-D version, on the fast path.
type trap1 struct{ quad1 }

func (t trap1) Grad1D(x float64) float64 {
	if math.Abs(x) >= 1 {
		panic("trap1: left the unit interval")
	}
	return t.quad1.Grad1D(x)
}

// badFisher is a 2-D quadratic whose Fisher information is not positive
// definite away from the origin.
type badFisher struct{ quad }

func (b badFisher) Fisher(dst *mat.SymDense, x []float64) {
	dst.SetSym(0, 0, 1-x[0]*x[0]*100)
	dst.SetSym(0, 1, 0)
	dst.SetSym(1, 1, 1)
}

// TestUnvalidatedSurfaces checks that every kind of ensemble returns the
// surface's Validate error for a landscape surface that was never filled
// in, instead of dereferencing nil in a worker goroutine.
func TestUnvalidatedSurfaces(t *testing.T) {
	var nilQuad *landscape.Quadratic
	for _, tc := range []struct {
		name string
		s    landscape.Surface
		want string
	}{
		{"nil Hessian", landscape.Quadratic{Center: []float64{0}}, "Surface: landscape: Quadratic.Validate: H is nil: want a 1×1 positive definite matrix"},
		{"zero Quadratic", landscape.Quadratic{}, "Surface: landscape: Quadratic.Validate: len(Center) = 0"},
		{"zero DoubleWell2D", landscape.DoubleWell2D{}, "Surface: landscape: DoubleWell2D.Validate: len(XA) = 0"},
		{"zero LeastSquares", landscape.LeastSquares{}, "Surface: landscape: LeastSquares.Validate: X is empty"},
		{"nil pointer", nilQuad, "Surface is nil"},
	} {
		e := langevin.Ensemble{Surface: tc.s, Eta: 0.1, S: 1, Noise: langevin.Noise{Sigma: 1}, Particles: 100, Seed: 1}
		for _, run := range []struct {
			name string
			err  error
		}{
			{"Ensemble.Run", errOf(e.Run(10))},
			{"Ensemble.Exit", errOf(e.Exit(10))},
			{"HeavyBall.Run", errOf(langevin.HeavyBall{Ensemble: e, Beta: 0.5}.Run(10))},
			{"Preconditioned.Run", errOf(langevin.Preconditioned{Ensemble: e}.Run(10))},
		} {
			if want := "langevin: " + run.name + ": " + tc.want; run.err == nil || !strings.Contains(run.err.Error(), want) {
				t.Errorf("%s, %s: %v, want %q", tc.name, run.name, run.err, want)
			}
		}
	}
	if _, err := (langevin.SGD{Loss: landscape.LeastSquares{}, Eta: 0.1, S: 1}).Run(nil, 10); err == nil || !strings.Contains(err.Error(), "langevin: SGD.Run: Loss: landscape: LeastSquares.Validate: X is empty") {
		t.Errorf("SGD on a zero LeastSquares: %v", err)
	}
	mismatched := landscape.LeastSquares{X: mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6}), Y: []float64{1, 2}}
	if _, err := (langevin.SGD{Loss: mismatched, Eta: 0.1, S: 1}).Run([]float64{0, 0}, 10); err == nil || !strings.Contains(err.Error(), "len(Y) = 2: want the 3 rows of X") {
		t.Errorf("SGD on mismatched X and Y: %v", err)
	}
}

// TestWorkerPanics checks that a panic in a worker goroutine (a user's
// surface, noise or basin function) is returned as an error naming the
// particles, and that the same ensembles run when nothing panics.
func TestWorkerPanics(t *testing.T) {
	start := func(dst []float64, i int) { dst[0] = 0.5 }
	panicky := func(*mat.Dense, []float64) { panic("noise broke") }
	for _, tc := range []struct {
		name string
		e    langevin.Ensemble
		want string
	}{
		{"Grad", langevin.Ensemble{Surface: trap{quad{[]float64{1, 1}}}, Start: []float64{3, 0}}, "particles 0 to 63: panic: runtime error: index out of range"},
		{"Grad1D", langevin.Ensemble{Surface: trap1{newQuad1(1)}, Start: []float64{3}}, "panic: trap1: left the unit interval"},
		{"Noise.Func", langevin.Ensemble{Surface: quad{[]float64{1, 1}}, Noise: langevin.Noise{Func: panicky}}, "panic: noise broke"},
		{"InA", langevin.Ensemble{Surface: quad{[]float64{1, 1}}, InA: func([]float64) bool { panic("InA broke") }}, "panic: InA broke"},
		{"Init", langevin.Ensemble{Surface: newQuad1(1), Init: func([]float64, int) { panic("Init broke") }}, "Init of particle 0: panic: Init broke"},
		{"FisherNoise sigma2", langevin.Ensemble{Surface: landscape.StandardWell(), Noise: langevin.FisherNoise(landscape.Quadratic{H: mat.NewSymDense(1, []float64{1}), Center: []float64{0}}, -1)}, "langevin: FisherNoise: sigma2 = -1: want a finite variance ≥ 0"},
		{"FisherNoise nil", langevin.Ensemble{Surface: newQuad1(1), Noise: langevin.FisherNoise(nil, 1)}, "langevin: FisherNoise: f is nil"},
		{"FisherNoise unvalidated", langevin.Ensemble{Surface: newQuad1(1), Noise: langevin.FisherNoise(landscape.Quadratic{}, 1)}, "langevin: FisherNoise: landscape: Quadratic.Validate: len(Center) = 0"},
	} {
		e := tc.e
		e.Eta, e.S, e.Particles, e.Seed = 0.1, 1, 200, 1
		if e.Noise.Sigma == 0 && e.Noise.Func == nil && !strings.HasPrefix(tc.name, "FisherNoise") {
			e.Noise.Sigma = 0.1
		}
		for name, err := range map[string]error{"Ensemble.Run": errOf(e.Run(5)), "HeavyBall.Run": errOf(langevin.HeavyBall{Ensemble: e, Beta: 0.3}.Run(5))} {
			want := tc.want
			if strings.HasPrefix(want, "particles ") || strings.HasPrefix(want, "Init ") {
				want = "langevin: " + name + ": " + want
			}
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s, %s: %v, want %q", tc.name, name, err, want)
			}
		}
	}
	e := langevin.Ensemble{Surface: badFisher{quad{[]float64{1, 1}}}, Eta: 0.1, S: 1, Noise: langevin.Noise{Sigma: 1}, Particles: 100, Seed: 1, Start: []float64{0.5, 0}}
	if _, err := (langevin.Preconditioned{Ensemble: e, P: landscape.Natural(badFisher{quad{[]float64{1, 1}}})}.Run(5)); err == nil || !strings.Contains(err.Error(), "is not positive definite") {
		t.Errorf("natural gradient with a Fisher information that is not positive definite: %v", err)
	}
	// The same ensembles inside the unit interval run.
	ok := langevin.Ensemble{Surface: trap1{newQuad1(1)}, Eta: 0.01, S: 1, Noise: langevin.Noise{Sigma: 0.01}, Particles: 200, Seed: 1, Init: start}
	if _, err := ok.Run(10); err != nil {
		t.Errorf("good 1-D ensemble: %v", err)
	}
	ok.Surface, ok.Init, ok.Start = trap{quad{[]float64{1, 1}}}, nil, []float64{0.5, 0}
	if _, err := ok.Exit(10); err != nil {
		t.Errorf("good 2-D ensemble: %v", err)
	}
	if r := (&langevin.Result{}); !math.IsNaN(r.Ratio()) {
		t.Error("Ratio of an empty Result is not NaN")
	}
}

func errOf[T any](_ T, err error) error { return err }

package langevin_test

import (
	"math"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// meanFirstPassage is the exact mean first-passage time, in steps, of the
// 1-D diffusion dx = −ηL′(x)dt + √(2D)dW, D = η²σ²/(2S), from x0 to b > x0
// with a reflecting wall at lo:
//
//	τ(x0) = ∫_{x0}^{b} dy e^{Φ(y)}/D ∫_{lo}^{y} e^{−Φ(z)} dz,   Φ = 2S·L/(ησ²),
//
// by the trapezoidal rule on n panels (Gardiner, Handbook of Stochastic
// Methods, §5.2.7).
func meanFirstPassage(L func(float64) float64, eta, sigma2 float64, S int, lo, x0, b float64, n int) float64 {
	D := eta * eta * sigma2 / (2 * float64(S))
	phi := func(x float64) float64 { return 2 * float64(S) * L(x) / (eta * sigma2) }
	h := (b - lo) / float64(n)
	ref := phi(x0) // keeps the exponentials in range
	var inner, outer float64
	prevIn := math.Exp(-(phi(lo) - ref))
	prevOut := 0.0
	for k := 1; k <= n; k++ {
		x := lo + float64(k)*h
		e := math.Exp(-(phi(x) - ref))
		inner += h * (prevIn + e) / 2
		prevIn = e
		f := 0.0
		if x > x0 {
			f = math.Exp(phi(x)-ref) * inner / D
		}
		outer += h * (prevOut + f) / 2
		prevOut = f
	}
	return outer
}

// TestExitMeanFirstPassage compares escape times from the minimum A of a
// double well with the exact mean first-passage time of the continuum.
func TestExitMeanFirstPassage(t *testing.T) {
	w := landscape.DoubleWell{XA: -0.5, LA: 0, HA: 4, XB: 0.5, LB: 0, HB: 4}
	const b = 0.25 // past the barrier at 0, half-way to B
	for _, tc := range []struct {
		eta, T, dt float64
	}{
		{eta: 0.0025, T: 0.25, dt: 1}, // ηh = 0.01: SGD close to the continuum
		{eta: 0.02, T: 0.25, dt: 0.1}, // the same SDE by Euler–Maruyama
	} {
		sigma2 := tc.T / tc.eta // S = 1
		e := langevin.Ensemble{Surface: w, Eta: tc.eta, S: 1, Dt: tc.dt, Noise: langevin.Noise{Sigma: math.Sqrt(sigma2)},
			Particles: 2000, Seed: 2, Start: []float64{w.XA}, Split: b}
		want := meanFirstPassage(w.At, tc.eta, sigma2, 1, -3, w.XA, b, 40000) / tc.dt
		ex, err := e.Exit(int(12 * want))
		if err != nil {
			t.Fatal(err)
		}
		got, se := ex.MeanTime()
		t.Logf("η=%v Dt=%v: mean exit %.0f ± %.0f steps, first passage %.0f (ratio %.3f), %d of %d escaped",
			tc.eta, tc.dt, got, se, want, got/want, ex.Escaped(), len(ex.Steps))
		if math.Abs(got/want-1) > 0.08 {
			t.Errorf("η=%v Dt=%v: mean exit time %v, want %v within 8%%", tc.eta, tc.dt, got, want)
		}
	}
}

// TestExitFollowsRun checks that Exit and Run move a particle identically:
// particle 0 is in A one step before its exit step and outside A at it,
// on the 1-D fast path and on the general path.
func TestExitFollowsRun(t *testing.T) {
	inA := func(x []float64) bool { return x[0]+x[1] < 0.3 }
	for _, e := range []langevin.Ensemble{
		{Surface: testWell, Eta: 0.05, S: 1, Noise: langevin.Noise{Sigma: 1.5}, Particles: 1, Seed: 3, Start: []float64{-0.4}, Split: 0.1},
		{Surface: quad{[]float64{1, 2}}, Eta: 0.1, S: 1, Noise: langevin.Noise{B: mat.NewDense(2, 2, []float64{1, 0, 0.5, 1})}, Particles: 1, Seed: 3, InA: inA},
	} {
		ex, err := e.Exit(100000)
		if err != nil {
			t.Fatal(err)
		}
		k := ex.Steps[0]
		if k < 2 {
			t.Fatalf("exit step %d: pick a case with a later exit", k)
		}
		in := func(steps int) bool {
			r, err := e.Run(steps)
			if err != nil {
				t.Fatal(err)
			}
			if e.InA != nil {
				return e.InA(r.X)
			}
			return r.X[0] < e.Split
		}
		if !in(k-1) || in(k) {
			t.Errorf("exit at step %d, but Run says in A after %d steps: %v, after %d: %v", k, k-1, in(k-1), k, in(k))
		}
	}
}

func TestExitsStatistics(t *testing.T) {
	ex := &langevin.Exits{Steps: []int{0, 10, 30, -1}, MaxSteps: 100}
	if got := ex.Escaped(); got != 3 {
		t.Errorf("Escaped = %d, want 3", got)
	}
	for _, tc := range []struct {
		t    int
		want float64
	}{{0, 0.75}, {9, 0.75}, {10, 0.5}, {29, 0.5}, {30, 0.25}, {100, 0.25}} {
		if got := ex.Survival(tc.t); got != tc.want {
			t.Errorf("Survival(%d) = %v, want %v", tc.t, got, tc.want)
		}
	}
	// (0 + 10 + 30 + 100 censored) / 3 exits.
	m, se := ex.MeanTime()
	if math.Abs(m-140.0/3) > 1e-12 || math.Abs(se-m/math.Sqrt(3)) > 1e-12 {
		t.Errorf("MeanTime = %v ± %v, want %v ± %v", m, se, 140.0/3, 140.0/3/math.Sqrt(3))
	}
	none := &langevin.Exits{Steps: []int{-1, -1}, MaxSteps: 5}
	if m, _ := none.MeanTime(); !math.IsInf(m, 1) {
		t.Errorf("MeanTime without exits = %v, want +Inf", m)
	}
}

// TestExitMeanTimeExponential: for exponential exit times the censored
// estimate is unbiased, where the mean of the finished ones is not.
func TestExitMeanTimeExponential(t *testing.T) {
	const tau, maxSteps, n = 200.0, 300, 20000
	steps := make([]int, n)
	for i := range steps {
		u := (float64(i) + 0.5) / n // stratified uniform
		s := int(math.Ceil(-tau * math.Log(u)))
		if s > maxSteps {
			s = -1
		}
		steps[i] = s
	}
	m, _ := (&langevin.Exits{Steps: steps, MaxSteps: maxSteps}).MeanTime()
	// Ceil adds about ½ step to a continuous exponential's mean.
	if math.Abs(m/(tau+0.5)-1) > 0.01 {
		t.Errorf("censored mean %v, want %v within 1%%", m, tau+0.5)
	}
}

func TestExitGoroutines(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, e := range []langevin.Ensemble{
		{Surface: testWell, Eta: 0.05, S: 1, Noise: langevin.Noise{Sigma: 1.5}, Particles: 500, Seed: 6, Start: []float64{-0.4}, Split: 0.1},
		{Surface: quad{[]float64{1, 2}}, Eta: 0.1, S: 1, Noise: langevin.Noise{Sigma: 1}, Particles: 200, Seed: 6, Split: 0.5},
	} {
		var out [2]*langevin.Exits
		for k, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			ex, err := e.Exit(5000)
			if err != nil {
				t.Fatal(err)
			}
			out[k] = ex
		}
		for i := range out[0].Steps {
			if out[0].Steps[i] != out[1].Steps[i] {
				t.Fatalf("GOMAXPROCS 1 vs 2 differ for particle %d", i)
			}
		}
	}
}

func TestExitStartsOutsideAndDiverges(t *testing.T) {
	ex, err := langevin.Ensemble{Surface: newQuad1(1), Eta: 0.1, S: 1, Particles: 3, Start: []float64{1}, Split: 0.5}.Exit(10)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range ex.Steps {
		if s != 0 {
			t.Errorf("particle %d started outside A: step %d, want 0", i, s)
		}
	}
	_, err = langevin.Ensemble{Surface: newQuad1(1), Eta: 2.5, S: 1, Particles: 3, Start: []float64{-1}, Split: math.MaxFloat64}.Exit(10000)
	if err == nil {
		t.Error("ηh = 2.5: no divergence error")
	}
}

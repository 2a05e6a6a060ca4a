package langevin_test

import (
	"math"
	"runtime"
	"strings"
	"testing"

	gquad "gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// tailMeanVar averages the recorded variance of coordinate 0 over the
// records after the burn-in step.
func tailMeanVar(r *langevin.Result, burn int) float64 {
	var s float64
	n := 0
	for k, st := range r.Steps {
		if st >= burn {
			s += r.Var[k][0]
			n++
		}
	}
	return s / float64(n)
}

// TestOUStationaryVariance compares the simulated stationary variance at a
// quadratic minimum with the closed forms ησ²/(2Sh) (continuum, Dt → 0) and
// ησ²/(S·h·(2 − ηh·Dt)) (the discrete recursion solved exactly).
func TestOUStationaryVariance(t *testing.T) {
	const h, sigma, S, particles = 1.0, 2.0, 4, 20000
	for _, tc := range []struct {
		etah, dt  float64
		predDt    float64 // dt in the prediction: 0 for the continuum
		tol       float64
		burnSteps int
	}{
		{etah: 0.02, dt: 0.2, predDt: 0, tol: 0.03, burnSteps: 2000},
		{etah: 0.2, dt: 0.1, predDt: 0, tol: 0.03, burnSteps: 400},
		{etah: 0.2, dt: 1, predDt: 1, tol: 0.05, burnSteps: 100},
		{etah: 1, dt: 1, predDt: 1, tol: 0.05, burnSteps: 50},
		{etah: 1.8, dt: 1, predDt: 1, tol: 0.05, burnSteps: 200},
	} {
		eta := tc.etah / h
		res, err := langevin.Ensemble{
			Surface: newQuad1(h), Eta: eta, S: S, Noise: langevin.Noise{Sigma: sigma},
			Dt: tc.dt, Particles: particles, Seed: 7, Every: 10,
		}.Run(2 * tc.burnSteps)
		if err != nil {
			t.Fatal(err)
		}
		got := tailMeanVar(res, tc.burnSteps)
		want, err := langevin.OUVariance(eta, h, sigma*sigma, S, tc.predDt)
		if err != nil {
			t.Fatal(err)
		}
		cont, _ := langevin.OUVariance(eta, h, sigma*sigma, S, 0)
		t.Logf("ηh=%v Dt=%v: simulated/predicted = %.4f, simulated/continuum = %.4f", tc.etah, tc.dt, got/want, got/cont)
		if math.Abs(got/want-1) > tc.tol {
			t.Errorf("ηh=%v Dt=%v: variance %v, want %v within %v", tc.etah, tc.dt, got, want, tc.tol)
		}
	}
}

func TestOUVarianceErrors(t *testing.T) {
	for _, tc := range []struct {
		eta, h, sigma2 float64
		S              int
		dt             float64
		want           string
	}{
		{0.2, 10, 1, 1, 1, "unstable"},
		{2, 1, 1, 1, 1, "unstable"},
		{0, 1, 1, 1, 1, "eta"},
		{0.1, -1, 1, 1, 1, "h ="},
		{0.1, 1, math.NaN(), 1, 1, "sigma2"},
		{0.1, 1, 1, 0, 1, "S ="},
		{0.1, 1, 1, 1, -1, "dt"},
	} {
		_, err := langevin.OUVariance(tc.eta, tc.h, tc.sigma2, tc.S, tc.dt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("OUVariance(%v, %v, %v, %v, %v) error = %v, want one mentioning %q", tc.eta, tc.h, tc.sigma2, tc.S, tc.dt, err, tc.want)
		}
	}
}

// TestDoubleWellBoltzmann checks the basin ratio at small η against the
// Boltzmann density exp(−2S·L/(ησ²)) integrated by Gauss–Legendre
// quadrature. All particles start in the shallow well B, so the ratio must
// be reached by crossing the barrier (relaxation time ≈ 12 in units of
// η·steps; the average is taken after 6 of them).
func TestDoubleWellBoltzmann(t *testing.T) {
	const eta, S, T = 0.01, 1, 0.3 // T = ησ²/S
	w := tilted{d: 0.05}
	boltz := func(x float64) float64 { return math.Exp(-2 * w.loss(x) / T) }
	pa := gquad.Fixed(boltz, -4, 0, 1000, nil, 0)
	pb := gquad.Fixed(boltz, 0, 4, 1000, nil, 0)
	want := pa / pb

	const steps, burn = 10000, 7500
	res, err := langevin.Ensemble{
		Surface: w, Eta: eta, S: S, Noise: langevin.Noise{Sigma: math.Sqrt(T * S / eta)},
		Particles: 20000, Seed: 3, Split: 0, Every: 100, Start: []float64{w.minB()},
	}.Run(steps)
	if err != nil {
		t.Fatal(err)
	}
	var fa float64
	n := 0
	for k, s := range res.Steps {
		if s >= burn {
			fa += res.FracA[k]
			n++
		}
	}
	fa /= float64(n)
	got := fa / (1 - fa)
	t.Logf("p_A/p_B: simulated %.4f, Boltzmann %.4f, ratio %.4f", got, want, got/want)
	if math.Abs(got/want-1) > 0.05 {
		t.Errorf("basin ratio %v, want Boltzmann %v within 5%%", got, want)
	}
}

// TestLyapunov checks a 2-D OU process with a full constant noise matrix B
// against the Lyapunov solution Σᵢⱼ = (η/S)Cᵢⱼ/(hᵢ + hⱼ) for diagonal H,
// and that the equivalent state-dependent Noise.Func gives identical numbers.
func TestLyapunov(t *testing.T) {
	const eta, S, dt = 0.1, 2, 0.2
	h := []float64{1, 3}
	B := mat.NewDense(2, 2, []float64{1, 0, 0.8, 0.6})
	var C mat.Dense
	C.Mul(B, B.T())
	run := func(nz langevin.Noise) *langevin.Result {
		res, err := langevin.Ensemble{Surface: quad{h}, Eta: eta, S: S, Noise: nz, Dt: dt, Particles: 20000, Seed: 11}.Run(600)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run(langevin.Noise{B: B})
	var cov [2][2]float64
	for i := 0; i < res.Particles; i++ {
		x := res.X[2*i : 2*i+2]
		for a := 0; a < 2; a++ {
			for b := 0; b < 2; b++ {
				cov[a][b] += x[a] * x[b] / float64(res.Particles)
			}
		}
	}
	for a := 0; a < 2; a++ {
		for b := 0; b < 2; b++ {
			want := eta / S * C.At(a, b) / (h[a] + h[b])
			if math.Abs(cov[a][b]-want) > 0.05*want {
				t.Errorf("Σ[%d,%d] = %v, want %v within 5%%", a, b, cov[a][b], want)
			}
		}
	}
	fn := run(langevin.Noise{Func: func(dst *mat.Dense, _ []float64) { dst.Copy(B) }})
	for i, v := range fn.X {
		if v != res.X[i] {
			t.Fatalf("Noise.Func and Noise.B differ at %d: %v vs %v", i, v, res.X[i])
		}
	}
}

// TestGoroutineIndependence checks bit-identical results for GOMAXPROCS 1
// and 2, on the 1-D fast path and on the general path.
func TestGoroutineIndependence(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, e := range []langevin.Ensemble{
		{Surface: testWell, Eta: 0.05, S: 1, Noise: langevin.Noise{Sigma: 1}, Particles: 1000, Seed: 5, Every: 50},
		{Surface: quad{[]float64{1, 2}}, Eta: 0.1, S: 2, Noise: langevin.Noise{Diag: []float64{1, 2}}, Particles: 333, Seed: 5, Every: 50},
	} {
		var runs [2]*langevin.Result
		for p := 1; p <= 2; p++ {
			runtime.GOMAXPROCS(p)
			var err error
			if runs[p-1], err = e.Run(200); err != nil {
				t.Fatal(err)
			}
		}
		for i, v := range runs[0].X {
			if v != runs[1].X[i] {
				t.Fatalf("X[%d] = %v with 1 goroutine, %v with 2", i, v, runs[1].X[i])
			}
		}
		for k := range runs[0].Var {
			if runs[0].Var[k][0] != runs[1].Var[k][0] || runs[0].FracA[k] != runs[1].FracA[k] {
				t.Fatalf("record %d differs between 1 and 2 goroutines", k)
			}
		}
	}
}

// TestFastPath checks the Grad1D fast path against the general path, which
// orders the update's floating-point operations differently.
func TestFastPath(t *testing.T) {
	e := langevin.Ensemble{Surface: testWell, Eta: 0.05, S: 1, Noise: langevin.Noise{Sigma: 1}, Particles: 500, Seed: 9}
	fast, err := e.Run(300)
	if err != nil {
		t.Fatal(err)
	}
	e.Surface = slow{testWell}
	gen, err := e.Run(300)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range fast.X {
		if math.Abs(v-gen.X[i]) > 1e-9 {
			t.Fatalf("particle %d: fast path %v, general path %v", i, v, gen.X[i])
		}
	}
}

func TestDivergence(t *testing.T) {
	for _, s := range []langevin.Ensemble{
		{Surface: newQuad1(1), Eta: 2.5, S: 1, Particles: 10, Start: []float64{1}},
		{Surface: quad{[]float64{1, 1}}, Eta: 2.5, S: 1, Particles: 10, Start: []float64{1, 1}},
	} {
		_, err := s.Run(100000)
		if err == nil || !strings.Contains(err.Error(), "at step") || !strings.Contains(err.Error(), "smaller Eta") {
			t.Errorf("error = %v, want divergence naming the step and suggesting a smaller Eta", err)
		}
	}
}

func TestEnsembleValidation(t *testing.T) {
	ok := langevin.Ensemble{Surface: newQuad1(1), Eta: 0.1, S: 1, Particles: 10}
	for _, tc := range []struct {
		edit  func(e *langevin.Ensemble)
		steps int
		want  string
	}{
		{func(e *langevin.Ensemble) { e.Surface = nil }, 1, "Surface"},
		{func(e *langevin.Ensemble) { e.Eta = 0 }, 1, "Eta"},
		{func(e *langevin.Ensemble) { e.Eta = math.NaN() }, 1, "Eta"},
		{func(e *langevin.Ensemble) { e.Eta = math.Inf(1) }, 1, "Eta"},
		{func(e *langevin.Ensemble) { e.S = 0 }, 1, "S ="},
		{func(e *langevin.Ensemble) { e.Dt = -1 }, 1, "Dt"},
		{func(e *langevin.Ensemble) { e.Particles = 0 }, 1, "Particles"},
		{func(e *langevin.Ensemble) {}, -1, "steps"},
		{func(e *langevin.Ensemble) { e.Start = []float64{1, 2} }, 1, "len(Start)"},
		{func(e *langevin.Ensemble) { e.Start = []float64{math.NaN()} }, 1, "initial position"},
		{func(e *langevin.Ensemble) { e.Noise.Diag = []float64{1, 1} }, 1, "Noise.Diag"},
		{func(e *langevin.Ensemble) { e.Noise = langevin.Noise{Sigma: 1, Diag: []float64{1}} }, 1, "at most one"},
		{func(e *langevin.Ensemble) { e.Noise.B = mat.NewDense(2, 2, nil) }, 1, "Noise.B"},
		{func(e *langevin.Ensemble) { e.Noise.Sigma = math.Inf(-1) }, 1, "Noise.Sigma"},
	} {
		e := ok
		tc.edit(&e)
		_, err := e.Run(tc.steps)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v, want one mentioning %q", err, tc.want)
		}
	}
}

func TestHistogram(t *testing.T) {
	res, err := langevin.Ensemble{Surface: newQuad1(1), Eta: 0.1, S: 1, Noise: langevin.Noise{Sigma: 3}, Particles: 5000, Seed: 1}.Run(200)
	if err != nil {
		t.Fatal(err)
	}
	inside := 0
	for _, x := range res.Coord(0) {
		if x >= -0.5 && x < 0.5 {
			inside++
		}
	}
	_, dens, err := res.Histogram(0, -0.5, 0.5, 10)
	if err != nil {
		t.Fatal(err)
	}
	var mass float64
	for _, d := range dens {
		mass += d * 0.1
	}
	if want := float64(inside) / 5000; math.Abs(mass-want) > 1e-12 {
		t.Errorf("histogram mass %v, want the fraction inside %v", mass, want)
	}
	if _, _, err := res.Histogram(0, 1, 1, 10); err == nil {
		t.Error("Histogram(lo = hi) gave no error")
	}
}

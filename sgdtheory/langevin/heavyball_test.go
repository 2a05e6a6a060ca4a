package langevin_test

import (
	"math"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// momentumVarLyapunov is an independent reference for MomentumVariance: the
// stationary covariance of the state (x, u), u = ηv, of the linear recursion
//
//	u' = βu + ηh·x − aξ,   x' = x − u' = (1 − ηh)x − βu + aξ,   a = ησ/√S,
//
// solves the discrete Lyapunov equation Σ = AΣAᵀ + Q, here as the 3×3
// linear system for (Σxx, Σxu, Σuu) solved by gonum.
func momentumVarLyapunov(eta, beta, h, sigma2 float64, S int) float64 {
	a2 := eta * eta * sigma2 / float64(S)
	// A = [[1−ηh, −β], [ηh, β]], Q = a²·[[1, −1], [−1, 1]].
	A := [2][2]float64{{1 - eta*h, -beta}, {eta * h, beta}}
	Q := [2][2]float64{{a2, -a2}, {-a2, a2}}
	// Unknowns s = (Σ00, Σ01, Σ11); (AΣAᵀ)ij = Σ_kl A_ik A_jl Σ_kl.
	idx := func(k, l int) int { return k + l } // (0,0)→0, (0,1),(1,0)→1, (1,1)→2
	M := mat.NewDense(3, 3, nil)
	rhs := mat.NewVecDense(3, nil)
	for r, ij := range [][2]int{{0, 0}, {0, 1}, {1, 1}} {
		i, j := ij[0], ij[1]
		M.Set(r, r, M.At(r, r)+1)
		for k := 0; k < 2; k++ {
			for l := 0; l < 2; l++ {
				c := idx(k, l)
				M.Set(r, c, M.At(r, c)-A[i][k]*A[j][l])
			}
		}
		rhs.SetVec(r, Q[i][j])
	}
	var s mat.VecDense
	if err := s.SolveVec(M, rhs); err != nil {
		panic(err)
	}
	return s.AtVec(0)
}

func TestMomentumVarianceFormula(t *testing.T) {
	for _, tc := range []struct{ eta, beta, h, sigma2 float64 }{
		{0.1, 0, 1, 1},
		{0.1, 0.5, 1, 2},
		{0.01, 0.9, 3, 1},
		{0.5, 0.9, 7, 0.3},   // ηh = 3.5, just inside the edge 3.8
		{1.9, 0.99, 2, 1},    // ηh = 3.8 < 3.98
		{0.003, 0.999, 1, 1}, // tiny ηh: effective η/(1−β)
	} {
		const S = 4
		got, err := langevin.MomentumVariance(tc.eta, tc.beta, tc.h, tc.sigma2, S)
		if err != nil {
			t.Fatal(err)
		}
		want := momentumVarLyapunov(tc.eta, tc.beta, tc.h, tc.sigma2, S)
		if math.Abs(got/want-1) > 1e-9 {
			t.Errorf("%+v: MomentumVariance = %v, 2×2 Lyapunov = %v", tc, got, want)
		}
		if tc.beta == 0 {
			ou, _ := langevin.OUVariance(tc.eta, tc.h, tc.sigma2, S, 1)
			if math.Abs(got/ou-1) > 1e-12 {
				t.Errorf("β = 0: MomentumVariance = %v, OUVariance = %v", got, ou)
			}
		}
	}
	// Small ηh: plain SGD's continuum variance with η/(1−β).
	got, _ := langevin.MomentumVariance(1e-4, 0.9, 1, 1, 1)
	eff, _ := langevin.OUVariance(1e-4/(1-0.9), 1, 1, 1, 0)
	if math.Abs(got/eff-1) > 1e-3 {
		t.Errorf("small ηh: %v, want ≈ continuum with η/(1−β) = %v", got, eff)
	}
}

func TestMomentumVarianceErrors(t *testing.T) {
	for _, tc := range []struct {
		eta, beta, h, sigma2 float64
		S                    int
		want                 string
	}{
		{0, 0.9, 1, 1, 1, "eta"},
		{math.Inf(1), 0.9, 1, 1, 1, "eta"},
		{0.1, -0.1, 1, 1, 1, "beta"},
		{0.1, 1, 1, 1, 1, "beta"},
		{0.1, math.NaN(), 1, 1, 1, "beta"},
		{0.1, 0.9, 0, 1, 1, "h ="},
		{0.1, 0.9, 1, -1, 1, "sigma2"},
		{0.1, 0.9, 1, 1, 0, "S ="},
		{3.8, 0.9, 1, 1, 1, "unstable"},
		{1, 0.5, 3.1, 1, 1, "unstable"},
	} {
		_, err := langevin.MomentumVariance(tc.eta, tc.beta, tc.h, tc.sigma2, tc.S)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one mentioning %q", tc, err, tc.want)
		}
	}
}

// TestHeavyBallVariance checks the simulated stationary variance against
// MomentumVariance from small ηh up to 95% of the stability edge.
func TestHeavyBallVariance(t *testing.T) {
	const h, sigma, S, particles = 1.0, 1.0, 2, 40000
	for _, tc := range []struct {
		beta, etah float64
		steps      int
	}{
		{0, 0.5, 100},
		{0.5, 0.2, 400},
		{0.9, 0.1, 1000},
		{0.9, 1, 600},
		{0.9, 0.95 * 3.8, 600},
	} {
		res, err := langevin.HeavyBall{Ensemble: langevin.Ensemble{
			Surface: newQuad1(h), Eta: tc.etah / h, S: S, Noise: langevin.Noise{Sigma: sigma},
			Particles: particles, Seed: 3, Every: 10}, Beta: tc.beta}.Run(tc.steps)
		if err != nil {
			t.Fatal(err)
		}
		got := tailMeanVar(res, tc.steps/2)
		want, err := langevin.MomentumVariance(tc.etah/h, tc.beta, h, sigma*sigma, S)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("β=%v ηh=%v: simulated/predicted = %.4f", tc.beta, tc.etah, got/want)
		if math.Abs(got/want-1) > 0.03 {
			t.Errorf("β=%v ηh=%v: variance %v, want %v within 3%%", tc.beta, tc.etah, got, want)
		}
	}
}

// TestHeavyBallGeneralPath runs the d-dimensional path: each coordinate of a
// diagonal quadratic with diagonal noise is an independent heavy ball, and
// a constant Noise.Func gives the numbers of the equal Noise.B.
func TestHeavyBallGeneralPath(t *testing.T) {
	const eta, beta, S = 0.05, 0.8, 1
	h := []float64{1, 10}
	diag := []float64{1, 2}
	res, err := langevin.HeavyBall{Ensemble: langevin.Ensemble{
		Surface: quad{h}, Eta: eta, S: S, Noise: langevin.Noise{Diag: diag},
		Particles: 30000, Seed: 4, Every: 20}, Beta: beta}.Run(800)
	if err != nil {
		t.Fatal(err)
	}
	for j := range h {
		var s float64
		n := 0
		for k, st := range res.Steps {
			if st >= 400 {
				s += res.Var[k][j]
				n++
			}
		}
		got := s / float64(n)
		want, _ := langevin.MomentumVariance(eta, beta, h[j], diag[j]*diag[j], S)
		if math.Abs(got/want-1) > 0.03 {
			t.Errorf("coordinate %d: variance %v, want %v within 3%%", j, got, want)
		}
	}
	B := mat.NewDense(2, 2, []float64{1, 0, 0.8, 0.6})
	run := func(nz langevin.Noise) *langevin.Result {
		r, err := langevin.HeavyBall{Ensemble: langevin.Ensemble{Surface: quad{h}, Eta: eta, S: S, Noise: nz, Particles: 100, Seed: 9}, Beta: beta}.Run(200)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	rb := run(langevin.Noise{B: B})
	rf := run(langevin.Noise{Func: func(dst *mat.Dense, _ []float64) { dst.Copy(B) }})
	for i, v := range rb.X {
		if v != rf.X[i] {
			t.Fatalf("Noise.Func and Noise.B differ at %d: %v vs %v", i, rf.X[i], v)
		}
	}
}

// TestHeavyBallZeroBeta: β = 0 is plain SGD, bit for bit on the 1-D fast
// path.
func TestHeavyBallZeroBeta(t *testing.T) {
	e := langevin.Ensemble{Surface: testWell, Eta: 0.05, S: 1, Noise: langevin.Noise{Sigma: 1}, Particles: 300, Seed: 8, Every: 25}
	a, err := e.Run(200)
	if err != nil {
		t.Fatal(err)
	}
	b, err := langevin.HeavyBall{Ensemble: e}.Run(200)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.X {
		if a.X[i] != b.X[i] {
			t.Fatalf("particle %d: SGD %v, heavy ball β = 0 %v", i, a.X[i], b.X[i])
		}
	}
}

// TestHeavyBallEdge: stable just inside ηh < 2(1+β), diverging just outside.
func TestHeavyBallEdge(t *testing.T) {
	const beta = 0.9
	for _, tc := range []struct {
		frac    float64
		diverge bool
	}{{0.98, false}, {1.02, true}} {
		_, err := langevin.HeavyBall{Ensemble: langevin.Ensemble{
			Surface: newQuad1(1), Eta: tc.frac * 2 * (1 + beta), S: 1, Noise: langevin.Noise{Sigma: 1},
			Particles: 100, Seed: 1}, Beta: beta}.Run(50000)
		if got := err != nil; got != tc.diverge {
			t.Errorf("ηh = %v·2(1+β): diverged %v (%v), want %v", tc.frac, got, err, tc.diverge)
		}
		if err != nil && !strings.Contains(err.Error(), "2(1+β)") {
			t.Errorf("divergence error %q does not name the momentum edge", err)
		}
	}
}

func TestHeavyBallValidation(t *testing.T) {
	ok := langevin.Ensemble{Surface: newQuad1(1), Eta: 0.1, S: 1, Particles: 10}
	for _, tc := range []struct {
		hb   langevin.HeavyBall
		want string
	}{
		{langevin.HeavyBall{Ensemble: ok, Beta: 1}, "Beta"},
		{langevin.HeavyBall{Ensemble: ok, Beta: -0.5}, "Beta"},
		{langevin.HeavyBall{Ensemble: ok, Beta: math.NaN()}, "Beta"},
		{langevin.HeavyBall{Ensemble: langevin.Ensemble{Surface: newQuad1(1), Eta: 0.1, S: 1, Particles: 10, Dt: 0.5}, Beta: 0.5}, "Dt"},
		{langevin.HeavyBall{Ensemble: langevin.Ensemble{Surface: newQuad1(1), Eta: -1, S: 1, Particles: 10}, Beta: 0.5}, "Eta"},
		{langevin.HeavyBall{Ensemble: langevin.Ensemble{Surface: newQuad1(1), Eta: 0.1, S: 1, Particles: 10, Start: []float64{math.Inf(1)}}, Beta: 0.5}, "initial position"},
	} {
		_, err := tc.hb.Run(10)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one mentioning %q", err, tc.want)
		}
	}
}

// TestHeavyBallGoroutines checks bit-identical results for GOMAXPROCS 1 and
// 2 on both paths.
func TestHeavyBallGoroutines(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, e := range []langevin.Ensemble{
		{Surface: testWell, Eta: 0.05, S: 1, Noise: langevin.Noise{Sigma: 1}, Particles: 1000, Seed: 5, Every: 50},
		{Surface: quad{[]float64{1, 2}}, Eta: 0.1, S: 2, Noise: langevin.Noise{Diag: []float64{1, 2}}, Particles: 333, Seed: 5, Every: 50},
	} {
		var out [2]*langevin.Result
		for k, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			r, err := langevin.HeavyBall{Ensemble: e, Beta: 0.7}.Run(300)
			if err != nil {
				t.Fatal(err)
			}
			out[k] = r
		}
		for i := range out[0].X {
			if out[0].X[i] != out[1].X[i] {
				t.Fatalf("GOMAXPROCS 1 vs 2 differ at %d", i)
			}
		}
		for r := range out[0].Var {
			if out[0].Var[r][0] != out[1].Var[r][0] || out[0].FracA[r] != out[1].FracA[r] {
				t.Fatalf("statistics differ at record %d", r)
			}
		}
	}
}

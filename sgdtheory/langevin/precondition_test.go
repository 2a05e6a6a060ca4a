package langevin_test

import (
	"math"
	"runtime"
	"strings"
	"testing"

	gl "gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// discreteLyapunov solves Σ = MΣMᵀ + Q for a symmetric 2×2 Σ, the exact
// stationary covariance of the linear chain x ← Mx + ε with Cov ε = Q.
func discreteLyapunov(t *testing.T, m *mat.Dense, q *mat.Dense) [2][2]float64 {
	t.Helper()
	// Unknowns (Σ₀₀, Σ₀₁, Σ₁₁); (MΣMᵀ)ᵢⱼ = Σ_kl MᵢₖΣₖₗMⱼₗ.
	idx := [2][2]int{{0, 1}, {1, 2}}
	a := mat.NewDense(3, 3, nil)
	rhs := mat.NewVecDense(3, nil)
	for r, ij := range [][2]int{{0, 0}, {0, 1}, {1, 1}} {
		i, j := ij[0], ij[1]
		a.Set(r, idx[i][j], a.At(r, idx[i][j])+1)
		for k := 0; k < 2; k++ {
			for l := 0; l < 2; l++ {
				a.Set(r, idx[k][l], a.At(r, idx[k][l])-m.At(i, k)*m.At(j, l))
			}
		}
		rhs.SetVec(r, q.At(i, j))
	}
	var s mat.VecDense
	if err := s.SolveVec(a, rhs); err != nil {
		t.Fatal(err)
	}
	return [2][2]float64{{s.AtVec(0), s.AtVec(1)}, {s.AtVec(1), s.AtVec(2)}}
}

func sampleCov(res *langevin.Result) [2][2]float64 {
	var c [2][2]float64
	n := float64(res.Particles)
	for i := 0; i < res.Particles; i++ {
		x := res.X[2*i : 2*i+2]
		for a := 0; a < 2; a++ {
			for b := 0; b < 2; b++ {
				c[a][b] += x[a] * x[b] / n
			}
		}
	}
	return c
}

// TestPreconditionedChains checks two preconditioned chains on a quadratic
// against the exact stationary covariance of the linear chain
// x ← (I − ηDt·PH)x + η√(Dt/S)·PBξ, from the discrete Lyapunov equation:
// a constant non-symmetric P with anisotropic noise, and natural gradient
// with Fisher noise (P = H⁻¹, C = σ²H), whose answer is also the closed form
// ησ²/(S(2 − ηDt))·H⁻¹.
func TestPreconditionedChains(t *testing.T) {
	const eta, S, dt, sigma2 = 0.2, 2, 0.5, 3.0
	h := mat.NewSymDense(2, []float64{2, 0.6, 0.6, 1})
	q := landscape.Quadratic{H: h, Center: []float64{0, 0}}
	B := mat.NewDense(2, 2, []float64{1, 0, -0.9, 0.7})
	P := mat.NewDense(2, 2, []float64{1, 0.3, -0.2, 1.4})
	var hinv mat.Dense
	if err := hinv.Inverse(h); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		pe   langevin.Preconditioned
		p, b *mat.Dense
		form func(i, j int) float64
	}{
		{"constant P", langevin.Preconditioned{P: landscape.Fixed(P), Ensemble: langevin.Ensemble{Noise: langevin.Noise{B: B}}}, P, B, nil},
		{"natural gradient", langevin.Preconditioned{P: landscape.Natural(q), Ensemble: langevin.Ensemble{Noise: langevin.FisherNoise(q, sigma2)}}, &hinv, nil,
			func(i, j int) float64 { return eta * sigma2 / (S * (2 - eta*dt)) * hinv.At(i, j) }},
	} {
		e := tc.pe
		e.Surface, e.Eta, e.S, e.Dt, e.Particles, e.Seed = q, eta, S, dt, 20000, 7
		res, err := e.Run(200)
		if err != nil {
			t.Fatal(err)
		}
		got := sampleCov(res)
		var m, ph, pb, qm mat.Dense
		ph.Mul(tc.p, h)
		m.Scale(-eta*dt, &ph)
		m.Add(&m, mat.NewDense(2, 2, []float64{1, 0, 0, 1}))
		if tc.b != nil {
			pb.Mul(tc.p, tc.b)
			qm.Mul(&pb, pb.T())
		} else { // C = σ²H, so PCPᵀ = σ²H⁻¹
			qm.Scale(sigma2, &hinv)
		}
		qm.Scale(eta*eta*dt/S, &qm)
		want := discreteLyapunov(t, &m, &qm)
		scale := math.Sqrt(want[0][0] * want[1][1])
		for _, ij := range [][2]int{{0, 0}, {0, 1}, {1, 1}} {
			i, j := ij[0], ij[1]
			// 20 000 particles: relative standard error ≈ 1%.
			if d := math.Abs(got[i][j] - want[i][j]); d > 0.03*scale {
				t.Errorf("%s: Σ[%d,%d] = %.5f, want discrete Lyapunov %.5f", tc.name, i, j, got[i][j], want[i][j])
			}
			if tc.form != nil && math.Abs(tc.form(i, j)-want[i][j]) > 1e-12 {
				t.Errorf("%s: discrete Lyapunov %v disagrees with the closed form %v", tc.name, want[i][j], tc.form(i, j))
			}
		}
		t.Logf("%s: Σ = %.5f, Lyapunov %.5f", tc.name, got, want)
	}
}

// tiltBowl is the bowl L = ½|x|² with the state-dependent scalar Fisher
// information F = f(x₀)·I, f = 1 + ½·tanh(x₀): larger for x₀ > 0.
type tiltBowl struct{}

func (tiltBowl) Dim() int                 { return 2 }
func (tiltBowl) Loss(x []float64) float64 { return (x[0]*x[0] + x[1]*x[1]) / 2 }
func (tiltBowl) Grad(dst, x []float64)    { dst[0], dst[1] = x[0], x[1] }
func (tiltBowl) f(x0 float64) float64     { return 1 + math.Tanh(x0)/2 }
func (t tiltBowl) Fisher(dst *mat.SymDense, x []float64) {
	dst.SetSym(0, 0, t.f(x[0]))
	dst.SetSym(0, 1, 0)
	dst.SetSym(1, 1, t.f(x[0]))
}

// TestNaturalTilt: natural-gradient SGD with Fisher noise C = σ²F and a
// state-dependent scalar F = f·I has stationary density f·exp(−2L/T),
// T = ησ²/S (the Itô term ∇·D tilts it towards large f), not the Boltzmann
// density exp(−2L/T), whose mean is 0. The mean of x₀ is checked against
// the quadrature of x₀·f·exp(−x₀²/T).
func TestNaturalTilt(t *testing.T) {
	const eta, S, sigma2, dt = 0.1, 1, 5.0, 0.5
	T := eta * sigma2 / S
	var tl tiltBowl
	num := gl.Fixed(func(x float64) float64 { return x * tl.f(x) * math.Exp(-x*x/T) }, -6, 6, 2000, nil, 0)
	den := gl.Fixed(func(x float64) float64 { return tl.f(x) * math.Exp(-x*x/T) }, -6, 6, 2000, nil, 0)
	want := num / den
	res, err := langevin.Preconditioned{P: landscape.Natural(tl), Ensemble: langevin.Ensemble{
		Surface: tl, Eta: eta, S: S, Noise: langevin.FisherNoise(tl, sigma2), Dt: dt, Particles: 10000, Seed: 4,
	}}.Run(400)
	if err != nil {
		t.Fatal(err)
	}
	last := len(res.Steps) - 1
	got := res.Mean[last][0]
	se := math.Sqrt(res.Var[last][0] / float64(res.Particles))
	t.Logf("E[x₀]: natural-gradient SGD %.4f ± %.4f, f·exp(−2L/T) %.4f, exp(−2L/T) 0", got, se, want)
	if math.Abs(got-want) > 4*se+0.005 {
		t.Errorf("E[x₀] = %v, want %v within 4 s.e. + 0.005 (the O(η·Dt) bias)", got, want)
	}
}

func TestPreconditionedDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	w := landscape.DoubleWell2D{
		XA: []float64{-0.4, 0}, LA: 0, HA: mat.NewSymDense(2, []float64{4, 1, 1, 3}),
		XB: []float64{0.4, 0}, LB: 0.02, HB: mat.NewSymDense(2, []float64{1, 0, 0, 2}),
	}
	var runs [2]*langevin.Result
	for p := 1; p <= 2; p++ {
		runtime.GOMAXPROCS(p)
		var err error
		runs[p-1], err = langevin.Preconditioned{P: landscape.Natural(w), Ensemble: langevin.Ensemble{
			Surface: w, Eta: 0.05, S: 1, Noise: langevin.FisherNoise(w, 2), Particles: 300, Seed: 5, Every: 50,
		}}.Run(200)
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, v := range runs[0].X {
		if v != runs[1].X[i] {
			t.Fatalf("X[%d] = %v with 1 goroutine, %v with 2", i, v, runs[1].X[i])
		}
	}
}

func TestPreconditionedErrors(t *testing.T) {
	q := landscape.Quadratic{H: mat.NewSymDense(2, []float64{1, 0, 0, 1}), Center: []float64{0, 0}}
	q3 := landscape.Quadratic{H: mat.NewSymDense(3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}), Center: make([]float64, 3)}
	base := langevin.Ensemble{Surface: q, Eta: 0.1, S: 1, Particles: 10}
	for _, tc := range []struct {
		p    langevin.Preconditioned
		want string
	}{
		{langevin.Preconditioned{Ensemble: base, P: landscape.Fixed(mat.NewDense(3, 3, nil))}, "P is 3×3: want 2×2"},
		{langevin.Preconditioned{Ensemble: base, P: landscape.Fixed(mat.NewDense(2, 2, []float64{1, math.Inf(1), 0, 1}))}, "P: landscape: Fixed: p[0,1] = +Inf: want finite"},
		{langevin.Preconditioned{Ensemble: base, P: landscape.Natural(nil)}, "P: landscape: Natural: f is nil"},
		{langevin.Preconditioned{Ensemble: base, P: landscape.Natural(q3)}, "P is Natural of a 3-D model: want 2-D"},
		{langevin.Preconditioned{Ensemble: langevin.Ensemble{Surface: q, Eta: 0.1, S: 1, Particles: 10, Noise: langevin.Noise{B: mat.NewDense(2, 3, nil)}}, P: landscape.Natural(q)}, "Noise.B is 2×3: want a square noise factor"},
		{langevin.Preconditioned{Ensemble: langevin.Ensemble{Surface: q, Eta: -1, S: 1, Particles: 10}, P: landscape.Natural(q)}, "Eta = -1: want"},
	} {
		_, err := tc.p.Run(10)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "langevin: Preconditioned.Run: ") {
			t.Errorf("error = %v, want one mentioning %q", err, tc.want)
		}
	}
}

// TestZeroPreconditionerIsPlainSGD: the zero P is the identity, so the
// chain is Ensemble.Run's, bit for bit.
func TestZeroPreconditionerIsPlainSGD(t *testing.T) {
	q := landscape.Quadratic{H: mat.NewSymDense(2, []float64{2, 0.5, 0.5, 1}), Center: []float64{0, 0}}
	e := langevin.Ensemble{Surface: q, Eta: 0.1, S: 2, Noise: langevin.Noise{Sigma: 1}, Particles: 50, Seed: 3}
	plain, err := e.Run(20)
	if err != nil {
		t.Fatal(err)
	}
	pre, err := langevin.Preconditioned{Ensemble: e}.Run(20)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range plain.X {
		if pre.X[i] != v {
			t.Fatalf("X[%d] = %v with the zero P, %v with Ensemble.Run", i, pre.X[i], v)
		}
	}
}

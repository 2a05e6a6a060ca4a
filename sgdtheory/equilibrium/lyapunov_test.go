package equilibrium_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/equilibrium"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// randSPD returns a random symmetric positive definite n×n matrix with
// eigenvalues spread over [lo, hi] in a random basis.
func randSPD(n int, lo, hi float64, seed uint64) *mat.SymDense {
	r := rand.New(rand.NewPCG(seed, 1))
	g := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			g.Set(i, j, r.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	a := mat.NewSymDense(n, nil)
	for k := 0; k < n; k++ {
		l := lo
		if n > 1 {
			l = lo * math.Pow(hi/lo, float64(k)/float64(n-1))
		}
		v := mat.NewVecDense(n, mat.Col(nil, k, &q))
		a.SymRankOne(a, l, v)
	}
	return a
}

// kronSolve is the independent reference: vec(AΣ + ΣA − aAΣA) =
// (A⊗I + I⊗A − a·A⊗A) vec Σ, solved as one n²×n² linear system.
func kronSolve(A, Q mat.Symmetric, a float64) *mat.Dense {
	n := A.SymmetricDim()
	I := mat.NewDiagDense(n, nil)
	for i := 0; i < n; i++ {
		I.SetDiag(i, 1)
	}
	var ai, ia, aa, M mat.Dense
	ai.Kronecker(A, I)
	ia.Kronecker(I, A)
	aa.Kronecker(A, A)
	aa.Scale(-a, &aa)
	M.Add(&ai, &ia)
	M.Add(&M, &aa)
	q := mat.NewVecDense(n*n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			q.SetVec(i*n+j, Q.At(i, j))
		}
	}
	var v mat.VecDense
	if err := v.SolveVec(&M, q); err != nil {
		panic(err)
	}
	return mat.NewDense(n, n, v.RawVector().Data)
}

func maxRelDiff(a, b mat.Matrix) float64 {
	var d mat.Dense
	d.Sub(a, b)
	return mat.Norm(&d, math.Inf(1)) / mat.Norm(b, math.Inf(1))
}

func TestLyapunovAgainstKronecker(t *testing.T) {
	for _, tc := range []struct {
		n      int
		lo, hi float64
	}{{1, 2, 2}, {2, 0.5, 3}, {5, 0.01, 10}, {12, 1e-3, 100}} {
		A := randSPD(tc.n, tc.lo, tc.hi, uint64(tc.n))
		Q := randSPD(tc.n, 0.1, 1, uint64(100+tc.n))
		got, err := equilibrium.Lyapunov(A, Q)
		if err != nil {
			t.Fatal(err)
		}
		want := kronSolve(A, Q, 0)
		if d := maxRelDiff(got, want); d > 1e-9 {
			t.Errorf("n=%d: Lyapunov differs from the Kronecker solve by %g (relative)", tc.n, d)
		}
		// The residual AΣ + ΣA − Q.
		var r, s mat.Dense
		r.Mul(A, got)
		s.Mul(got, A)
		r.Add(&r, &s)
		if d := maxRelDiff(&r, Q); d > 1e-9 {
			t.Errorf("n=%d: residual %g", tc.n, d)
		}
	}
}

func TestStationaryCovDiscrete(t *testing.T) {
	const eta, S = 0.15, 4
	H := randSPD(6, 0.05, 12, 7) // η·λ_max = 1.8: far from the continuum
	C := randSPD(6, 0.2, 5, 8)
	for _, dt := range []float64{0, 0.3, 1} {
		got, err := equilibrium.StationaryCov(H, C, eta, S, dt)
		if err != nil {
			t.Fatal(err)
		}
		Q := mat.NewSymDense(6, nil)
		Q.ScaleSym(eta/S, C)
		if d := maxRelDiff(got, kronSolve(H, Q, eta*dt)); d > 1e-9 {
			t.Errorf("dt=%v: StationaryCov differs from the Kronecker solve by %g", dt, d)
		}
	}
	// dt = 1 against iterating Σ ← (I−ηH)Σ(I−ηH) + (η²/S)C to its fixed point.
	M := mat.NewDense(6, 6, nil)
	for i := 0; i < 6; i++ {
		for j := 0; j < 6; j++ {
			d := 0.0
			if i == j {
				d = 1
			}
			M.Set(i, j, d-eta*H.At(i, j))
		}
	}
	sigma := mat.NewDense(6, 6, nil)
	for k := 0; k < 20000; k++ {
		var t1, t2 mat.Dense
		t1.Mul(M, sigma)
		t2.Mul(&t1, M)
		for i := 0; i < 6; i++ {
			for j := 0; j < 6; j++ {
				t2.Set(i, j, t2.At(i, j)+eta*eta/S*C.At(i, j))
			}
		}
		sigma = &t2
	}
	got, _ := equilibrium.StationaryCov(H, C, eta, S, 1)
	if d := maxRelDiff(got, sigma); d > 1e-8 {
		t.Errorf("dt=1: StationaryCov differs from the iterated recursion by %g", d)
	}
}

func TestStationaryCovClosedForms(t *testing.T) {
	const eta, S, sigma2 = 0.05, 8, 3.0
	H := randSPD(4, 0.1, 5, 3)
	// Isotropic noise: Σ = (ησ²/2S)H⁻¹.
	iso := mat.NewSymDense(4, nil)
	for i := 0; i < 4; i++ {
		iso.SetSym(i, i, sigma2)
	}
	got, err := equilibrium.StationaryCov(H, iso, eta, S, 0)
	if err != nil {
		t.Fatal(err)
	}
	var hinv mat.Dense
	if err := hinv.Inverse(H); err != nil {
		t.Fatal(err)
	}
	hinv.Scale(eta*sigma2/(2*S), &hinv)
	if d := maxRelDiff(got, &hinv); d > 1e-9 {
		t.Errorf("C = σ²I: Σ differs from (ησ²/2S)H⁻¹ by %g", d)
	}
	// C = H: Σ = (η/2S)I, so ½Tr(HΣ) = (η/4S)Tr H.
	got, err = equilibrium.StationaryCov(H, H, eta, S, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			want := 0.0
			if i == j {
				want = eta / (2 * S)
			}
			if math.Abs(got.At(i, j)-want) > 1e-12 {
				t.Errorf("C = H: Σ[%d,%d] = %v, want %v", i, j, got.At(i, j), want)
			}
		}
	}
	// One dimension: langevin.OUVariance, continuum and SGD.
	for _, dt := range []float64{0, 0.5, 1} {
		h := mat.NewSymDense(1, []float64{7})
		c := mat.NewSymDense(1, []float64{sigma2})
		got, err := equilibrium.StationaryCov(h, c, eta, S, dt)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := langevin.OUVariance(eta, 7, sigma2, S, dt)
		if math.Abs(got.At(0, 0)/want-1) > 1e-12 {
			t.Errorf("1-D dt=%v: %v, OUVariance %v", dt, got.At(0, 0), want)
		}
	}
}

func TestLyapunovErrors(t *testing.T) {
	good := randSPD(3, 1, 2, 1)
	indef := mat.NewSymDense(2, []float64{1, 0, 0, -1})
	nan := mat.NewSymDense(2, []float64{1, math.NaN(), math.NaN(), 1})
	two := randSPD(2, 1, 2, 1)
	for _, tc := range []struct {
		run  func() error
		want string
	}{
		{func() error { _, err := equilibrium.Lyapunov(indef, randSPD(2, 1, 2, 1)); return err }, "equilibrium: Lyapunov: A has eigenvalue -1: want positive definite"},
		{func() error { _, err := equilibrium.Lyapunov(good, two); return err }, "equilibrium: Lyapunov: Q is 2×2: want 3×3 like A"},
		{func() error { _, err := equilibrium.Lyapunov(nan, two); return err }, "equilibrium: Lyapunov: A[0,1] = NaN: want finite"},
		{func() error { _, err := equilibrium.Lyapunov(two, nan); return err }, "equilibrium: Lyapunov: Q[0,1] = NaN: want finite"},
		{func() error { _, err := equilibrium.Lyapunov(nil, two); return err }, "equilibrium: Lyapunov: A is nil"},
		{func() error { _, err := equilibrium.StationaryCov(good, good, 0, 1, 0); return err }, "equilibrium: StationaryCov: eta = 0: want"},
		{func() error { _, err := equilibrium.StationaryCov(good, good, 0.1, 0, 0); return err }, "equilibrium: StationaryCov: S = 0: want"},
		{func() error { _, err := equilibrium.StationaryCov(good, good, 0.1, 1, -1); return err }, "equilibrium: StationaryCov: dt = -1: want"},
		{func() error { _, err := equilibrium.StationaryCov(good, good, 1.5, 1, 1); return err }, "equilibrium: StationaryCov: eta·dt = 1.5: want < "},
		{func() error { _, err := equilibrium.StationaryCov(good, good, 1.5, 1, 1); return err }, "the recursion diverges"},
		{func() error { _, err := equilibrium.StationaryCov(good, two, 0.1, 1, 1); return err }, "equilibrium: StationaryCov: C is 2×2: want 3×3 like H"},
		{func() error { _, err := equilibrium.StationaryCov(good, nil, 0.1, 1, 1); return err }, "equilibrium: StationaryCov: C is nil"},
	} {
		err := tc.run()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one mentioning %q", err, tc.want)
		}
	}
}

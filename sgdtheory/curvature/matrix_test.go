package curvature

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// withSpectrum returns Q·diag(eig)·Qᵀ for a random orthogonal Q (the Q
// factor of a Gaussian matrix), a symmetric matrix of known spectrum.
func withSpectrum(eig []float64, seed uint64) *mat.SymDense {
	n := len(eig)
	r := rand.New(rand.NewPCG(seed, 1))
	g := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			g.Set(i, j, r.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var Q mat.Dense
	qr.QTo(&Q)
	a := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			var s float64
			for k := range n {
				s += Q.At(i, k) * eig[k] * Q.At(j, k)
			}
			a.SetSym(i, j, s)
		}
	}
	return a
}

// randomSym returns a symmetric matrix with standard normal entries.
func randomSym(n int, seed uint64) *mat.SymDense {
	r := rand.New(rand.NewPCG(seed, 3))
	a := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			a.SetSym(i, j, r.NormFloat64())
		}
	}
	return a
}

// topEigen returns the eigenvalues of a in decreasing order (the reference).
func topEigen(a mat.Symmetric) []float64 {
	var e mat.EigenSym
	if !e.Factorize(a, false) {
		panic("EigenSym failed")
	}
	v := e.Values(nil)
	for i, j := 0, len(v)-1; i < j; i, j = i+1, j-1 {
		v[i], v[j] = v[j], v[i]
	}
	return v
}

func geometric(n int, first, ratio float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = first * math.Pow(ratio, float64(i))
	}
	return v
}

// TestLanczosMatrices compares the top K Ritz values with mat.EigenSym on
// matrices of known or reference spectrum. Tolerance 1e-8 relative to the
// spectral radius: with Tol 1e-10 the residual bounds the error, and the
// reference is itself accurate to ~1e-14.
func TestLanczosMatrices(t *testing.T) {
	for _, tc := range []struct {
		name  string
		a     *mat.SymDense
		k     int
		steps int
	}{
		{"SPD decaying spectrum (Hessian-like)", withSpectrum(geometric(60, 10, 0.8), 1), 5, 60},
		{"indefinite, large negative eigenvalue", withSpectrum(append([]float64{-50, 3, 2.5, 2}, geometric(36, 1, 0.9)...), 2), 3, 40},
		// Three distinct eigenvalues: the Krylov space closes after 3 steps and
		// restarts find the multiplicity.
		{"repeated eigenvalues (7 three times)", withSpectrum([]float64{7, 7, 7, 5, 1, 1, 1, 1, 1, 1}, 3), 5, 10},
		{"random symmetric (Wigner)", randomSym(50, 4), 3, 50},
		{"diagonal", mat.NewSymDense(4, []float64{1, 0, 0, 0, 0, -2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0.5}), 2, 4},
		{"1×1", mat.NewSymDense(1, []float64{-4}), 1, 1},
		{"zero", mat.NewSymDense(5, nil), 2, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.a.SymmetricDim()
			r, err := Lanczos{K: tc.k, Steps: tc.steps, Tol: 1e-10, Seed: 5}.Top(Matrix(tc.a), n)
			if err != nil {
				t.Fatal(err)
			}
			want := topEigen(tc.a)
			scale := math.Max(1, math.Max(math.Abs(want[0]), math.Abs(want[n-1])))
			for i := range tc.k {
				if math.Abs(r.Values[i]-want[i]) > 1e-8*scale {
					t.Errorf("λ_%d = %.12g, EigenSym %.12g (residual %.3g, %d steps)", i+1, r.Values[i], want[i], r.Residuals[i], r.Steps)
				}
				// Ritz vectors are unit eigenvectors.
				y := r.Vectors.ColView(i)
				var ay mat.VecDense
				ay.MulVec(tc.a, y)
				ay.AddScaledVec(&ay, -r.Values[i], y)
				if nrm := mat.Norm(y, 2); math.Abs(nrm-1) > 1e-10 || mat.Norm(&ay, 2) > 1e-7*scale {
					t.Errorf("Ritz vector %d: norm %v, ‖Ay − λy‖ = %.3g", i, nrm, mat.Norm(&ay, 2))
				}
			}
			if !r.Converged {
				t.Errorf("not converged after %d steps", r.Steps)
			}
		})
	}
}

// TestLanczosFewSteps checks that a well separated top eigenvalue converges
// in far fewer products than the dimension, as the doc claims.
func TestLanczosFewSteps(t *testing.T) {
	a := withSpectrum(append([]float64{10}, geometric(199, 5, 0.97)...), 6)
	r, err := Lanczos{K: 1, Seed: 1}.Top(Matrix(a), 200)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Converged || r.Steps > 30 || math.Abs(r.Values[0]-10) > 1e-8 {
		t.Errorf("λ_max = %.10g after %d steps (converged %v), want 10 within 30 steps", r.Values[0], r.Steps, r.Converged)
	}
	p, _ := Power{Seed: 1, Tol: 1e-10, Iters: 1000}.Dominant(Matrix(a), 200)
	t.Logf("Lanczos: %d products; power iteration: %d products (λ = %.8g)", r.Steps, p.Iters, p.Value)
}

// TestPowerPitfall shows what power iteration returns.
func TestPowerPitfall(t *testing.T) {
	spd := withSpectrum(append([]float64{6, 3}, geometric(18, 1, 0.8)...), 7)
	indef := withSpectrum(append([]float64{-8, 6, 3}, geometric(17, 1, 0.8)...), 8)
	pm := withSpectrum(append([]float64{4, -4}, geometric(18, 1, 0.8)...), 9)
	for _, tc := range []struct {
		name       string
		a          *mat.SymDense
		wantPower  float64 // NaN: no eigenvalue
		wantLambda float64
	}{
		{"minimum (positive definite): agree", spd, 6, 6},
		{"saddle: power gives the negative eigenvalue", indef, -8, 6},
		{"±4: power gives no eigenvalue at all", pm, math.NaN(), 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Power{Seed: 3}.Dominant(Matrix(tc.a), 20)
			if err != nil {
				t.Fatal(err)
			}
			l, _ := Lanczos{Seed: 3}.Top(Matrix(tc.a), 20)
			if math.Abs(l.Values[0]-tc.wantLambda) > 1e-8 {
				t.Errorf("Lanczos λ_max = %v, want %v", l.Values[0], tc.wantLambda)
			}
			if math.IsNaN(tc.wantPower) {
				// The iterate keeps its start's mix a, b of the ±4
				// eigenvectors: the Rayleigh quotient 4(a²−b²)/(a²+b²) is
				// no eigenvalue (though it "converges"), and only the
				// residual, 8|ab|/(a²+b²), gives it away.
				if math.Abs(math.Abs(p.Value)-4) < 1e-2 || p.Residual < 0.1 {
					t.Errorf("power iteration = %v with residual %.3g: want a value away from ±4 and a large residual", p.Value, p.Residual)
				}
				return
			}
			if !p.Converged || math.Abs(p.Value-tc.wantPower) > 1e-4*math.Abs(tc.wantPower) {
				t.Errorf("power iteration = %v (converged %v), want %v", p.Value, p.Converged, tc.wantPower)
			}
		})
	}
}

// TestHutchinson checks the estimators against exact traces: the sample
// mean within 4 standard errors, and the standard error within 10% of its
// theoretical value √(2(‖H‖_F² − ΣHᵢᵢ²)/n).
func TestHutchinson(t *testing.T) {
	const n = 4000
	for _, tc := range []struct {
		name string
		a    *mat.SymDense
	}{
		{"random symmetric", randomSym(30, 11)},
		{"SPD", withSpectrum(geometric(30, 5, 0.85), 12)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dim := tc.a.SymmetricDim()
			var tr, fro2, diag2 float64
			for i := range dim {
				tr += tc.a.At(i, i)
				diag2 += tc.a.At(i, i) * tc.a.At(i, i)
				for j := range dim {
					fro2 += tc.a.At(i, j) * tc.a.At(i, j)
				}
			}
			hu := Hutchinson{Probes: n, Seed: 13}
			e, err := hu.Trace(Matrix(tc.a), dim)
			if err != nil {
				t.Fatal(err)
			}
			se := math.Sqrt(2 * (fro2 - diag2) / n)
			if math.Abs(e.Value-tr) > 4*se || math.Abs(e.StdErr/se-1) > 0.1 {
				t.Errorf("trace %v, exact %v; standard error %.4g, theory %.4g", e, tr, e.StdErr, se)
			}
			f, _ := hu.Frobenius(Matrix(tc.a), dim)
			if math.Abs(f.Value-math.Sqrt(fro2)) > 4*f.StdErr || f.StdErr > 0.05*f.Value {
				t.Errorf("‖H‖_F %v, exact %.5g", f, math.Sqrt(fro2))
			}
		})
	}
	d := mat.NewSymDense(3, []float64{2, 0, 0, 0, -1, 0, 0, 0, 5})
	if e, _ := (Hutchinson{Probes: 5}).Trace(Matrix(d), 3); e.Value != 6 || e.StdErr != 0 {
		t.Errorf("diagonal trace %v, want exactly 6 ± 0", e)
	}
	if f, _ := (Hutchinson{}).Frobenius(Matrix(mat.NewSymDense(2, nil)), 2); f.Value != 0 || f.StdErr != 0 {
		t.Errorf("‖0‖_F = %v, want 0 ± 0", f)
	}
}

// TestCentral checks the finite-difference product: exact for a quadratic
// up to rounding, and within its stated bound ‖v‖M₃h²/6 for Σ cos xᵢ
// (M₃ = 1).
func TestCentral(t *testing.T) {
	a := randomSym(10, 21)
	b := make([]float64, 10)
	for i := range b {
		b[i] = float64(i)
	}
	quad := func(dst, x []float64) {
		d := mat.NewVecDense(10, dst)
		d.MulVec(a, mat.NewVecDense(10, x))
		floats.Add(dst, b)
	}
	x := make([]float64, 10)
	for i := range x {
		x[i] = math.Sin(float64(i))
	}
	v := make([]float64, 10)
	for i := range v {
		v[i] = float64(i%3) - 1.5
	}
	got, want := make([]float64, 10), make([]float64, 10)
	Central(quad, x, 1e-3)(got, v)
	Matrix(a)(want, v)
	if d := floats.Distance(got, want, math.Inf(1)); d > 1e-9 {
		t.Errorf("quadratic: max error %.3g", d)
	}
	cos := func(dst, x []float64) {
		for i, xi := range x {
			dst[i] = -math.Sin(xi)
		}
	}
	for _, h := range []float64{1e-1, 1e-2, 1e-3} {
		Central(cos, x, h)(got, v)
		for i := range want {
			want[i] = -math.Cos(x[i]) * v[i]
		}
		bound := floats.Norm(v, 2)*h*h/6 + 1e-16/h*floats.Norm(v, 2)
		if d := floats.Distance(got, want, 2); d > bound {
			t.Errorf("Σcos, h = %g: error %.3g exceeds bound %.3g", h, d, bound)
		}
	}
}

func TestErrors(t *testing.T) {
	id := Matrix(mat.NewSymDense(3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}))
	errOf := func(_ any, err error) error { return err }
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errOf(Lanczos{}.Top(nil, 3)), "curvature: Lanczos.Top: h is nil"},
		{errOf(Lanczos{}.Top(id, 0)), "curvature: Lanczos.Top: dim = 0: want ≥ 1"},
		{errOf(Lanczos{K: 4}.Top(id, 3)), "curvature: Lanczos.Top: K = 4: want 1 to 3 (dim), or 0 for 1"},
		{errOf(Lanczos{K: 2, Steps: 1}.Top(id, 3)), "curvature: Lanczos.Top: Steps = 1: want 2 (K) to 3 (dim)"},
		{errOf(Lanczos{Tol: 2}.Top(id, 3)), "curvature: Lanczos.Top: Tol = 2: want 0 < Tol < 1"},
		{errOf(Power{Iters: -1}.Dominant(id, 3)), "curvature: Power.Dominant: Iters = -1: want ≥ 1"},
		{errOf(Power{Tol: -1}.Dominant(id, 3)), "curvature: Power.Dominant: Tol = -1: want 0 < Tol < 1"},
		{errOf(Hutchinson{Probes: 1}.Trace(id, 3)), "curvature: Hutchinson.Trace: Probes = 1: want ≥ 2"},
		{errOf(Hutchinson{}.Frobenius(id, -1)), "curvature: Hutchinson.Frobenius: dim = -1: want ≥ 1"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%v, want %q", tc.err, tc.want)
		}
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "curvature: Matrix: len(dst) = 2") {
			t.Errorf("Matrix with wrong lengths: panic %v", r)
		}
	}()
	id(make([]float64, 2), make([]float64, 3))
}

func TestDeterministic(t *testing.T) {
	a := Matrix(randomSym(20, 31))
	r1, _ := Lanczos{K: 2, Seed: 9}.Top(a, 20)
	r2, _ := Lanczos{K: 2, Seed: 9}.Top(a, 20)
	h1, _ := Hutchinson{Seed: 9}.Trace(a, 20)
	h2, _ := Hutchinson{Seed: 9}.Trace(a, 20)
	if !floats.Equal(r1.Values, r2.Values) || h1 != h2 {
		t.Error("same seed, different results")
	}
	if !scalar.EqualWithinAbs(r1.Values[0], topEigen(randomSym(20, 31))[0], 1e-8) {
		t.Error("Lanczos on the 20×20 matrix in 20 steps is not exact")
	}
}

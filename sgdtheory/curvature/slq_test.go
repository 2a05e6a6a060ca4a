package curvature

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// exactMoments returns tr(Aᵏ)/n for k = 1…4 from the eigenvalues of a.
func exactMoments(a mat.Symmetric) [5]float64 {
	var eig mat.EigenSym
	eig.Factorize(a, false)
	vals := eig.Values(nil)
	var m [5]float64
	for _, v := range vals {
		for k := 1; k <= 4; k++ {
			m[k] += math.Pow(v, float64(k)) / float64(len(vals))
		}
	}
	return m
}

// TestSLQMoments checks the SLQ moments against the exact ones from
// mat.EigenSym, on a matrix with a spread spectrum and on the Hessian of a
// small trained network built column by column: within 4 standard errors
// across starts (the quadrature itself is exact for these degrees).
func TestSLQMoments(t *testing.T) {
	s := blobs(60, 6, 3, 2)
	net := trained(t, []int{6, 5, 3}, s)
	H := denseHessian(net, s, allOf(s.Len()))
	for name, a := range map[string]*mat.SymDense{
		"matrix":  withSpectrum(append(geometric(40, 50, 0.8), -0.5, -2), 3),
		"network": H,
	} {
		n := a.SymmetricDim()
		sp, err := SLQ{Starts: 200, Steps: 20, Seed: 1}.Spectrum(Matrix(a), n)
		if err != nil {
			t.Fatal(err)
		}
		want := exactMoments(a)
		for k := 1; k <= 4; k++ {
			got, se := sp.Moment(k)
			if math.Abs(got-want[k]) > 4*se+1e-9*math.Abs(want[k]) {
				t.Errorf("%s: moment %d = %.6g ± %.2g, exact %.6g", name, k, got, se, want[k])
			}
		}
		// ‖H‖_F two ways: Hutchinson's E‖Hz‖², and n times SLQ's second moment.
		fro, err := Hutchinson{Probes: 2000, Seed: 6}.Frobenius(Matrix(a), n)
		if err != nil {
			t.Fatal(err)
		}
		if exact := math.Sqrt(float64(n) * want[2]); math.Abs(fro.Value-exact) > 4*fro.StdErr {
			t.Errorf("%s: Hutchinson ‖H‖_F = %v, exact %.6g", name, fro, exact)
		}
		for j, w := range sp.Weights {
			var sum float64
			for _, x := range w {
				sum += x
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Fatalf("%s: start %d: weights sum to %v, want 1", name, j, sum)
			}
		}
	}
}

// TestSLQDensity: the broadened density integrates to 1 and puts the mass
// of the zero eigenvalues (half of them, as dead units give) where the
// exact spectrum has it, to the Monte Carlo error of the starts.
func TestSLQDensity(t *testing.T) {
	eig := append(geometric(30, 20, 0.7), make([]float64, 30)...) // half the spectrum at 0, as dead units give
	a := withSpectrum(eig, 5)
	sp, err := SLQ{Starts: 100, Steps: 60, Seed: 2}.Spectrum(Matrix(a), 60)
	if err != nil {
		t.Fatal(err)
	}
	const lo, hi, n = -5.0, 25.0, 3001
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = lo + (hi-lo)*float64(i)/(n-1)
	}
	d, err := sp.Density(xs, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	var total, nearZero float64
	dx := (hi - lo) / (n - 1)
	for i, x := range xs {
		total += d[i] * dx
		if math.Abs(x) < 0.25 {
			nearZero += d[i] * dx
		}
	}
	if math.Abs(total-1) > 1e-3 {
		t.Errorf("density integrates to %.5f, want 1", total)
	}
	// Half the eigenvalues are 0; the geometric ones nearest 0 are 20·0.7²⁹ ≈ 6e-4, also within 0.25:
	// count them from the exact spectrum.
	var want float64
	for _, v := range eig {
		if math.Abs(v) < 0.25 {
			want++
		}
	}
	want /= float64(len(eig))
	// The yardstick: the spread across starts of each start's node mass
	// near 0; the broadening (σ = 0.05, 5σ inside the window) leaks < 1e-5.
	per := make([]float64, len(sp.Nodes))
	for j, nodes := range sp.Nodes {
		for i, x := range nodes {
			if math.Abs(x) < 0.25 {
				per[j] += sp.Weights[j][i]
			}
		}
	}
	se := stat.StdDev(per, nil) / math.Sqrt(float64(len(per)))
	if math.Abs(nearZero-want) > 4*se+1e-4 {
		t.Errorf("mass near 0: %.4f, exact fraction %.4f (4 s.e. = %.3f)", nearZero, want, 4*se)
	}
}

// TestLogDet compares the log determinant over the top K Ritz values of a
// trained network's Hessian with the sum of the logs of the K largest
// eigenvalues of the dense Hessian.
func TestLogDet(t *testing.T) {
	s := blobs(60, 6, 3, 2)
	net := trained(t, []int{6, 5, 3}, s)
	H := denseHessian(net, s, allOf(s.Len()))
	want := topEigen(H)
	const K = 5
	r, err := Lanczos{K: K, Tol: 1e-8, Steps: H.SymmetricDim(), Seed: 4}.Top(Matrix(H), H.SymmetricDim())
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.LogDet()
	if err != nil {
		t.Fatal(err)
	}
	var exact float64
	for _, v := range want[:K] {
		exact += math.Log(v)
	}
	if math.Abs(got-exact) > 1e-6 {
		t.Errorf("log det over the top %d = %.9g, exact %.9g", K, got, exact)
	}
}

func TestSLQErrors(t *testing.T) {
	id := Matrix(mat.NewSymDense(2, []float64{1, 0, 0, 1}))
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errOf(SLQ{}.Spectrum(nil, 2)), "SLQ.Spectrum: h is nil"},
		{errOf(SLQ{}.Spectrum(id, 0)), "SLQ.Spectrum: dim = 0"},
		{errOf(SLQ{Starts: -1}.Spectrum(id, 2)), "Starts = -1"},
		{errOf(SLQ{Steps: -1}.Spectrum(id, 2)), "Steps = -1"},
		{errOf(SLQ{}.Spectrum(func(dst, v []float64) { dst[0] = math.NaN() }, 2)), "SLQ.Spectrum: product 0"},
		{errOf((&Ritz{Values: []float64{2, 1}}).LogDet()), "did not converge"},
		{errOf((&Ritz{Values: []float64{2, -1}, Converged: true}).LogDet()), "Values[1] = -1: want > 0"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%v, want an error mentioning %q", tc.err, tc.want)
		}
	}
	sp, _ := SLQ{Starts: 1}.Spectrum(id, 2)
	if _, err := sp.Density([]float64{0}, 0); err == nil {
		t.Error("Density with sigma = 0: no error")
	}
}

func errOf[T any](_ T, err error) error { return err }

func allOf(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

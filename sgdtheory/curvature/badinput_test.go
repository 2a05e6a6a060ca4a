package curvature

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// diag returns the diagonal matrix with the given entries.
func diag(d ...float64) *mat.SymDense {
	a := mat.NewSymDense(len(d), nil)
	for i, v := range d {
		a.SetSym(i, i, v)
	}
	return a
}

// TestLanczosRepeatedTop checks that a repeated top eigenvalue is returned
// as often as it occurs: diag(5, 5, 3, 1, …) has top two eigenvalues 5 and
// 5, whether the Krylov space closes (a tail of zeros or ones, as dead
// units give) and Lanczos restarts, or not (a tail of distinct values).
func TestLanczosRepeatedTop(t *testing.T) {
	for _, n := range []int{4, 8, 40, 300} {
		for _, tail := range []string{"zeros", "ones", "distinct"} {
			d := make([]float64, n)
			copy(d, []float64{5, 5, 3, 1})
			for i := 4; i < n; i++ {
				switch tail {
				case "ones":
					d[i] = 1
				case "distinct":
					d[i] = 0.9 * math.Pow(0.8, float64(i))
				}
			}
			for _, K := range []int{1, 2, 3} {
				want := []float64{5, 5, 3}[:K]
				for seed := range uint64(3) {
					r, err := Lanczos{K: K, Seed: seed}.Top(Matrix(diag(d...)), n)
					if err != nil {
						t.Fatal(err)
					}
					for i, w := range want {
						if math.Abs(r.Values[i]-w) > 1e-6 {
							t.Errorf("n = %d, tail of %s, K = %d, seed %d: values %v, want %v", n, tail, K, seed, r.Values, want)
							break
						}
					}
					if !r.Converged {
						t.Errorf("n = %d, tail of %s, K = %d, seed %d: not converged after %d products", n, tail, K, seed, r.Steps)
					}
				}
			}
		}
	}
	// A triple top eigenvalue and a double second.
	a := withSpectrum([]float64{9, 9, 9, 4, 4, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 41)
	r, err := Lanczos{K: 5, Seed: 2}.Top(Matrix(a), 20)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range []float64{9, 9, 9, 4, 4} {
		if math.Abs(r.Values[i]-w) > 1e-8 || !r.Converged {
			t.Fatalf("values %v (converged %v), want 9, 9, 9, 4, 4", r.Values, r.Converged)
		}
	}
}

// TestNonFiniteProducts checks that a NaN or infinite product, or a panic
// in the product, is an error naming the product, never a converged value.
func TestNonFiniteProducts(t *testing.T) {
	fill := func(x float64, after int) func() HVP {
		return func() HVP {
			calls := 0
			return func(dst, v []float64) {
				calls++
				copy(dst, v)
				if calls > after {
					dst[1] = x
				}
			}
		}
	}
	fixed := func(h HVP) func() HVP { return func() HVP { return h } }
	for _, tc := range []struct {
		name string
		h    func() HVP
		want string
	}{
		{"NaN at once", fill(math.NaN(), 0), "product 1 with H has (H·v)[1] = NaN: want finite"},
		{"NaN later", fill(math.NaN(), 1), "product 2 with H has (H·v)[1] = NaN: want finite"},
		{"+Inf", fill(math.Inf(1), 0), "(H·v)[1] = +Inf: want finite"},
		{"wrong dimension", fixed(Matrix(diag(1, 2, 3))), "panic: curvature: Matrix: len(dst) = 5, len(v) = 5: want 3"},
		{"nil grad", fixed(Central(nil, make([]float64, 5), 1e-3)), "panic: curvature: Central: grad is nil"},
		{"bad step", fixed(Central(func(dst, x []float64) { copy(dst, x) }, make([]float64, 5), -1)), "panic: curvature: Central: h = -1: want a finite step > 0"},
	} {
		_, errL := Lanczos{K: 2}.Top(tc.h(), 5)
		_, errP := Power{}.Dominant(tc.h(), 5)
		_, errT := Hutchinson{}.Trace(tc.h(), 5)
		_, errF := Hutchinson{}.Frobenius(tc.h(), 5)
		for alg, err := range map[string]error{"Lanczos.Top": errL, "Power.Dominant": errP, "Hutchinson.Trace": errT, "Hutchinson.Frobenius": errF} {
			if err == nil || !strings.HasPrefix(err.Error(), "curvature: "+alg+": ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s, %s: %v, want %q", tc.name, alg, err, tc.want)
			}
		}
	}
	if _, err := (Lanczos{}).Top(Matrix(nil), 3); err == nil || !strings.Contains(err.Error(), "curvature: Lanczos.Top: h is nil") {
		t.Errorf("Matrix(nil): %v", err)
	}
}

// TestNetBadInput checks LambdaMax and the network products on a set with
// a label out of range, and on a network whose loss overflows to NaN.
func TestNetBadInput(t *testing.T) {
	s := blobs(200, 6, 3, 1)
	net, _ := mlp.New([]int{6, 8, 3}, 1)
	if v, err := LambdaMax(net, s, 1); err != nil || !(v > 0) {
		t.Fatalf("good input: λ_max = %v, %v", v, err)
	}
	bad := blobs(200, 6, 3, 1)
	bad.Y[7] = 3
	if _, err := LambdaMax(net, bad, 1); err == nil || !strings.Contains(err.Error(), "curvature: LambdaMax: data: Set.Validate: label Y[7] = 3: want 0 to 2") {
		t.Errorf("LambdaMax with label 3: %v", err)
	}
	if _, err := Exact(net, bad, []int{1, 7}); err == nil || !strings.Contains(err.Error(), "curvature: Exact: mlp: Net.HessVec: data: Set.Validate: label Y[7] = 3") {
		t.Errorf("Exact with label 3: %v", err)
	}
	if _, err := FiniteDiff(net, bad, []int{7}, 0); err == nil || !strings.Contains(err.Error(), "curvature: FiniteDiff: mlp: Net.Grad: data: Set.Validate: label Y[7] = 3") {
		t.Errorf("FiniteDiff with label 3: %v", err)
	}
	huge := net.Params()
	for i := range huge {
		huge[i] = 3e37
	}
	blown := net.Clone()
	if err := blown.SetParams(huge); err != nil {
		t.Fatal(err)
	}
	if v, err := LambdaMax(blown, s, 1); err == nil || !strings.HasPrefix(err.Error(), "curvature: LambdaMax: product ") || !strings.Contains(err.Error(), "want finite") {
		t.Errorf("λ_max of a network whose loss overflows: %v, %v; want an error", v, err)
	}
}

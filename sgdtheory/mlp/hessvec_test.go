package mlp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// TestHessVecFullHessian builds the Hessian of tiny nets column by column,
// H e_j, and compares it with second-order central differences of the
// float64 reference loss (step 1e-4: truncation and rounding errors both
// ≈ 1e-8, far from every ReLU kink once the biases are nonzero). The tolerance, 1e-5 of
// the largest entry, covers float32 rounding in the network.
func TestHessVecFullHessian(t *testing.T) {
	for _, widths := range [][]int{{4, 3, 2}, {4, 3, 3, 2}, {5, 4, 3, 3}} {
		t.Run(fmt.Sprint(widths), func(t *testing.T) {
			n, _ := New(widths, 11)
			// Zero biases put the pre-activation of an example whose inputs
			// to a layer are all zero exactly on the ReLU kink; move them off.
			theta := n.Params()
			for l := range len(widths) - 1 {
				for j := range widths[l+1] {
					theta[n.woff[l]+widths[l]*widths[l+1]+j] = 0.1 * float64(j+1)
				}
			}
			n.SetParams(theta)
			s := randomSet(12, widths[0], widths[len(widths)-1], 12)
			idx := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
			P := n.NumParams()
			H := mat.NewDense(P, P, nil)
			e, col := make([]float64, P), make([]float64, P)
			for j := range P {
				e[j] = 1
				if err := n.HessVec(col, e, s, idx); err != nil {
					t.Fatal(err)
				}
				e[j] = 0
				H.SetCol(j, col)
			}
			var want mat.SymDense
			fd.Hessian(&want, func(p []float64) float64 { return refLoss(widths, p, s, idx) },
				n.Params(), &fd.Settings{Formula: fd.Central, Step: 1e-4})
			scale := mat.Norm(&want, math.Inf(1)) // a norm ≥ the largest entry
			if scale < 0.05 {
				t.Fatalf("reference Hessian is too small (‖H‖∞ = %g) to test anything", scale)
			}
			var worst, asym float64
			for i := range P {
				for j := range P {
					worst = max(worst, math.Abs(H.At(i, j)-want.At(i, j)))
					asym = max(asym, math.Abs(H.At(i, j)-H.At(j, i)))
				}
			}
			t.Logf("max |H − H_fd| = %.3g, max |H − Hᵀ| = %.3g, ‖H‖∞ = %.3g", worst, asym, scale)
			if worst > 1e-5*scale || asym > 1e-6*scale {
				t.Errorf("max |H − H_fd| = %.3g, max |H − Hᵀ| = %.3g, ‖H‖∞ = %.3g", worst, asym, scale)
			}
		})
	}
}

// TestHessVecLargeSample checks the sharding and chunking of a sample bigger
// than two shards of hvRows: the product must be the example-weighted mean
// of the products on its parts (up to float32 rounding), and bit-identical
// whatever GOMAXPROCS.
func TestHessVecLargeSample(t *testing.T) {
	n, _ := New([]int{12, 10, 8, 4}, 21)
	s := randomSet(1500, 12, 4, 22)
	idx := make([]int, 1300) // 2 shards of 650, each in 2 chunks
	for i := range idx {
		idx[i] = (i * 7) % s.Len()
	}
	r := rand.New(rand.NewPCG(1, 2))
	v := make([]float64, n.NumParams())
	for i := range v {
		v[i] = r.NormFloat64()
	}
	hs := map[int][]float64{}
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		h := make([]float64, len(v))
		err := n.HessVec(h, v, s, idx)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		hs[procs] = h
	}
	if !slices.Equal(hs[1], hs[2]) || !slices.Equal(hs[1], hs[3]) {
		t.Error("HessVec depends on GOMAXPROCS")
	}
	want := make([]float64, len(v))
	part := make([]float64, len(v))
	for lo := 0; lo < len(idx); lo += 100 {
		if err := n.HessVec(part, v, s, idx[lo:lo+100]); err != nil {
			t.Fatal(err)
		}
		floats.AddScaled(want, 100/float64(len(idx)), part)
	}
	if d, nrm := floats.Distance(hs[1], want, 2), floats.Norm(want, 2); d > 1e-5*nrm || nrm == 0 {
		t.Errorf("‖Hv − mean of parts‖ = %.3g, ‖Hv‖ = %.3g", d, nrm)
	}
}

func TestHessVecErrors(t *testing.T) {
	n, _ := New([]int{4, 3}, 1)
	s := randomSet(5, 4, 3, 1)
	ok := make([]float64, 15)
	for _, tc := range []struct {
		name      string
		dst, v    []float64
		idx       []int
		wantError string
	}{
		{"dst", ok[:3], ok, []int{0}, "mlp: Net.HessVec: len(dst) = 3: want NumParams() = 15"},
		{"v", ok, make([]float64, 16), []int{0}, "mlp: Net.HessVec: len(v) = 16: want NumParams() = 15"},
		{"idx", ok, ok, []int{7}, "mlp: Net.HessVec: idx[0] = 7: want 0 to 4"},
		{"empty", ok, ok, []int{}, "mlp: Net.HessVec: len(idx) = 0: want ≥ 1"},
		{"nil", ok, ok, nil, "mlp: Net.HessVec: len(idx) = 0: want ≥ 1"},
	} {
		err := n.HessVec(tc.dst, tc.v, s, tc.idx)
		if err == nil || !strings.Contains(err.Error(), tc.wantError) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.wantError)
		}
	}
}

// BenchmarkHessVec compares a Hessian-vector product with a gradient on the
// same 2048 examples; the ratio of the two ns/op is the cost of an HVP in
// gradients (expected 2–2.7, see HessVec).
func BenchmarkHessVec(b *testing.B) {
	s := randomSet(2048, 784, 10, 1)
	idx := make([]int, s.Len())
	for i := range idx {
		idx[i] = i
	}
	for _, widths := range [][]int{{784, 64, 10}, {784, 256, 256, 256, 10}} {
		n, _ := New(widths, 1)
		name := fmt.Sprint(widths)
		b.Run("Grad"+name, func(b *testing.B) {
			g := make([]float32, n.NumParams())
			for b.Loop() {
				n.Grad32(g, s, idx)
			}
		})
		b.Run("HessVec"+name, func(b *testing.B) {
			v, h := make([]float64, n.NumParams()), make([]float64, n.NumParams())
			for i := range v {
				v[i] = 1
			}
			for b.Loop() {
				n.HessVec(h, v, s, idx)
			}
		})
	}
}

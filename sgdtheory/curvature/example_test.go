package curvature_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/curvature"
)

// At a saddle, power iteration finds the eigenvalue of largest magnitude —
// here −5 — while Lanczos finds the largest, 3.
func ExamplePower_Dominant() {
	H := mat.NewSymDense(3, []float64{
		3, 0, 0,
		0, 1, 0,
		0, 0, -5,
	})
	p, _ := curvature.Power{Seed: 1}.Dominant(curvature.Matrix(H), 3)
	l, _ := curvature.Lanczos{K: 2, Seed: 1}.Top(curvature.Matrix(H), 3)
	fmt.Printf("power iteration: %.4f\n", p.Value)
	fmt.Printf("Lanczos top 2:   %.4f %.4f (%d products)\n", l.Values[0], l.Values[1], l.Steps)
	// Output:
	// power iteration: -5.0000
	// Lanczos top 2:   3.0000 1.0000 (3 products)
}

// Rademacher probes estimate the trace of a diagonal matrix exactly; in
// general the standard error shrinks as 1/√Probes.
func ExampleHutchinson_Trace() {
	diag := mat.NewSymDense(3, []float64{2, 0, 0, 0, -1, 0, 0, 0, 5})
	e, _ := curvature.Hutchinson{Probes: 10, Seed: 1}.Trace(curvature.Matrix(diag), 3)
	fmt.Println(e)
	full := mat.NewSymDense(2, []float64{2, 1, 1, 2}) // Tr 4, ‖·‖_F = √10
	e, _ = curvature.Hutchinson{Probes: 4000, Seed: 1}.Frobenius(curvature.Matrix(full), 2)
	fmt.Printf("‖H‖_F ≈ %.2f ± %.2f\n", e.Value, e.StdErr)
	// Output:
	// 6 ± 0 (10 probes)
	// ‖H‖_F ≈ 3.18 ± 0.02
}

// The spectral density of a diagonal matrix with eigenvalues 0 (half of
// them) and 1…5. A Rademacher start gives every eigenvector the weight
// 1/n, so here SLQ is exact: the mean eigenvalue is 15/10, and with
// σ = 0.1 the density peaks at 0 with half the mass (½·3.99) and at 3 with
// a tenth (0.399).
func ExampleSLQ_Spectrum() {
	h := mat.NewSymDense(10, nil)
	for i, v := range []float64{1, 2, 3, 4, 5} {
		h.SetSym(i, i, v)
	}
	sp, _ := curvature.SLQ{Starts: 20, Seed: 1}.Spectrum(curvature.Matrix(h), 10)
	m1, _ := sp.Moment(1)
	d, _ := sp.Density([]float64{0, 3}, 0.1)
	fmt.Printf("mean eigenvalue %.4f; density at 0: %.2f, at 3: %.2f\n", m1, d[0], d[1])
	// Output:
	// mean eigenvalue 1.5000; density at 0: 1.99, at 3: 0.40
}

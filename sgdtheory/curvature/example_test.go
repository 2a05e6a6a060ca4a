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

package landscape_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// The model Fisher information of a 2-D double well equals the Hessian at
// each minimum and stays positive definite across the ridge, where the
// Hessian does not.
func ExampleDoubleWell2D_Fisher() {
	w := landscape.DoubleWell2D{
		XA: []float64{-0.6, 0}, LA: 0, HA: mat.NewSymDense(2, []float64{4, 0, 0, 4}),
		XB: []float64{0.6, 0}, LB: 0.02, HB: mat.NewSymDense(2, []float64{1, 0, 0, 1}),
	}
	f, h := mat.NewSymDense(2, nil), mat.NewSymDense(2, nil)
	for _, x := range [][]float64{{-0.6, 0}, {-0.184, 0}, {0.6, 0}} {
		w.Fisher(f, x)
		w.Hessian(h, x)
		fmt.Printf("θ = (%+.3f, 0): F₀₀ = %5.2f, H₀₀ = %7.2f\n", x[0], f.At(0, 0), h.At(0, 0))
	}
	// Output:
	// θ = (-0.600, 0): F₀₀ =  4.00, H₀₀ =    4.00
	// θ = (-0.184, 0): F₀₀ =  2.35, H₀₀ =  -61.44
	// θ = (+0.600, 0): F₀₀ =  1.00, H₀₀ =    1.00
}

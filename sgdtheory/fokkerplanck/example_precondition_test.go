package fokkerplanck_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/fokkerplanck"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// Natural-gradient SGD with Fisher noise (P = F⁻¹, C = σ²F) against plain
// SGD with isotropic noise at the same temperature T = ησ²/S, on a double
// well with a sharp deep minimum A (H = 4I) and a wide shallow one B
// (H = I). Plain SGD's basin ratio carries the Laplace width factor
// √(det H_B/det H_A) = 1/4 times exp(2ΔL/T) = 1.49; natural gradient's
// does not.
func ExampleNewPlane_preconditioned() {
	w := landscape.DoubleWell2D{
		XA: []float64{-0.6, 0}, LA: 0, HA: mat.NewSymDense(2, []float64{4, 0, 0, 4}),
		XB: []float64{0.6, 0}, LB: 0.02, HB: mat.NewSymDense(2, []float64{1, 0, 0, 1}),
	}
	const eta, S, sigma2 = 0.01, 1, 10.0 // T = 0.1
	x := fokkerplanck.Grid{Lo: -1.6, Hi: 2, Cells: 90}
	y := fokkerplanck.Grid{Lo: -1.5, Hi: 1.5, Cells: 75}
	ratio := func(pl *fokkerplanck.Plane) float64 {
		p, err := pl.Stationary()
		if err != nil {
			panic(err)
		}
		var a, b float64
		for j, v := range y.Centers() {
			for i, u := range x.Centers() {
				if w.Basin([]float64{u, v}) == 0 {
					a += p[j*x.Cells+i]
				} else {
					b += p[j*x.Cells+i]
				}
			}
		}
		return a / b
	}
	plain, _ := fokkerplanck.NewPlane(w, fokkerplanck.SGD{Eta: eta, S: S, Cov: fokkerplanck.Isotropic(sigma2)}, x, y)
	natural, _ := fokkerplanck.NewPlane(w, fokkerplanck.SGD{Eta: eta, S: S, Cov: fokkerplanck.Fisher(w, sigma2), P: landscape.Natural(w)}, x, y)
	fmt.Printf("plain SGD:        p_A/p_B = %.2f (Laplace %.2f)\n", ratio(plain), math.Exp(2*0.02/0.1)/4)
	fmt.Printf("natural gradient: p_A/p_B = %.2f (Laplace %.2f)\n", ratio(natural), math.Exp(2*0.02/0.1))
	// Output:
	// plain SGD:        p_A/p_B = 0.39 (Laplace 0.37)
	// natural gradient: p_A/p_B = 1.54 (Laplace 1.49)
}

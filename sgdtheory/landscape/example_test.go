package landscape_test

import (
	"fmt"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

func ExampleDoubleWell() {
	well := landscape.StandardWell() // sharp deep A at −0.6, wide shallow B at +0.6
	a, b, err := well.Minima()
	if err != nil {
		fmt.Println(err)
		return
	}
	saddle, _ := well.Saddle()
	barrier, _ := well.Barrier()
	fmt.Printf("A: x=%.3f L=%.3f h=%.3f\n", a.X[0], a.Loss, a.Hessian.At(0, 0))
	fmt.Printf("B: x=%.3f L=%.3f h=%.3f\n", b.X[0], b.Loss, b.Hessian.At(0, 0))
	fmt.Printf("saddle at %.3f, barrier %.3f\n", saddle, barrier)
	// Output:
	// A: x=-0.600 L=0.000 h=4.000
	// B: x=0.600 L=0.020 h=1.000
	// saddle at -0.186, barrier 0.322
}

func ExampleNewLeastSquaresData() {
	p, err := landscape.NewLeastSquaresData(100, 2, 0.5, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	theta, _ := p.Minimizer()
	g := make([]float64, p.Dim())
	p.Grad(g, theta)
	fmt.Printf("N=%d d=%d, |∇L(θ̂)| < 1e-12: %v\n", p.N(), p.Dim(), g[0]*g[0]+g[1]*g[1] < 1e-24)
	// Output:
	// N=100 d=2, |∇L(θ̂)| < 1e-12: true
}

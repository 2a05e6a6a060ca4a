package noise_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/noise"
)

// Minibatch gradients of a regression problem without replacement: the CLT
// covariance with the finite-population factor matches, naive C/S does not.
func Example() {
	p, _ := landscape.NewLeastSquaresData(100, 2, 0.5, 3)
	theta := []float64{0.5, -1}
	_, C, _ := noise.Moments(p, theta)
	pred, _ := noise.PredictedCov(C, 30, p.N(), noise.WithoutReplacement)
	naive, _ := noise.PredictedCov(C, 30, p.N(), noise.WithReplacement)
	g, _ := noise.SampleGrads(p, theta, 30, 40000, noise.WithoutReplacement, 11)
	emp := noise.EmpiricalCov(g)
	fmt.Printf("Var[g_S,1]: sampled %.4f, (C/S)(N−S)/(N−1) %.4f, C/S %.4f\n",
		emp.At(0, 0), pred.At(0, 0), naive.At(0, 0))
	// 40000 draws resolve the small skew a sum of 30 skewed terms keeps.
	x := mat.Col(nil, 0, g)
	a, _ := noise.AndersonDarling(x)
	fmt.Printf("skewness %.2f, excess kurtosis %.2f, A* %.1f (1%% critical %.3f)\n",
		stat.Skew(x, nil), stat.ExKurtosis(x, nil), a, noise.ADCritical1)
	// Output:
	// Var[g_S,1]: sampled 0.0570, (C/S)(N−S)/(N−1) 0.0563, C/S 0.0797
	// skewness 0.22, excess kurtosis -0.24, A* 45.2 (1% critical 1.035)
}

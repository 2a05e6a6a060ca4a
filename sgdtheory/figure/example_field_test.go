package figure_test

import (
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/figure"
)

// A probability current circulating around the peak of a Gaussian density,
// as arrows over the shaded density.
func ExampleField() {
	var xs, ys, z, u, v []float64
	for i := range 40 {
		xs = append(xs, -2+4*(float64(i)+0.5)/40)
		ys = append(ys, -2+4*(float64(i)+0.5)/40)
	}
	for _, y := range ys {
		for _, x := range xs {
			p := math.Exp(-(x*x + 2*y*y))
			z, u, v = append(z, p), append(u, -y*p), append(v, x*p)
		}
	}
	p, err := figure.Field(figure.Axes{Title: "J = (−θ₂, θ₁)·P", X: "θ₁", Y: "θ₂"}, figure.VectorField{Xs: xs, Ys: ys, Z: z, U: u, V: v, Every: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	img, err := figure.PNG(p) // in a notebook cell: the last line shows the plot
	fmt.Println(img.MIME, err)
	// Output: image/png <nil>
}

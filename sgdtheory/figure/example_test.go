package figure_test

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/sgdminima/sgdminima/sgdtheory/figure"
)

func ExamplePNG() {
	p := plot.New()
	p.Title.Text = "L(θ) = θ²/2"
	p.Add(plotter.NewFunction(func(x float64) float64 { return x * x / 2 }))
	p.X.Min, p.X.Max = -2, 2

	img, err := figure.PNG(p) // in a notebook cell: the last line shows the plot
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(img.MIME, len(img.Data) > 0, math.Round(float64(figure.Width/vg.Inch)*figure.DPI))
	// Output: image/png true 700
}

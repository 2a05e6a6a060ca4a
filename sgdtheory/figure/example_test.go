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

func ExampleCurve() {
	S := figure.Floats([]int{1, 10, 100})
	p, err := figure.Lines(figure.Axes{Title: "Minibatch noise", X: "batch size S", Y: "tr C / S", LogX: true, LogY: true},
		figure.Curve("CLT: tr C / S", S, func(s float64) float64 { return 2 / s }),
		figure.HLine("floor", 0.02, 1, 100),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Title.Text, figure.Curve("", S, func(s float64) float64 { return 2 / s }).Y)
	// Output: Minibatch noise [2 0.2 0.02]
}

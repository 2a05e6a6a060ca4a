package figure_test

import (
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/figure"
)

// Label an axis at values chosen by hand, in their shortest form.
func ExampleTicksAt() {
	for _, t := range figure.TicksAt(1e-5, 0.05, 2.5, 100) {
		fmt.Print(t.Label, " ")
	}
	fmt.Println()
	// Output: 1e-05 0.05 2.5 100
}

// A theory curve drawn in the colour of the measurements it describes:
// colour 1 is the colour Lines gives its second series.
func ExampleAddSeries() {
	t := []float64{1, 2, 4, 8, 16}
	measured := []float64{0.52, 0.24, 0.13, 0.061, 0.032}
	p, err := figure.Lines(figure.Axes{Title: "variance against batch size", X: "S", Y: "variance", LogX: true, LogY: true},
		figure.Series{Name: "σ²/S, σ² = 1", X: t, Y: []float64{1, 0.5, 0.25, 0.125, 0.0625}, Dashed: true},
		figure.Series{Name: "measured", X: t, Y: measured, Points: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fit := make([]float64, len(t))
	for i, S := range t {
		fit[i] = 0.5 / math.Pow(S, 0.97)
	}
	err = figure.AddSeries(p, 1, figure.Series{Name: "fit 0.5/S^0.97", X: t, Y: fit})
	fmt.Println(err)
	// Output: <nil>
}

// Two panels side by side in one figure, each laid out as PNG would.
func ExampleRow() {
	x := []float64{0, 1, 2, 3}
	left, _ := figure.Lines(figure.Axes{Title: "linear", X: "x", Y: "y"}, figure.Series{Name: "y = x", X: x, Y: x})
	right, _ := figure.Lines(figure.Axes{Title: "square", X: "x", Y: "y"},
		figure.Series{Name: "y = x²", X: x, Y: []float64{0, 1, 4, 9}})
	img, err := figure.Row(left, right) // in a notebook cell: the last line shows both
	fmt.Println(img.MIME, err)
	// Output: image/png <nil>
}

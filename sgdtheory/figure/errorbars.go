package figure

import (
	"errors"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// AddErrorBars adds to p a vertical bar from lo[i] to hi[i] at each x[i],
// such as the range of a measurement over seeds, in colour number color of
// the palette: the colour of the series whose points the bars belong to
// (see AddSeries). The bars have no legend entry. The values must be
// finite, lo[i] ≤ hi[i], and positive on p's log axes.
func AddErrorBars(p *plot.Plot, color int, x, lo, hi []float64) error {
	if p == nil {
		return errors.New("figure: AddErrorBars: p is nil")
	}
	if len(lo) != len(x) || len(hi) != len(x) {
		return fmt.Errorf("figure: AddErrorBars: len(x) = %d, len(lo) = %d, len(hi) = %d: want equal", len(x), len(lo), len(hi))
	}
	_, logX := p.X.Scale.(plot.LogScale)
	_, logY := p.Y.Scale.(plot.LogScale)
	// Validate every bar before adding any, so that an error leaves p as it was.
	bars := make([]plotter.XYs, len(x))
	for i := range x {
		if !(lo[i] <= hi[i]) {
			return fmt.Errorf("figure: AddErrorBars: bar %d from %v to %v: want lo ≤ hi", i, lo[i], hi[i])
		}
		xy, err := points([]float64{x[i], x[i]}, []float64{lo[i], hi[i]}, logX, logY)
		if err != nil {
			return fmt.Errorf("figure: AddErrorBars: bar %d: %v", i, err)
		}
		bars[i] = xy
	}
	for _, xy := range bars {
		l, err := plotter.NewLine(xy)
		if err != nil {
			return fmt.Errorf("figure: AddErrorBars: %w", err)
		}
		l.Color, l.Width = plotutil.Color(color), vg.Points(1.5)
		p.Add(l)
	}
	return nil
}

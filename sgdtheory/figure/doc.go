// Package figure renders gonum plots for the notebooks: one call turns a
// *plot.Plot into an image that the sgdminima kernel shows inline, at a
// standard size and resolution so every figure of the project looks alike.
//
// In a notebook cell, a figure is displayed by making it the value of the
// cell's last expression:
//
//	figure.PNG(p)
//
// Rendering also lays the figure out, so that cells need no plumbing for
// it: the legend goes where no data lie, axis ends that the data reach get
// a margin, axes get at least four labelled ticks, and heat maps and
// fields get a colour bar (see Render). Lines, Histogram, QQ, Heatmap and
// Field build the recurring figures; AddSeries adds a curve to any of them
// in a chosen palette colour, TicksAt labels an axis at chosen values, and
// Row shows plots side by side.
// Curve samples a theory curve, VLine and HLine mark a reference value,
// and Floats turns batch sizes or epochs into an axis. AddCloud draws the
// particles of a two-dimensional ensemble and Ellipse a covariance's contour.
package figure

// Package figure renders gonum plots for the notebooks: one call turns a
// *plot.Plot into an image that the sgdminima kernel shows inline, at a
// standard size and resolution so every figure of the project looks alike.
//
// In a notebook cell, a figure is displayed by making it the value of the
// cell's last expression:
//
//	figure.PNG(p)
package figure

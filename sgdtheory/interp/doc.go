// Package interp evaluates the loss along the straight line through two
// networks' parameters,
//
//	θ(α) = (1 − α)·θ₁ + α·θ₂,   α ∈ [−1, 2],
//
// the one-dimensional picture of flat and sharp minima of Goodfellow et al.
// (2015) and Keskar et al. (2016) that Jastrzębski et al. use in their Fig. 2
// (arXiv:1711.04623): θ₁ at α = 0, θ₂ at α = 1, and beyond either end the
// walls of the two minima — a minimum found with small η/S rises more
// steeply. Train and validation loss and accuracy are reported side by side,
// because a flat train curve matters only if the validation curve follows it.
//
// Bend reads the walls and the curvature at the two ends off a Line, beside
// the exact curvature dᵀHd; Limits follows a second difference as its step
// shrinks, with and without the ReLU gates held, which separates the
// curvature of the pieces from that of the kinks between them.
package interp

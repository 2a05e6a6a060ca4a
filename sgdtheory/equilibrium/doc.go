// Package equilibrium implements the stationary distribution of SGD in the
// continuum limit (paper items 4–5): the Boltzmann density
// P(θ) ∝ exp(−2L(θ)/T) at temperature T = nσ², n = η/S, and its Laplace
// approximation, which gives each minimum a probability mass
// (πT)^{q/2}·exp(−2L/T)/√det H and so predicts when a wide, shallow
// minimum overtakes a sharp, deep one.
//
// Laplace, RatioLaplace and Crossover are the closed forms; Boltzmann1D,
// RatioExact and RatioExact2D integrate the density numerically to test
// them. Beyond isotropic noise, StationaryCov gives the Gaussian
// stationary state at a quadratic minimum for any noise covariance C, from
// the Lyapunov equation HΣ + ΣH = (η/S)C that Lyapunov solves.
package equilibrium

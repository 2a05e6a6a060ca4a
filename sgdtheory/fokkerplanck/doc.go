// Package fokkerplanck implements finite-volume solvers of the
// Fokker–Planck equation of SGD's continuum limit (Jastrzębski et al.,
// arXiv:1711.04623, §2), in one and two dimensions:
//
//	∂P/∂t = ∇·[η g P + ∇·(D P)] = −∇·J,   D(θ) = (η²/2S) C(θ),
//
// with time in SGD steps, g = ∇L and C the gradient-noise covariance. In
// one dimension with C = σ² this is ∂P/∂t = ∂θ[η g P] + (η²σ²/2S) ∂²θ P,
// whose zero-flux stationary state is the Boltzmann density
// P ∝ exp(−2S·L/(ησ²)): it depends on η, S and σ² only through σ²η/S, while
// the time to reach it scales with η.
//
// Fluxes through cell faces use the Scharfetter–Gummel (exponential
// fitting) formula, which is exact for constant drift and diffusion across
// a face, keeps the scheme conservative and, for diagonal D, positivity
// preserving at any cell Péclet number; the walls of the grid carry zero
// flux. Evolve takes backward-Euler steps, stable for any time step, and
// conserves total mass up to rounding. Stationary solves for the null space
// of the discrete operator directly, and Line.RelaxationRate returns its
// spectral gap, the rate at which the slowest mode (in a double well, the
// barrier crossing) relaxes.
//
// With a preconditioner P in its SGD, NewPlane builds the 2-D equation of
// preconditioned SGD, θ ← θ − ηP·g_S: drift ηP·g and diffusion
// (η²/2S)·PCPᵀ, with P fixed or the inverse Fisher (natural gradient).
//
// StationaryState returns a Plane's stationary density with its current
// as a State, whose methods measure what the notebooks compare: the basin
// ratio, the circulating fraction of the current, and the distance (total
// variation, Kullback–Leibler) to a Boltzmann guess.
//
// The discrete density is stored per cell as a density (integrating to the
// total mass as Σ pᵢ·cell volume), 2-D cells in row-major order, x fastest.
package fokkerplanck

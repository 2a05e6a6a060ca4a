// Package langevin implements stochastic gradient descent and its continuum
// limit, the Langevin stochastic differential equation of Jastrzębski et al.
// (arXiv:1711.04623, §2):
//
//	dθ = −η g(θ) dt + (η/√S) B(θ) dW,   C = BBᵀ,
//
// with time t counted in SGD steps. An Ensemble integrates it by
// Euler–Maruyama with step Dt,
//
//	θ ← θ − η g Dt + (η/√S) B √Dt ξ,   ξ ~ N(0, I),
//
// so Dt = 1 is exactly SGD with Gaussian (central-limit) gradient noise of
// covariance C/S, and Dt → 0 approaches the continuum limit. SGD runs genuine
// minibatch SGD on a landscape.FiniteSum, whose noise is the real sampling
// noise.
//
// For isotropic noise C = σ²I the continuum limit has drift −η∇L and
// diffusion constant D = η²σ²/(2S), so its stationary density is the
// Boltzmann density
//
//	P(θ) ∝ exp(−ηL/D) = exp(−2S·L(θ)/(ησ²)) = exp(−2L(θ)/(nσ²)),  n = η/S,
//
// which depends on η, S and σ² only through σ²η/S (the paper's eq. for P).
// At a quadratic minimum of curvature h the dynamics is an
// Ornstein–Uhlenbeck process; OUVariance gives its stationary variance both
// in the continuum limit, ησ²/(2Sh), and for the discrete scheme,
// ησ²/(S·h·(2−ηh·Dt)), which diverges at the stability edge ηh·Dt = 2.
//
// Beyond plain SGD: HeavyBall runs heavy-ball momentum β (its stationary
// variance on a quadratic is MomentumVariance, stable for ηh < 2(1+β));
// Preconditioned runs θ ← θ − ηP·g_S, natural gradient included; and
// Ensemble.Exit records first-passage times out of a basin. Balance
// measures p_A/p_B on a double well from the flows between its basins, and
// Result.LateRatio from an ensemble's late records.
//
// Randomness comes only from the uint64 Seed: every particle has its own PCG
// stream derived from Seed and its index, so results are bit-identical
// whatever the number of goroutines.
package langevin

// Package curvature measures the curvature of a loss at a minimum through
// Hessian-vector products alone: the largest eigenvalues λ_max (by Lanczos
// and, for teaching, by power iteration), the trace Tr H and the Frobenius
// norm ‖H‖_F (by Hutchinson's stochastic estimator) — the sharpness measures
// of Jastrzębski et al. (arXiv:1711.04623, Fig. 1), where larger η/S leads to
// a smaller Hessian norm — the whole spectral density (SLQ, stochastic
// Lanczos quadrature, as PyHessian's ESD) and the log determinant over the
// top K eigenvalues (Ritz.LogDet), the quantity of the basin ratio
// √(det H_B / det H_A).
//
// Every algorithm takes an HVP, any func(dst, v []float64) writing H·v into
// dst, and the dimension, so the same code runs on an explicit symmetric
// matrix (Matrix, for tests and for building intuition) and on a network
// with hundreds of thousands of parameters, whose Hessian is never formed.
// For an mlp.Net, Exact wraps the R-operator product mlp.Net.HessVec (cost
// about two gradients) and FiniteDiff central differences of gradients
// (cheaper to trust, less accurate; see FiniteDiff for the error).
//
// The pitfalls the notes collect from PyHessian users are built in:
//
//   - A Hessian measured on a small batch is a noisy estimate: PyHessian
//     users saw λ_max on 128 examples vary tenfold between runs. Hessian and LambdaMax therefore
//     use a fixed, seeded sample of DefaultSample = 2000 examples, so two
//     networks are compared on the same examples and a cell gives the same
//     number every time.
//   - Power iteration converges to the eigenvalue of largest magnitude, which
//     at a saddle or early in training can be negative; with eigenvalues ±λ
//     of equal magnitude it does not converge at all. Lanczos returns the
//     algebraically largest eigenvalues and converges in far fewer products.
//
// All randomness (start vectors, probes, samples) comes from uint64 seeds
// and is drawn sequentially, so results do not depend on the number of
// cores.
package curvature

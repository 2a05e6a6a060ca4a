// Package landscape holds loss surfaces for the experiments of the
// notebooks: a Surface gives the loss, its gradient and, where known, its
// Hessian in any dimension; a FiniteSum is a loss that is the mean of N
// per-example losses, which gives the genuine minibatch gradients whose
// noise the paper models.
//
// Built-in surfaces:
//
//   - Quadratic: L0 + ½(x−c)ᵀH(x−c), the local model of a minimum.
//   - DoubleWell and DoubleWell2D: smooth soft minima of two parabolas whose
//     positions, depths and curvatures are dialled directly, for comparing
//     a sharp, deep minimum with a wide, shallow one; StandardWell is the
//     one of the notes.
//   - LeastSquares and Logistic: finite sums with per-example gradients,
//     with seeded synthetic data from NewLeastSquaresData and
//     NewLogisticData.
//
// A Fisherer adds a model Fisher information F(θ). A Preconditioner is the
// matrix P(θ) of preconditioned descent, θ ← θ − ηP(θ)g: Fixed or Natural
// (F⁻¹), the one value that langevin.Preconditioned simulates and
// fokkerplanck.SGD solves for.
//
// Minima return Minimum values (location, loss, Hessian), the input of the
// Laplace estimates in package equilibrium. Validate methods and
// constructors return errors that name the offending parameter. The
// surfaces' own methods (Loss, Grad, …) assume a valid surface, so the
// packages that take a surface (langevin, fokkerplanck, noise) call its
// Validate first: a Quadratic whose H was never set is an error there, not
// a nil dereference.
package landscape

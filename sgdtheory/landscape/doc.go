// Package landscape holds loss surfaces for the experiments of the
// notebooks: a Surface gives the loss, its gradient and, where known, its
// Hessian in any dimension; a FiniteSum is a loss that is the mean of N
// per-example losses, which gives the genuine minibatch gradients whose
// noise the paper models.
package landscape

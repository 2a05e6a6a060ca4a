// Package noise implements the central-limit model of minibatch gradient
// noise (paper item 1): the minibatch gradient g_S of a finite-sum loss is
// the full gradient g plus a zero-mean fluctuation of covariance C/S with
// replacement and (C/S)(N−S)/(N−1) without, where C is the per-example
// gradient covariance.
//
// Moments computes g and C, PredictedCov the CLT covariance, SampleGrads
// draws genuine minibatch gradients to test it against (TraceCovs: their
// total variance for each batch size), and AndersonDarling
// and QQ check how Gaussian the fluctuation is. CovProduct multiplies by the
// C of a network's per-example gradients without forming it, and Overlap
// measures how well its top eigen-directions align with the Hessian's.
package noise

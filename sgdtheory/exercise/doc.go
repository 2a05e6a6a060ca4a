// Package exercise checks students' answers to the classroom exercises in
// notebooks/exercises: each exercise poses a problem from the deck of
// Jastrzębski et al., "Three Factors Influencing Minima in SGD"
// (arXiv:1711.04623), the student writes a number or a line of Go, and a
// check function prints immediate, specific feedback — never the solution.
//
// # The exercises
//
//	id                   problem               check
//	covariance           CovarianceProblem     CheckCovariance(answer mat.Matrix)
//	em-step              EulerMaruyamaProblem  CheckEulerMaruyama(step func(theta, grad, eta, S, sigma, dt, xi float64) float64)
//	variance-continuum   VarianceProblem       CheckVarianceContinuum(f func(eta, h, sigma2, S float64) float64)
//	variance-discrete    VarianceProblem       CheckVarianceDiscrete(f func(eta, h, sigma2, S float64) float64)
//	laplace-ratio        LaplaceProblem        CheckLaplaceRatio(answer float64)
//	crossover            CrossoverProblem      CheckCrossover(answer float64)
//	same-noise           SameNoiseProblem      CheckSameNoise(etas []float64, sizes []int)
//	lambda-trend         LambdaProblem         CheckLambdaTrend(slope float64, trend string)
//	momentum-noise       MomentumProblem       CheckMomentumTemperature(answer float64)
//
// Each problem function returns the data of the exercise (a struct whose
// String method states it); the numbers the checks compare with are computed
// by the other sgdtheory packages (noise.PredictedCov, langevin.OUVariance,
// equilibrium.RatioLaplace, equilibrium.Crossover, equilibrium.Temperature,
// a grid.Table), and the ✓ line adds an independent confirmation where one
// exists: sampled minibatches, a Langevin ensemble, quadrature of the
// Boltzmann density, a simulation of the student's own step.
//
// # Output format
//
// Every check prints exactly one line to Output, in one of three forms:
//
//	✓ <id>: <what was confirmed>
//	✗ <id>: <hint>
//	… <id>: not yet: <what to do>
//
// <id> is one of the ids above (lower case letters, digits and '-'). The line
// never contains a newline, so a grader can parse a notebook's output with the
// regular expression ^(✓|✗|…) ([a-z0-9-]+): (.*)$ (kernel/grade/grade.py
// does). "Not yet" means the answer is still the placeholder of the blank
// notebook: math.NaN() for a number, a function that returns math.NaN(), a nil
// matrix or slice, an empty string.
//
// # How wrong answers are diagnosed
//
// A wrong number is compared with the right one scaled by the slips students
// make most — the missing finite-N factor, a dropped or extra factor of 2,
// a flipped sign, σ where σ² belongs, η where η/S belongs, the discrete
// formula given for the continuum one, an inverted ratio, a logarithm in the
// wrong base — and the hint names the slip that matches. Failing that, it says
// whether the answer is too large or too small, off by a power of ten (units),
// exactly zero (integer division) or just outside the tolerance (rounding).
// A function is evaluated at fixed test inputs and split into parts (the
// step's drift at ξ = 0 and its noise; a formula's scaling with σ² and S),
// each diagnosed on its own. Hints show the student's own values, never the
// expected ones.
//
// # Robustness
//
// A check never panics and never stops the kernel: the student's functions
// run under recover, and a panic, NaN or infinity becomes a hint. A student's
// function that never returns cannot be stopped from inside the check; the
// notebook's interrupt button (or the grader's timeout) handles that.
package exercise

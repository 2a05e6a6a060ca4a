// Package sgdtheory is the compiled library behind the sgdminima notebooks,
// the executable companion to Jastrzębski et al., "Three Factors Influencing
// Minima in SGD" (arXiv:1711.04623).
//
// Each idea of the paper lives in a sub-package named for what it holds, in
// the style of gonum; notebooks call one function per idea and keep the
// heavy loops here, compiled, because the notebook interpreter is about a
// hundred times slower than compiled Go. Exported APIs are non-generic so
// that the interpreter can call them, take plain uint64 seeds wherever
// randomness is involved, and return errors for bad input.
//
// The root package holds the quick-mode switch every notebook reads (Quick,
// Choose). The sub-packages:
//
//   - landscape: loss surfaces, from double wells to finite sums.
//   - noise: the central-limit model of minibatch gradient noise.
//   - langevin: SGD and its continuum limit, simulated by ensembles.
//   - fokkerplanck: the Fokker–Planck equation, solved on a grid.
//   - equilibrium: Boltzmann densities, Laplace estimates, p_A/p_B.
//   - data: idx files, Fashion-MNIST and MNIST, subsets and corrupted labels.
//   - mlp: a ReLU multilayer perceptron with softmax cross-entropy.
//   - train: minibatch SGD with momentum and schedules for η and S.
//   - curvature: Hessian-vector products, λ_max by Lanczos and power
//     iteration, Hutchinson trace and Frobenius estimates.
//   - interp: the loss along the line through two networks.
//   - grid: lists and grids of training runs, their learning curves and
//     final metrics, cached and reloaded.
//   - sweep: a notebook's runs as the tasks of a Slurm job array or a
//     Kubernetes Indexed Job, gathered back into its cache.
//   - check: numeric checks that print measured vs predicted, and the rank
//     and Welch statistics of trends read off training runs.
//   - figure: renders gonum plots for inline display in notebooks.
//   - exercise: the checkers of the classroom exercises, and their sealed
//     verdicts for grading.
//
// Under internal, shared by the packages above and not for notebooks: rng
// (every seeded draw), parallel (the bit-identical worker pools), valid
// (input checks) and the command bench (make bench). The command
// cmd/sgdsweep runs a sweep's tasks (README, "Sweeps on a cluster").
package sgdtheory

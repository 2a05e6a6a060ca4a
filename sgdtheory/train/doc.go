// Package train runs minibatch stochastic gradient descent on an mlp.Net,
// the optimiser whose learning rate η, batch size S and momentum β are the
// three factors of Jastrzębski et al. (arXiv:1711.04623).
//
// Each step draws the next S examples of a seeded random permutation of
// the training set (sampling without replacement within an epoch; the last
// incomplete minibatch of an epoch is dropped so every step has exactly S
// examples) and applies heavy-ball momentum with optional L2 regularisation,
//
//	v ← βv + ∇L_B(θ) + λθ,   θ ← θ − ηv,
//
// whose stationary noise scale is η/((1−β)S) (the paper's §4.4). η and S
// follow Schedules — Constant, Step, Triangular and Cyclic — evaluated in
// epochs: η at every step (so a triangular η varies within an epoch), S at
// the start of each epoch. Equal η/S at all times is what makes the cyclic
// batch-size and cyclic learning-rate runs of the paper's Fig. 4 comparable.
//
// A run is a function of the seed alone: the permutation of epoch e comes
// from the PCG stream (Seed, e), and each step is mlp's Step, which sums in
// an order fixed by the sizes alone, so results do not depend on the
// number of cores. A run that diverges (a NaN or exploding minibatch loss)
// stops with an error naming the step and suggesting a smaller η.
// Progress reports each epoch as a line of text; OnEpoch hands the network
// to a function, to measure it along training: Memorise uses it for the
// memorisation experiment of the paper's Fig. 5. RunToLoss trains until a
// target training loss, to compare minima of equal depth.
package train

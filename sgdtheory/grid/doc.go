// Package grid trains one network per point of a grid of learning rates η,
// batch sizes S and seeds, the experiment behind the paper's Fig. 1 and 5
// (Jastrzębski et al., arXiv:1711.04623): final train and validation loss
// and accuracy, and optionally a measurement of each final network such as
// its sharpness λ_max, against the ratio η/S.
//
// Runs are independent: run (η, S, seed) initialises mlp.New(Widths, seed)
// and trains with train.SGD{Seed: seed}, so its numbers are a function of
// those three values alone. The runner only schedules runs on Workers
// goroutines and stores each result in its place, so a Table is identical
// whatever the number of goroutines or cores (except the wall-clock
// Seconds).
//
// A full-size grid takes hours; Table.Save writes it as JSON next to the
// notebook, Load reads it back and validates it, and Grid.Cached does
// either: it loads the file if it holds this grid (same parameters, same
// data, same measurement name, computed with the same version of the
// library's numerics, Numerics) and otherwise runs the grid and saves it.
// Give quick and full mode different files, or each will replace the other.
//
// Experiments that are not a grid — η and S scaled together, training sets
// of several sizes, a seed of their own per run, as in the paper's Fig. 3
// and 6 — are a Runs list of Specs. Each Result keeps the run's learning
// curves, epoch by epoch, beside the final metrics; Runs.Cached reloads the
// runs a file already holds and trains only the others.
package grid

// Package grid trains one network per run of a list — learning rate η,
// batch size S, seed, epochs and training set — the experiments behind the
// paper's Fig. 1, 3, 5 and 6 (Jastrzębski et al., arXiv:1711.04623): each
// run's learning curves, its final train and validation loss and accuracy,
// and optionally measurements of the final network — its sharpness λ_max
// (Measure) and more (Extra: ‖H‖_F, log det, …) — against the ratio η/S.
//
// A Runs list is the one pipeline. A Grid — every combination of learning
// rates, batch sizes and seeds on one training set, as in Fig. 1 and 5 —
// is a compact way to write a list (Grid.Runs); experiments that are not a
// grid (η and S scaled together, training sets of several sizes, as in
// Fig. 3 and 6) write their Specs directly. Both produce a Table: one
// Result per run, in the list's order, and the Setup the runs share.
//
// Runs are independent: run k initialises mlp.New(Widths, seed) and trains
// with train.SGD{Seed: seed}, so its numbers are a function of its Spec and
// the Setup alone. The runner only schedules runs on Workers goroutines and
// stores each result in its place, so a Table is identical whatever the
// number of goroutines or cores (except the wall-clock Seconds).
//
// A full-size list takes hours. Runs.Cached (and Grid.Cached) keep a table
// in a JSON file next to the notebook: the runs the file holds under the
// same Setup — the library's Numerics, widths, data fingerprints, momentum,
// L2 and measurement names — are read back, and only the others are trained,
// so adding seeds or settings trains just those. Write and Read are the
// file format on any io.Writer and io.Reader. Give quick and full mode
// different files, or each will replace the other.
//
// A run whose Spec has Corrupt > 0 trains on its set with that fraction of
// the labels corrupted (train.Corrupt, by its seed) and records, after
// every epoch, how much of the corruption it has memorised: the
// experiment of Fig. 5, as train.Memorise runs it, but as a run of a list,
// so that it can be cached, or be the task of a cluster sweep (package
// sweep). Table.Memorisations reads such runs back as train.Memorisation
// records. With Cool > 0 the run also measures a cooled copy of its
// network after every epoch, trained one more epoch at Cool·η (at batch
// size CoolS if set, so that runs of different S are cooled alike) and
// then dropped: how the run looks near the minimum it wanders about rather
// than at its noisy iterate (Table.Cooled).
//
// A table is read by setting: Table.Setting selects the seeds of one
// (training set, η, S), Succeeded drops the failed runs, and Values
// collects one number per run. MeanCurve, SeedRange and Gap compare the
// learning curves of settings epoch by epoch, against the scatter of the
// seeds; Lag measures how far one curve trails another in time.
package grid

// Package sweep carries a notebook's list of training runs (grid.Runs) to a
// cluster engine and back: a Spec is the list written as JSON with the
// recipes of its data sets and its measurements (Measure: λ_max, ‖H‖_F,
// tr H or the top-k log det), so that one task of a
// Slurm job array or a Kubernetes Indexed Job can rebuild exactly the
// notebook's data (checked by fingerprint) and train exactly one run; each
// task writes its result atomically into the spec's results folder, and
// Gather merges them into the very cache file the notebook's Cached call
// reloads. The engine schedules; this package only defines a task and the
// gathering, so a run's numbers are bit for bit those of the notebook.
//
// A task that finds a valid result for its run does nothing, so a
// resubmitted array recomputes only what is missing; a corrupt or partial
// result file is recomputed, and a valid one is never overwritten.
package sweep

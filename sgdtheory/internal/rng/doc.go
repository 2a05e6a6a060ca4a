// Package rng holds every seeded draw of sgdtheory: PCG streams, uniform
// deviates, bounded integers, samples without replacement and standard
// normal deviates. Each is computed here from the stream's raw 64-bit
// outputs rather than by math/rand/v2's methods, whose algorithms a Go
// release may change, so that a seed fixes a simulation's numbers for good.
//
// A change to any function here changes the numbers of every caller: raise
// sgdtheory's numerics version with it (grid.Numerics), so that results
// cached before are recomputed rather than silently reused.
package rng

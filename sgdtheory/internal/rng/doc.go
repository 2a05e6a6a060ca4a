// Package rng holds the random-number helpers shared by sgdtheory's
// packages: standard normal deviates drawn straight from a PCG stream by the
// ziggurat method, so that simulations and synthetic data sets are fixed by
// their seeds, independently of the Go release.
package rng

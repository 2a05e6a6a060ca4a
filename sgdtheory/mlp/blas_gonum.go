//go:build !(openblas && cgo)

package mlp

// BLAS names the matrix-product implementation in use: gonum's pure Go
// unless built with -tags openblas (see openblas.go).
const BLAS = "gonum"

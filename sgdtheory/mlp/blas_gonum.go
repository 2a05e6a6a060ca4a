//go:build !(openblas && cgo)

package mlp

const blasName = "gonum"

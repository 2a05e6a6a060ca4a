package mlp

// BLAS names the matrix-product implementation the package was built with:
// "gonum" (pure Go) or, with -tags openblas, "OpenBLAS" (see openblas.go).
// It is a function rather than a constant so that the kernel's generated
// bindings do not depend on the build tags.
func BLAS() string { return blasName }

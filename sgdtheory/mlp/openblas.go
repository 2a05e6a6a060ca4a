//go:build openblas && cgo

package mlp

// Built with -tags openblas, the package routes every blas32 call (and so
// every matrix product of the network) through OpenBLAS, which needs
// Debian's libopenblas-dev. The default build stays pure Go.

// #cgo LDFLAGS: -lopenblas
// void openblas_set_num_threads(int);
import "C"

import (
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/netlib/blas/netlib"
)

func init() {
	blas32.Use(netlib.Implementation{})
	// Parallelism comes from the shards of a minibatch, one goroutine per
	// shard; OpenBLAS threads on top of that would oversubscribe the cores.
	C.openblas_set_num_threads(1)
}

const blasName = "OpenBLAS"

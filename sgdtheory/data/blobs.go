package data

import (
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// Blobs returns a synthetic set of n examples with dim inputs in classes
// Gaussian clusters: the class centres are drawn from N(0, I), example i has
// label i mod classes (so the classes are balanced) and inputs its centre
// plus spread·N(0, I). A small network learns it in milliseconds, which
// makes it the data of tests, examples and exercises that need a learnable
// task but not Fashion-MNIST. Everything is drawn from the seed; for a
// training and a validation set from the same clusters, Split one set.
func Blobs(n, dim, classes int, spread float64, seed uint64) (*Set, error) {
	switch {
	case n < 1:
		return nil, fmt.Errorf("data: Blobs: n = %d: want ≥ 1 examples", n)
	case dim < 1:
		return nil, fmt.Errorf("data: Blobs: dim = %d: want ≥ 1 inputs", dim)
	case classes < 2:
		return nil, fmt.Errorf("data: Blobs: classes = %d: want ≥ 2", classes)
	case !(spread >= 0 && spread <= math.MaxFloat32):
		return nil, fmt.Errorf("data: Blobs: spread = %v: want a finite standard deviation ≥ 0", spread)
	}
	r := newRand(seed, 4)
	centres := make([]float64, classes*dim)
	for i := range centres {
		centres[i] = rng.Normal(r)
	}
	s := &Set{X: make([]float32, n*dim), Y: make([]int, n), Dim: dim, Classes: classes}
	for i := range n {
		y := i % classes
		s.Y[i] = y
		for j, c := range centres[y*dim : (y+1)*dim] {
			s.X[i*dim+j] = float32(c + spread*rng.Normal(r))
		}
	}
	return s, nil
}

package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// Set is a labelled set of images. Example i has pixels X[i*Dim:(i+1)*Dim]
// and label Y[i] in [0, Classes). Loaded sets have pixels in [0, 1];
// Normalize returns a standardised copy.
//
// Sets returned by methods may share X with their receiver (CorruptLabels
// does); treat X as read-only.
type Set struct {
	X          []float32
	Y          []int
	Dim        int // pixels per example
	Classes    int // number of classes
	Rows, Cols int // image shape, Rows·Cols = Dim
}

// Len returns the number of examples, 0 for a nil set.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.Y)
}

// Image returns the pixels of example i, a view into X.
func (s *Set) Image(i int) []float32 { return s.X[i*s.Dim : (i+1)*s.Dim] }

// ClassCounts returns the number of examples of each class. Labels outside
// [0, Classes), which Validate reports, are not counted.
func (s *Set) ClassCounts() []int {
	if s == nil {
		return nil
	}
	c := make([]int, max(s.Classes, 0))
	for _, y := range s.Y {
		if y >= 0 && y < len(c) {
			c[y]++
		}
	}
	return c
}

// Subset returns a copy of the examples idx, in that order.
func (s *Set) Subset(idx []int) (*Set, error) {
	if err := s.check("Set.Subset", nil); err != nil {
		return nil, err
	}
	for k, i := range idx {
		if i < 0 || i >= s.Len() {
			return nil, fmt.Errorf("data: Set.Subset: idx[%d] = %d: want 0 to %d", k, i, s.Len()-1)
		}
	}
	return s.subset(idx), nil
}

func (s *Set) subset(idx []int) *Set {
	t := &Set{X: make([]float32, len(idx)*s.Dim), Y: make([]int, len(idx)),
		Dim: s.Dim, Classes: s.Classes, Rows: s.Rows, Cols: s.Cols}
	for k, i := range idx {
		copy(t.X[k*s.Dim:(k+1)*s.Dim], s.Image(i))
		t.Y[k] = s.Y[i]
	}
	return t
}

// Balanced returns n examples, n/Classes of each class, drawn without
// replacement using seed and kept in their original order. n must be a
// positive multiple of Classes and no class may have fewer than n/Classes
// examples.
func (s *Set) Balanced(n int, seed uint64) (*Set, error) {
	if s.Len() == 0 {
		return nil, fmt.Errorf("data: Set.Balanced: Len() = 0: want n = %d examples to draw from (the set is empty)", n)
	}
	if err := s.check("Set.Balanced", nil); err != nil {
		return nil, err
	}
	if n < s.Classes || n%s.Classes != 0 {
		return nil, fmt.Errorf("data: Set.Balanced: n = %d: want a positive multiple of Classes = %d", n, s.Classes)
	}
	per := n / s.Classes
	byClass := make([][]int, s.Classes)
	for i, y := range s.Y {
		byClass[y] = append(byClass[y], i)
	}
	r := newRand(seed, 1)
	idx := make([]int, 0, n)
	for c, members := range byClass {
		if len(members) < per {
			return nil, fmt.Errorf("data: Set.Balanced: n = %d: want %d examples of class %d, the set has %d", n, per, c, len(members))
		}
		idx = append(idx, rng.Sample(r, members, per)...)
	}
	slices.Sort(idx)
	return s.subset(idx), nil
}

// Split divides the set at random (using seed) into a validation set of
// nVal examples and a training set of the rest, each in original order.
func (s *Set) Split(nVal int, seed uint64) (train, val *Set, err error) {
	if err := s.check("Set.Split", nil); err != nil {
		return nil, nil, err
	}
	if nVal < 1 || nVal >= s.Len() {
		return nil, nil, fmt.Errorf("data: Set.Split: nVal = %d: want 1 to %d", nVal, s.Len()-1)
	}
	perm := make([]int, s.Len())
	for i := range perm {
		perm[i] = i
	}
	v := rng.Sample(newRand(seed, 2), perm, nVal) // perm now holds v first
	slices.Sort(v)
	rest := slices.Clone(perm[nVal:])
	slices.Sort(rest)
	return s.subset(rest), s.subset(v), nil
}

// MeanStd returns the mean and the (population) standard deviation of all
// pixels, for use with Normalize; both are NaN for a nil or empty set, which
// Normalize rejects.
func (s *Set) MeanStd() (mean, std float64) {
	if s == nil || len(s.X) == 0 {
		return math.NaN(), math.NaN()
	}
	var sum, sum2 float64
	for _, x := range s.X {
		sum += float64(x)
	}
	mean = sum / float64(len(s.X))
	for _, x := range s.X {
		d := float64(x) - mean
		sum2 += d * d
	}
	return mean, math.Sqrt(sum2 / float64(len(s.X)))
}

// Normalize returns a copy with every pixel x replaced by (x − mean)/std.
// Use the training set's MeanStd for every split.
func (s *Set) Normalize(mean, std float64) (*Set, error) {
	if err := s.check("Set.Normalize", nil); err != nil {
		return nil, err
	}
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		return nil, fmt.Errorf("data: Set.Normalize: mean = %v: want a finite number", mean)
	}
	if !(std > 0) || math.IsInf(std, 0) {
		return nil, fmt.Errorf("data: Set.Normalize: std = %v: want a finite number > 0", std)
	}
	t := *s
	t.X = make([]float32, len(s.X))
	t.Y = slices.Clone(s.Y)
	m, inv := float32(mean), float32(1/std)
	for i, x := range s.X {
		t.X[i] = (x - m) * inv
	}
	return &t, nil
}

// CorruptLabels returns a set whose labels at round(p·Len) examples, chosen
// uniformly without replacement using seed, are replaced by a label drawn
// uniformly from the other Classes−1 classes, so every corrupted example is
// really mislabelled (the random-label experiments of Zhang et al. and of
// the paper's Fig. 5). It also returns the corrupted indices in increasing
// order. The result shares X with s. A corrupted label is never the true
// one, so uniformly random labels (Zhang et al.'s "random labels") are
// p = (Classes−1)/Classes, 0.9 for 10 classes; at p = 1 every label means
// "not this class", which a network can learn.
func (s *Set) CorruptLabels(p float64, seed uint64) (*Set, []int, error) {
	if err := s.check("Set.CorruptLabels", nil); err != nil {
		return nil, nil, err
	}
	if !(p >= 0 && p <= 1) {
		return nil, nil, fmt.Errorf("data: Set.CorruptLabels: p = %v: want a fraction in [0, 1]", p)
	}
	if s.Classes < 2 {
		return nil, nil, fmt.Errorf("data: Set.CorruptLabels: Classes = %d: want ≥ 2", s.Classes)
	}
	k := int(math.Round(p * float64(s.Len())))
	perm := make([]int, s.Len())
	for i := range perm {
		perm[i] = i
	}
	r := newRand(seed, 3)
	idx := slices.Clone(rng.Sample(r, perm, k))
	slices.Sort(idx)
	t := *s
	t.Y = slices.Clone(s.Y)
	for _, i := range idx {
		y := rng.IntN(r, s.Classes-1)
		if y >= s.Y[i] {
			y++ // skip the true class
		}
		t.Y[i] = y
	}
	return &t, idx, nil
}

// newRand returns a PCG generator for seed; stream separates the methods so
// that the same seed does not correlate a split with a corruption.
func newRand(seed, stream uint64) *rand.PCG {
	return rng.New(seed, 0x9e3779b97f4a7c15^stream)
}

package data_test

import (
	"bytes"
	"fmt"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
)

// An idx file is four magic bytes (0, 0, type, number of dimensions), the
// dimension sizes as big-endian uint32, then the data.
func ExampleReadIDX() {
	file := []byte{0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6}
	m, err := data.ReadIDX(bytes.NewReader(file), "tiny.idx")
	fmt.Println(m.Dims, m.Data, err)
	_, err = data.ReadIDX(bytes.NewReader(file[:15]), "tiny.idx")
	fmt.Println(err)
	// Output:
	// [2 3] [1 2 3 4 5 6] <nil>
	// data: ReadIDX: tiny.idx: truncated: dimensions 2×3 declare 6 bytes of data, found 3
}

// Random labels for the memorisation experiment of the paper's Fig. 5: a
// quarter of the labels are replaced by wrong ones.
func ExampleSet_CorruptLabels() {
	s := &data.Set{X: make([]float32, 8), Y: []int{0, 1, 2, 0, 1, 2, 0, 1}, Dim: 1, Classes: 3}
	noisy, idx, _ := s.CorruptLabels(0.25, 1)
	fmt.Println(len(idx), "corrupted")
	for _, i := range idx {
		fmt.Println(s.Y[i] != noisy.Y[i])
	}
	// Output:
	// 2 corrupted
	// true
	// true
}

// A synthetic task for a quick experiment: three clusters in two
// dimensions, split into training and validation examples.
func ExampleBlobs() {
	all, err := data.Blobs(300, 2, 3, 0.5, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	train, val, _ := all.Split(100, 1)
	fmt.Println(train.Len(), val.Len(), train.ClassCounts(), val.ClassCounts())
	// Output:
	// 200 100 [72 67 61] [28 33 39]
}

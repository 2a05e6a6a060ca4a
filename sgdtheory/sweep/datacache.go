package sweep

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/grid"
)

// Every task of a sweep makes the same few data sets, and parsing an
// installed data set costs seconds — more than a short run trains. The
// first task that makes a set keeps it in the results folder, under
// dataCacheDir, and later tasks on any node that sees the folder read it
// back in milliseconds. A kept set is used only if its content has the
// recipe's fingerprint, so a stale or damaged file is remade, never
// trained on.
const dataCacheDir = ".data"

// setMagic starts a kept set: the format's name and version.
const setMagic = "sgdminima set v1\n"

// keptName is the file name of the set that recipe d makes.
func (d Data) keptName() string {
	b, _ := json.Marshal(d)
	h := sha256.Sum256(b)
	return d.Source + "-" + d.Part + "-" + hex.EncodeToString(h[:8]) + ".set"
}

// readKept returns the set kept at path if it is there, whole, and has the
// fingerprint want; otherwise nil.
func readKept(path, want string) *data.Set {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	s, err := decodeSet(bufio.NewReaderSize(f, 1<<20))
	if err != nil || grid.Fingerprint(s) != want {
		return nil
	}
	return s
}

// keep writes s to path atomically. It is best effort: a task whose
// folder is full still trains, and the next task makes the set again.
func keep(path string, s *data.Set) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".keep-*")
	if err != nil {
		return
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = encodeSet(w, s)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// encodeSet writes setMagic, then n, Dim, Classes, Rows and Cols as
// little-endian uint32, the n labels as bytes and the n·Dim pixels as
// little-endian float32.
func encodeSet(w io.Writer, s *data.Set) error {
	if _, err := io.WriteString(w, setMagic); err != nil {
		return err
	}
	head := []uint32{uint32(s.Len()), uint32(s.Dim), uint32(s.Classes), uint32(s.Rows), uint32(s.Cols)}
	if err := binary.Write(w, binary.LittleEndian, head); err != nil {
		return err
	}
	labels := make([]byte, len(s.Y))
	for i, y := range s.Y {
		labels[i] = byte(y)
	}
	if _, err := w.Write(labels); err != nil {
		return err
	}
	return binary.Write(w, binary.LittleEndian, s.X)
}

// decodeSet reads what encodeSet wrote, and checks that nothing follows.
func decodeSet(r io.Reader) (*data.Set, error) {
	magic := make([]byte, len(setMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != setMagic {
		return nil, errors.New("not a kept set")
	}
	var head [5]uint32
	if err := binary.Read(r, binary.LittleEndian, head[:]); err != nil {
		return nil, err
	}
	n, dim := int(head[0]), int(head[1])
	if n == 0 || dim == 0 || head[2] == 0 || head[2] > 256 || int(head[3])*int(head[4]) != dim || n*dim > 1<<31 {
		return nil, fmt.Errorf("kept set: bad header %v", head)
	}
	s := &data.Set{X: make([]float32, n*dim), Y: make([]int, n), Dim: dim, Classes: int(head[2]), Rows: int(head[3]), Cols: int(head[4])}
	labels := make([]byte, n)
	if _, err := io.ReadFull(r, labels); err != nil {
		return nil, err
	}
	for i, b := range labels {
		s.Y[i] = int(b)
	}
	if err := binary.Read(r, binary.LittleEndian, s.X); err != nil {
		return nil, err
	}
	if _, err := r.Read(make([]byte, 1)); err != io.EOF {
		return nil, errors.New("kept set: trailing bytes")
	}
	return s, nil
}

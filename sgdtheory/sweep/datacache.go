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
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"

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

// Prepare makes every data set of the spec, its training sets and its
// validation set, and keeps it in the results folder, so that no task
// parses the installed data set: run once where the spec is written
// (`sgdsweep prepare SPEC`) before the job is submitted, it saves each
// task of the first wave seconds of a core. Sets already kept are read,
// not made again. Progress, if not nil, gets one line per set.
func (s *Spec) Prepare(progress io.Writer) error {
	dir, err := s.writableResults()
	if err != nil {
		return err
	}
	keepDir := filepath.Join(dir, dataCacheDir)
	if _, err := s.list(keepDir, nil); err != nil {
		return fmt.Errorf("sweep: Prepare: %w", err)
	}
	recipes := map[string]Data{}
	for name, d := range s.Sets {
		recipes[fmt.Sprintf("sets[%q]", name)] = d
	}
	if s.Val != nil {
		recipes["val"] = *s.Val
	}
	for _, name := range slices.Sorted(maps.Keys(recipes)) {
		d := recipes[name]
		path := filepath.Join(keepDir, d.keptName())
		// keep is best effort for a task; here a set that is not kept is
		// the command's failure.
		if readKept(path, d.Fingerprint) == nil {
			return fmt.Errorf("sweep: Prepare: %s: could not keep the set in %s", name, keepDir)
		}
		if progress != nil {
			fmt.Fprintf(progress, "sweep: %s kept as %s (%s)\n", name, filepath.Join(s.Results, dataCacheDir, d.keptName()), d.Fingerprint)
		}
	}
	return nil
}

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
	chunk := make([]byte, 0, 1<<16) // as decodeSet, in chunks
	for i, x := range s.X {
		chunk = binary.LittleEndian.AppendUint32(chunk, math.Float32bits(x))
		if len(chunk) == cap(chunk) || i == len(s.X)-1 {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
		}
	}
	return nil
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
	// In chunks, not binary.Read of all of X: that would first allocate
	// (and touch) a byte copy of the whole set.
	chunk := make([]byte, 1<<16)
	for x := s.X; len(x) > 0; {
		b := chunk[:4*min(len(x), len(chunk)/4)]
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, err
		}
		for i := range len(b) / 4 {
			x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
		x = x[len(b)/4:]
	}
	if _, err := r.Read(make([]byte, 1)); err != io.EOF {
		return nil, errors.New("kept set: trailing bytes")
	}
	return s, nil
}

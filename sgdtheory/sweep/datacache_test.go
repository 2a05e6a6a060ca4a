package sweep

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/grid"
)

// TestKeptSetRoundTrip: a kept set reads back with the same fingerprint,
// and a file cut short, extended or of another kind is refused.
func TestKeptSetRoundTrip(t *testing.T) {
	s := &data.Set{X: []float32{0.5, -1, 2, 3.25, 0, 1e-7}, Y: []int{3, 9}, Dim: 3, Classes: 10, Rows: 1, Cols: 3}
	var b bytes.Buffer
	if err := encodeSet(&b, s); err != nil {
		t.Fatal(err)
	}
	got, err := decodeSet(bytes.NewReader(b.Bytes()))
	if err != nil || grid.Fingerprint(got) != grid.Fingerprint(s) {
		t.Fatalf("round trip: %v, fingerprint %q, want %q", err, grid.Fingerprint(got), grid.Fingerprint(s))
	}
	whole := b.Bytes()
	for name, bad := range map[string][]byte{
		"cut short":  whole[:len(whole)-1],
		"extended":   append(append([]byte{}, whole...), 0),
		"other kind": append([]byte("sgdminima grid v2\n"), whole[len(setMagic):]...),
		"empty":      nil,
	} {
		if _, err := decodeSet(bytes.NewReader(bad)); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
}

// TestPrepare: after Prepare the spec's tasks train without the installed
// data set (they read the kept sets), and give the in-process numbers;
// without it, a task needs the installed data set and says so.
func TestPrepare(t *testing.T) {
	r, sets, val := small(t)
	dir, s := smallSpec(t, r, sets, val)
	var out bytes.Buffer
	if err := s.Prepare(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`sets["train"] kept as results/.data/fashion-mnist-train-`, "val kept as results/.data/fashion-mnist-test-"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("Prepare did not say %q:\n%s", want, out.String())
		}
	}
	if err := s.Prepare(nil); err != nil {
		t.Fatalf("Prepare again, the sets kept: %v", err)
	}
	unprepared, u := smallSpec(t, r, sets, val)
	t.Setenv(data.FashionMNISTEnv, t.TempDir()) // no installed data set from here on
	if err := u.Task(0, nil); err == nil || !errors.Is(err, data.ErrNotFound) {
		t.Errorf("a task of an unprepared spec without the data set: %v; want data.ErrNotFound", err)
	}
	if err := u.Prepare(nil); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("Prepare without the data set: %v; want it not found", err)
	}
	if _, err := os.Stat(filepath.Join(unprepared, "results", dataCacheDir)); err == nil {
		if names, _ := os.ReadDir(filepath.Join(unprepared, "results", dataCacheDir)); len(names) > 0 {
			t.Errorf("a failed Prepare left %d kept files", len(names))
		}
	}
	gathered, inProcess := gatherAll(t, s, dir, r)
	if !bytes.Equal(gathered, inProcess) {
		t.Error("the tasks of the prepared spec, trained without the installed data set, differ from grid.Runs in process")
	}
	os.Chmod(filepath.Join(dir, "results"), 0o555)
	defer os.Chmod(filepath.Join(dir, "results"), 0o755)
	if os.Geteuid() != 0 {
		if err := s.Prepare(nil); err == nil || !strings.Contains(err.Error(), "not writable") {
			t.Errorf("Prepare into a read-only results folder: %v", err)
		}
	}
}

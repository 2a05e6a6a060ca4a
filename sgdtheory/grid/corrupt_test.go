package grid

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// TestCorrupt: a run with corrupted labels records, epoch by epoch, what
// train.Memorise records of the same run (another route through the
// library: its own measuring hook, no validation set during training), bit
// for bit; the records survive the file, and runs without corruption keep
// no such curves.
func TestCorrupt(t *testing.T) {
	r := tinyRuns()
	r.Momentum = 0.5
	r.Specs = []Spec{
		{Train: "large", Eta: 0.1, S: 10, Seed: 1, Epochs: 3, Corrupt: 0.25},
		{Train: "large", Eta: 0.1, S: 10, Seed: 1, Epochs: 3, Corrupt: 0.5},
		{Train: "large", Eta: 0.1, S: 10, Seed: 2, Epochs: 3, Corrupt: 0.5},
		{Train: "large", Eta: 0.1, S: 10, Seed: 1, Epochs: 3},
	}
	tab, err := r.Run()
	if err != nil {
		t.Fatal(err)
	}
	if res := tab.Runs[3]; res.Fit != nil || res.WholeAcc != nil {
		t.Errorf("run without corruption: Fit %v, WholeAcc %v: want nil", res.Fit, res.WholeAcc)
	}
	for _, p := range []float64{0.25, 0.5} {
		got := tab.Memorisations("large", p, 0.1, 10)
		if want := map[float64]int{0.25: 1, 0.5: 2}[p]; len(got) != want {
			t.Fatalf("Memorisations(p = %g): %d records, want %d", p, len(got), want)
		}
		for k, g := range got {
			m := train.Memorise{Base: r.Sets["large"], Val: r.Val, Widths: r.Widths, P: p, Eta: 0.1, S: 10,
				Momentum: r.Momentum, Epochs: 3, Every: 1, Seed: uint64(k + 1)}
			want, err := m.Run()
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(*g) != fmt.Sprint(*want) {
				t.Errorf("p = %g, seed %d: the run's record\n%v\nwant train.Memorise's\n%v", p, k+1, *g, *want)
			}
		}
	}
	text, back := roundTrip(t, tab)
	if !sameResults(tab.Runs, back.Runs) {
		t.Errorf("read back:\n%v\nwant\n%v", back.Runs, tab.Runs)
	}
	// A file whose memorisation curve is shorter than its epochs is not a
	// result of the run.
	bad := strings.Replace(text, `"fit": [`, `"fit": [ 0.5,`, 1)
	if _, err := Read(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "fit of") {
		t.Errorf("Read with a fit curve of 4 epochs out of 3: %v, want an error naming fit", err)
	}
}

// TestCorruptBad: a fraction outside [0, 1] is an error naming it.
func TestCorruptBad(t *testing.T) {
	for _, p := range []float64{-0.1, 1.5, math.NaN()} {
		r := tinyRuns()
		r.Specs[0].Corrupt = p
		if _, err := r.Run(); err == nil || !strings.Contains(err.Error(), "Corrupt") {
			t.Errorf("Corrupt = %v: %v, want an error naming Corrupt", p, err)
		}
	}
}

// roundTrip writes tab and reads it back; it returns the file's text too.
func roundTrip(t *testing.T, tab *Table) (string, *Table) {
	t.Helper()
	var buf bytes.Buffer
	if err := tab.Write(&buf); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return text, back
}

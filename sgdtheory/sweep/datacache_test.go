package sweep

import (
	"bytes"
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

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each fix must find its target exactly once in the pinned source, or the
// kernel build stops; this test says so without building.
func TestFixesMatchPinnedSource(t *testing.T) {
	if err := os.Chdir("../.."); err != nil { // moduleDir runs go in the repository root
		t.Fatal(err)
	}
	for _, f := range fixes {
		module := f.Module
		if module == "" {
			module = gophernotes
		}
		dir, err := moduleDir(module)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, f.File))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), f.Old); n != 1 {
			t.Errorf("fix for %s (%s): target found %d times, want 1", f.File, f.Why, n)
		}
	}
}

func TestApplyFailsLoudly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.go")
	if err := os.WriteFile(path, []byte("x := 1\nx := 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		old  string
		fail bool
	}{
		{"y := 2", true}, // missing
		{"x := 1", true}, // twice
		{"x := 1\nx", false},
	} {
		err := apply(dir, fix{File: "a.go", Old: tc.old, New: "z"})
		if (err != nil) != tc.fail {
			t.Errorf("apply(%q): err = %v, want failure %v", tc.old, err, tc.fail)
		}
	}
}

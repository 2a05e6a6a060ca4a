package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommittedBindingsAreCurrent fails when kernel/imports is stale: the
// list or a listed package's exported API changed without go generate.
func TestCommittedBindingsAreCurrent(t *testing.T) {
	const dir = "../imports"
	patterns, err := readList(filepath.Join(dir, "packages.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(patterns, dir)
	if err != nil {
		t.Fatal(err)
	}
	have, err := filepath.Glob(filepath.Join(dir, filePrefix+"*.go"))
	if err != nil {
		t.Fatal(err)
	}
	const fix = "run `go generate ./kernel/imports` and commit the result"
	for _, path := range have {
		if _, ok := want[filepath.Base(path)]; !ok {
			t.Errorf("%s binds a package no longer listed: %s", path, fix)
		}
	}
	for name, src := range want {
		cur, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case err != nil:
			t.Errorf("%s is missing: %s", name, fix)
		case !bytes.Equal(cur, src):
			t.Errorf("%s is stale: %s", name, fix)
		}
	}
}

func TestFileName(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"math/rand/v2", "zz_math_rand_v2.go"},
		{"gonum.org/v1/gonum/stat/distuv", "zz_gonum_org_v1_gonum_stat_distuv.go"},
	} {
		if got := fileName(tc.path); got != tc.want {
			t.Errorf("fileName(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestReadListSkipsCommentsAndBlanks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(path, []byte("# comment\n\n  fmt  \nmath/rand/v2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readList(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "fmt,math/rand/v2" {
		t.Errorf("readList = %q", got)
	}
	if err := os.WriteFile(path, []byte("# nothing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readList(path); err == nil {
		t.Error("readList of an empty list: want an error")
	}
}

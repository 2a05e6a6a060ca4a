// Command bindgen writes gomacro import bindings for the packages listed in
// a file, so that the sgdminima kernel can import them without plugins.
//
// Usage (from kernel/imports, through go generate):
//
//	go run ../bindgen -list packages.txt -o .
//
// Each package gets one file, zz_<path>.go, whose init registers the
// package's functions, variables, constants, types, interface proxies and
// promoted-method lists in gomacro's imports.Packages. Generic functions and
// types cannot be called from the interpreter and are left out. Files of
// packages no longer listed are removed.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// filePrefix marks the files bindgen owns in the output folder.
const filePrefix = "zz_"

func main() {
	list := flag.String("list", "packages.txt", "file with one import path or pattern a line")
	out := flag.String("o", ".", "output folder (a Go package named imports)")
	flag.Parse()
	if err := run(*list, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bindgen:", err)
		os.Exit(1)
	}
}

func run(list, out string) error {
	patterns, err := readList(list)
	if err != nil {
		return err
	}
	files, err := generate(patterns, out)
	if err != nil {
		return err
	}
	return writeFiles(out, files)
}

// readList returns the non-empty, non-comment lines of the file at path.
func readList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var patterns []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(patterns) == 0 {
		return nil, fmt.Errorf("%s lists no packages", path)
	}
	return patterns, nil
}

// generate loads the packages matched by patterns, resolved in the module
// that holds dir, and returns the binding files by name.
func generate(patterns []string, dir string) (map[string][]byte, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes,
		Dir:  dir,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte)
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("loading %s: %v", p.PkgPath, p.Errors[0])
		}
		if p.Name == "main" || isInternal(p.PkgPath) {
			continue
		}
		src, err := bindings(p.Types)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", p.PkgPath, err)
		}
		files[fileName(p.PkgPath)] = src
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no packages matched %v", patterns)
	}
	return files, nil
}

// fileName is the binding file for the package at path.
func fileName(path string) string {
	r := strings.NewReplacer("/", "_", ".", "_", "-", "_", "~", "_")
	return filePrefix + r.Replace(path) + ".go"
}

// writeFiles writes files into dir, leaving files whose content is
// unchanged untouched, and removes binding files not in files.
func writeFiles(dir string, files map[string][]byte) error {
	old, err := filepath.Glob(filepath.Join(dir, filePrefix+"*.go"))
	if err != nil {
		return err
	}
	for _, path := range old {
		if _, keep := files[filepath.Base(path)]; !keep {
			if err := os.Remove(path); err != nil {
				return err
			}
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, name)
		if cur, err := os.ReadFile(path); err == nil && bytes.Equal(cur, files[name]) {
			continue
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func isInternal(path string) bool {
	return strings.HasSuffix(path, "/internal") || strings.Contains(path, "/internal/") ||
		strings.HasPrefix(path, "internal/")
}

// Command mkkernel builds the sgdminima Jupyter kernel and, on request,
// installs its kernelspec.
//
// The kernel is gophernotes, with the gomacro interpreter, at the versions
// pinned in go.mod. No line of their source is kept in this repository:
// mkkernel copies both pinned modules from the module cache into
// kernel/build (git-ignored), applies the project's fixes (fixes.go; each
// fails loudly when its target text is missing), adds the files of ext/ (to
// gophernotes' main package; those under ext/gomacro to gomacro), which link
// the prebuilt import bindings of kernel/imports and replace the message
// loop, and builds the copies together with this module through a generated
// go.work. The Go build cache makes a rebuild after a library change take
// seconds.
//
// Usage, from the repository root:
//
//	go run ./kernel/mkkernel [-o kernel/build/bin/sgdminima-kernel] [-spec DATADIR] [-vet]
//
// With -spec, the kernelspec "sgdminima-go" is written to
// DATADIR/kernels/sgdminima-go, pointing at the absolute binary path.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const (
	gophernotes = "github.com/gopherdata/gophernotes"
	gomacro     = "github.com/cosmos72/gomacro"
	specName    = "sgdminima-go"
	displayName = "Go (sgdminima)"
)

func main() {
	out := flag.String("o", filepath.Join("kernel", "build", "bin", "sgdminima-kernel"), "kernel binary to write")
	spec := flag.String("spec", "", "Jupyter data dir to install the kernelspec into (none: build only)")
	vet := flag.Bool("vet", false, "also run go vet on the files mkkernel adds (ext/)")
	flag.Parse()
	if err := build(*out, *vet); err != nil {
		fmt.Fprintln(os.Stderr, "mkkernel:", err)
		os.Exit(1)
	}
	if *spec != "" {
		dir, err := installSpec(*spec, *out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "mkkernel:", err)
			os.Exit(1)
		}
		fmt.Printf("kernelspec %q (%s) installed in %s\n", specName, displayName, dir)
	}
}

func build(out string, vet bool) error {
	if _, err := os.Stat("go.mod"); err != nil {
		return errors.New("run from the repository root (no go.mod here)")
	}
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	buildDir := filepath.Join(root, "kernel", "build")
	copies := map[string]string{} // module path -> its copy
	for _, module := range []string{gophernotes, gomacro} {
		modDir, err := moduleDir(module)
		if err != nil {
			return err
		}
		dst := filepath.Join(buildDir, filepath.Base(module))
		if err := os.RemoveAll(dst); err != nil {
			return err
		}
		if err := copySource(modDir, dst); err != nil {
			return err
		}
		copies[module] = dst
	}
	for _, f := range fixes {
		module := f.Module
		if module == "" {
			module = gophernotes
		}
		if err := apply(copies[module], f); err != nil {
			return err
		}
	}
	ext := filepath.Join(root, "kernel", "mkkernel", "ext")
	extDirs, err := addExtension(ext, copies[gophernotes])
	if err != nil {
		return err
	}
	more, err := addExtension(filepath.Join(ext, "gomacro"), copies[gomacro])
	if err != nil {
		return err
	}
	extDirs = append(extDirs, more...)
	goVersion, err := moduleGoVersion("go.mod")
	if err != nil {
		return err
	}
	work := filepath.Join(buildDir, "go.work")
	workText := "go " + goVersion + "\n\nuse (\n\t../..\n\t./gophernotes\n\t./gomacro\n)\n"
	if err := os.WriteFile(work, []byte(workText), 0o644); err != nil {
		return err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-o", abs, ".")
	cmd.Dir = copies[gophernotes]
	// Keep the caller's GOFLAGS (the Makefile's -tags=openblas selects the
	// BLAS of the prebuilt sgdtheory/mlp) and add -buildvcs=false: the
	// derived source tree is not a repository.
	cmd.Env = append(os.Environ(), "GOWORK="+work, "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -buildvcs=false"))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build of the kernel: %v", err)
	}
	fmt.Printf("kernel built: %s\n", out)
	if vet {
		return vetExtension(cmd.Env, extDirs...)
	}
	return nil
}

// vetExtension runs go vet on the packages of dirs, the folders that
// addExtension wrote the files of ext/ into, and fails on a diagnostic in one of those files (named
// zz_sgdminima_*). Diagnostics in the pinned upstream source are counted,
// not fixed: no line of it is ours to change.
func vetExtension(env []string, dirs ...string) error {
	ours, upstream := 0, 0
	for _, dir := range dirs {
		cmd := exec.Command("go", "vet", ".")
		cmd.Dir, cmd.Env = dir, env
		b, err := cmd.CombinedOutput()
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			switch {
			case strings.Contains(line, "zz_sgdminima_"):
				fmt.Fprintln(os.Stderr, line)
				ours++
			case strings.HasPrefix(line, "vet: "): // type-checking failed: nothing was analysed
				return fmt.Errorf("go vet in %s: %s", dir, b)
			case strings.Contains(line, ".go:"):
				upstream++
			}
		}
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			return fmt.Errorf("go vet in %s: %v", dir, err)
		}
	}
	if ours > 0 {
		return fmt.Errorf("go vet: %d diagnostics in the kernel's own files (kernel/mkkernel/ext)", ours)
	}
	fmt.Printf("go vet: the kernel's own files are clean (%d diagnostics in the pinned upstream source, not ours)\n", upstream)
	return nil
}

// moduleDir returns the module cache folder of module at the version go.mod
// requires, downloading it if needed.
func moduleDir(module string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %v", module, err)
	}
	var m struct{ Dir, Version, Error string }
	if err := json.Unmarshal(b, &m); err != nil {
		return "", err
	}
	if m.Error != "" || m.Dir == "" {
		return "", fmt.Errorf("go mod download %s: %s", module, m.Error)
	}
	return m.Dir, nil
}

// copySource copies the Go package files (with assembly) and module files
// of a module (not its tests, examples or images) to dst, writable.
func copySource(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		name := d.Name()
		ext := filepath.Ext(name)
		keep := name == "go.mod" || name == "go.sum" || ext == ".s" || ext == ".h" ||
			ext == ".go" && !strings.HasSuffix(name, "_test.go")
		if !keep {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

func apply(dir string, f fix) error {
	path := filepath.Join(dir, f.File)
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if n := bytes.Count(b, []byte(f.Old)); n != 1 {
		return fmt.Errorf("fix for %s (%s): expected its target exactly once, found it %d times:\n%s",
			f.File, f.Why, n, f.Old)
	}
	b = bytes.Replace(b, []byte(f.Old), []byte(f.New), 1)
	return os.WriteFile(path, b, 0o644)
}

// addExtension copies the .go files below dir (not those of its gomacro
// subfolder, unless dir is it) into the same relative folders of the module
// copy at dst, without the build constraint that keeps them out of this
// module's own builds, and returns the folders it wrote to: the packages
// that vetExtension vets.
func addExtension(dir, dst string) (written []string, err error) {
	const constraint = "//go:build ignore\n"
	seen := map[string]bool{}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && d.Name() == "gomacro" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(b, []byte(constraint)) {
			return fmt.Errorf("%s: expected it to start with %q", path, constraint)
		}
		rel, _ := filepath.Rel(dir, path)
		to := filepath.Join(dst, filepath.Dir(rel))
		if !seen[to] {
			seen[to] = true
			written = append(written, to)
		}
		return os.WriteFile(filepath.Join(to, "zz_sgdminima_"+filepath.Base(rel)), b[len(constraint):], 0o644)
	})
	return written, err
}

// moduleGoVersion returns the go directive of a go.mod file.
func moduleGoVersion(gomod string) (string, error) {
	b, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "go "); ok {
			return strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("%s: no go directive", gomod)
}

// installSpec writes the kernelspec into dataDir/kernels/sgdminima-go.
func installSpec(dataDir, binary string) (string, error) {
	abs, err := filepath.Abs(binary)
	if err != nil {
		return "", err
	}
	spec := map[string]interface{}{
		"argv":           []string{abs, "{connection_file}"},
		"display_name":   displayName,
		"language":       "go",
		"interrupt_mode": "signal",
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", err
	}
	dir := filepath.Join(dataDir, "kernels", specName)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "kernel.json"), append(b, '\n'), 0o644)
}

//go:build ignore

// This file is added to the main package of the pinned gophernotes source
// by mkkernel, with the other files of this folder (mkkernel drops the
// build constraint above). It holds the kernel's additions to running a
// cell; fixes.go wires them in.

//go:debug gotypesalias=0

package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cosmos72/gomacro/base"
	interp "github.com/cosmos72/gomacro/fast"
	"github.com/cosmos72/gomacro/imports"
	"github.com/cosmos72/gomacro/xreflect"

	prebuilt "github.com/sgdminima/sgdminima/kernel/imports"
)

// pluginImportsEnv, set to 1, lets a cell import a package that is not
// prebuilt by compiling a plugin at run time (slow; needs a Go toolchain).
const pluginImportsEnv = "SGDMINIMA_PLUGIN_IMPORTS"

// warmupDelayEnv, a Go duration, delays the end of the start-up import
// (for tests).
const warmupDelayEnv = "SGDMINIMA_WARMUP_DELAY"

// executing is 1 while a cell runs, so that an interrupt that arrives
// while the kernel is idle does not stop the next cell.
var executing atomic.Int32

// startInterruptHandler turns SIGINT, which Jupyter sends to interrupt a
// cell (interrupt_mode "signal"), into an interrupt of the running cell.
func startInterruptHandler(ir *interp.Interp) {
	base.StartSignalHandler(func(os.Signal) { interruptCell(ir) })
}

// interruptCell stops the running cell, if one runs: an interrupt while
// the kernel is idle must not stop the next cell.
func interruptCell(ir *interp.Interp) {
	if executing.Load() == 1 {
		ir.Interrupt(os.Interrupt)
	}
}

// warm is closed when the start-up import of the prebuilt packages is done.
var warm = make(chan struct{})

// startWarmup imports every prebuilt package once, in the background, under
// the blank name: gomacro converts a package's types on its first import
// (0.3 s for gonum/mat) and caches them, so a cell's own import is instant.
// Requests that use the interpreter wait for it (handleShell); the others
// do not.
func startWarmup(ir *interp.Interp) {
	go func() {
		defer close(warm)
		defer func() { recover() }() // a failed warm-up only costs time later
		// The tests stretch the warm-up to show that requests which need no
		// interpreter are answered during it.
		if d, err := time.ParseDuration(os.Getenv(warmupDelayEnv)); err == nil {
			time.Sleep(d)
		}
		paths := make(map[string]interp.PackageName, len(prebuilt.Prebuilt))
		for _, p := range prebuilt.Prebuilt {
			paths[p] = "_"
		}
		ir.ImportPackagesOrError(paths)
	}()
}

// shownResults returns the values of a cell's last expression that are
// worth showing: a trailing nil error is dropped (so f() returning (0.05,
// nil) shows 0.05), and so is everything a print call returns (its byte
// count is noise).
func shownResults(last ast.Node, vals []interface{}, types []xreflect.Type) ([]interface{}, []xreflect.Type) {
	if isPrintCall(last) {
		return nil, nil
	}
	if n := len(vals); n > 1 && vals[n-1] == nil && types[n-1] != nil &&
		types[n-1].ReflectType() == reflect.TypeOf((*error)(nil)).Elem() {
		return vals[:n-1], types[:n-1]
	}
	return vals, types
}

// isPrintCall reports whether node calls a print function of fmt (Print,
// Println, Printf, and their Fprint forms) or the print builtins.
func isPrintCall(node ast.Node) bool {
	call, ok := node.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		return fun.Name == "print" || fun.Name == "println"
	case *ast.SelectorExpr:
		pkg, ok := fun.X.(*ast.Ident)
		name := fun.Sel.Name
		return ok && pkg.Name == "fmt" && (strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint"))
	}
	return false
}

// checkImports rejects imports of packages that are not prebuilt, with a
// message that says what to do, instead of a slow or failing plugin build.
func checkImports(nodes []ast.Node) error {
	if os.Getenv(pluginImportsEnv) == "1" {
		return nil
	}
	for _, node := range nodes {
		decl, ok := node.(*ast.GenDecl)
		if !ok || decl.Tok != token.IMPORT {
			continue
		}
		for _, spec := range decl.Specs {
			path, err := strconv.Unquote(spec.(*ast.ImportSpec).Path.Value)
			if err != nil {
				continue // let the interpreter report the syntax
			}
			if _, ok := imports.Packages[path]; !ok {
				return fmt.Errorf("import %q: package not prebuilt into this kernel.\n"+
					"Prebuilt: the standard library (as bound by gomacro, Go 1.18; math/rand/v2 too), "+
					"gonum, gonum/plot and every sgdtheory package: see kernel/imports/packages.txt.\n"+
					"To add one, list it there, run `go generate ./kernel/imports` and `make kernel`; "+
					"or restart the kernel with %s=1 to build a plugin at run time (slow, needs Go). "+
					"Packages made only of generics (slices, maps) cannot be used by the interpreter.",
					path, pluginImportsEnv)
			}
		}
	}
	return nil
}

// copyWithoutWarnings copies src to dst line by line, dropping the
// warnings gomacro prints about generic functions it skips.
func copyWithoutWarnings(dst io.Writer, src io.Reader) {
	r := bufio.NewReader(src)
	for {
		line, err := r.ReadString('\n')
		if line != "" && !strings.HasPrefix(line, "// warning: skipping import of") {
			io.WriteString(dst, line)
		}
		if err != nil {
			return
		}
	}
}

// plainText is the text/plain form of data of the given MIME type: binary
// payloads are described, not dumped.
func plainText(mimeType string, data interface{}) string {
	if b, ok := data.([]byte); ok {
		return fmt.Sprintf("<%s, %d bytes>", mimeType, len(b))
	}
	return fmt.Sprint(data)
}

// fallbackText is the text/plain form of a rendered value arg whose bundle
// already holds richer data.
func fallbackText(bundle MIMEMap, arg interface{}) string {
	mimes := make([]string, 0, len(bundle))
	for m := range bundle {
		mimes = append(mimes, m)
	}
	sort.Strings(mimes)
	for _, m := range mimes {
		if b, ok := bundle[m].([]byte); ok {
			return plainText(m, b)
		}
	}
	return fmt.Sprint(arg)
}

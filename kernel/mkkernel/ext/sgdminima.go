//go:build ignore

// This file is added to the main package of the pinned gophernotes source
// by mkkernel (which drops the build constraint above). It holds the
// kernel's additions; fixes.go wires them in.

//go:debug gotypesalias=0

package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cosmos72/gomacro/base"
	interp "github.com/cosmos72/gomacro/fast"
	"github.com/cosmos72/gomacro/imports"

	prebuilt "github.com/sgdminima/sgdminima/kernel/imports"
)

// pluginImportsEnv, set to 1, lets a cell import a package that is not
// prebuilt by compiling a plugin at run time (slow; needs a Go toolchain).
const pluginImportsEnv = "SGDMINIMA_PLUGIN_IMPORTS"

// executing is 1 while a cell runs, so that an interrupt that arrives
// while the kernel is idle does not stop the next cell.
var executing atomic.Int32

// startInterruptHandler turns SIGINT, which Jupyter sends to interrupt a
// cell, into an interrupt of the running interpreted code.
func startInterruptHandler(ir *interp.Interp) {
	base.StartSignalHandler(func(sig os.Signal) {
		if executing.Load() == 1 {
			ir.Interrupt(sig)
		}
	})
}

// warm is closed when the start-up import of the prebuilt packages is done.
var warm = make(chan struct{})

// startWarmup imports every prebuilt package once, in the background, under
// the blank name: gomacro converts a package's types on its first import
// (0.3 s for gonum/mat) and caches them, so a cell's own import is instant.
// Requests that use the interpreter wait for it (waitWarm); kernel_info and
// shutdown do not.
func startWarmup(ir *interp.Interp) {
	go func() {
		defer close(warm)
		defer func() { recover() }() // a failed warm-up only costs time later
		paths := make(map[string]interp.PackageName, len(prebuilt.Prebuilt))
		for _, p := range prebuilt.Prebuilt {
			paths[p] = "_"
		}
		ir.ImportPackagesOrError(paths)
	}()
}

// waitWarm waits for the warm-up before a request that uses the interpreter.
func waitWarm(msgType string) {
	switch msgType {
	case "kernel_info_request", "shutdown_request", "comm_info_request", "history_request":
		return
	}
	<-warm
}

// isPrintCall reports whether node calls fmt.Print, Printf or Println (or
// the print builtins), whose byte count and error are noise in a cell.
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
		return ok && pkg.Name == "fmt" && strings.HasPrefix(fun.Sel.Name, "Print")
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

// history holds the executed cells for history_request.
var history struct {
	sync.Mutex
	cells []string
}

func recordHistory(code string, silent bool) {
	if silent {
		return
	}
	history.Lock()
	history.cells = append(history.cells, code)
	history.Unlock()
}

// handleHistoryRequest replies with (session, line, input) triples: the
// last n cells for "tail", all of them otherwise.
func handleHistoryRequest(receipt msgReceipt) error {
	content, _ := receipt.Msg.Content.(map[string]interface{})
	history.Lock()
	cells := append([]string(nil), history.cells...)
	history.Unlock()
	first := 0
	if access, _ := content["hist_access_type"].(string); access == "tail" {
		if n, ok := content["n"].(float64); ok && int(n) < len(cells) && n >= 0 {
			first = len(cells) - int(n)
		}
	}
	entries := make([][]interface{}, 0, len(cells)-first)
	for i := first; i < len(cells); i++ {
		entries = append(entries, []interface{}{0, i + 1, cells[i]})
	}
	return receipt.Reply("history_reply", map[string]interface{}{
		"status":  "ok",
		"history": entries,
	})
}

// handleCommInfoRequest replies that the kernel has no open comms.
func handleCommInfoRequest(receipt msgReceipt) error {
	return receipt.Reply("comm_info_reply", map[string]interface{}{
		"status": "ok",
		"comms":  map[string]interface{}{},
	})
}

// handleInspectRequest shows the type of the identifier or selector under
// the cursor (and the value, for a variable), found by compiling it without
// running it.
func (kernel *Kernel) handleInspectRequest(receipt msgReceipt) error {
	content, _ := receipt.Msg.Content.(map[string]interface{})
	code, _ := content["code"].(string)
	pos, _ := content["cursor_pos"].(float64)
	expr := selectorAt(code, int(pos))
	reply := map[string]interface{}{
		"status":   "ok",
		"found":    false,
		"data":     map[string]interface{}{},
		"metadata": map[string]interface{}{},
	}
	if text := kernel.describe(expr); text != "" {
		reply["found"] = true
		reply["data"] = map[string]interface{}{"text/plain": text}
	}
	return receipt.Reply("inspect_reply", reply)
}

// describe returns "expr: type" for a known expression, "" otherwise.
func (kernel *Kernel) describe(expr string) (text string) {
	if expr == "" {
		return ""
	}
	defer func() {
		if recover() != nil {
			text = ""
		}
	}()
	e := kernel.ir.Compile(expr)
	if e == nil || e.Type == nil {
		return ""
	}
	text = fmt.Sprintf("%s: %v", expr, e.Type)
	if !strings.Contains(expr, ".") {
		if v := kernel.ir.ValueOf(expr); v.IsValid() && v.CanInterface() {
			val := fmt.Sprint(v.Interface())
			if len(val) > 200 {
				val = val[:200] + "…"
			}
			text += " = " + val
		}
	}
	return text
}

// selectorAt returns the identifier or dotted selector that ends at or
// spans byte offset pos of code.
func selectorAt(code string, pos int) string {
	if pos > len(code) {
		pos = len(code)
	}
	isWord := func(c byte) bool {
		return c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
	}
	start, end := pos, pos
	for start > 0 && isWord(code[start-1]) {
		start--
	}
	for end < len(code) && isWord(code[end]) {
		end++
	}
	return strings.Trim(code[start:end], ".")
}

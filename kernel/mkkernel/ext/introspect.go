//go:build ignore

// Requests about code rather than runs of it: is_complete, complete,
// inspect (and the %doc pager), history. Cursor positions are Unicode code
// points (messaging spec 5.2+), converted to byte offsets for gomacro; a
// position outside the code gets a valid empty reply.

package main

import (
	"fmt"
	"go/scanner"
	"go/token"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	interp "github.com/cosmos72/gomacro/fast"
	"github.com/cosmos72/gomacro/go/etoken"
	mp "github.com/cosmos72/gomacro/go/parser"
)

// codeAndCursor reads code and cursor_pos from a request; the cursor
// defaults to the end of the code.
func codeAndCursor(receipt msgReceipt) (code string, pos int) {
	content, _ := receipt.Msg.Content.(map[string]interface{})
	code, _ = content["code"].(string)
	pos = utf8.RuneCountInString(code)
	if p, ok := content["cursor_pos"].(float64); ok {
		pos = int(p)
	}
	return code, pos
}

// byteOffset converts a position in code points to a byte offset of code;
// ok is false when the position lies outside the code.
func byteOffset(code string, pos int) (offset int, ok bool) {
	if pos < 0 {
		return 0, false
	}
	n := 0
	for i := range code {
		if n == pos {
			return i, true
		}
		n++
	}
	return len(code), n == pos
}

// handleComplete replies with the names that complete the identifier or
// selector before the cursor.
func (kernel *Kernel) handleComplete(receipt msgReceipt) error {
	code, pos := codeAndCursor(receipt)
	reply := map[string]interface{}{
		"status":       "ok",
		"matches":      []string{},
		"cursor_start": pos,
		"cursor_end":   pos,
		"metadata":     map[string]interface{}{},
	}
	if at, ok := byteOffset(code, pos); ok {
		head, matches, _ := kernel.ir.CompleteWords(code, at)
		if len(matches) > 0 {
			start := len(head) - len(interp.TailIdentifier(head))
			reply["matches"] = matches
			reply["cursor_start"] = utf8.RuneCountInString(head[:start])
		}
	} else {
		reply["cursor_start"], reply["cursor_end"] = 0, 0
	}
	return receipt.Reply("complete_reply", reply)
}

// handleInspect shows the type of the identifier or selector under the
// cursor (and the value, for a variable).
func (kernel *Kernel) handleInspect(receipt msgReceipt) error {
	code, pos := codeAndCursor(receipt)
	reply := map[string]interface{}{
		"status":   "ok",
		"found":    false,
		"data":     map[string]interface{}{},
		"metadata": map[string]interface{}{},
	}
	if at, ok := byteOffset(code, pos); ok {
		if text := describe(kernel.ir, selectorAt(code, at)); text != "" {
			reply["found"] = true
			reply["data"] = map[string]interface{}{"text/plain": text}
		}
	}
	return receipt.Reply("inspect_reply", reply)
}

// describe returns "expr: type" for a known expression, "" otherwise. It
// compiles expr without running it.
func describe(ir *interp.Interp, expr string) (text string) {
	if expr == "" {
		return ""
	}
	defer func() {
		if recover() != nil {
			text = ""
		}
	}()
	e := ir.Compile(expr)
	if e == nil || e.Type == nil {
		return ""
	}
	text = fmt.Sprintf("%s: %v", expr, e.Type)
	if !strings.Contains(expr, ".") {
		if v := ir.ValueOf(expr); v.IsValid() && v.CanInterface() {
			val := fmt.Sprint(v.Interface())
			if utf8.RuneCountInString(val) > 200 {
				val = string([]rune(val)[:200]) + "…"
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

// payload holds what a special command asks the front end to show beside
// the cell's output (the pager of %doc), until the execute_reply takes it.
var payload struct {
	sync.Mutex
	items []interface{}
}

// pageDoc is the special command %doc EXPR: the description of EXPR in the
// front end's pager.
func pageDoc(ir *interp.Interp, expr string) {
	text := describe(ir, strings.TrimSpace(expr))
	if text == "" {
		panic(fmt.Errorf("%%doc: %q is not a known name or selector", expr))
	}
	payload.Lock()
	payload.items = append(payload.items, map[string]interface{}{
		"source": "page",
		"data":   map[string]interface{}{"text/plain": text},
		"start":  0,
	})
	payload.Unlock()
}

// takePayload returns and clears the pending payload, never nil.
func takePayload() []interface{} {
	payload.Lock()
	defer payload.Unlock()
	items := payload.items
	payload.items = nil
	if items == nil {
		items = []interface{}{}
	}
	return items
}

// handleIsComplete tells a console whether Enter should run the code. It
// needs no interpreter state, so it is answered at once, also while the
// start-up import runs.
func handleIsComplete(receipt msgReceipt) error {
	code, _ := codeAndCursor(receipt)
	status, indent := isComplete(code)
	reply := map[string]interface{}{"status": status}
	if status == "incomplete" {
		reply["indent"] = indent
	}
	return receipt.Reply("is_complete_reply", reply)
}

// isComplete classifies code: incomplete while a bracket, raw string or
// comment is open or the last token needs an operand; invalid when a
// bracket closes what it did not open or the parser rejects the code;
// complete otherwise.
func isComplete(code string) (status, indent string) {
	if strings.TrimSpace(code) == "" {
		return "complete", ""
	}
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var open, bad bool
	var s scanner.Scanner
	s.Init(file, []byte(code), func(_ token.Position, msg string) {
		if msg == "raw string literal not terminated" || msg == "comment not terminated" {
			open = true
		} else {
			bad = true
		}
	}, scanner.ScanComments)
	var stack []token.Token
	last := token.SEMICOLON
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) == 0 || stack[len(stack)-1] != opening[tok] {
				return "invalid", ""
			}
			stack = stack[:len(stack)-1]
		}
		if tok != token.COMMENT && !(tok == token.SEMICOLON && lit == "\n") {
			last = tok
		}
	}
	switch {
	case open:
		return "incomplete", ""
	case bad:
		return "invalid", ""
	case len(stack) > 0:
		return "incomplete", strings.Repeat("\t", len(stack))
	case needsMore(last):
		return "incomplete", ""
	}
	if !parses(code) {
		return "invalid", ""
	}
	return "complete", ""
}

var opening = map[token.Token]token.Token{
	token.RPAREN: token.LPAREN, token.RBRACK: token.LBRACK, token.RBRACE: token.LBRACE,
}

// needsMore reports whether code ending in tok must go on: after a binary
// operator, an assignment, a comma or dot, or a keyword that starts a
// clause.
func needsMore(tok token.Token) bool {
	switch tok {
	case token.COMMA, token.PERIOD, token.ASSIGN, token.DEFINE, token.ARROW, token.NOT, token.COLON:
		return true
	case token.BREAK, token.CONTINUE, token.FALLTHROUGH, token.RETURN:
		return false
	}
	return tok.Precedence() > 0 || tok.IsKeyword() ||
		tok >= token.ADD_ASSIGN && tok <= token.AND_NOT_ASSIGN
}

// parses reports whether gomacro's parser accepts code, parsed in a file
// set of its own so that it shares no state with a running cell.
func parses(code string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var p mp.Parser
	p.Configure(0, '~')
	p.Init(etoken.NewFileSet(), "cell", 0, []byte(code))
	_, err := p.Parse()
	return err == nil
}

// history holds the cells run with store_history, for history_request.
var history struct {
	sync.Mutex
	cells []historyCell
}

type historyCell struct {
	line          int
	input, output string
	hasOutput     bool
}

// session is this kernel's history session number; requests may also name
// the current session as 0.
const session = 1

// recordHistory keeps the code of an execute request that asks for it.
func recordHistory(receipt msgReceipt, line int, code string) {
	content, _ := receipt.Msg.Content.(map[string]interface{})
	silent, _ := content["silent"].(bool)
	store, ok := content["store_history"].(bool)
	if silent || ok && !store {
		return
	}
	history.Lock()
	history.cells = append(history.cells, historyCell{line: line, input: code})
	history.Unlock()
}

// recordOutput keeps the text/plain result of the cell at line.
func recordOutput(line int, data MIMEMap) {
	text, ok := data[MIMETypeText].(string)
	if !ok {
		return
	}
	history.Lock()
	defer history.Unlock()
	if n := len(history.cells); n > 0 && history.cells[n-1].line == line {
		history.cells[n-1].output, history.cells[n-1].hasOutput = text, true
	}
}

// handleHistory answers tail, range and search requests (spec 5.x) with
// (session, line, input) or, with output, (session, line, (input, output)).
func handleHistory(receipt msgReceipt) error {
	content, _ := receipt.Msg.Content.(map[string]interface{})
	num := func(key string, def int) int {
		if v, ok := content[key].(float64); ok {
			return int(v)
		}
		return def
	}
	access, _ := content["hist_access_type"].(string)
	output, _ := content["output"].(bool)
	history.Lock()
	cells := append([]historyCell(nil), history.cells...)
	history.Unlock()

	var picked []historyCell
	switch access {
	case "tail":
		picked = lastN(cells, num("n", len(cells)))
	case "range":
		if s := num("session", 0); s == 0 || s == session {
			start, stop := num("start", 1), num("stop", int(^uint(0)>>1))
			for _, c := range cells {
				if c.line >= start && c.line < stop {
					picked = append(picked, c)
				}
			}
		}
	case "search":
		pattern, _ := content["pattern"].(string)
		match := globRegexp(pattern)
		unique, _ := content["unique"].(bool)
		seen := map[string]bool{}
		for i := len(cells) - 1; i >= 0; i-- { // newest first, so unique keeps the latest
			c := cells[i]
			if !match.MatchString(c.input) || unique && seen[c.input] {
				continue
			}
			seen[c.input] = true
			picked = append([]historyCell{c}, picked...)
		}
		if _, ok := content["n"].(float64); ok {
			picked = lastN(picked, num("n", 0))
		}
	}
	entries := make([]interface{}, 0, len(picked))
	for _, c := range picked {
		var entry interface{} = c.input
		if output {
			var out interface{}
			if c.hasOutput {
				out = c.output
			}
			entry = []interface{}{c.input, out}
		}
		entries = append(entries, []interface{}{session, c.line, entry})
	}
	return receipt.Reply("history_reply", map[string]interface{}{"status": "ok", "history": entries})
}

func lastN(cells []historyCell, n int) []historyCell {
	if n < 0 {
		n = 0
	}
	if n < len(cells) {
		return cells[len(cells)-n:]
	}
	return cells
}

// globRegexp translates a history search pattern (glob: * any text, ? one
// character) into an anchored regular expression.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^(?s)`)
	for _, r := range glob {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// current is the request whose cell is running, for ClearOutput.
var current struct {
	sync.Mutex
	receipt *msgReceipt
}

// clearOutput is ClearOutput(wait) in a cell: it clears the cell's output
// (with wait, when the next output arrives), as IPython's clear_output.
func clearOutput(wait bool) {
	current.Lock()
	r := current.receipt
	current.Unlock()
	if r != nil {
		r.Publish("clear_output", map[string]interface{}{"wait": wait})
	}
}

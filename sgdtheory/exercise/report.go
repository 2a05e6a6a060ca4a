package exercise

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// Output is where the checks print their one-line reports; nil means
// os.Stdout at the time of the check, which the kernel points at the running
// cell.
var Output io.Writer

func out() io.Writer {
	if Output == nil {
		return os.Stdout
	}
	return Output
}

// status is the verdict of a check.
type status int

const (
	notYet status = iota
	pass
	fail
)

// result is what a check prints: its line is result.String.
type result struct {
	id     string
	status status
	msg    string
}

func (r result) String() string {
	msg := fold(r.msg) // one line, whatever a panic said
	switch r.status {
	case pass:
		return "✓ " + r.id + ": " + msg
	case fail:
		return "✗ " + r.id + ": " + msg
	default:
		return "… " + r.id + ": not yet: " + msg
	}
}

// fold makes a message one line: every run of white space (newlines and
// tabs included) becomes one space, leading and trailing space goes, and
// invalid UTF-8 becomes U+FFFD, so that the line survives a JSON round trip
// byte for byte.
func fold(msg string) string {
	return strings.ToValidUTF8(strings.Join(strings.Fields(msg), " "), "\uFFFD")
}

// word is the status as a sealed verdict states it.
func (s status) word() string {
	switch s {
	case pass:
		return "pass"
	case fail:
		return "fail"
	}
	return "not yet"
}

func passed(id, format string, a ...any) result {
	return result{id: id, status: pass, msg: fmt.Sprintf(format, a...)}
}

func failed(id, format string, a ...any) result {
	return result{id: id, status: fail, msg: fmt.Sprintf(format, a...)}
}

func waiting(id, format string, a ...any) result {
	return result{id: id, status: notYet, msg: fmt.Sprintf(format, a...)}
}

// report judges under recover and prints the verdict's line. Whatever the
// student passed, and even if a check has a bug, the cell gets a line and
// the kernel goes on. Inside a Seal on the calling goroutine, the verdict is
// also recorded for the sealed value (see seal.go).
func report(id string, judge func() result) {
	reportHidden(id, judge, nil)
}

// reportHidden is report for a check whose answer is a function: when the
// judge passes inside a Seal with a hidden seed, hidden tries the student's
// function at inputs drawn from that seed and returns a failing verdict if
// it finds a mismatch (ok = false), else ok = true.
func reportHidden(id string, judge func() result, hidden func(seed uint64) (r result, ok bool)) {
	s, top := enter()
	defer leave(s)
	r := safely(id, judge)
	if r.status == pass && s != nil && s.hidden != 0 && hidden != nil {
		h, ok := hiddenSafely(id, s.hidden, hidden)
		if !ok {
			r = h
		}
	}
	if top {
		record(s, r)
	}
	printLine(r)
}

// printLine writes r's line to Output; a writer that fails or panics loses the
// line but never the verdict.
func printLine(r result) {
	defer func() { _ = recover() }()
	fmt.Fprintln(out(), r)
}

func safely(id string, judge func() result) (r result) {
	defer func() {
		if p := recover(); p != nil {
			r = failed(id, "the check could not run on your answer (%v); fix the cell above and run it again", p)
		}
	}()
	return judge()
}

func hiddenSafely(id string, seed uint64, hidden func(uint64) (result, bool)) (r result, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			r, ok = failed(id, "the check could not try your answer at inputs not shown in the notebook (%v)", p), false
		}
	}()
	return hidden(seed)
}

// call evaluates a student's function under recover: a panic becomes an
// error saying where it happened.
func call(f func() float64) (v float64, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return f(), nil
}

// crashed is the verdict on a student's function that panicked, or that the
// student stopped with the kernel's interrupt button (the interpreter then
// panics with "signal: interrupt").
func crashed(id, what, where string, err error) result {
	if strings.Contains(err.Error(), "interrupt") {
		return failed(id, "%s was interrupted at %s — does it loop forever?", what, where)
	}
	return failed(id, "%s panicked at %s: %v", what, where, err)
}

// mistake is a wrong value a known slip produces, and the hint for it.
type mistake struct {
	value float64
	hint  string
}

// number describes an exercise whose answer is one number.
type number struct {
	id       string
	want     float64
	tol      float64   // relative tolerance
	mistakes []mistake // tried in order; the first that matches wins
	todo     string    // the not-yet message
	about    string    // a reminder added to generic hints
	ok       func(answer float64) string
}

func (n number) judge(answer float64) result {
	switch {
	case math.IsNaN(answer):
		return waiting(n.id, "%s", n.todo)
	case math.IsInf(answer, 0):
		return failed(n.id, "your answer is infinite — a division by zero?")
	case near(answer, n.want, n.tol):
		return passed(n.id, "%s", n.ok(answer))
	}
	return failed(n.id, "your answer %s: %s", g4(answer), n.hint(answer))
}

// hint explains a wrong answer: the first known slip it matches, or else
// how it is off.
func (n number) hint(answer float64) string {
	for _, m := range n.mistakes {
		if near(answer, m.value, n.tol) && !near(m.value, n.want, n.tol) {
			return m.hint
		}
	}
	return offBy(answer, n.want, n.tol, n.about)
}

// offBy is the hint for a wrong number that no known slip explains: its
// sign, a factor of 2, a power of ten, integer division, rounding, or just
// the direction, followed by the exercise's reminder.
func offBy(answer, want, tol float64, about string) string {
	hint := ""
	switch r := answer / want; {
	case answer == 0:
		hint = "exactly 0 — if you divided two ints, Go truncated the quotient (write float64(a)/float64(b))"
	case near(answer, -want, tol):
		hint = "the sign is wrong"
	case r < 0:
		hint = "the sign is wrong, and the size is off too"
	case near(r, 2, tol):
		hint = "a factor of 2 too large"
	case near(r, 0.5, tol):
		hint = "a factor of 2 too small"
	case powerOfTen(r, tol) != 0:
		k := powerOfTen(r, tol)
		hint = fmt.Sprintf("off by a factor 10^%d exactly — a unit or a misplaced decimal point?", k)
	case near(answer, want, 0.05):
		hint = fmt.Sprintf("close, but outside the tolerance of %s — round only at the very end (or is it an estimate rather than the prediction?)", pct(tol))
	case r > 1:
		hint = "too large"
	default:
		hint = "too small"
	}
	if about != "" {
		hint += ". " + about
	}
	return hint
}

// powerOfTen returns k ≠ 0 if r is 10^k within tol, and 0 otherwise.
func powerOfTen(r, tol float64) int {
	if !(r > 0) {
		return 0
	}
	k := math.Round(math.Log10(r))
	if k == 0 || !near(r, math.Pow(10, k), tol) {
		return 0
	}
	return int(k)
}

// near reports whether a is within relative tolerance tol of b (absolute
// tol when b is 0).
func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return false
	}
	if b == 0 {
		return math.Abs(a) <= tol
	}
	return math.Abs(a-b) <= tol*math.Abs(b)
}

// allNear reports whether got[i] is near want[i] for every i.
func allNear(got, want []float64, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !near(got[i], want[i], tol) && math.Abs(got[i]-want[i]) > 1e-12 {
			return false
		}
	}
	return true
}

// g4 formats a number with four significant digits.
func g4(x float64) string { return fmt.Sprintf("%.4g", x) }

// pct formats a relative tolerance as a percentage.
func pct(tol float64) string { return fmt.Sprintf("%.3g%%", 100*tol) }

// relErr is |a − b|/|b|.
func relErr(a, b float64) float64 { return math.Abs(a-b) / math.Abs(b) }

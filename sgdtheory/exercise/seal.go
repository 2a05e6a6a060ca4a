package exercise

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// MIMEVerdicts is the MIME type under which a Sealed value renders its
// verdicts: a JSON object {"nonce", "verdicts", "mac"} (see Sealed.SimpleRender).
const MIMEVerdicts = "application/vnd.sgdminima.verdicts+json"

// Sealed is the outcome of the checks run by Seal: their verdicts, in the
// order they were made, and a MAC over them. When it is the value of a
// cell's last expression, the kernel renders it as the cell's result (it
// implements the kernel's SimpleRenderer interface). It holds the MAC, never
// the key.
type Sealed struct {
	nonce    string
	verdicts []result
	mac      string
}

// sealState is the seal active on one goroutine.
type sealState struct {
	hidden   uint64   // seed of the hidden inputs; 0: none
	depth    int      // checks running now on the goroutine
	verdicts []result // the verdicts of the outermost checks
}

// seals maps a goroutine id to the seal active on that goroutine.
var seals = struct {
	sync.Mutex
	active map[uint64]*sealState
}{active: map[uint64]*sealState{}}

// Seal runs checks, records the verdict of every Check… call that checks
// makes on the calling goroutine, and returns them with an HMAC-SHA256 under
// key, so that a grader that injects
//
//	ex.Seal(nonce, key, hidden, func() { ex.CheckCovariance(answer) })
//
// as a cell can trust the verdicts it reads from the cell's result. The
// checks print their lines as usual; the Sealed value repeats them.
//
// Only the checks made by checks itself are recorded: not those of other
// goroutines (a student's goroutine that calls a check with a right answer
// while the seal runs), nor a check called from inside another check (a
// student's function that calls a check with a right answer when the check
// evaluates it). A Seal called inside checks is independent of this one: it
// records the checks made during it, and none of them reach this seal. A
// panic inside checks is recovered and recorded as a verdict with id "-",
// result "fail" and the panic's text; Seal itself never panics.
//
// When hidden ≠ 0, a check whose answer is a function (CheckEulerMaruyama,
// CheckVarianceContinuum, CheckVarianceDiscrete) and which passes at the
// notebook's inputs also evaluates the function at five inputs drawn from a
// generator seeded with hidden (and the check's id), which the notebook
// never shows, with the same tolerance; a mismatch there is a fail whose
// message names the input and the student's value. hidden = 0 changes
// nothing. Seals on different goroutines run independently and concurrently.
//
// The MAC is the lowercase hex of HMAC-SHA256 with key []byte(key) over the
// UTF-8 text
//
//	nonce + "\n"
//	then for each verdict, in order: id + "\t" + result + "\t" + message + "\n"
//
// where result is "pass", "fail" or "not yet" and message is the verdict's
// message exactly as SimpleRender gives it: one line, white space folded to
// single spaces (so no tab or newline), invalid UTF-8 replaced by U+FFFD, and
// for a "not yet" verdict without the line's "not yet: " prefix. With no
// verdicts the payload is nonce + "\n".
func Seal(nonce, key string, hidden uint64, checks func()) Sealed {
	s := &sealState{hidden: hidden}
	if g, ok := goid(); ok {
		s.run(g, checks)
	} else {
		s.verdicts = append(s.verdicts, failed("-", "Seal could not identify the calling goroutine, so it recorded no check"))
	}
	// The seal is no longer active: nothing else can append.
	vs := make([]result, len(s.verdicts))
	for i, v := range s.verdicts {
		v.msg = fold(v.msg)
		vs[i] = v
	}
	return Sealed{nonce: nonce, verdicts: vs, mac: macOf(key, nonce, vs)}
}

// run makes s the seal of goroutine g while checks runs, then restores the
// seal that was active there before, if any. A panic in checks becomes a
// verdict.
func (s *sealState) run(g uint64, checks func()) {
	defer func() {
		if p := recover(); p != nil {
			s.verdicts = append(s.verdicts, failed("-", "the checks panicked: %v", p))
		}
	}()
	seals.Lock()
	prev := seals.active[g]
	seals.active[g] = s
	seals.Unlock()
	defer func() {
		seals.Lock()
		if prev != nil {
			seals.active[g] = prev
		} else {
			delete(seals.active, g)
		}
		seals.Unlock()
	}()
	checks()
}

// enter looks up the seal active on the calling goroutine and counts one
// more check running on it; top reports whether the check is the outermost,
// the only kind recorded.
func enter() (s *sealState, top bool) {
	seals.Lock()
	defer seals.Unlock()
	if len(seals.active) == 0 {
		return nil, false
	}
	g, ok := goid()
	if !ok {
		return nil, false
	}
	if s = seals.active[g]; s == nil {
		return nil, false
	}
	s.depth++
	return s, s.depth == 1
}

// leave undoes enter.
func leave(s *sealState) {
	if s == nil {
		return
	}
	seals.Lock()
	s.depth--
	seals.Unlock()
}

// record appends a verdict to the seal.
func record(s *sealState, r result) {
	seals.Lock()
	s.verdicts = append(s.verdicts, r)
	seals.Unlock()
}

// goid returns the id of the calling goroutine, from the "goroutine N ["
// header of its stack trace.
func goid() (uint64, bool) {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b, ok := bytes.CutPrefix(b, []byte("goroutine "))
	if !ok {
		return 0, false
	}
	n, _, ok := bytes.Cut(b, []byte(" ["))
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseUint(string(n), 10, 64)
	return id, err == nil
}

// payload is the text the MAC signs (see Seal); Seal has folded the
// messages of vs already.
func payload(nonce string, vs []result) string {
	var b strings.Builder
	b.WriteString(nonce)
	b.WriteByte('\n')
	for _, v := range vs {
		b.WriteString(v.id + "\t" + v.status.word() + "\t" + v.msg + "\n")
	}
	return b.String()
}

func macOf(key, nonce string, vs []result) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(payload(nonce, vs)))
	return hex.EncodeToString(m.Sum(nil))
}

// SimpleRender returns the sealed verdicts as a Jupyter MIME bundle:
//
//	MIMEVerdicts: {"nonce": nonce, "verdicts": [{"id", "result", "message"}, …], "mac": hex}
//	"text/plain": the checks' lines, joined by "\n"
//
// with "verdicts" a []map[string]interface{} whose values are strings,
// result "pass", "fail" or "not yet", and message as Seal describes.
func (s Sealed) SimpleRender() map[string]interface{} {
	vs := make([]map[string]interface{}, len(s.verdicts))
	for i, v := range s.verdicts {
		vs[i] = map[string]interface{}{"id": v.id, "result": v.status.word(), "message": v.msg}
	}
	return map[string]interface{}{
		MIMEVerdicts: map[string]interface{}{"nonce": s.nonce, "verdicts": vs, "mac": s.mac},
		"text/plain": s.String(),
	}
}

// String returns the checks' lines, one per verdict, joined by "\n".
func (s Sealed) String() string {
	lines := make([]string, len(s.verdicts))
	for i, v := range s.verdicts {
		lines[i] = v.String()
	}
	return strings.Join(lines, "\n")
}

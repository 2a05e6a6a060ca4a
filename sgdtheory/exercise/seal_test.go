package exercise

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is an Output that several goroutines may write to.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// quiet points Output at a buffer for the rest of the test.
func quiet(t *testing.T) *lockedBuffer {
	var b lockedBuffer
	Output = &b
	t.Cleanup(func() { Output = nil })
	return &b
}

func activeSeals() int {
	seals.Lock()
	defer seals.Unlock()
	return len(seals.active)
}

// verdicts returns the verdicts of s as the grader reads them: from the JSON
// of its MIME bundle.
func verdicts(t *testing.T, s Sealed) (nonce, mac string, vs []map[string]string) {
	t.Helper()
	raw, err := json.Marshal(s.SimpleRender()[MIMEVerdicts])
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Nonce    string              `json:"nonce"`
		MAC      string              `json:"mac"`
		Verdicts []map[string]string `json:"verdicts"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return v.Nonce, v.MAC, v.Verdicts
}

// hmacHex is the MAC as a grader recomputes it, written out from the
// documented payload format.
func hmacHex(key, text string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(text))
	return hex.EncodeToString(m.Sum(nil))
}

// summary is "id result" for each verdict.
func summary(vs []map[string]string) []string {
	var s []string
	for _, v := range vs {
		s = append(s, v["id"]+" "+v["result"])
	}
	return s
}

var crossoverTodo = "replace math.NaN() with your crossover noise n* = η/S"

func TestSealMAC(t *testing.T) {
	quiet(t)
	for _, c := range []struct {
		name, nonce, key string
		checks           func()
		payload          string // the documented payload, written out by hand
	}{
		{"no checks", "n0", "k", func() {}, "n0\n"},
		{"not yet", "3f9a", "secret", func() { CheckCrossover(math.NaN()) },
			"3f9a\ncrossover\tnot yet\t" + crossoverTodo + "\n"},
		{"two checks", "x", "k2", func() { CheckCrossover(math.NaN()); CheckSameNoise([]float64{1}, []int{16, 32}) },
			"x\ncrossover\tnot yet\t" + crossoverTodo + "\nsame-noise\tfail\t1 learning rates but 2 batch sizes: etas[i] pairs with sizes[i]\n"},
		{"tabs and newlines folded", "n", "k", func() { panic("a\tb\n\n  c\t") },
			"n\n-\tfail\tthe checks panicked: a b c\n"},
		{"invalid UTF-8", "n", "k", func() { panic("bad \xff byte") },
			"n\n-\tfail\tthe checks panicked: bad \uFFFD byte\n"},
		{"unicode nonce and key", "ν-1", "κλειδί", func() { CheckCrossover(math.NaN()) },
			"ν-1\ncrossover\tnot yet\t" + crossoverTodo + "\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := Seal(c.nonce, c.key, 0, c.checks)
			nonce, mac, vs := verdicts(t, s)
			if want := hmacHex(c.key, c.payload); mac != want {
				t.Errorf("mac %s, want %s (payload %q)", mac, want, c.payload)
			}
			// The grader rebuilds the payload from the decoded JSON.
			text := nonce + "\n"
			for _, v := range vs {
				text += v["id"] + "\t" + v["result"] + "\t" + v["message"] + "\n"
			}
			if text != c.payload {
				t.Errorf("payload from JSON %q, want %q", text, c.payload)
			}
			if hmacHex("other key", c.payload) == mac {
				t.Error("the MAC does not depend on the key")
			}
		})
	}
}

func TestSealCapturesItsChecks(t *testing.T) {
	out := quiet(t)
	right := sameNoiseEtas(16, 32, 64, 192)
	s := Seal("n", "k", 0, func() {
		CheckCrossover(math.NaN())
		CheckLaplaceRatio(100)
		CheckSameNoise(right, []int{16, 32, 64, 192})
		CheckMomentumTemperature(math.NaN())
	})
	_, _, vs := verdicts(t, s)
	want := []string{"crossover not yet", "laplace-ratio fail", "same-noise pass", "momentum-noise not yet"}
	if got := summary(vs); !slices.Equal(got, want) {
		t.Errorf("verdicts %v, want %v", got, want)
	}
	// The checks still print their lines, and the sealed value repeats them.
	if printed := strings.TrimSuffix(out.String(), "\n"); printed != s.String() {
		t.Errorf("printed\n%s\nsealed\n%s", printed, s)
	}
	if n := activeSeals(); n != 0 {
		t.Errorf("%d seals still active", n)
	}
}

// A student's goroutine that calls a check with the right answer while the
// seal runs, on its own or from inside the checks, is not recorded.
func TestSealExcludesOtherGoroutines(t *testing.T) {
	quiet(t)
	right := func() { CheckSameNoise(sameNoiseEtas(16, 32, 64), []int{16, 32, 64}) }
	wrong := func() { CheckSameNoise([]float64{0.1, 0.1, 0.1}, []int{16, 32, 64}) }

	// A goroutine started before the seal, checking on request.
	req, done := make(chan bool), make(chan bool)
	go func() {
		for range req {
			right()
			done <- true
		}
	}()
	defer close(req)
	// A goroutine checking in a loop throughout.
	stop := make(chan bool)
	var loop sync.WaitGroup
	loop.Add(1)
	go func() {
		defer loop.Done()
		for {
			select {
			case <-stop:
				return
			default:
				right()
			}
		}
	}()

	s := Seal("n", "k", 7, func() {
		req <- true
		<-done // its check ran while the seal was active
		wrong()
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); right() }() // a goroutine started by the checks
		wg.Wait()
		req <- true
		<-done
	})
	close(stop)
	loop.Wait()
	_, _, vs := verdicts(t, s)
	if got := summary(vs); !slices.Equal(got, []string{"same-noise fail"}) {
		t.Errorf("verdicts %v, want only the seal's own failing check", got)
	}
}

// Concurrent seals on different goroutines record their own checks.
func TestSealsConcurrent(t *testing.T) {
	quiet(t)
	var wg sync.WaitGroup
	start := make(chan bool)
	sealed := make([]Sealed, 8)
	for i := range sealed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			sealed[i] = Seal(strconv.Itoa(i), "k", uint64(i), func() {
				for range i + 1 {
					CheckCrossover(math.NaN())
				}
			})
		}()
	}
	close(start)
	wg.Wait()
	for i, s := range sealed {
		if nonce, _, vs := verdicts(t, s); nonce != strconv.Itoa(i) || len(vs) != i+1 {
			t.Errorf("seal %d recorded %d verdicts, want %d", i, len(vs), i+1)
		}
	}
}

// A check or a Seal called from inside a check (by the student's function)
// does not reach the seal; a panic in the checks becomes a verdict; a
// broken Output loses lines, not verdicts.
func TestSealNestingAndPanics(t *testing.T) {
	quiet(t)
	var inner Sealed
	calls := 0
	forger := func(e, h, s2, S float64) float64 {
		CheckSameNoise(sameNoiseEtas(16, 32, 64), []int{16, 32, 64})
		if calls++; calls == 1 {
			CheckVarianceDiscrete(func(e, h, s2, S float64) float64 { return e * s2 / (S * h * (2 - e*h)) })
			inner = Seal("inner", "student key", 0, func() { CheckCrossover(math.NaN()) })
		}
		return math.NaN()
	}
	for _, c := range []struct {
		name   string
		checks func()
		want   []string
		msg    string // in the last verdict's message
	}{
		{"nested checks", func() { CheckVarianceDiscrete(forger) }, []string{"variance-discrete not yet"}, "returns NaN"},
		{"panic after a check", func() { CheckCrossover(math.NaN()); panic("boom\nhere") },
			[]string{"crossover not yet", "- fail"}, "the checks panicked: boom here"},
		{"nil checks", nil, []string{"- fail"}, "the checks panicked"},
		{"seal in seal", func() {
			CheckCrossover(math.NaN())
			inner = Seal("inner", "k", 0, func() { CheckLaplaceRatio(math.NaN()) })
			CheckMomentumTemperature(math.NaN())
		}, []string{"crossover not yet", "momentum-noise not yet"}, "T_eff"},
		{"broken Output", func() {
			Output = panicWriter{}
			CheckCrossover(math.NaN())
			Output = nil
		}, []string{"crossover not yet"}, crossoverTodo},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func() { Output = &lockedBuffer{} }()
			s := Seal("n", "k", 1, c.checks)
			_, _, vs := verdicts(t, s)
			if got := summary(vs); !slices.Equal(got, c.want) {
				t.Fatalf("verdicts %v, want %v", got, c.want)
			}
			if m := vs[len(vs)-1]["message"]; !strings.Contains(m, c.msg) {
				t.Errorf("message %q does not say %q", m, c.msg)
			}
			if n := activeSeals(); n != 0 {
				t.Errorf("%d seals still active", n)
			}
		})
	}
	if _, _, vs := verdicts(t, inner); len(vs) != 1 {
		t.Errorf("the inner seal recorded %v, want its one check", summary(vs))
	}
}

type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("broken writer") }

func TestSimpleRenderShape(t *testing.T) {
	quiet(t)
	for _, c := range []struct {
		name   string
		checks func()
		n      int
	}{
		{"empty", func() {}, 0},
		{"three", func() {
			CheckCrossover(math.NaN())
			CheckCrossover(0)
			CheckSameNoise(sameNoiseEtas(16, 32, 64), []int{16, 32, 64})
		}, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := Seal("nonce-1", "k", 0, c.checks)
			var _ interface{ SimpleRender() map[string]interface{} } = s // the kernel's SimpleRenderer
			b := s.SimpleRender()
			if len(b) != 2 || b["text/plain"] != s.String() {
				t.Fatalf("bundle %v, want %s and text/plain = String()", b, MIMEVerdicts)
			}
			v, ok := b[MIMEVerdicts].(map[string]interface{})
			if !ok || len(v) != 3 || v["nonce"] != "nonce-1" {
				t.Fatalf("%s: %#v, want nonce, verdicts, mac", MIMEVerdicts, b[MIMEVerdicts])
			}
			if mac, _ := v["mac"].(string); !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(mac) {
				t.Errorf("mac %q is not 64 lowercase hex digits", mac)
			}
			vs, ok := v["verdicts"].([]map[string]interface{})
			if !ok || len(vs) != c.n {
				t.Fatalf("verdicts %#v, want %d of them", v["verdicts"], c.n)
			}
			raw, _ := json.Marshal(b[MIMEVerdicts])
			if c.n == 0 && !strings.Contains(string(raw), `"verdicts":[]`) {
				t.Errorf("JSON %s: no verdicts must be [], not null", raw)
			}
			lines := strings.Split(s.String(), "\n")
			for i, x := range vs {
				if len(x) != 3 {
					t.Errorf("verdict %v, want id, result, message", x)
				}
				id, res, msg := x["id"].(string), x["result"].(string), x["message"].(string)
				prefix := map[string]string{"pass": "✓ ", "fail": "✗ ", "not yet": "… "}[res]
				if res == "not yet" {
					msg = "not yet: " + msg
				}
				if prefix == "" || lines[i] != prefix+id+": "+msg {
					t.Errorf("verdict %v does not match line %q", x, lines[i])
				}
			}
		})
	}
}

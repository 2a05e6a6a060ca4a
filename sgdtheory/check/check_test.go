package check

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestWithin(t *testing.T) {
	for _, tc := range []struct {
		measured, predicted, tol float64
		ok                       bool
	}{
		{1.04, 1, 0.05, true},
		{1.06, 1, 0.05, false},
		{-0.96, -1, 0.05, true},
		{0, 0, 0, true},
		{1e-9, 0, 0.5, false}, // relative error to zero is infinite
		{math.NaN(), 1, 0.1, false},
		{1, math.Inf(1), 0.1, false},
		{1, 1, -0.1, false},
	} {
		err := Within(tc.measured, tc.predicted, tc.tol)
		if (err == nil) != tc.ok {
			t.Errorf("Within(%v, %v, %v) = %v, want ok=%v", tc.measured, tc.predicted, tc.tol, err, tc.ok)
		}
	}
}

func TestClosePrintsAndPanics(t *testing.T) {
	var buf bytes.Buffer
	Output = &buf
	defer func() { Output = nil }()

	Close("ratio", 0.746, 0.7459, 0.01)
	if !strings.HasPrefix(buf.String(), "✓ ratio: measured 0.746 vs predicted 0.7459") {
		t.Errorf("report = %q", buf.String())
	}
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "ratio") {
			t.Errorf("Close outside tolerance: recovered %v, want a panic naming the check", r)
		}
	}()
	Close("ratio", 0.8, 0.7459, 0.01)
}

func TestCloseAbsAndTrue(t *testing.T) {
	var buf bytes.Buffer
	Output = &buf
	defer func() { Output = nil }()
	CloseAbs("current", 1e-13, 0, 1e-12)
	True("λ decreases with η/S", true)
	if got := strings.Count(buf.String(), "✓"); got != 2 {
		t.Errorf("got %d passing reports, want 2:\n%s", got, buf.String())
	}
	for _, f := range []func(){
		func() { CloseAbs("current", 1e-3, 0, 1e-12) },
		func() { True("impossible", false) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("failed check did not panic")
				}
			}()
			f()
		}()
	}
}

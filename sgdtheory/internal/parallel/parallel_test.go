package parallel

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

func TestForRunsEveryItemOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		var count [50]atomic.Int32
		if err := Do(len(count), workers, func(i int) error { count[i].Add(1); return nil }); err != nil {
			t.Fatal(err)
		}
		for i := range count {
			if c := count[i].Load(); c != 1 {
				t.Errorf("workers %d: item %d ran %d times", workers, i, c)
			}
		}
	}
	if err := Do(0, 4, func(int) error { t.Error("called with n = 0"); return nil }); err != nil {
		t.Error(err)
	}
}

func TestForRecoversPanics(t *testing.T) {
	sentinel := errors.New("sentinel")
	for _, tc := range []struct {
		name string
		f    func(i int) error
		want string
	}{
		{"panic", func(i int) error {
			if i == 7 {
				panic("boom at 7")
			}
			return nil
		}, "panic: boom at 7"},
		{"runtime error", func(i int) error {
			var s []int
			return fmt.Errorf("%d", s[i])
		}, "panic: runtime error: index out of range"},
		{"error", func(i int) error {
			if i >= 3 {
				return fmt.Errorf("item %d failed", i)
			}
			return nil
		}, "item 3 failed"},
		{"panic with an error", func(i int) error { panic(sentinel) }, "panic: sentinel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 2, 8} {
				err := Do(20, workers, tc.f)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("workers %d: %v, want %q", workers, err, tc.want)
				}
			}
		})
	}
	err := Do(4, 2, func(int) error { panic(sentinel) })
	var pe *PanicError
	if !errors.Is(err, sentinel) || !errors.As(err, &pe) || len(pe.Stack) == 0 {
		t.Errorf("%v: want a *PanicError wrapping the sentinel, with a stack", err)
	}
	err = For(4, 2, func() int { panic("no state") }, func(int, int) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "panic: no state") {
		t.Errorf("panicking newW: %v", err)
	}
}

func TestCatch(t *testing.T) {
	if err := Catch(func() error { return nil }); err != nil {
		t.Error(err)
	}
	if err := Catch(func() error { panic(42) }); err == nil || err.Error() != "panic: 42" {
		t.Errorf("%v, want panic: 42", err)
	}
}

func TestRecover(t *testing.T) {
	f := func(fail bool) (n int, err error) {
		defer Recover(&err, "pkg: F: ")
		if fail {
			var m map[int]int
			m[1] = 1
		}
		return 1, nil
	}
	if n, err := f(false); n != 1 || err != nil {
		t.Errorf("no panic: %d, %v", n, err)
	}
	_, err := f(true)
	var pe *PanicError
	if err == nil || !strings.HasPrefix(err.Error(), "pkg: F: panic: assignment to entry in nil map") || !errors.As(err, &pe) {
		t.Errorf("panic: %v", err)
	}
}

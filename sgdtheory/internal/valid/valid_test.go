package valid

import (
	"errors"
	"testing"
)

type checked struct{ err error }

func (c checked) Validate() error { return c.err }

func TestIsNil(t *testing.T) {
	var p *checked
	var f func()
	for _, tc := range []struct {
		v    any
		want bool
	}{{nil, true}, {p, true}, {f, true}, {[]int(nil), true}, {checked{}, false}, {&checked{}, false}, {3, false}} {
		if got := IsNil(tc.v); got != tc.want {
			t.Errorf("IsNil(%#v) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	bad := errors.New("bad")
	if Check(checked{bad}) != bad || Check(checked{}) != nil || Check(42) != nil {
		t.Error("Check does not return the Validate error")
	}
}

// Package valid checks the interface values (surfaces, finite sums,
// matrices) that sgdtheory's entry points receive, before any of their
// methods runs: a nil value, or a built-in surface whose fields were never
// checked, would otherwise panic deep inside a computation, perhaps in a
// worker goroutine.
package valid

import "reflect"

// IsNil reports whether v is nil or an interface holding a nil pointer,
// map, slice, channel or function, whose methods would dereference nil.
func IsNil(v any) bool {
	if v == nil {
		return true
	}
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.Interface:
		return r.IsNil()
	}
	return false
}

// Check returns the error of v's Validate method, if it has one; the
// surfaces and finite sums of package landscape all do.
func Check(v any) error {
	if c, ok := v.(interface{ Validate() error }); ok {
		return c.Validate()
	}
	return nil
}

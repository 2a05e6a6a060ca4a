package data

import "fmt"

// Validate returns an error naming the first inconsistency of s: a nil set,
// Dim < 1, Classes < 1, len(X) ≠ Len()·Dim, Rows·Cols ≠ Dim (unless both
// are 0), or a label outside [0, Classes). With idx it checks the labels of
// those examples only (and that idx is in range), so that a minibatch is
// checked in time proportional to its size; without, every label. Pixels
// are not checked: a NaN pixel shows as a NaN loss.
//
// The functions of sgdtheory that take a Set call Validate where the set
// enters, so that a bad set (1-based labels, a truncated X) is an error
// naming the problem rather than a panic deep inside a computation.
func (s *Set) Validate(idx ...int) error { return s.check("Set.Validate", idx) }

// check is Validate for the method who (as Set.Validate), which it names
// in errors.
func (s *Set) check(who string, idx []int) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("data: %s: %s", who, fmt.Sprintf(format, a...))
	}
	switch {
	case s == nil:
		return bad("set is nil")
	case s.Dim < 1:
		return bad("Dim = %d: want ≥ 1 pixels per example", s.Dim)
	case s.Classes < 1:
		return bad("Classes = %d: want ≥ 1", s.Classes)
	case len(s.X) != len(s.Y)*s.Dim:
		return bad("len(X) = %d: want Len()·Dim = %d·%d = %d", len(s.X), len(s.Y), s.Dim, len(s.Y)*s.Dim)
	case (s.Rows != 0 || s.Cols != 0) && s.Rows*s.Cols != s.Dim:
		return bad("Rows×Cols = %d×%d: want Dim = %d pixels (or both 0)", s.Rows, s.Cols, s.Dim)
	}
	label := func(i int) error {
		y := s.Y[i]
		if y >= 0 && y < s.Classes {
			return nil
		}
		hint := ""
		if y == s.Classes {
			hint = "; are the labels 1-based? subtract 1"
		}
		return bad("label Y[%d] = %d: want 0 to %d (Classes = %d%s)", i, y, s.Classes-1, s.Classes, hint)
	}
	if len(idx) == 0 {
		for i := range s.Y {
			if err := label(i); err != nil {
				return err
			}
		}
		return nil
	}
	for k, i := range idx {
		if i < 0 || i >= len(s.Y) {
			return bad("idx[%d] = %d: want 0 to %d", k, i, len(s.Y)-1)
		}
		if err := label(i); err != nil {
			return err
		}
	}
	return nil
}

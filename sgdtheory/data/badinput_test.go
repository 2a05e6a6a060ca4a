package data

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestValidate checks each inconsistency Validate reports, by name.
func TestValidate(t *testing.T) {
	mod := func(f func(s *Set)) *Set {
		s := toySet(30, 4, 3)
		f(s)
		return s
	}
	var nilSet *Set
	for _, tc := range []struct {
		name string
		s    *Set
		idx  []int
		want string
	}{
		{"nil", nilSet, nil, "data: Set.Validate: set is nil"},
		{"Dim 0", mod(func(s *Set) { s.Dim = 0 }), nil, "Dim = 0: want ≥ 1 pixels per example"},
		{"Classes 0", mod(func(s *Set) { s.Classes = 0 }), nil, "Classes = 0: want ≥ 1"},
		{"short X", mod(func(s *Set) { s.X = s.X[:119] }), nil, "len(X) = 119: want Len()·Dim = 30·4 = 120"},
		{"long X", mod(func(s *Set) { s.X = append(s.X, 0) }), nil, "len(X) = 121: want Len()·Dim = 30·4 = 120"},
		{"Rows×Cols", mod(func(s *Set) { s.Rows, s.Cols = 3, 3 }), nil, "Rows×Cols = 3×3: want Dim = 4 pixels (or both 0)"},
		{"1-based", mod(func(s *Set) { s.Y[5]++ }), nil, "label Y[5] = 3: want 0 to 2 (Classes = 3; are the labels 1-based? subtract 1)"},
		{"negative", mod(func(s *Set) { s.Y[11] = -2 }), nil, "label Y[11] = -2: want 0 to 2 (Classes = 3)"},
		{"label in idx", mod(func(s *Set) { s.Y[11] = 7 }), []int{3, 11}, "label Y[11] = 7: want 0 to 2"},
		{"idx out of range", toySet(30, 4, 3), []int{3, 30}, "idx[1] = 30: want 0 to 29"},
	} {
		if err := tc.s.Validate(tc.idx...); err == nil || !strings.HasPrefix(err.Error(), "data: Set.Validate: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	s := toySet(30, 4, 3)
	s.Y[11] = 7
	if err := s.Validate(1, 2, 3); err != nil {
		t.Errorf("idx avoiding the bad label: %v", err)
	}
	if err := toySet(30, 4, 3).Validate(); err != nil {
		t.Errorf("good set: %v", err)
	}
	if err := (&Set{Dim: 2, Classes: 3}).Validate(); err != nil {
		t.Errorf("empty set with a shape: %v", err)
	}
}

// TestMethodsOnBadSets checks that every method returns an error, or a
// harmless value, on empty, zero, nil and inconsistent sets.
func TestMethodsOnBadSets(t *testing.T) {
	var nilSet *Set
	short := toySet(30, 4, 3)
	short.X = short.X[:100]
	oneBased := toySet(30, 4, 3)
	for i := range oneBased.Y {
		oneBased.Y[i]++
	}
	empty := &Set{Dim: 4, Classes: 3}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"Balanced of a zero Set", errOf((&Set{}).Balanced(10, 1)), "data: Set.Balanced: Len() = 0: want n = 10 examples to draw from (the set is empty)"},
		{"Balanced of a nil Set", errOf(nilSet.Balanced(10, 1)), "data: Set.Balanced: Len() = 0: want n = 10"},
		{"Balanced of an empty Set", errOf(empty.Balanced(3, 1)), "data: Set.Balanced: Len() = 0: want n = 3"},
		{"Balanced with 1-based labels", errOf(oneBased.Balanced(9, 1)), "data: Set.Balanced: label Y[2] = 3"},
		{"Balanced of a Set without Classes", errOf((&Set{X: make([]float32, 2), Y: []int{0, 0}, Dim: 1}).Balanced(2, 1)), "data: Set.Balanced: Classes = 0: want ≥ 1"},
		{"Subset of a short X", errOf(short.Subset([]int{29})), "data: Set.Subset: len(X) = 100: want Len()·Dim = 30·4 = 120"},
		{"Split of 1-based labels", errOf2(oneBased.Split(5, 1)), "data: Set.Split: label Y[2] = 3"},
		{"Normalize of a short X", errOf(short.Normalize(0, 1)), "data: Set.Normalize: len(X) = 100"},
		{"CorruptLabels of 1-based labels", errOf2(oneBased.CorruptLabels(0.5, 1)), "data: Set.CorruptLabels: label Y[2] = 3"},
		{"Normalize by an empty set's MeanStd", func() error { m, s := empty.MeanStd(); _, err := toySet(3, 4, 3).Normalize(m, s); return err }(), "data: Set.Normalize: mean = NaN: want a finite number"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, tc.err, tc.want)
		}
	}
	if _, err := ReadIDX(nil, "x"); err == nil || !strings.Contains(err.Error(), "data: ReadIDX: x: reader is nil") {
		t.Errorf("ReadIDX(nil): %v", err)
	}
	if nilSet.Len() != 0 || nilSet.ClassCounts() != nil {
		t.Error("nil set: Len or ClassCounts")
	}
	if c := oneBased.ClassCounts(); !slices.Equal(c, []int{0, 10, 10}) {
		t.Errorf("ClassCounts with labels 1…3 of 3 classes = %v, want the valid ones counted: [0 10 10]", c)
	}
	if m, s := (&Set{}).MeanStd(); !math.IsNaN(m) || !math.IsNaN(s) {
		t.Errorf("MeanStd of an empty set = %v, %v, want NaN", m, s)
	}
	if _, err := toySet(30, 4, 3).Balanced(9, 1); err != nil {
		t.Errorf("good set: %v", err)
	}
}

func errOf[T any](_ T, err error) error { return err }

func errOf2[T, U any](_ T, _ U, err error) error { return err }

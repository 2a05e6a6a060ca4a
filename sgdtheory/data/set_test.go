package data

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// toySet has n examples of dim pixels; example i has label i mod classes
// and pixels i/n so rows can be traced back.
func toySet(n, dim, classes int) *Set {
	s := &Set{X: make([]float32, n*dim), Y: make([]int, n), Dim: dim, Classes: classes}
	for i := range n {
		s.Y[i] = i % classes
		for j := range dim {
			s.X[i*dim+j] = float32(i) / float32(n)
		}
	}
	return s
}

func rowIDs(s *Set, n int) []int {
	ids := make([]int, s.Len())
	for k := range ids {
		ids[k] = int(math.Round(float64(s.Image(k)[0]) * float64(n)))
	}
	return ids
}

func TestBalanced(t *testing.T) {
	s := toySet(1000, 3, 10)
	s.Y[0] = 1 // class 0 now has 99 examples, class 1 has 101
	b, err := s.Balanced(200, 7)
	if err != nil {
		t.Fatal(err)
	}
	for c, n := range b.ClassCounts() {
		if n != 20 {
			t.Errorf("class %d: %d examples, want 20", c, n)
		}
	}
	ids := rowIDs(b, 1000)
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != 200 {
		t.Errorf("rows not distinct and in order: %v", ids)
	}
	again, _ := s.Balanced(200, 7)
	other, _ := s.Balanced(200, 8)
	if !slices.Equal(again.X, b.X) || slices.Equal(other.X, b.X) {
		t.Error("Balanced is not a function of the seed")
	}
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "data: Set.Balanced: n = 0: want a positive multiple of Classes = 10"},
		{15, "n = 15: want a positive multiple"},
		{1000, "data: Set.Balanced: n = 1000: want 100 examples of class 0, the set has 99"},
	} {
		if _, err := s.Balanced(tc.n, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Balanced(%d): %v, want %q", tc.n, err, tc.want)
		}
	}
}

func TestSplit(t *testing.T) {
	s := toySet(100, 2, 10)
	tr, va, err := s.Split(30, 3)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 70 || va.Len() != 30 {
		t.Fatalf("sizes %d/%d, want 70/30", tr.Len(), va.Len())
	}
	all := append(rowIDs(tr, 100), rowIDs(va, 100)...)
	slices.Sort(all)
	for i, id := range all {
		if id != i {
			t.Fatalf("train ∪ val is not the set: %v", all)
		}
	}
	for _, n := range []int{0, 100} {
		if _, _, err := s.Split(n, 1); err == nil || !strings.Contains(err.Error(), "data: Set.Split: nVal = "+fmt.Sprint(n)+": want 1 to 99") {
			t.Errorf("Split(%d): %v", n, err)
		}
	}
}

func TestNormalize(t *testing.T) {
	s := toySet(50, 4, 5)
	m, sd := s.MeanStd()
	n, err := s.Normalize(m, sd)
	if err != nil {
		t.Fatal(err)
	}
	m2, sd2 := n.MeanStd()
	if math.Abs(m2) > 1e-6 || math.Abs(sd2-1) > 1e-6 {
		t.Errorf("normalised mean %g std %g, want 0, 1 within 1e-6", m2, sd2)
	}
	if s.X[0] != 0 {
		t.Error("Normalize modified its receiver")
	}
	for _, tc := range []struct {
		m, sd float64
		want  string
	}{{math.NaN(), 1, "data: Set.Normalize: mean = NaN: want"}, {0, 0, "data: Set.Normalize: std = 0: want a finite number > 0"}, {0, math.Inf(1), "std = +Inf"}} {
		if _, err := s.Normalize(tc.m, tc.sd); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Normalize(%v, %v): %v, want %q", tc.m, tc.sd, err, tc.want)
		}
	}
}

func TestCorruptLabels(t *testing.T) {
	s := toySet(1000, 1, 10)
	c, idx, err := s.CorruptLabels(0.25, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx) != 250 || !slices.IsSorted(idx) {
		t.Fatalf("%d corrupted indices (sorted: %v), want 250 sorted", len(idx), slices.IsSorted(idx))
	}
	wrong := 0
	for i := range s.Y {
		if c.Y[i] != s.Y[i] {
			wrong++
			if _, ok := slices.BinarySearch(idx, i); !ok {
				t.Errorf("label %d changed but not reported", i)
			}
		}
	}
	if wrong != 250 {
		t.Errorf("%d labels differ, want every one of the 250 corrupted", wrong)
	}
	counts := c.ClassCounts()
	for k, n := range counts {
		if n < 80 || n > 120 { // 75 kept + ~25 new each
			t.Errorf("class %d has %d examples after corruption, want ≈ 100", k, n)
		}
	}
	if _, none, _ := s.CorruptLabels(0, 5); len(none) != 0 {
		t.Errorf("p = 0 corrupted %d labels", len(none))
	}
	for _, p := range []float64{-0.1, 1.5, math.NaN()} {
		if _, _, err := s.CorruptLabels(p, 1); err == nil || !strings.Contains(err.Error(), "data: Set.CorruptLabels: p = "+fmt.Sprint(p)+": want a fraction in [0, 1]") {
			t.Errorf("CorruptLabels(%v): %v", p, err)
		}
	}
}

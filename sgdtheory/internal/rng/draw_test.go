package rng

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// chiSquare fails t if the counts are unlikely (p < 10⁻⁴) under equal
// probabilities for every cell.
func chiSquare(t *testing.T, name string, counts []int) {
	t.Helper()
	n := 0
	for _, c := range counts {
		n += c
	}
	want := float64(n) / float64(len(counts))
	var x2 float64
	for _, c := range counts {
		x2 += (float64(c) - want) * (float64(c) - want) / want
	}
	crit := distuv.ChiSquared{K: float64(len(counts) - 1)}.Quantile(1 - 1e-4)
	if x2 > crit {
		t.Errorf("%s: χ² = %.1f over %d cells, want < %.1f (counts %v)", name, x2, len(counts), crit, counts)
	}
}

func TestIntNUniform(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 10, 1000} {
		p := New(1, 2)
		counts := make([]int, n)
		for range 200 * n {
			k := IntN(p, n)
			if k < 0 || k >= n {
				t.Fatalf("IntN(%d) = %d, want 0 to %d", n, k, n-1)
			}
			counts[k]++
		}
		if n > 1 {
			chiSquare(t, "IntN", counts)
		}
	}
}

// TestPermUniform counts the 24 permutations of 4 elements, and checks that
// every element of Sample's draw is distinct and the rest a permutation.
func TestPermUniform(t *testing.T) {
	p := New(3, 4)
	counts := map[[4]int]int{}
	perm := make([]int, 4)
	for range 24 * 500 {
		Perm(p, perm)
		counts[[4]int(perm)]++
	}
	if len(counts) != 24 {
		t.Fatalf("%d distinct permutations of 4, want 24", len(counts))
	}
	var c []int
	for _, v := range counts {
		c = append(c, v)
	}
	chiSquare(t, "Perm", c)

	a := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	inc := make([]int, len(a))
	for range 5000 {
		for _, v := range Sample(p, a, 3) {
			inc[v]++
		}
		if b := slices.Sorted(slices.Values(a)); !slices.Equal(b, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
			t.Fatalf("after Sample, a = %v: want a permutation of 0…9", a)
		}
	}
	chiSquare(t, "Sample inclusion", inc)
	Perm(p, nil) // an empty permutation is no draw and no panic
}

func TestUniformAndRademacher(t *testing.T) {
	p := New(5, 6)
	const n = 1 << 16
	var m float64
	for range n {
		u := Uniform(p)
		if !(u >= 0 && u < 1) {
			t.Fatalf("Uniform = %v, want [0, 1)", u)
		}
		m += u
	}
	if m /= n; math.Abs(m-0.5) > 5*math.Sqrt(1.0/12/n) {
		t.Errorf("mean of Uniform %v, want 0.5", m)
	}
	z := make([]float64, 100) // not a multiple of 64
	plus := 0
	for range 1000 {
		Rademacher(p, z)
		for _, v := range z {
			if v != 1 && v != -1 {
				t.Fatalf("Rademacher gave %v, want ±1", v)
			}
			if v > 0 {
				plus++
			}
		}
	}
	chiSquare(t, "Rademacher", []int{plus, 100*1000 - plus})
}

// TestStreamsPinned pins the first draws of each function: a change here
// changes every simulation's numbers, and must come with a new
// grid.Numerics (see the package doc).
func TestStreamsPinned(t *testing.T) {
	p := New(42, 7)
	got := []float64{Uniform(p), float64(IntN(p, 1000)), Normal(p)}
	perm := make([]int, 6)
	Perm(p, perm)
	for _, v := range perm {
		got = append(got, float64(v))
	}
	want := []float64{0.718261099879152, 513, -1.791021711066907, 5, 4, 1, 3, 2, 0}
	if !slices.Equal(got, want) {
		t.Errorf("first draws of stream (42, 7): %v\nwant %v", got, want)
	}
}

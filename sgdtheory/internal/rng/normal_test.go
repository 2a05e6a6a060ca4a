package rng

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestNormal checks the ziggurat against the normal CDF of gonum's distuv
// (Kolmogorov–Smirnov), the first four moments, and the mass of the tail
// beyond zigR, which comes from a separate code path.
func TestNormal(t *testing.T) {
	const n = 1 << 20
	p := rand.NewPCG(1, 2)
	z := make([]float64, n)
	var m1, m2, m4 float64
	tail := 0
	for i := range z {
		v := Normal(p)
		z[i] = v
		m1 += v
		m2 += v * v
		m4 += v * v * v * v
		if math.Abs(v) > zigR {
			tail++
		}
	}
	m1, m2, m4 = m1/n, m2/n, m4/n
	slices.Sort(z)
	std := distuv.UnitNormal
	var ks float64
	for i, v := range z {
		c := std.CDF(v)
		ks = math.Max(ks, math.Max(math.Abs(c-float64(i)/n), math.Abs(c-float64(i+1)/n)))
	}
	// 5σ statistical bounds for n samples.
	se := 1 / math.Sqrt(n)
	wantTail := 2 * std.Survival(zigR) * n
	t.Logf("KS %.2g, mean %.2g, var %.5f, m4 %.4f, tail %d (want %.0f)", ks, m1, m2, m4, tail, wantTail)
	if ks > 1.95/math.Sqrt(n) { // 0.1% critical value
		t.Errorf("Kolmogorov–Smirnov distance %v, want < %v", ks, 1.95/math.Sqrt(n))
	}
	if math.Abs(m1) > 5*se || math.Abs(m2-1) > 5*math.Sqrt(2)*se || math.Abs(m4-3) > 5*math.Sqrt(96)*se {
		t.Errorf("moments %v, %v, %v, want 0, 1, 3", m1, m2, m4)
	}
	if math.Abs(float64(tail)-wantTail) > 5*math.Sqrt(wantTail) {
		t.Errorf("%d deviates beyond ±%v, want %v ± %v", tail, zigR, wantTail, 5*math.Sqrt(wantTail))
	}
}

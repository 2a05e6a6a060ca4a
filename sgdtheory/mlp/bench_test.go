package mlp

import (
	"fmt"
	"testing"
)

// BenchmarkSGDStep measures training throughput (plain SGD steps) on the
// 784-256-256-256-10 benchmark network, in samples/s, for the batch sizes
// of the PyTorch comparison in notes/performance.md.
func BenchmarkSGDStep(b *testing.B) {
	const N = 4096
	s := randomSet(N, 784, 10, 1)
	for _, S := range []int{32, 128, 512} {
		b.Run(fmt.Sprintf("S=%d", S), func(b *testing.B) {
			n, _ := New([]int{784, 256, 256, 256, 10}, 1)
			idx := make([]int, S)
			off := 0
			for b.Loop() {
				for i := range idx {
					idx[i] = (off + i) % N
				}
				off += S
				if _, _, err := n.Step(s, idx, Update{Eta: 0.01}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(S*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

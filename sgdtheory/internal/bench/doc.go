// Command bench measures the theory library beside its anchors, for
// `make bench`: Langevin ensemble throughput on the double well of the
// notebooks against vectorised numpy (anchor.py, the same update), and the
// 1-D Fokker–Planck stationary solve on 10⁴ cells. It prints one line per
// figure: BENCH name=… ours=… anchor=… unit=… ratio=….
//
// Usage, from the repository root:
//
//	go run ./sgdtheory/internal/bench
package main

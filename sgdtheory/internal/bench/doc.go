// Command bench measures the library beside its anchors, for `make bench`,
// each anchor run in the same invocation:
//
//   - Langevin ensemble throughput on the notebooks' double well against
//     vectorised numpy (anchor.py, the same update), and the 1-D
//     Fokker–Planck stationary solve on 10⁴ cells;
//   - training throughput of the 784-256-256-256-10 MLP on Fashion-MNIST,
//     one epoch of plain SGD at S = 32, 128 and 512, against PyTorch
//     (torch_anchor.py, Debian's python3-torch, at its faster thread count);
//   - the cost of an exact Hessian-vector product in gradients, and the time
//     of λ_max by Lanczos on 2000 examples against PyTorch's double-backward
//     Lanczos with the same number of steps; the SLQ spectral density and
//     Hutchinson's ‖H‖_F with the same numbers of products;
//   - the peak resident memory of a one-epoch Fashion-MNIST training run.
//
// It prints one line per figure: BENCH name=… ours=… anchor=… unit=…
// ratio=…, where ratio is ours/anchor (higher is better for rates, lower for
// times and costs).
//
// Usage, from the repository root (the Makefile adds -tags=openblas):
//
//	go run -tags openblas ./sgdtheory/internal/bench
package main

"""The PyTorch anchor of the MLP benchmarks (Debian's python3-torch).

The same work as the Go side of main.go: the 784-256-256-256-10 ReLU MLP on
Fashion-MNIST standardised with the training set's mean and standard
deviation, float32, softmax cross-entropy, plain SGD.

    torch_anchor.py DIR train S [S ...]   samples/s over one epoch, per S
    torch_anchor.py DIR curv N STEPS      seconds: gradient, Hessian-vector
                                          product and STEPS Lanczos steps on
                                          the first N training examples
    torch_anchor.py DIR spectrum N STARTS STEPS PROBES
                                          seconds: the SLQ spectral density
                                          (STARTS Rademacher starts of STEPS
                                          Lanczos steps) and ‖H‖_F by PROBES
                                          Hutchinson products, on the first N

Each measurement is the best over the thread counts 1 and 2 (on the shared
2-core machines of this project 1 thread is usually faster). One line per
result: "name value threads".
"""
import gzip
import os
import sys
import time

import numpy as np
import torch

WIDTHS = [784, 256, 256, 256, 10]


def load(directory):
    with gzip.open(os.path.join(directory, "train-images-idx3-ubyte.gz")) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).astype(np.float32) / 255
    with gzip.open(os.path.join(directory, "train-labels-idx1-ubyte.gz")) as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    x = (x - x.mean()) / x.std()
    return torch.from_numpy(x.reshape(-1, 784)), torch.from_numpy(y)


def model():
    torch.manual_seed(1)
    layers = []
    for i in range(len(WIDTHS) - 1):
        layers.append(torch.nn.Linear(WIDTHS[i], WIDTHS[i + 1]))
        if i < len(WIDTHS) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def epoch_rate(x, y, S):
    net = model()
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    perm = torch.randperm(len(y), generator=torch.Generator().manual_seed(1))
    steps = len(y) // S
    start = time.perf_counter()
    for k in range(steps):
        idx = perm[k * S:(k + 1) * S]
        opt.zero_grad()
        loss_fn(net(x[idx]), y[idx]).backward()
        opt.step()
    return steps * S / (time.perf_counter() - start)


def best(f, reps):
    """The shortest of reps timings of f, in seconds."""
    t = float("inf")
    for _ in range(reps):
        s = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - s)
    return t


class Hessian:
    """Gradients and exact Hessian-vector products (double backward) of the
    mean loss of a fresh model() on the first n training examples."""

    def __init__(self, x, y, n):
        self.net = model()
        self.params = list(self.net.parameters())
        self.shapes = [p.shape for p in self.params]
        self.dim = sum(p.numel() for p in self.params)
        self.xs, self.ys = x[:n], y[:n]
        self.loss_fn = torch.nn.CrossEntropyLoss()

    def grad(self, create_graph=False):
        return torch.autograd.grad(self.loss_fn(self.net(self.xs), self.ys), self.params, create_graph=create_graph)

    def hvp(self, v):
        """H·v for v a list of tensors shaped like the parameters."""
        dot = sum((gi * vi).sum() for gi, vi in zip(self.grad(True), v))
        return torch.autograd.grad(dot, self.params)

    def flat(self, v):
        """H·v for v a flat float64 vector, as curvature.HVP takes it."""
        parts, off = [], 0
        for s in self.shapes:
            k = int(np.prod(s))
            parts.append(v[off:off + k].reshape(s).float())
            off += k
        return torch.cat([h.reshape(-1) for h in self.hvp(parts)]).double()

    def lanczos(self, q, steps):
        """The tridiagonal matrix of steps Lanczos steps from the unit vector
        q, with full reorthogonalisation, as curvature.Lanczos does."""
        basis, alpha, beta = [q], [], []
        for _ in range(steps):
            w = self.flat(basis[-1])
            alpha.append(float(w @ basis[-1]))
            for _ in range(2):
                for b in basis:
                    w -= (w @ b) * b
            beta.append(float(w.norm()))
            basis.append(w / beta[-1])
        return np.diag(alpha) + np.diag(beta[:-1], 1) + np.diag(beta[:-1], -1)


def curvature_times(x, y, n, steps):
    h = Hessian(x, y, n)
    v = [torch.randn(s) for s in h.shapes]

    def top():
        q = torch.randn(h.dim, dtype=torch.float64)
        return np.linalg.eigvalsh(h.lanczos(q / q.norm(), steps))[-1]

    return {"grad_s": best(h.grad, 5), "hvp_s": best(lambda: h.hvp(v), 5), "lanczos_s": best(top, 3)}


def spectrum_times(x, y, n, starts, steps, probes):
    h = Hessian(x, y, n)
    gen = torch.Generator().manual_seed(1)

    def rademacher():
        return torch.randint(0, 2, (h.dim,), generator=gen).double() * 2 - 1

    def slq():
        # As curvature.SLQ: per Rademacher start, the Gauss nodes and weights
        # of the Lanczos tridiagonal matrix.
        out = []
        for _ in range(starts):
            theta, vecs = np.linalg.eigh(h.lanczos(rademacher() / h.dim ** 0.5, steps))
            out.append((theta, vecs[0] ** 2))
        return out

    def frobenius():
        return (sum(float(h.flat(rademacher()).pow(2).sum()) for _ in range(probes)) / probes) ** 0.5

    return {"slq_s": best(slq, 2), "frob_s": best(frobenius, 2)}


def main():
    directory, what = sys.argv[1], sys.argv[2]
    x, y = load(directory)
    results = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        if what == "train":
            got = {f"train_S{S}": epoch_rate(x, y, int(S)) for S in sys.argv[3:]}
            better = lambda new, old: new > old
        elif what == "curv":
            got = curvature_times(x, y, int(sys.argv[3]), int(sys.argv[4]))
            better = lambda new, old: new < old
        else:
            got = spectrum_times(x, y, *map(int, sys.argv[3:7]))
            better = lambda new, old: new < old
        for name, value in got.items():
            if name not in results or better(value, results[name][0]):
                results[name] = (value, threads)
    for name, (value, threads) in results.items():
        print(name, value, threads)


if __name__ == "__main__":
    main()

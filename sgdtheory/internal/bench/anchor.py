"""The numpy anchor of the Langevin benchmark: vectorised Euler–Maruyama
(SGD step) on the soft-min double well, the same update as
langevin.Ensemble with landscape.DoubleWell. Prints particle-steps/s, the
best of three runs.

    anchor.py PARTICLES STEPS ETA SIGMA XA LA HA XB LB HB
"""
import sys
import time

import numpy as np


def main():
    n, steps = int(float(sys.argv[1])), int(float(sys.argv[2]))
    eta, sigma, xa, la, ha, xb, lb, hb = map(float, sys.argv[3:11])
    d = xb - xa
    soft = min(lb + hb * d * d / 2 - la, la + ha * d * d / 2 - lb) / 40
    rng = np.random.default_rng(1)
    best = 0.0
    for _ in range(3):
        x = np.full(n, xb)
        xi = np.empty(n)
        start = time.perf_counter()
        for _ in range(steps):
            da, db = x - xa, x - xb
            qa = la + ha * da * da / 2
            qb = lb + hb * db * db / 2
            wa = 1 / (1 + np.exp((qa - qb) / soft))
            g = wa * ha * da + (1 - wa) * hb * db
            rng.standard_normal(out=xi)
            x += eta * sigma * xi - eta * g
        best = max(best, n * steps / (time.perf_counter() - start))
    print(best)


if __name__ == "__main__":
    with np.errstate(over="ignore"):
        main()

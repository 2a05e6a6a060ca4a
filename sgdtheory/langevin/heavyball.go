package langevin

import (
	"fmt"
	"math/rand/v2"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// MomentumVariance returns the stationary variance of heavy-ball SGD with
// momentum β (beta) at a quadratic minimum of curvature h, with isotropic
// gradient noise of variance σ² (sigma2) and batch size S:
//
//	v ← βv + h·x + (σ/√S) ξ,   x ← x − ηv
//	⇒   Var = ησ²(1+β) / (S·h·(1−β)·(2(1+β) − ηh)).
//
// Eliminating v gives the autoregression x' = (1+β−ηh)x − βx₋ − (ησ/√S)ξ,
// whose Yule–Walker equations yield the formula. For small ηh it is
// ησ²/(2Sh(1−β)), the plain-SGD variance with η replaced by the effective
// learning rate η/(1−β); β = 0 gives OUVariance with dt = 1. The recursion
// is stable only for 0 < ηh < 2(1+β), where MomentumVariance returns an error
// otherwise: momentum moves the 2/η edge of plain SGD out to 2(1+β)/η.
func MomentumVariance(eta, beta, h, sigma2 float64, S int) (float64, error) {
	switch {
	case !(eta > 0) || !finite(eta):
		return 0, fmt.Errorf("langevin: MomentumVariance: eta = %v: want a finite learning rate > 0", eta)
	case !(beta >= 0 && beta < 1):
		return 0, fmt.Errorf("langevin: MomentumVariance: beta = %v: want a momentum in [0, 1)", beta)
	case !(h > 0) || !finite(h):
		return 0, fmt.Errorf("langevin: MomentumVariance: h = %v: want a finite curvature > 0 (no stationary state otherwise)", h)
	case !(sigma2 >= 0) || !finite(sigma2):
		return 0, fmt.Errorf("langevin: MomentumVariance: sigma2 = %v: want a finite variance ≥ 0", sigma2)
	case S < 1:
		return 0, fmt.Errorf("langevin: MomentumVariance: S = %d: want a batch size ≥ 1", S)
	case eta*h >= 2*(1+beta):
		return 0, fmt.Errorf("langevin: MomentumVariance: ηh = %v ≥ 2(1+β) = %v: want η < 2(1+β)/h = %v (heavy-ball SGD is unstable and has no stationary variance otherwise)", eta*h, 2*(1+beta), 2*(1+beta)/h)
	}
	return eta * sigma2 * (1 + beta) / (float64(S) * h * (1 - beta) * (2*(1+beta) - eta*h)), nil
}

// HeavyBall is an Ensemble whose particles follow SGD with heavy-ball
// momentum β, in the convention of package train,
//
//	v ← βv + g(θ) + (1/√S) B ξ,   θ ← θ − ηv,   ξ ~ N(0, I),
//
// with every velocity starting at zero. The embedded Ensemble supplies the
// surface, η, S, the noise, the particles, the seed, the start and the
// recording; its Dt must be 0 or 1, since heavy-ball SGD is a discrete
// scheme rather than a discretisation of a first-order SDE. Beta = 0 is the
// plain SGD of Ensemble.Run (on the 1-D fast path, the same numbers).
//
// For small η the dynamics is that of plain SGD with the effective learning
// rate η/(1−β), so its noise scale is η/(S(1−β)); at a quadratic minimum
// of curvature h it is stable for ηh < 2(1+β) (see MomentumVariance).
type HeavyBall struct {
	Ensemble
	Beta float64 // momentum β in [0, 1); 0 is plain SGD
}

// Run advances every particle by steps heavy-ball steps; see Ensemble.Run for
// the parallelism, the recording and the determinism, which are the same. It
// returns an error naming the step if a particle's position becomes NaN or
// infinite.
func (hb HeavyBall) Run(steps int) (*Result, error) {
	e := hb.Ensemble
	nz, err := e.setup("HeavyBall.Run", steps, func() error {
		switch {
		case !(hb.Beta >= 0 && hb.Beta < 1):
			return fmt.Errorf("langevin: HeavyBall.Run: Beta = %v: want a momentum in [0, 1)", hb.Beta)
		case e.Dt != 0 && e.Dt != 1:
			return fmt.Errorf("langevin: HeavyBall.Run: Dt = %v: want 0 or 1 (heavy-ball SGD takes whole steps)", e.Dt)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// u = ηv, the step θ − θ' itself: u ← βu + ηg − (η/√S)Bξ, θ ← θ − u.
	// (The sign of the symmetric noise is a convention; this one makes β = 0
	// reproduce Ensemble.Run's 1-D fast path bit for bit.)
	u := make([]float64, e.Particles*e.Surface.Dim())
	return e.record("HeavyBall.Run", nz, steps, func(w *worker, b int, x []float64, st *stats, rec []int) error {
		return w.hbBlock(b, hb.Beta, x, u, st, rec)
	})
}

// hbBlock advances the particles of block b by heavy-ball steps through all
// recording segments, with positions x and steps u.
func (w *worker) hbBlock(b int, beta float64, x, u []float64, st *stats, rec []int) error {
	lo, hi := w.seedBlock(b)
	d := w.d
	prev := 0
	for r, s := range rec {
		n := s - prev
		if n > 0 && w.fast != nil {
			if i, k := w.hb1D(x[lo:hi], u[lo:hi], beta, n); k < n {
				return hbDiverged(lo+i, x[lo+i:lo+i+1], prev+k+1, beta)
			}
		}
		for i := lo; i < hi && n > 0 && w.fast == nil; i++ {
			xi, ui := x[i*d:(i+1)*d], u[i*d:(i+1)*d]
			if k := w.hbND(xi, ui, &w.pcg[i-lo], beta, n); k < n {
				return hbDiverged(i, xi, prev+k+1, beta)
			}
		}
		prev = s
		w.record(b, r, x[lo*d:hi*d], st)
	}
	return nil
}

func hbDiverged(i int, x []float64, step int, beta float64) error {
	return fmt.Errorf("langevin: HeavyBall.Run: particle %d diverged to %v at step %d; use a smaller Eta (heavy-ball SGD is unstable once η·h ≥ 2(1+β) = %v for a curvature h)", i, x, step, 2*(1+beta))
}

// hb1D takes n heavy-ball steps of the 1-D particles x with steps u, whose
// generators are w.pcg[:len(x)]. Like advance1D it runs four independent
// chains at once and checks finiteness only at the end (a non-finite
// position stays non-finite), replaying the first diverged particle to find
// its step. It returns that particle's index and the number of steps it
// finished finite, or (0, n).
func (w *worker) hb1D(x, u []float64, beta float64, n int) (int, int) {
	var x0, u0 [blockSize]float64
	saved := w.pcg
	copy(x0[:], x)
	copy(u0[:], u)
	g, drift, a := w.fast, w.drift, w.amp*w.b1
	i := 0
	for ; i+4 <= len(x); i += 4 {
		x0v, x1, x2, x3 := x[i], x[i+1], x[i+2], x[i+3]
		u0v, u1, u2, u3 := u[i], u[i+1], u[i+2], u[i+3]
		p0, p1, p2, p3 := &w.pcg[i], &w.pcg[i+1], &w.pcg[i+2], &w.pcg[i+3]
		for k := 0; k < n; k++ {
			u0v = beta*u0v + drift*g.Grad1D(x0v) - a*rng.Normal(p0)
			u1 = beta*u1 + drift*g.Grad1D(x1) - a*rng.Normal(p1)
			u2 = beta*u2 + drift*g.Grad1D(x2) - a*rng.Normal(p2)
			u3 = beta*u3 + drift*g.Grad1D(x3) - a*rng.Normal(p3)
			x0v -= u0v
			x1 -= u1
			x2 -= u2
			x3 -= u3
		}
		x[i], x[i+1], x[i+2], x[i+3] = x0v, x1, x2, x3
		u[i], u[i+1], u[i+2], u[i+3] = u0v, u1, u2, u3
	}
	for ; i < len(x); i++ {
		xv, uv, p := x[i], u[i], &w.pcg[i]
		for k := 0; k < n; k++ {
			uv = beta*uv + drift*g.Grad1D(xv) - a*rng.Normal(p)
			xv -= uv
		}
		x[i], u[i] = xv, uv
	}
	for i, v := range x {
		if finite(v) && finite(u[i]) {
			continue
		}
		w.pcg[i] = saved[i]
		xv, uv, p := x0[i], u0[i], &w.pcg[i]
		for k := 0; k < n; k++ {
			uv = beta*uv + drift*g.Grad1D(xv) - a*rng.Normal(p)
			xv -= uv
			if !finite(xv) || !finite(uv) {
				x[i], u[i] = xv, uv
				return i, k
			}
		}
	}
	return 0, n
}

// hbND is the general d-dimensional version of hb1D.
func (w *worker) hbND(x, u []float64, r *rand.PCG, beta float64, n int) int {
	for k := 0; k < n; k++ {
		w.e.Surface.Grad(w.g, x)
		for j, gj := range w.g {
			u[j] = beta*u[j] + w.drift*gj
		}
		w.nz.add(u, x, -w.amp, w.xi, w.bx, r) // B depends on θ, not on the velocity
		for j := range x {
			x[j] -= u[j]
			if !finite(x[j]) || !finite(u[j]) {
				return k
			}
		}
	}
	return n
}

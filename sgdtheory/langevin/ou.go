package langevin

import "fmt"

// OUVariance returns the stationary variance of SGD-like dynamics at a
// quadratic minimum of curvature h with isotropic gradient noise of variance
// σ² (sigma2) and batch size S, integrated by Euler–Maruyama with step dt:
//
//	x ← (1 − ηh·dt) x + (η/√S) σ √dt ξ   ⇒   Var = ησ² / (S·h·(2 − ηh·dt)).
//
// dt = 1 is SGD, dt = 0 the continuum limit ησ²/(2Sh). The ratio of the two,
// 2/(2 − ηh), is the discretisation error of the continuum picture. The
// scheme is unstable for ηh·dt ≥ 2 (the 2/η edge), where OUVariance returns
// an error.
func OUVariance(eta, h, sigma2 float64, S int, dt float64) (float64, error) {
	switch {
	case !(eta > 0) || !finite(eta):
		return 0, fmt.Errorf("langevin: OUVariance: eta = %v: want a finite learning rate > 0", eta)
	case !(h > 0) || !finite(h):
		return 0, fmt.Errorf("langevin: OUVariance: h = %v: want a finite curvature > 0 (no stationary state otherwise)", h)
	case !(sigma2 >= 0) || !finite(sigma2):
		return 0, fmt.Errorf("langevin: OUVariance: sigma2 = %v: want a finite variance ≥ 0", sigma2)
	case S < 1:
		return 0, fmt.Errorf("langevin: OUVariance: S = %d: want a batch size ≥ 1", S)
	case !(dt >= 0) || !finite(dt):
		return 0, fmt.Errorf("langevin: OUVariance: dt = %v: want a finite step ≥ 0 (0: continuum, 1: SGD)", dt)
	case eta*h*dt >= 2:
		return 0, fmt.Errorf("langevin: OUVariance: ηh·dt = %v ≥ 2: want η < 2/(h·dt) = %v (the discrete dynamics is unstable and has no stationary variance otherwise)", eta*h*dt, 2/(h*dt))
	}
	return eta * sigma2 / (float64(S) * h * (2 - eta*h*dt)), nil
}

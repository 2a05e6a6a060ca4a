package curvature

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// Hutchinson estimates traces from products with random Rademacher probes z
// (entries ±1 with equal probability, so E[zzᵀ] = I):
//
//	Tr H   = E[zᵀHz],    Var[zᵀHz] = 2(‖H‖_F² − Σᵢ Hᵢᵢ²),
//	‖H‖_F² = E[‖Hz‖²],
//
// (Hutchinson, Commun. Stat. Simul. Comput. 18, 1989). Rademacher probes have
// the smallest variance of all probe distributions; for a diagonal H the
// trace estimate is exact. The probes are drawn in order from the seed.
type Hutchinson struct {
	Probes int // number of probes (products with H); 0 means 100
	Seed   uint64
}

// Estimate is a Monte Carlo estimate with its standard error.
type Estimate struct {
	Value, StdErr float64
	Probes        int
}

func (e Estimate) String() string {
	return fmt.Sprintf("%.5g ± %.2g (%d probes)", e.Value, e.StdErr, e.Probes)
}

// Trace estimates Tr H, with the standard error of the mean over probes. A
// product that panics or has a NaN or infinite entry is an error naming
// the probe.
func (hu Hutchinson) Trace(h HVP, dim int) (Estimate, error) {
	return hu.run(h, dim, "Trace", func(z, hz []float64) float64 { return floats.Dot(z, hz) }, false)
}

// Frobenius estimates ‖H‖_F = √(E‖Hz‖²), the Hessian norm of the paper's
// Fig. 1 (curvature in every direction, not only the sharpest). The
// standard error is the delta-method se(m)/(2√m) of the root of the mean m.
func (hu Hutchinson) Frobenius(h HVP, dim int) (Estimate, error) {
	return hu.run(h, dim, "Frobenius", func(_, hz []float64) float64 { return floats.Dot(hz, hz) }, true)
}

func (hu Hutchinson) run(h HVP, dim int, who string, sample func(z, hz []float64) float64, root bool) (Estimate, error) {
	if h == nil {
		return Estimate{}, fmt.Errorf("curvature: Hutchinson.%s: h is nil", who)
	}
	if dim < 1 {
		return Estimate{}, fmt.Errorf("curvature: Hutchinson.%s: dim = %d: want ≥ 1", who, dim)
	}
	n := hu.Probes
	if n == 0 {
		n = 100
	}
	if n < 2 {
		return Estimate{}, fmt.Errorf("curvature: Hutchinson.%s: Probes = %d: want ≥ 2 (for a standard error), or 0 for 100", who, hu.Probes)
	}
	r := rng.New(hu.Seed, 0x687574636869) // "hutchi"
	z, hz := make([]float64, dim), make([]float64, dim)
	// Welford's running mean and variance.
	var mean, m2 float64
	for k := range n {
		rng.Rademacher(r, z)
		if err := apply(h, hz, z, "Hutchinson."+who, k+1); err != nil {
			return Estimate{}, err
		}
		x := sample(z, hz)
		d := x - mean
		mean += d / float64(k+1)
		m2 += d * (x - mean)
	}
	se := math.Sqrt(m2 / float64(n-1) / float64(n))
	if root {
		rt := math.Sqrt(mean)
		if rt == 0 {
			return Estimate{Probes: n}, nil // H = 0: every sample was 0
		}
		return Estimate{Value: rt, StdErr: se / (2 * rt), Probes: n}, nil
	}
	return Estimate{Value: mean, StdErr: se, Probes: n}, nil
}

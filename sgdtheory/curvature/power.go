package curvature

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// Power is power iteration, v ← Hv/‖Hv‖ from a seeded random start, the
// simplest eigenvalue method and the one to be wary of: it converges to the
// eigenvalue of largest MAGNITUDE, |λ| = max, not to λ_max. At a minimum
// (H positive semi-definite) the two agree; at a saddle, or early in
// training when H has a large negative eigenvalue, Power returns that
// negative number. If λ and −λ are both eigenvalues of largest magnitude
// the iterate alternates between two vectors and the estimate settles on a
// meaningless value in between (Converged is still true when the Rayleigh
// quotient stops changing, so compare with Lanczos). Convergence is also
// slow: the error shrinks like |λ₂/λ₁|^(2k).
type Power struct {
	Iters int     // maximum products with H; 0 means 200
	Tol   float64 // stop when the estimate changes by ≤ Tol relative; 0 means 1e-6
	Seed  uint64  // start vector
}

// Eig is an eigenvalue estimate of Power.
type Eig struct {
	// Value is the Rayleigh quotient vᵀHv of the final unit vector v.
	Value float64
	// Vector is v.
	Vector []float64
	// Residual is ‖Hv − Value·v‖, a bound on the distance from Value to an
	// eigenvalue of H.
	Residual float64
	// Iters is the number of products with H.
	Iters int
	// Converged reports whether the estimate met Tol.
	Converged bool
}

// Dominant runs power iteration on the dim-dimensional operator h. A
// product that panics or has a NaN or infinite entry is an error naming
// the product.
func (p Power) Dominant(h HVP, dim int) (*Eig, error) {
	if h == nil {
		return nil, fmt.Errorf("curvature: Power.Dominant: h is nil")
	}
	if dim < 1 {
		return nil, fmt.Errorf("curvature: Power.Dominant: dim = %d: want ≥ 1", dim)
	}
	iters, tol := p.Iters, p.Tol
	if iters == 0 {
		iters = 200
	}
	if iters < 1 {
		return nil, fmt.Errorf("curvature: Power.Dominant: Iters = %d: want ≥ 1, or 0 for 200", p.Iters)
	}
	if tol == 0 {
		tol = 1e-6
	}
	if !(tol > 0 && tol < 1) {
		return nil, fmt.Errorf("curvature: Power.Dominant: Tol = %v: want 0 < Tol < 1, or 0 for 1e-6", p.Tol)
	}
	r := rng.New(p.Seed, 0x706f776572) // "power"
	v := make([]float64, dim)
	for i := range v {
		v[i] = rng.Normal(r)
	}
	floats.Scale(1/floats.Norm(v, 2), v)
	hv := make([]float64, dim)
	e := &Eig{Value: math.NaN()}
	for e.Iters < iters {
		if err := apply(h, hv, v, "Power.Dominant", e.Iters+1); err != nil {
			return nil, err
		}
		e.Iters++
		lambda := floats.Dot(v, hv)
		e.Residual = residual(hv, v, lambda)
		done := math.Abs(lambda-e.Value) <= tol*math.Abs(lambda)
		e.Value = lambda
		nrm := floats.Norm(hv, 2)
		if done || nrm == 0 {
			e.Converged = true
			break
		}
		floats.ScaleTo(v, 1/nrm, hv)
	}
	e.Vector = v
	return e, nil
}

// residual returns ‖hv − λv‖.
func residual(hv, v []float64, lambda float64) float64 {
	var s float64
	for i := range v {
		d := hv[i] - lambda*v[i]
		s += d * d
	}
	return math.Sqrt(s)
}

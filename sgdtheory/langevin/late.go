package langevin

import (
	"fmt"
	"math"
)

// LateRatio returns p_A/p_B from the basin fraction f averaged over the
// records after step from, once the ensemble has relaxed, and its standard
// error: binomial, √(f(1−f)/n)/(1−f)², counting n = Particles ×
// max(1, (last − from)/tau) independent samples, one per particle every tau
// steps, the relaxation time that decorrelates a particle's basin.
func (r *Result) LateRatio(from, tau int) (ratio, se float64, err error) {
	if r == nil || len(r.Steps) == 0 || len(r.FracA) != len(r.Steps) {
		return 0, 0, fmt.Errorf("langevin: Result.LateRatio: result has no records")
	}
	if tau < 1 {
		return 0, 0, fmt.Errorf("langevin: Result.LateRatio: tau = %d: want ≥ 1", tau)
	}
	var f float64
	n := 0
	for k, s := range r.Steps {
		if s > from {
			f += r.FracA[k]
			n++
		}
	}
	last := r.Steps[len(r.Steps)-1]
	if n == 0 {
		return 0, 0, fmt.Errorf("langevin: Result.LateRatio: from = %d: want < the last step %d", from, last)
	}
	f /= float64(n)
	if f >= 1 {
		return 0, 0, fmt.Errorf("langevin: Result.LateRatio: every particle in basin A after step %d: p_A/p_B is infinite", from)
	}
	indep := float64(r.Particles) * math.Max(1, float64(last-from)/float64(tau))
	return f / (1 - f), math.Sqrt(f*(1-f)/indep) / ((1 - f) * (1 - f)), nil
}

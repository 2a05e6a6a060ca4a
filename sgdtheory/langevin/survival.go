package langevin

import "fmt"

// SurvivalCurve returns the fraction of particles still in basin A at
// points+1 equally spaced steps t = MaxSteps·i/points, i = 0 … points,
// stopping before the first at which fewer than minLeft particles remain,
// where the curve would be the noise of a handful of particles.
func (x *Exits) SurvivalCurve(points, minLeft int) (t, surv []float64, err error) {
	switch {
	case x == nil || len(x.Steps) == 0:
		return nil, nil, fmt.Errorf("langevin: Exits.SurvivalCurve: no particles")
	case points < 1:
		return nil, nil, fmt.Errorf("langevin: Exits.SurvivalCurve: points = %d: want ≥ 1", points)
	case minLeft < 0:
		return nil, nil, fmt.Errorf("langevin: Exits.SurvivalCurve: minLeft = %d: want ≥ 0", minLeft)
	}
	n := float64(len(x.Steps))
	for i := 0; i <= points; i++ {
		step := x.MaxSteps * i / points
		f := x.Survival(step)
		if f*n < float64(minLeft) {
			break
		}
		t, surv = append(t, float64(step)), append(surv, f)
	}
	return t, surv, nil
}

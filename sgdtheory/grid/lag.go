package grid

import (
	"fmt"
	"math"
)

// Lag returns, epoch by epoch, the factor by which the decreasing
// learning curve ref reached each value of the curve c earlier: for c's
// epoch e (counted from 1), (e − ½)/(t − ½), where t − ½ is when ref passed
// through c[e−1]. Each value of a curve is an epoch's average, so it is
// placed at the middle of its epoch, and t is interpolated between ref's
// epochs linearly in log time and log value, exact for a power law in time.
// On the epoch axis, which is SDE time for runs of one η/S, a lag that
// shrinks means c catches up with ref; one that stays means c is delayed.
// Where c[e−1] lies outside the range of ref the lag is NaN. The curves
// must be positive, ref at least two epochs long.
func Lag(c, ref []float64) ([]float64, error) {
	if len(ref) < 2 {
		return nil, fmt.Errorf("grid: Lag: len(ref) = %d: want at least 2 epochs", len(ref))
	}
	for _, x := range []struct {
		name string
		v    []float64
	}{{"c", c}, {"ref", ref}} {
		for i, v := range x.v {
			if !(v > 0 && v <= math.MaxFloat64) {
				return nil, fmt.Errorf("grid: Lag: %s[%d] = %v: want a finite value > 0", x.name, i, v)
			}
		}
	}
	lag := make([]float64, len(c))
	for i, L := range c {
		lag[i] = math.NaN()
		for k := 0; k+1 < len(ref); k++ {
			if ref[k] >= L && L >= ref[k+1] {
				a, b := math.Log(float64(k)+0.5), math.Log(float64(k)+1.5)
				f := (math.Log(ref[k]) - math.Log(L)) / (math.Log(ref[k]) - math.Log(ref[k+1]))
				lag[i] = (float64(i+1) - 0.5) / math.Exp(a+f*(b-a))
				break
			}
		}
	}
	return lag, nil
}

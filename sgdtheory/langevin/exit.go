package langevin

import (
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// Exits holds the first exit times of the particles of an ensemble from
// basin A: escape times from a minimum.
type Exits struct {
	// Steps[i] is the first step after which particle i was outside basin
	// A (0 if it started outside), or −1 if it stayed in A for all
	// MaxSteps steps.
	Steps    []int
	MaxSteps int
}

// Exit runs every particle of e from its start until it first leaves basin A
// (InA false, or x[0] ≥ Split when InA is nil) or maxSteps steps have
// passed, and returns the exit steps. The dynamics, the seeds and the
// parallelism are those of Run, so a particle follows the same path in both
// until it leaves A, and the result does not depend on the number of cores.
// Every is ignored. Membership is tested after every step, so a nil InA
// with Split is much faster than a function, above all an interpreted one.
// A particle that diverges is an error naming the step.
func (e Ensemble) Exit(maxSteps int) (*Exits, error) {
	nz, err := e.setup("Ensemble.Exit", maxSteps, nil)
	if err != nil {
		return nil, err
	}
	x := make([]float64, e.Particles*e.Surface.Dim())
	out := &Exits{Steps: make([]int, e.Particles), MaxSteps: maxSteps}
	if err := e.sweep("Ensemble.Exit", nz, x, func(w *worker, b int) error {
		return w.exitBlock(b, x, out.Steps, maxSteps)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// inA reports whether x is in basin A.
func (w *worker) inA(x []float64) bool {
	if w.ina != nil {
		return w.ina(x)
	}
	return x[0] < w.e.Split
}

// exitBlock runs the particles of block b until they leave basin A.
func (w *worker) exitBlock(b int, x []float64, steps []int, maxSteps int) error {
	lo, hi := w.seedBlock(b)
	d := w.d
	for i := lo; i < hi; i++ {
		p := &w.pcg[i-lo]
		xi := x[i*d : (i+1)*d]
		steps[i] = -1
		if !w.inA(xi) {
			steps[i] = 0
			continue
		}
		if w.fast != nil && w.ina == nil {
			// The 1-D fast path of Run, one particle at a time.
			g, drift, a, split := w.fast, w.drift, w.amp*w.b1, w.e.Split
			v := xi[0]
			for k := 1; k <= maxSteps; k++ {
				v += a*rng.Normal(p) - drift*g.Grad1D(v)
				if !finite(v) {
					xi[0] = v
					return w.diverged(i, xi, k)
				}
				if !(v < split) {
					steps[i] = k
					break
				}
			}
			xi[0] = v
			continue
		}
		for k := 1; k <= maxSteps; k++ {
			if w.advance(xi, p, 1) < 1 {
				return w.diverged(i, xi, k)
			}
			if !w.inA(xi) {
				steps[i] = k
				break
			}
		}
	}
	return nil
}

// Escaped returns the number of particles that left basin A within MaxSteps.
func (x *Exits) Escaped() int {
	n := 0
	for _, s := range x.Steps {
		if s >= 0 {
			n++
		}
	}
	return n
}

// Survival returns the fraction of particles still in basin A after t steps,
// that is, not yet left at step t (t ≤ MaxSteps).
func (x *Exits) Survival(t int) float64 {
	if t < 0 || t > x.MaxSteps {
		panic(fmt.Sprintf("langevin: Survival step %d out of range [0, %d]", t, x.MaxSteps))
	}
	n := 0
	for _, s := range x.Steps {
		if s < 0 || s > t {
			n++
		}
	}
	return float64(n) / float64(len(x.Steps))
}

// MeanTime returns the mean exit time in steps, estimated as if exits were
// exponentially distributed (the Kramers regime, where a particle forgets
// its start long before it escapes): the total time the particles spent
// in A, counting the unfinished ones up to MaxSteps, divided by the number
// of exits. This maximum-likelihood estimate uses the particles that did
// not escape instead of dropping them, which would bias the mean low. The
// standard error is mean/√exits. With no exits both are +Inf.
func (x *Exits) MeanTime() (mean, stderr float64) {
	var total float64
	n := 0
	for _, s := range x.Steps {
		if s < 0 {
			total += float64(x.MaxSteps)
			continue
		}
		total += float64(s)
		n++
	}
	if n == 0 {
		return math.Inf(1), math.Inf(1)
	}
	mean = total / float64(n)
	return mean, mean / math.Sqrt(float64(n))
}

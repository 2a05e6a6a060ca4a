package train

import (
	"fmt"
	"math"
)

// Schedule is a hyperparameter (η or S) as a function of the training time
// t in epochs; t = 2.5 is half-way through the third epoch.
type Schedule interface {
	At(t float64) float64
}

// Constant is the schedule that is Value at all times.
type Constant struct{ Value float64 }

// At returns c.Value.
func (c Constant) At(float64) float64 { return c.Value }

// Step starts at Initial and is multiplied by Factor every Every epochs
// (e.g. Factor 0.1 every 30 epochs, the classic step decay).
type Step struct {
	Initial, Factor float64
	Every           int
}

// At returns Initial·Factor^⌊t/Every⌋.
func (s Step) At(t float64) float64 {
	return s.Initial * math.Pow(s.Factor, math.Floor(t/float64(max(s.Every, 1))))
}

// Triangular rises linearly from Min to Max over the first half of each
// Period (in epochs) and falls back over the second (Smith's triangular
// cyclic learning rate).
type Triangular struct {
	Min, Max float64
	Period   float64
}

// At returns the triangle wave at t.
func (c Triangular) At(t float64) float64 {
	if !(c.Period > 0) {
		return c.Min
	}
	x := math.Mod(t/c.Period, 1) // phase in [0, 1)
	return c.Min + (c.Max-c.Min)*(1-math.Abs(2*x-1))
}

// Cyclic holds each of Values for Every epochs in turn and then starts
// again: the discrete cycles of the paper's Fig. 4, e.g. S = 128, 640, 128, …
// with Values {128, 640} and Every 1.
type Cyclic struct {
	Values []float64
	Every  int
}

// At returns Values[⌊t/Every⌋ mod len(Values)].
func (c Cyclic) At(t float64) float64 {
	if len(c.Values) == 0 {
		return math.NaN()
	}
	k := int(math.Floor(t / float64(max(c.Every, 1))))
	n := len(c.Values)
	return c.Values[(k%n+n)%n] // also in range for t < 0 (and NaN)
}

// checkSchedule evaluates sch at the start of every epoch and half-way,
// so that a bad schedule fails before training rather than during it.
func checkSchedule(name string, sch Schedule, epochs int, ok func(float64) bool, want string) error {
	if sch == nil {
		return fmt.Errorf("train: SGD.Run: %s is nil: want a Schedule", name)
	}
	for e := range epochs {
		for _, t := range []float64{float64(e), float64(e) + 0.5} {
			v := sch.At(t)
			if !ok(v) {
				return fmt.Errorf("train: SGD.Run: %s.At(%g) = %v: want %s", name, t, v, want)
			}
		}
	}
	return nil
}

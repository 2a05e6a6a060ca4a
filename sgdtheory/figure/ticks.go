package figure

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// minLabels is the fewest labelled ticks an axis gets, so that a reader can
// interpolate a value between two labels and check it against a third.
const minLabels = 4

// TicksAt labels an axis at the given values and nowhere else, each in its
// shortest form (0.05, 1e-05): for axes whose meaningful values are known,
// such as the epochs of a schedule or the decades a log axis spans.
func TicksAt(values ...float64) plot.ConstantTicks {
	t := make(plot.ConstantTicks, len(values))
	for i, v := range values {
		t[i] = plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)}
	}
	return t
}

// linearTicks labels a linear axis at round numbers (1, 2 or 5 times a
// power of ten apart, so that integer axes get integer labels), choosing
// the widest spacing that still gives at least minLabels labels, with
// unlabelled minor ticks in between. gonum's DefaultTicks aims at 3 labels
// and often gives 2.
type linearTicks struct{}

func (linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo < hi) {
		return nil
	}
	mag := math.Pow(10, math.Floor(math.Log10(hi-lo)))
	var step, minor float64
	// From wide to narrow: the first spacing with enough labels wins.
	for _, k := range []float64{5, 2, 1, 0.5, 0.2, 0.1, 0.05} {
		step = k * mag
		if math.Floor(hi/step)-math.Ceil(lo/step)+1 >= minLabels {
			break
		}
	}
	switch m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9)); {
	case math.Abs(m-2) < 1e-9:
		minor = step / 4
	default:
		minor = step / 5
	}
	var ticks []plot.Tick
	for i := math.Ceil(lo / minor); i <= math.Floor(hi/minor); i++ {
		v := i * minor
		t := plot.Tick{Value: v}
		if k := v / step; math.Abs(k-math.Round(k)) < 1e-6 {
			t.Value = math.Round(k) * step
			t.Label = label(t.Value, step)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// label formats v, a multiple of step, with as many digits as the step
// needs: 0.2, 1.5, 40000, 2e-05.
func label(v, step float64) string {
	if math.Abs(v) < step*1e-6 {
		return "0"
	}
	digits := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if a := math.Abs(v); a >= 1e6 || step < 1e-4 {
		sig := int(math.Floor(math.Log10(a)+1e-9)) + digits + 1
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'e', max(0, sig-1), 64), 64)
		return strconv.FormatFloat(r, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', digits, 64)
}

// logTicks labels a logarithmic axis: every decade when the axis spans at
// least minLabels of them (every second or third when it spans many more),
// otherwise 1, 2 and 5 times each power of ten (or 1, 2, 3, 5, or every
// integer multiple) until there are minLabels labels. Within less than a
// decade it labels round numbers as on a linear axis. Labels are in their
// shortest form: 1e-05, not 1.0000000000000004e-05.
type logTicks struct{}

// Ticks returns only ticks inside [lo, hi]: gonum makes room for the
// labels of ticks outside the range too.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(0 < lo && lo < hi) {
		return nil
	}
	d0, d1 := int(math.Floor(math.Log10(lo)+1e-9)), int(math.Ceil(math.Log10(hi)-1e-9))
	if hi/lo < 10 { // less than a decade: round numbers, as on a linear axis
		return linearTicks{}.Ticks(lo, hi)
	}
	pow := func(d int) float64 { v, _ := strconv.ParseFloat("1e"+strconv.Itoa(d), 64); return v }
	in := func(v float64) bool { return v >= lo*(1-1e-9) && v <= hi*(1+1e-9) }
	var decades []int
	for d := d0; d <= d1; d++ {
		if in(pow(d)) {
			decades = append(decades, d)
		}
	}
	if len(decades) >= minLabels {
		every := (len(decades) + 7) / 8 // at most about 8 labels
		var ticks []plot.Tick
		for d := d0; d <= d1; d++ {
			v := pow(d)
			if in(v) {
				t := plot.Tick{Value: v}
				if d%every == 0 {
					t.Label = strconv.FormatFloat(v, 'g', -1, 64)
				}
				ticks = append(ticks, t)
			}
			if len(decades) <= 6 { // minor ticks at 2…9 times the decade
				for m := 2.0; m <= 9; m++ {
					if in(m * v) {
						ticks = append(ticks, plot.Tick{Value: m * v})
					}
				}
			}
		}
		return ticks
	}
	var ticks []plot.Tick
	for _, set := range [][]float64{{1, 2, 5}, {1, 2, 3, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
		ticks = ticks[:0]
		n := 0
		for d := d0; d <= d1; d++ {
			for m := 1.0; m <= 9; m++ {
				v, _ := strconv.ParseFloat(strconv.Itoa(int(m))+"e"+strconv.Itoa(d), 64)
				if !in(v) {
					continue
				}
				t := plot.Tick{Value: v}
				for _, s := range set {
					if m == s {
						t.Label = strconv.FormatFloat(v, 'g', -1, 64)
						n++
					}
				}
				ticks = append(ticks, t)
			}
		}
		if n >= minLabels {
			break
		}
	}
	return ticks
}

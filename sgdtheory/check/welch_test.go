package check

import (
	"math"
	"strings"
	"testing"
)

func TestWelch(t *testing.T) {
	for _, tc := range []struct {
		name     string
		x, y     []float64
		tt, df   float64
		tol      float64
		inverted bool // y, x gives −t and the same df
	}{
		// By hand: x̄ = 2, s²ₓ = 1, ȳ = 6, s²ᵧ = 4, so s²ₓ/3 + s²ᵧ/3 = 5/3,
		// t = −4/√(5/3) and df = (5/3)²/((1/3)²/2 + (4/3)²/2) = 50/17.
		{"by hand", []float64{1, 2, 3}, []float64{4, 6, 8}, -4 / math.Sqrt(5.0/3), 50.0 / 17, 1e-14, true},
		// R's sleep data (Cushny and Peebles 1905), t.test(extra ~ group,
		// data = sleep): t = −1.8608, df = 17.776, printed to 5 digits.
		{"R sleep", []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0},
			[]float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}, -1.8608, 17.776, 5e-4, true},
		// Equal sizes and variances: Welch's df is 2(n − 1), that of Student's t.
		{"equal variances", []float64{1, 2, 3, 4}, []float64{11, 12, 13, 14}, -10 / math.Sqrt(2*(5.0/3)/4), 6, 1e-14, false},
	} {
		tt, df, err := Welch(tc.x, tc.y)
		if err != nil || math.Abs(tt-tc.tt) > tc.tol || math.Abs(df-tc.df) > tc.tol*tc.df {
			t.Errorf("%s: Welch = %v, %v (%v), want %v, %v", tc.name, tt, df, err, tc.tt, tc.df)
		}
		if tc.inverted {
			if t2, df2, _ := Welch(tc.y, tc.x); t2 != -tt || df2 != df {
				t.Errorf("%s: Welch(y, x) = %v, %v, want %v, %v", tc.name, t2, df2, -tt, df)
			}
		}
	}
}

func TestWelchErrors(t *testing.T) {
	for _, tc := range []struct {
		x, y []float64
		want string
	}{
		{[]float64{1}, []float64{1, 2}, "check: Welch: len(x) = 1: want at least 2"},
		{[]float64{1, 2}, nil, "check: Welch: len(y) = 0: want at least 2"},
		{[]float64{1, math.NaN()}, []float64{1, 2}, "check: Welch: x[1] = NaN: want finite values"},
		{[]float64{1, 2}, []float64{math.Inf(-1), 2}, "check: Welch: y[0] = -Inf: want finite values"},
		{[]float64{3, 3}, []float64{5, 5, 5}, "check: Welch: both samples are constant (3 and 5): want some scatter"},
	} {
		tt, df, err := Welch(tc.x, tc.y)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !math.IsNaN(tt) || !math.IsNaN(df) {
			t.Errorf("Welch(%v, %v) = %v, %v, %v; want %q", tc.x, tc.y, tt, df, err, tc.want)
		}
	}
}

func TestMeanInterval(t *testing.T) {
	// R: t.test(extra ~ group, data = sleep, paired = TRUE) gives the mean
	// difference −1.58 and the 95 % interval [−2.4598858, −0.7001142].
	x := []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	y := []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
	d := make([]float64, len(x))
	for i := range x {
		d[i] = x[i] - y[i]
	}
	m, h, err := MeanInterval(d, 0.95)
	if err != nil || math.Abs(m-(-1.58)) > 1e-12 || math.Abs(m-h-(-2.4598858)) > 1e-7 || math.Abs(m+h-(-0.7001142)) > 1e-7 {
		t.Errorf("MeanInterval(sleep differences) = %v ± %v (%v), want −1.58, [−2.4598858, −0.7001142]", m, h, err)
	}
	for _, tc := range []struct {
		x     []float64
		level float64
		want  string
	}{
		{[]float64{1}, 0.95, "len(x) = 1"},
		{[]float64{1, 2}, 1, "level = 1"},
		{[]float64{1, math.NaN()}, 0.95, "x[1] = NaN"},
	} {
		if _, _, err := MeanInterval(tc.x, tc.level); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("MeanInterval(%v, %v): %v, want an error naming %q", tc.x, tc.level, err, tc.want)
		}
	}
}

package grid

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// seedTable holds three seeds at (η, S) = (0.01, 40), two at (0.04, 160),
// one of them diverged after one epoch, and one on another training set.
func seedTable() *Table {
	run := func(train string, eta float64, S int, seed uint64, loss []float64, err string) Result {
		return Result{Spec: Spec{Train: train, Eta: eta, S: S, Seed: seed, Epochs: 3}, TrainLoss: loss,
			TrainAcc: []float64{0.5, 0.6, 0.7}[:len(loss)], ValLoss: loss, ValAcc: []float64{0.4, 0.5, 0.6}[:len(loss)],
			FinalLoss: loss[len(loss)-1], Err: err}
	}
	return &Table{Runs: []Result{
		run("large", 0.01, 40, 1, []float64{1, 0.5, 0.25}, ""),
		run("large", 0.01, 40, 2, []float64{2, 1, 0.5}, ""),
		run("large", 0.04, 160, 3, []float64{1.5, 1, 0.75}, ""),
		run("large", 0.04, 160, 4, []float64{9}, "diverged at step 7"),
		run("large", 0.01, 40, 5, []float64{3, 1.5, 0.75}, ""),
		run("small", 0.01, 40, 6, []float64{1, 1, 1}, ""),
	}}
}

func seedsOf(rs []Result) []uint64 {
	var s []uint64
	for _, r := range rs {
		s = append(s, r.Seed)
	}
	return s
}

func TestSetting(t *testing.T) {
	tab := seedTable()
	for _, tc := range []struct {
		train string
		eta   float64
		S     int
		want  []uint64
	}{
		{"large", 0.01, 40, []uint64{1, 2, 5}},
		{"large", 0.04 / 4 * (1 + 1e-13), 40, []uint64{1, 2, 5}}, // η computed another way
		{"large", 0.04, 160, []uint64{3, 4}},
		{"small", 0.01, 40, []uint64{6}},
		{"large", 0.01, 160, nil},
		{"large", 0.0101, 40, nil},
		{"medium", 0.01, 40, nil},
	} {
		if got := seedsOf(tab.Setting(tc.train, tc.eta, tc.S)); !slices.Equal(got, tc.want) {
			t.Errorf("Setting(%q, %g, %d): seeds %v, want %v", tc.train, tc.eta, tc.S, got, tc.want)
		}
	}
	if got := seedsOf(Succeeded(tab.Setting("large", 0.04, 160))); !slices.Equal(got, []uint64{3}) {
		t.Errorf("Succeeded: seeds %v, want [3]", got)
	}
	loss := Values(tab.Runs, func(r Result) float64 { return r.FinalLoss })
	if want := []float64{0.25, 0.5, 0.75, 9, 0.75, 1}; !slices.Equal(loss, want) {
		t.Errorf("Values = %v, want %v", loss, want)
	}
}

// TestSeedStatistics compares with means and ranges worked out by hand from
// seedTable's curves.
func TestSeedStatistics(t *testing.T) {
	tab := seedTable()
	base := tab.Setting("large", 0.01, 40)
	four := Succeeded(tab.Setting("large", 0.04, 160))
	for _, tc := range []struct {
		name string
		f    func() ([]float64, error)
		want []float64
	}{
		{"MeanCurve(base, TrainLoss)", func() ([]float64, error) { return MeanCurve(base, TrainLoss) }, []float64{2, 1, 0.5}},
		{"MeanCurve(base, ValAcc)", func() ([]float64, error) { return MeanCurve(base, ValAcc) }, []float64{0.4, 0.5, 0.6}},
		{"MeanCurve(four, TrainAcc)", func() ([]float64, error) { return MeanCurve(four, TrainAcc) }, []float64{0.5, 0.6, 0.7}},
		{"SeedRange(base, ValLoss)", func() ([]float64, error) { return SeedRange(base, ValLoss) }, []float64{2, 1, 0.5}},
		{"SeedRange(four, TrainLoss)", func() ([]float64, error) { return SeedRange(four, TrainLoss) }, []float64{0, 0, 0}},
		{"Gap(four, base, TrainLoss)", func() ([]float64, error) { return Gap(four, base, TrainLoss) }, []float64{0.5, 0, 0.25}},
		{"Gap(base, four, TrainLoss)", func() ([]float64, error) { return Gap(base, four, TrainLoss) }, []float64{0.5, 0, 0.25}},
	} {
		got, err := tc.f()
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("%s = %v, %v; want %v", tc.name, got, err, tc.want)
			continue
		}
		for e := range got {
			if math.Abs(got[e]-tc.want[e]) > 1e-15 {
				t.Errorf("%s = %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

func TestSeedStatisticsErrors(t *testing.T) {
	tab := seedTable()
	all := tab.Setting("large", 0.04, 160) // one diverged run with one epoch
	base := tab.Setting("large", 0.01, 40)
	short := []Result{{TrainLoss: []float64{1, 2}}}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"MeanCurve: diverged", second(MeanCurve(all, TrainLoss)), "grid: MeanCurve: run 1 (large, η 0.04, S 160, seed 4) has 1 epochs of training loss: want 3, as run 0"},
		{"MeanCurve: none", second(MeanCurve(nil, TrainLoss)), "grid: MeanCurve: no runs: want at least one"},
		{"SeedRange: metric", second(SeedRange(base, Metric(7))), "grid: SeedRange: metric = 7: want TrainLoss, TrainAcc, ValLoss or ValAcc"},
		{"SeedRange: metric", second(SeedRange(base, -1)), "metric = -1"},
		{"Gap: ref", second(Gap(base, all, ValAcc)), "grid: Gap: run 1 (large, η 0.04, S 160, seed 4) has 1 epochs of validation accuracy: want 3, as run 0, and at least 1 (of ref)"},
		{"Gap: no ref", second(Gap(base, nil, ValAcc)), "grid: Gap: no runs: want at least one (of ref)"},
		{"Gap: lengths", second(Gap(short, base, TrainLoss)), "grid: Gap: rs has 2 epochs of training loss, ref 3: want equal"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v; want %q", tc.name, tc.err, tc.want)
		}
	}
}

func second(_ []float64, err error) error { return err }

func TestMetricString(t *testing.T) {
	for m, want := range map[Metric]string{TrainLoss: "training loss", TrainAcc: "training accuracy", ValLoss: "validation loss",
		ValAcc: "validation accuracy", 4: "Metric(4)", -1: "Metric(-1)"} {
		if got := m.String(); got != want {
			t.Errorf("Metric(%d).String() = %q, want %q", int(m), got, want)
		}
		if (m.Curve(Result{TrainLoss: []float64{1}, TrainAcc: []float64{1}, ValLoss: []float64{1}, ValAcc: []float64{1}}) == nil) != strings.HasPrefix(want, "Metric(") {
			t.Errorf("Metric(%d).Curve: nil only for an unknown metric", int(m))
		}
	}
}

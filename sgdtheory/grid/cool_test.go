package grid

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// TestCool: the cooled copy after epoch k is what one gets by training the
// run for k epochs on its own (train.SGD, a fresh network), cloning it and
// training the clone one epoch at Cool·η, at the run's S or at CoolS; the
// run itself is the run without Cool, bit for bit; the records survive the
// file and come back by Cooled.
func TestCool(t *testing.T) {
	r := tinyRuns()
	r.Specs = []Spec{
		{Train: "large", Eta: 0.1, S: 10, Seed: 1, Epochs: 3, Corrupt: 0.5, Cool: 0.1},
		{Train: "large", Eta: 0.1, S: 10, Seed: 1, Epochs: 3, Corrupt: 0.5},
		{Train: "large", Eta: 0.1, S: 10, Seed: 1, Epochs: 3, Corrupt: 0.5, Cool: 0.1, CoolS: 40},
	}
	tab, err := r.Run()
	if err != nil {
		t.Fatal(err)
	}
	hot, plain := tab.Runs[0], tab.Runs[1]
	if hot.Err != "" || len(hot.CoolVal) != 3 || plain.CoolVal != nil {
		t.Fatalf("cooled curves of %d and %d epochs (err %q): want 3 with Cool, none without", len(hot.CoolVal), len(plain.CoolVal), hot.Err)
	}
	for _, c := range [][2][]float64{{hot.TrainLoss, plain.TrainLoss}, {hot.ValAcc, plain.ValAcc}, {hot.WholeAcc, plain.WholeAcc}, {hot.Fit, plain.Fit}} {
		if !slices.Equal(c[0], c[1]) {
			t.Errorf("the run with a cooled copy differs from the run without: %v, want %v", c[0], c[1])
		}
	}
	c, err := train.Corrupt(r.Sets["large"], 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	if alike := tab.Runs[2]; !slices.Equal(alike.WholeAcc, plain.WholeAcc) || slices.Equal(alike.CoolVal, hot.CoolVal) {
		t.Errorf("a copy at CoolS = 40: the run differs from the run without a copy, or the copy equals the copy at the run's S")
	}
	for i, S := range map[int]int{0: 10, 2: 40} {
		run := tab.Runs[i]
		for k := 1; k <= 3; k++ {
			net, _ := mlp.New(r.Widths, 1)
			if _, err := (train.SGD{Eta: train.Constant{Value: 0.1}, S: train.Constant{Value: 10}, Epochs: k, Seed: 1}).Run(net, c.Set); err != nil {
				t.Fatal(err)
			}
			cool := net.Clone()
			if _, err := (train.SGD{Eta: train.Constant{Value: 0.1 * 0.1}, S: train.Constant{Value: float64(S)}, Epochs: 1, Seed: coolSeed(1, k)}).Run(cool, c.Set); err != nil {
				t.Fatal(err)
			}
			whole, fit, _ := c.Accuracy(cool)
			_, val, _ := cool.Evaluate(r.Val)
			if got, want := fmt.Sprint(run.CoolWholeAcc[k-1], run.CoolFit[k-1], run.CoolVal[k-1]), fmt.Sprint(whole, fit, val); got != want {
				t.Errorf("copy at S = %d after epoch %d: %s, want %s", S, k, got, want)
			}
			if hw, _, _ := c.Accuracy(net); hw != run.WholeAcc[k-1] {
				t.Errorf("epoch %d: the run's own accuracy %v, want %v", k, run.WholeAcc[k-1], hw)
			}
		}
	}
	tab.Runs = tab.Runs[:2] // one cooling recipe per setting, as Cooled wants
	text, back := roundTrip(t, tab)
	if !sameResults(tab.Runs, back.Runs) || fmt.Sprint(back.Runs[0].CoolVal) != fmt.Sprint(hot.CoolVal) {
		t.Errorf("read back:\n%v\nwant\n%v", back.Runs, tab.Runs)
	}
	cooledSeeds := back.Cooled("large", 0.5, 0.1, 10)
	if len(cooledSeeds) != 1 || !slices.Equal(cooledSeeds[0].Val, hot.CoolVal) || !slices.Equal(cooledSeeds[0].Train, hot.CoolWholeAcc) {
		t.Errorf("Cooled: %v, want the cooled curves of the one run with Cool", cooledSeeds)
	}
	if n := len(back.Memorisations("large", 0.5, 0.1, 10)); n != 2 {
		t.Errorf("Memorisations: %d records, want both runs' own", n)
	}
	bad := strings.Replace(text, `"cool_fit": [`, `"cool_fit": [ 0.5,`, 1)
	if _, err := Read(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "cool_fit") {
		t.Errorf("Read with a cooled curve of 4 epochs out of 3: %v, want an error naming cool_fit", err)
	}
}

// TestCoolBad: a factor outside (0, 1], a cooled copy without corrupted
// labels or without a validation set, a copy's batch size without a copy
// or outside 1 to N, are errors naming Cool or CoolS.
func TestCoolBad(t *testing.T) {
	for _, c := range []struct {
		cool, corrupt float64
		noVal         bool
		want          string
	}{
		{-0.1, 0.5, false, "Cool = -0.1: want a factor"},
		{1.5, 0.5, false, "Cool = 1.5: want a factor"},
		{math.NaN(), 0.5, false, "Cool = NaN"},
		{0.1, 0, false, "Cool = 0.1 without Corrupt"},
		{0.1, 0.5, true, "Cool = 0.1 without a Val set"},
		{0, 0.5, false, "CoolS = 20 without Cool"},
	} {
		r := tinyRuns()
		r.Specs[0].Cool, r.Specs[0].Corrupt = c.cool, c.corrupt
		if c.cool == 0 {
			r.Specs[0].CoolS = 20
		}
		if c.noVal {
			r.Val = nil
		}
		if _, err := r.Run(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Cool = %v, Corrupt = %v, no Val %v: %v, want an error saying %q", c.cool, c.corrupt, c.noVal, err, c.want)
		}
	}
	for _, S := range []int{-1, 201} {
		r := tinyRuns()
		r.Specs[0].Cool, r.Specs[0].Corrupt, r.Specs[0].CoolS = 0.1, 0.5, S
		if _, err := r.Run(); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("CoolS = %d: want 1 to 200", S)) {
			t.Errorf("CoolS = %d on a set of 200: %v, want an error naming CoolS", S, err)
		}
	}
}

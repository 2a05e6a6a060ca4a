package exercise

import (
	"bytes"
	_ "embed"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"

	"gonum.org/v1/gonum/stat"

	"github.com/sgdminima/sgdminima/sgdtheory/check"
	"github.com/sgdminima/sgdminima/sgdtheory/grid"
)

// lambdaGridJSON is the grid of exercise "lambda-trend", written by
// internal/mkgrid (grid.Grid.Cached): a 784-64-10 ReLU network trained for
// 20 epochs on 4000 balanced Fashion-MNIST images at η ∈ {0.01, 0.04, 0.16}
// × S ∈ {16, 64, 256}, λ_max of each final network by Lanczos on 2000
// training examples.
//
//go:embed lambda_grid.json
var lambdaGridJSON []byte

var (
	lambdaOnce  sync.Once
	lambdaTable *grid.Table
	lambdaErr   error
)

// LambdaProblem is exercise "lambda-trend" (deck: "Experimental evidence",
// paper Fig. 1): read λ_max against η/S off a grid of training runs, fit the
// slope of ln λ_max against ln(η/S) by least squares, and state the trend.
type LambdaProblem struct {
	Table *grid.Table // of each run, Ratio() is η/S and Measure is λ_max
}

// Lambda returns the problem of exercise "lambda-trend", its table read
// and validated by grid.Read. The table is the caller's own copy: changing
// it changes nothing the check compares with.
func Lambda() (*LambdaProblem, error) {
	t, err := lambdaGrid()
	if err != nil {
		return nil, err
	}
	c := *t
	c.Widths = slices.Clone(t.Widths)
	c.Sets = maps.Clone(t.Sets)
	c.Runs = slices.Clone(t.Runs)
	for i, r := range c.Runs {
		c.Runs[i].Steps = slices.Clone(r.Steps)
		for _, x := range []*[]float64{&c.Runs[i].TrainLoss, &c.Runs[i].TrainAcc, &c.Runs[i].ValLoss, &c.Runs[i].ValAcc} {
			*x = slices.Clone(*x)
		}
	}
	return &LambdaProblem{Table: &c}, nil
}

func lambdaGrid() (*grid.Table, error) {
	lambdaOnce.Do(func() {
		lambdaTable, lambdaErr = grid.Read(bytes.NewReader(lambdaGridJSON))
	})
	return lambdaTable, lambdaErr
}

func (p *LambdaProblem) String() string {
	var b strings.Builder
	epochs := 0
	if len(p.Table.Runs) > 0 {
		epochs = p.Table.Runs[0].Epochs
	}
	fmt.Fprintf(&b, "%d runs of a %v network, %d epochs; measure: %s\n", len(p.Table.Runs), p.Table.Widths, epochs, p.Table.MeasureName)
	fmt.Fprintf(&b, "%8s %6s %10s %10s %10s", "η", "S", "η/S", "train acc", "λ_max")
	for _, r := range p.Table.Runs {
		fmt.Fprintf(&b, "\n%8g %6d %10.3g %10.3f %10.2f", r.Eta, r.S, r.Ratio(), r.FinalAcc, r.Measure)
	}
	return b.String()
}

// columns returns η, S, η/S and λ_max of the runs.
func (p *LambdaProblem) columns() (eta, S, ratio, lam []float64) {
	for _, r := range p.Table.Runs {
		eta = append(eta, r.Eta)
		S = append(S, float64(r.S))
		ratio = append(ratio, r.Ratio())
		lam = append(lam, r.Measure)
	}
	return
}

func slope(x, y []float64) float64 {
	_, b := stat.LinearRegression(x, y, nil, false)
	return b
}

func logs(x []float64) []float64 {
	l := make([]float64, len(x))
	for i, v := range x {
		l[i] = math.Log(v)
	}
	return l
}

func scaled(x []float64, c float64) []float64 {
	l := make([]float64, len(x))
	for i, v := range x {
		l[i] = c * v
	}
	return l
}

// CheckLambdaTrend checks the log–log slope of λ_max against η/S and the
// trend stated in words ("rises", "falls" or "flat"), and prints one line.
func CheckLambdaTrend(slope float64, trend string) {
	report("lambda-trend", func() result { return judgeLambda(slope, trend) })
}

func judgeLambda(answer float64, trend string) result {
	const id = "lambda-trend"
	const tol = 1e-2
	word := strings.ToLower(strings.TrimSpace(trend))
	if math.IsNaN(answer) && word == "" {
		return waiting(id, "set slope to your fitted slope and trend to \"rises\", \"falls\" or \"flat\"")
	}
	t, err := lambdaGrid() // never the copy a notebook holds
	if err != nil {
		return failed(id, "the check could not load its grid: %v", err)
	}
	eta, S, ratio, lam := (&LambdaProblem{Table: t}).columns()
	lx, ly := logs(ratio), logs(lam)
	want := slope(lx, ly)
	n := number{id: id, want: want, tol: tol,
		todo:  "the trend is stated; now fit the slope (slope is still NaN)",
		about: "fit ln λ_max = a + b·ln(η/S) by least squares (stat.LinearRegression) and give b",
		ok:    func(float64) string { return "" },
		mistakes: []mistake{
			{slope(ratio, lam), "this is the slope on linear axes; take the logarithm of both η/S and λ_max"},
			{slope(lx, lam), "only η/S is on a log scale; take the logarithm of λ_max too"},
			{slope(ratio, ly), "only λ_max is on a log scale; take the logarithm of η/S too"},
			{slope(ly, lx), "the axes are swapped: regress ln λ_max (y) on ln(η/S) (x), not the other way round"},
			{slope(logs(eta), ly), "this is the slope against the learning rate η alone; use the ratio η/S"},
			{slope(logs(S), ly), "this is the slope against the batch size S alone; use the ratio η/S"},
			{slope(scaled(lx, 1/math.Ln10), ly), "log10 on the x axis and ln on the y axis; use the same logarithm on both"},
			{slope(lx, scaled(ly, 1/math.Ln10)), "ln on the x axis and log10 on the y axis; use the same logarithm on both"},
		},
	}
	v := n.judge(answer)
	if v.status != pass {
		return v
	}
	wantWord := "flat"
	if want < -0.05 {
		wantWord = "falls"
	} else if want > 0.05 {
		wantWord = "rises"
	}
	got := trendWord(word)
	switch {
	case word == "":
		return failed(id, "the slope is right; now state the trend in words: trend = \"rises\", \"falls\" or \"flat\"")
	case got == "":
		return failed(id, "the slope is right, but trend %q is not one of \"rises\", \"falls\", \"flat\"", trend)
	case got != wantWord:
		return failed(id, "the slope is right, but the trend %q does not fit its sign: what does a slope of %.3g say about λ_max as η/S grows?", trend, answer)
	}
	return passed(id, "slope %.3g: λ_max %s as η/S grows; rank check without a fit: Kendall's τ_b between η/S and λ_max over the %d runs is %.2f",
		answer, wantWord, len(lam), tauB(ratio, lam))
}

// trendWord maps the student's word to "rises", "falls", "flat" or "".
func trendWord(w string) string {
	switch w {
	case "falls", "fall", "decreases", "decrease", "decreasing", "down", "drops", "declines", "lower", "smaller", "negative":
		return "falls"
	case "rises", "rise", "increases", "increase", "increasing", "up", "grows", "higher", "larger", "positive":
		return "rises"
	case "flat", "none", "constant", "no trend", "unchanged":
		return "flat"
	}
	return ""
}

// tauB is check.Kendall's τ_b of runs the check has already validated.
func tauB(x, y []float64) float64 {
	tau, _ := check.Kendall(x, y)
	return tau
}

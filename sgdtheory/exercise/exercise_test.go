package exercise

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// line is the format doc.go promises a grader.
var line = regexp.MustCompile(`^(✓|✗|…) ([a-z0-9-]+): (.*)$`)

// echo matches where a hint repeats the student's own number.
var echo = regexp.MustCompile(`(your answer|C ×|a slope of) -?[0-9.e+-]+`)

// tc is one answer and what its verdict must be: the status and a piece of
// the hint (or of the ✓ message).
type tc struct {
	name   string
	judge  func() result
	status status
	want   string
}

func run(t *testing.T, cases []tc, secret ...float64) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.judge()
			s := r.String()
			if !line.MatchString(s) || strings.Contains(s, "\n") {
				t.Fatalf("line %q does not follow the output format", s)
			}
			if r.status != c.status {
				t.Fatalf("status %v, want %v: %s", r.status, c.status, s)
			}
			if !strings.Contains(r.msg, c.want) {
				t.Errorf("%q does not say %q", s, c.want)
			}
			if r.status != pass {
				hint := echo.ReplaceAllString(r.msg, "")
				for _, v := range secret {
					for _, f := range []string{"%.4g", "%.3g", "%.5f"} {
						if x := fmt.Sprintf(f, v); strings.Contains(hint, x) {
							t.Errorf("hint %q reveals the solution %s", s, x)
						}
					}
				}
			}
		})
	}
}

func TestCovariance(t *testing.T) {
	p := Covariance()
	N, S := float64(p.N), float64(p.S)
	f := (N - S) / (S * (N - 1))
	times := func(k float64) func() result {
		return func() result {
			a := mat.NewSymDense(2, nil)
			a.ScaleSym(k, p.C)
			return judgeCovariance(a)
		}
	}
	with := func(data ...float64) func() result {
		return func() result { return judgeCovariance(mat.NewDense(len(data)/2, 2, data)) }
	}
	w := func(i, j int) float64 { return f * p.C.At(i, j) }
	var nilSym *mat.SymDense
	run(t, []tc{
		{"right", times(f), pass, "sampled minibatches give the same matrix"},
		{"right as Dense", with(w(0, 0), w(0, 1), w(1, 0), w(1, 1)), pass, "Cov[g_S]"},
		{"nil", func() result { return judgeCovariance(nil) }, notYet, "2×2 matrix"},
		{"typed nil", func() result { return judgeCovariance(nilSym) }, notYet, "2×2 matrix"},
		{"NaN placeholder", with(math.NaN(), math.NaN(), math.NaN(), math.NaN()), notYet, "NaN"},
		{"some NaN", with(w(0, 0), math.NaN(), w(1, 0), w(1, 1)), fail, "NaN or infinite"},
		{"3×2", with(1, 2, 3, 4, 5, 6), fail, "2×2"},
		{"no finite-N factor", times(1 / S), fail, "finite-N factor is missing"},
		{"(N−S)/N", times((N - S) / (S * N)), fail, "denominator"},
		{"inverted factor", times((N - 1) / (S * (N - S))), fail, "upside down"},
		{"C itself", times(1), fail, "C itself"},
		{"no 1/S", times((N - S) / (N - 1)), fail, "averaging S gradients is missing"},
		{"1/√S", times(1 / math.Sqrt(S)), fail, "√S"},
		{"standard deviation", times(math.Sqrt(f)), fail, "standard deviation"},
		{"sign", times(-f), fail, "sign"},
		{"factor 2", times(2 * f), fail, "factor of 2 too large"},
		{"integer division", times(0), fail, "int"},
		{"diagonal only", with(w(0, 0), 0, 0, w(1, 1)), fail, "off-diagonal entries are 0"},
		{"off-diagonal sign", with(w(0, 0), -w(0, 1), -w(1, 0), w(1, 1)), fail, "off-diagonal entries have the wrong sign"},
		{"not symmetric", with(w(0, 0), w(0, 1), 0, w(1, 1)), fail, "not symmetric"},
		{"sampled estimate", with(1.02*w(0, 0), 0.97*w(0, 1), 0.97*w(1, 0), 0.99*w(1, 1)), fail, "sampled estimate"},
		{"unrelated", with(1, 0.5, 0.5, 3), fail, "not a multiple of C"},
	}, f, w(0, 0), w(0, 1), w(1, 1))
}

type step = func(theta, grad, eta, S, sigma, dt, xi float64) float64

func TestEulerMaruyama(t *testing.T) {
	em := func(f step) func() result { return func() result { return judgeEulerMaruyama(f) } }
	sq := math.Sqrt
	run(t, []tc{
		{"right", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt + e/sq(S)*s*sq(dt)*xi }), pass, "langevin.OUVariance"},
		{"right, −ξ", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt - e*s*sq(dt/S)*xi }), pass, "matches"},
		{"nil", em(nil), notYet, "func(theta"},
		{"placeholder", em(func(th, g, e, S, s, dt, xi float64) float64 { return math.NaN() }), notYet, "NaN"},
		{"panics", em(func(th, g, e, S, s, dt, xi float64) float64 { panic("index out of range") }), fail, "panicked"},
		{"interrupted", em(func(th, g, e, S, s, dt, xi float64) float64 { panic("// signal: interrupt") }), fail, "loop forever"},
		{"nil map write", em(func(th, g, e, S, s, dt, xi float64) float64 { var m map[int]int; m[0] = 1; return 0 }), fail, "panicked"},
		{"Inf", em(func(th, g, e, S, s, dt, xi float64) float64 { return th / 0 * e }), fail, "infinite"},
		{"NaN somewhere", em(func(th, g, e, S, s, dt, xi float64) float64 { return sq(th) }), fail, "NaN at"},
		{"drift sign", em(func(th, g, e, S, s, dt, xi float64) float64 { return th + e*g*dt + e/sq(S)*s*sq(dt)*xi }), fail, "wrong sign"},
		{"drift without dt", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g + e/sq(S)*s*sq(dt)*xi }), fail, "drift ignores dt"},
		{"drift without η", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - g*dt + e/sq(S)*s*sq(dt)*xi }), fail, "missing the learning rate"},
		{"drift over S", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt/S + e/sq(S)*s*sq(dt)*xi }), fail, "drift depends on S"},
		{"increment", em(func(th, g, e, S, s, dt, xi float64) float64 { return -e*g*dt + e/sq(S)*s*sq(dt)*xi }), fail, "change of θ"},
		{"noise ∝ dt", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt + e/sq(S)*s*dt*xi }), fail, "noise scales with dt"},
		{"noise without dt", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt + e/sq(S)*s*xi }), fail, "noise ignores dt"},
		{"noise η/S", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt + e/S*s*sq(dt)*xi }), fail, "shrinks as 1/S"},
		{"noise without S", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt + e*s*sq(dt)*xi }), fail, "does not shrink with the batch size"},
		{"σ²", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt + e/sq(S)*s*s*sq(dt)*xi }), fail, "σ² where σ belongs"},
		{"√η units", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt + sq(e/S)*s*sq(dt)*xi }), fail, "units"},
		{"no noise", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt }), fail, "no noise"},
		{"own randomness", em(func(th, g, e, S, s, dt, xi float64) float64 { return th - e*g*dt + e/sq(S)*s*sq(dt)*xi*xi }), fail, "random part"},
		{"two slips", em(func(th, g, e, S, s, dt, xi float64) float64 { return th + e*g*dt + e/sq(S)*s*xi }), fail, "drift: the drift has the wrong sign: SGD moves against the gradient; noise: the noise ignores dt"},
		{"garbage drift", em(func(th, g, e, S, s, dt, xi float64) float64 { return 2*th + e/sq(S)*s*sq(dt)*xi }), fail, "deterministic part"},
	})
}

type formula = func(eta, h, sigma2, S float64) float64

func TestVariance(t *testing.T) {
	cont := func(f formula) func() result {
		return func() result { return judgeVariance("variance-continuum", f, 0) }
	}
	disc := func(f formula) func() result {
		return func() result { return judgeVariance("variance-discrete", f, 1) }
	}
	c := func(e, h, s2, S float64) float64 { return e * s2 / (2 * S * h) }
	d := func(e, h, s2, S float64) float64 { return e * s2 / (S * h * (2 - e*h)) }
	p := Variance()
	run(t, []tc{
		{"continuum right", cont(c), pass, "Langevin ensemble"},
		{"discrete right", disc(d), pass, "Langevin ensemble"},
		{"discrete via recursion", disc(func(e, h, s2, S float64) float64 { return e * e * s2 / S / (1 - (1-e*h)*(1-e*h)) }), pass, "matches"},
		{"nil", cont(nil), notYet, "func(eta"},
		{"placeholder", disc(func(e, h, s2, S float64) float64 { return math.NaN() }), notYet, "NaN"},
		{"panics", cont(func(e, h, s2, S float64) float64 { var x []float64; return x[3] }), fail, "panicked"},
		{"division by zero", cont(func(e, h, s2, S float64) float64 { return e / (h - h) }), fail, "infinite"},
		{"continuum given discrete", cont(d), fail, "fixed point of the discrete recursion"},
		{"discrete given continuum", disc(c), fail, "this is the continuum limit"},
		{"continuum ×2", cont(func(e, h, s2, S float64) float64 { return e * s2 / (S * h) }), fail, "factor 2 too large"},
		{"continuum ÷2", cont(func(e, h, s2, S float64) float64 { return e * s2 / (4 * S * h) }), fail, "factor 2 too small"},
		{"discrete sign", disc(func(e, h, s2, S float64) float64 { return e * s2 / (S * h * (2 + e*h)) }), fail, "wrong sign"},
		{"discrete no square", disc(func(e, h, s2, S float64) float64 { return e * s2 / (S * h) }), fail, "square seems to be missing"},
		{"extra η", cont(func(e, h, s2, S float64) float64 { return e * c(e, h, s2, S) }), fail, "one factor of η too many"},
		{"no η", disc(func(e, h, s2, S float64) float64 { return d(e, h, s2, S) / e }), fail, "η is missing"},
		{"no S", cont(func(e, h, s2, S float64) float64 { return c(e, h, s2, S) * S }), fail, "S is missing"},
		{"S on top", disc(func(e, h, s2, S float64) float64 { return d(e, h, s2, S) * S * S }), fail, "numerator"},
		{"σ", cont(func(e, h, s2, S float64) float64 { return c(e, h, s2, S) / math.Sqrt(s2) }), fail, "σ where σ² belongs"},
		{"h²", disc(func(e, h, s2, S float64) float64 { return d(e, h, s2, S) / h }), fail, "1/h²"},
		{"std", cont(func(e, h, s2, S float64) float64 { return math.Sqrt(c(e, h, s2, S)) }), fail, "standard deviation"},
		{"negative", cont(func(e, h, s2, S float64) float64 { return -3 * c(e, h, s2, S) }), fail, "a variance is positive"},
		{"σ⁴", disc(func(e, h, s2, S float64) float64 { return e * s2 * s2 / (3 * S * h) }), fail, "(σ²)^2"},
		{"S^-2", cont(func(e, h, s2, S float64) float64 { return 3 * e * s2 / (S * S * h) }), fail, "S^-2"},
		{"wrong at small ηh", cont(func(e, h, s2, S float64) float64 { return 3 * e * s2 / (S * h) }), fail, "too large"},
		{"wrong correction", disc(func(e, h, s2, S float64) float64 { return e * s2 / (S * h * (2 - e*h/2)) }), fail, "finite-step correction"},
	}, c(p.Eta, p.H, p.Sigma2, float64(p.S)), d(p.Eta, p.H, p.Sigma2, float64(p.S)))
}

func TestLaplace(t *testing.T) {
	p := Laplace()
	T := p.Eta * p.Sigma2 / float64(p.S)
	dA, dB := mat.Det(p.HA), mat.Det(p.HB)
	dL := p.LB - p.LA
	want := math.Sqrt(dB/dA) * math.Exp(2*dL/T)
	ans := func(x float64) func() result { return func() result { return judgeLaplace(x) } }
	S := float64(p.S)
	run(t, []tc{
		{"right", ans(want), pass, "quadrature"},
		{"rounded", ans(want * 1.003), pass, "p_A/p_B"},
		{"placeholder", ans(math.NaN()), notYet, "p_A/p_B"},
		{"infinite", ans(math.Inf(1)), fail, "infinite"},
		{"inverted", ans(1 / want), fail, "p_B/p_A"},
		{"det upside down", ans(math.Sqrt(dA/dB) * math.Exp(2*dL/T)), fail, "determinant ratio is upside down"},
		{"no sqrt", ans(dB / dA * math.Exp(2*dL/T)), fail, "square root"},
		{"diagonal det", ans(math.Sqrt(1.5/18) * math.Exp(2*dL/T)), fail, "off-diagonal"},
		{"no det", ans(math.Exp(2 * dL / T)), fail, "determinant factor"},
		{"coefficient 1", ans(math.Sqrt(dB/dA) * math.Exp(dL/T)), fail, "half"},
		{"coefficient 4", ans(math.Sqrt(dB/dA) * math.Exp(4*dL/T)), fail, "twice"},
		{"exponent sign", ans(math.Sqrt(dB/dA) * math.Exp(-2*dL/T)), fail, "wrong sign"},
		{"T without σ²", ans(math.Sqrt(dB/dA) * math.Exp(2*dL/(p.Eta/S))), fail, "missing σ²"},
		{"T with σ", ans(math.Sqrt(dB/dA) * math.Exp(2*dL/(p.Eta*3/S))), fail, "σ where σ²"},
		{"T without S", ans(math.Sqrt(dB/dA) * math.Exp(2*dL/(p.Eta*p.Sigma2))), fail, "batch size"},
		{"two slips", ans(dB / dA * math.Exp(dL/T)), fail, "square root (a Gaussian integral gives 1/√det H); and the exponent is half"},
		{"sampled", ans(want * 1.03), fail, "close"},
		{"unrelated", ans(100), fail, "too large"},
	}, want)
}

func TestLaplaceSlipsAreDistinct(t *testing.T) {
	// Every single slip must be recognised as itself, not as another.
	p := Laplace()
	T := p.Eta * p.Sigma2 / float64(p.S)
	want := math.Sqrt(mat.Det(p.HB)/mat.Det(p.HA)) * math.Exp(2*(p.LB-p.LA)/T)
	ms := laplaceMistakes(p, want)
	for _, m := range ms {
		if strings.Contains(m.hint, "; and ") {
			break // the single slips come first
		}
		r := judgeLaplace(m.value)
		if r.status != fail || !strings.Contains(r.msg, m.hint) {
			t.Errorf("slip %q (value %g) judged as %s", m.hint, m.value, r)
		}
	}
}

func TestCrossover(t *testing.T) {
	p := Crossover()
	Tstar := 4 * (p.LB - p.LA) / math.Log(p.HA/p.HB)
	want := Tstar / p.Sigma2
	ans := func(x float64) func() result { return func() result { return judgeCrossover(x) } }
	run(t, []tc{
		{"right", ans(want), pass, "quadrature"},
		{"placeholder", ans(math.NaN()), notYet, "n* = η/S"},
		{"temperature", ans(Tstar), fail, "crossover temperature"},
		{"times σ²", ans(Tstar * p.Sigma2), fail, "multiplied by σ²"},
		{"negative", ans(-want), fail, "upside down"},
		{"half", ans(want / 2), fail, "factor 2 too small"},
		{"double", ans(want * 2), fail, "factor 2 too large"},
		{"quarter", ans(want / 4), fail, "both seem missing"},
		{"log10", ans(4 * (p.LB - p.LA) / math.Log10(p.HA/p.HB) / p.Sigma2), fail, "log10"},
		{"log2", ans(4 * (p.LB - p.LA) / math.Log2(p.HA/p.HB) / p.Sigma2), fail, "log2"},
		{"difference", ans(4 * (p.LB - p.LA) / (p.HA - p.HB) / p.Sigma2), fail, "difference"},
		{"power of ten", ans(want * 100), fail, "10^2"},
		{"zero", ans(0), fail, "exactly 0"},
		{"unrelated", ans(0.5), fail, "too large"},
	}, want, Tstar)
}

func TestSameNoise(t *testing.T) {
	ans := func(etas []float64, sizes []int) func() result {
		return func() result { return judgeSameNoise(etas, sizes) }
	}
	run(t, []tc{
		{"right", ans([]float64{0.0125, 0.025, 0.15}, []int{16, 32, 192}), pass, "stable"},
		{"right, more pairs", ans([]float64{0.0125, 0.025, 0.05, 0.125}, []int{16, 32, 64, 160}), pass, "4 pairs"},
		{"solution notebook", ans(sameNoiseEtas(16, 32, 64, 192), []int{16, 32, 64, 192}), pass, "4 pairs"},
		{"at the margin, rounded", ans([]float64{0.0125, 0.025, 0.1505}, []int{16, 32, 192}), pass, "stable range"},
		{"near the edge", ans([]float64{0.0125, 0.025, 0.05, 0.19375}, []int{16, 32, 64, 248}), fail, "pair 4 (η = 0.19375, S = 248): the noise is right and the run is stable, but ηh_max = 1.94 is too close to the edge"},
		{"just past the margin", ans([]float64{0.0125, 0.15625, 0.025}, []int{16, 200, 32}), fail, "pair 2 (η = 0.15625, S = 200): the noise is right and the run is stable, but ηh_max = 1.56"},
		{"empty", ans([]float64{}, []int{}), notYet, "fill etas"},
		{"nil", ans(nil, nil), notYet, "fill etas"},
		{"NaN η", ans([]float64{math.NaN(), 0.025, 0.15}, []int{16, 32, 192}), notYet, "NaN"},
		{"lengths", ans([]float64{0.0125, 0.025}, []int{16, 32, 192}), fail, "2 learning rates but 3"},
		{"too few", ans([]float64{0.0125, 0.025}, []int{16, 32}), fail, "at least 3"},
		{"baseline S", ans([]float64{0.0125, 0.1, 0.15}, []int{16, 128, 192}), fail, "baseline's batch size"},
		{"repeated S", ans([]float64{0.0125, 0.0125, 0.15}, []int{16, 16, 192}), fail, "appears twice"},
		{"S out of range", ans([]float64{0.00625, 0.025, 0.15}, []int{8, 32, 192}), fail, "between 16 and 1024"},
		{"negative η", ans([]float64{-0.0125, 0.025, 0.15}, []int{16, 32, 192}), fail, "positive"},
		{"unstable", ans([]float64{0.0125, 0.025, 0.4}, []int{16, 32, 512}), fail, "diverges"},
		{"η unchanged", ans([]float64{0.1, 0.025, 0.15}, []int{16, 32, 192}), fail, "η is the baseline's"},
		{"√S scaling", ans([]float64{0.1 * math.Sqrt(0.125), 0.025, 0.15}, []int{16, 32, 192}), fail, "η/√S"},
		{"inverse", ans([]float64{0.8, 0.025, 0.15}, []int{16, 32, 192}), fail, "wrong way"},
		{"σ² factor", ans([]float64{0.05, 0.025, 0.15}, []int{16, 32, 192}), fail, "factor σ²"},
		{"off", ans([]float64{0.013, 0.025, 0.15}, []int{16, 32, 192}), fail, "pair 1"},
	})
}

// sameNoiseEtas is η = n₀S for the baseline's n₀ = 0.1/128, as the
// solution notebook computes it.
func sameNoiseEtas(sizes ...int) []float64 {
	etas := make([]float64, len(sizes))
	for i, S := range sizes {
		etas[i] = 0.1 / 128 * float64(S)
	}
	return etas
}

// A notebook that changes its copy of the grid changes nothing the check
// compares with: the check's reference is not the student's to edit.
func TestLambdaTableIsACopy(t *testing.T) {
	p, err := Lambda()
	if err != nil {
		t.Fatal(err)
	}
	_, _, ratio, lam := p.columns()
	want := slope(logs(ratio), logs(lam))
	for i := range p.Table.Runs {
		p.Table.Runs[i].Measure = 1 // a flat λ_max: slope 0
	}
	p.Table.Widths[0] = 99
	p.Table.Runs[1].ValAcc = append(p.Table.Runs[1].ValAcc[:0], 2)
	if r := judgeLambda(0, "flat"); r.status != fail {
		t.Errorf("after editing the notebook's table, slope 0 is %v, want fail", r.status)
	}
	if r := judgeLambda(want, "falls"); r.status != pass {
		t.Errorf("after editing the notebook's table, the shipped slope is %v: %s", r.status, r.msg)
	}
	q, _ := Lambda()
	if q.Table.Runs[0].Measure == 1 || q.Table.Widths[0] == 99 || q.Table.Runs[1].ValAcc[0] == 2 {
		t.Error("a second Lambda() sees the first one's edits")
	}
}

func TestLambda(t *testing.T) {
	p, err := Lambda()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Table.Runs) != 9 {
		t.Fatalf("%d runs, want 9", len(p.Table.Runs))
	}
	eta, S, ratio, lam := p.columns()
	lx, ly := logs(ratio), logs(lam)
	want := slope(lx, ly)
	if !(want < -0.2) {
		t.Fatalf("the shipped grid's slope %g is not clearly negative", want)
	}
	ans := func(s float64, w string) func() result { return func() result { return judgeLambda(s, w) } }
	run(t, []tc{
		{"right", ans(want, "falls"), pass, "τ_b"},
		{"right, synonym", ans(want, " Decreases "), pass, "falls"},
		{"placeholder", ans(math.NaN(), ""), notYet, "slope"},
		{"word only", ans(math.NaN(), "falls"), notYet, "slope is still NaN"},
		{"no word", ans(want, ""), fail, "state the trend"},
		{"wrong word", ans(want, "rises"), fail, "does not fit its sign"},
		{"unknown word", ans(want, "wobbles"), fail, "not one of"},
		{"linear axes", ans(slope(ratio, lam), "falls"), fail, "linear axes"},
		{"semi-log x", ans(slope(lx, lam), "falls"), fail, "logarithm of λ_max too"},
		{"semi-log y", ans(slope(ratio, ly), "falls"), fail, "logarithm of η/S too"},
		{"swapped", ans(slope(ly, lx), "falls"), fail, "swapped"},
		{"against η", ans(slope(logs(eta), ly), "falls"), fail, "learning rate η alone"},
		{"against S", ans(slope(logs(S), ly), "rises"), fail, "batch size S alone"},
		{"mixed logs", ans(slope(scaled(lx, 1/math.Ln10), ly), "falls"), fail, "same logarithm"},
		{"sign", ans(-want, "rises"), fail, "sign"},
	}, want)
}

func TestMomentum(t *testing.T) {
	p := Momentum()
	S := float64(p.S)
	T := p.Eta * p.Sigma2 / S
	want := T / (1 - p.Beta)
	ans := func(x float64) func() result { return func() result { return judgeMomentum(x) } }
	run(t, []tc{
		{"right", ans(want), pass, "heavy-ball simulation"},
		{"placeholder", ans(math.NaN()), notYet, "T_eff"},
		{"no momentum", ans(T), fail, "without momentum"},
		{"times 1−β", ans(T * (1 - p.Beta)), fail, "smaller"},
		{"(1−β)²", ans(T / (1 - p.Beta) / (1 - p.Beta)), fail, "too many"},
		{"β/(1−β)", ans(T * p.Beta / (1 - p.Beta)), fail, "first step"},
		{"1−β²", ans(T / (1 - p.Beta*p.Beta)), fail, "β^(2k)"},
		{"1+β", ans(T / (1 + p.Beta)), fail, "exceeds"},
		{"no σ²", ans(want / p.Sigma2), fail, "missing σ²"},
		{"σ", ans(want / 3), fail, "σ where σ²"},
		{"no S", ans(want * S), fail, "batch size"},
		{"η_eff", ans(p.Eta / (1 - p.Beta)), fail, "effective learning rate"},
		{"half", ans(want / 2), fail, "factor of 2 too small"},
	}, want)
}

// Whatever the student passes, the check prints one line and does not panic.
func TestCheckPrintsOneLine(t *testing.T) {
	var buf bytes.Buffer
	Output = &buf
	defer func() { Output = nil }()
	CheckCovariance(mat.NewDense(1, 1, []float64{1}))
	CheckEulerMaruyama(func(theta, grad, eta, S, sigma, dt, xi float64) float64 { panic(fmt.Errorf("multi\nline")) })
	CheckVarianceContinuum(nil)
	CheckVarianceDiscrete(func(eta, h, sigma2, S float64) float64 { return math.Inf(-1) })
	CheckLaplaceRatio(math.NaN())
	CheckCrossover(-1)
	CheckSameNoise([]float64{1}, nil)
	CheckLambdaTrend(math.Inf(1), "\n")
	CheckMomentumTemperature(0)
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	if len(lines) != 9 {
		t.Fatalf("%d lines, want 9:\n%s", len(lines), buf.String())
	}
	for _, l := range lines {
		if !line.MatchString(l) {
			t.Errorf("line %q does not follow the output format", l)
		}
	}
}

// A check that itself panics still prints a line.
func TestSafely(t *testing.T) {
	r := safely("x", func() result { panic("bug") })
	if r.status != fail || !strings.Contains(r.msg, "bug") {
		t.Errorf("got %s", r)
	}
}

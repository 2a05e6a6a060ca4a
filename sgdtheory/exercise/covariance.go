package exercise

import (
	"fmt"
	"math"
	"reflect"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/noise"
)

// CovarianceProblem is exercise "covariance" (deck: "SGD dynamics in
// continuum limit", the central limit theorem): predict the covariance of the
// minibatch gradient g_S of a least-squares finite sum when the S = 25
// examples of a batch are drawn without replacement from the N = 100.
type CovarianceProblem struct {
	N, S  int
	Theta []float64     // where the gradients are taken
	C     *mat.SymDense // per-example gradient covariance at Theta (noise.Moments)
	Loss  *landscape.LeastSquares
}

const (
	covN, covS, covD = 100, 25, 2
	covTol           = 2e-3 // relative to the largest entry
	covTrials        = 20000
)

// Covariance returns the problem of exercise "covariance": N = 100 examples
// of a two-parameter linear regression, batches of S = 25 distinct examples,
// gradients at θ = (0.5, −0.5).
func Covariance() *CovarianceProblem {
	loss, err := landscape.NewLeastSquaresData(covN, covD, 0.5, 7)
	if err != nil {
		panic(err) // fixed, valid arguments
	}
	theta := []float64{0.5, -0.5}
	_, C, err := noise.Moments(loss, theta)
	if err != nil {
		panic(err)
	}
	return &CovarianceProblem{N: covN, S: covS, Theta: theta, C: C, Loss: loss}
}

func (p *CovarianceProblem) String() string {
	return fmt.Sprintf("N = %d examples, minibatches of S = %d drawn without replacement; "+
		"per-example gradient covariance at θ = (%g, %g):\nC = [%.5f %.5f; %.5f %.5f]",
		p.N, p.S, p.Theta[0], p.Theta[1], p.C.At(0, 0), p.C.At(0, 1), p.C.At(1, 0), p.C.At(1, 1))
}

// CheckCovariance checks a prediction of Cov[g_S], the 2×2 covariance of the
// minibatch gradient of the Covariance problem, and prints one line.
func CheckCovariance(answer mat.Matrix) {
	report("covariance", func() result { return judgeCovariance(answer) })
}

func judgeCovariance(answer mat.Matrix) result {
	const id = "covariance"
	if isNil(answer) {
		return waiting(id, "set answer to your prediction of Cov[g_S], a 2×2 matrix (e.g. built with mat.NewSymDense)")
	}
	if r, c := answer.Dims(); r != covD || c != covD {
		return failed(id, "your matrix is %d×%d; with d = 2 parameters the covariance is 2×2", r, c)
	}
	a := mat.DenseCopyOf(answer)
	nan, inf := 0, 0
	for _, v := range a.RawMatrix().Data {
		nan += b2i(math.IsNaN(v))
		inf += b2i(math.IsInf(v, 0))
	}
	switch {
	case nan == covD*covD:
		return waiting(id, "your matrix still holds NaN; fill in your prediction of Cov[g_S]")
	case nan > 0 || inf > 0:
		return failed(id, "some entries are NaN or infinite — a division by zero?")
	}
	p := Covariance()
	want, err := noise.PredictedCov(p.C, p.S, p.N, noise.WithoutReplacement)
	if err != nil {
		return failed(id, "the check could not compute its prediction: %v", err)
	}
	w := mat.DenseCopyOf(want)
	scale := maxAbs(w)
	if matNear(a, w, covTol*scale) {
		return passed(id, "%s", covarianceConfirm(p, a))
	}
	if !near(a.At(0, 1), a.At(1, 0), covTol) {
		return failed(id, "your matrix is not symmetric; a covariance matrix is (Cov[x, y] = Cov[y, x])")
	}
	// A multiple of C: the slip is in the scalar factor.
	c := mat.DenseCopyOf(p.C)
	k := mat.Dot(vecOf(a), vecOf(c)) / mat.Dot(vecOf(c), vecOf(c))
	kc := mat.NewDense(covD, covD, nil)
	kc.Scale(k, c)
	if matNear(a, kc, covTol*math.Max(maxAbs(a), 1e-300)) {
		N, S := float64(p.N), float64(p.S)
		f := (N - S) / (S * (N - 1))
		factor := number{id: id, want: f, tol: covTol,
			about: "Cov[g_S] is C times a number that depends only on S and N",
			mistakes: []mistake{
				{1 / S, "the finite-N factor is missing: the batch is drawn without replacement from only N = 100 examples, which makes the noise smaller than for independent draws"},
				{(N - S) / (S * N), "the finite-N factor is almost right: check its denominator (two distinct draws without replacement have covariance −C/(N − 1))"},
				{(N - 1) / (S * (N - S)), "the finite-N factor is upside down: sampling without replacement reduces the noise, and at S = N it vanishes"},
				{1, "this is C itself, the covariance of one example's gradient; g_S averages S of them"},
				{(N - S) / (N - 1), "the finite-N factor is there, but the effect of averaging S gradients is missing"},
				{1 / math.Sqrt(S), "you divided by √S, which is how a standard deviation shrinks; a covariance scales as its square"},
				{math.Sqrt(f), "this looks like a standard deviation (a square root); the question asks for a covariance"},
			}}
		if near(k, f, covTol) { // right factor, off only in rounding of C
			return failed(id, "close, but not within %s — use the entries of p.C unrounded", pct(covTol))
		}
		return failed(id, "your matrix is C × %s: %s", g4(k), factor.hint(k))
	}
	switch {
	case near(a.At(0, 0), w.At(0, 0), covTol) && near(a.At(1, 1), w.At(1, 1), covTol) && math.Abs(a.At(0, 1)) <= covTol*scale:
		return failed(id, "the diagonal is right but the off-diagonal entries are 0: the two gradient components are correlated (look at C)")
	case near(a.At(0, 0), w.At(0, 0), covTol) && near(a.At(1, 1), w.At(1, 1), covTol) && near(a.At(0, 1), -w.At(0, 1), covTol):
		return failed(id, "the diagonal is right but the off-diagonal entries have the wrong sign")
	case matNear(a, w, 0.05*scale):
		return failed(id, "close, but not exact (within 5%%, not %s) — a sampled estimate or rounded numbers? The check wants the exact prediction from C, S and N", pct(covTol))
	}
	return failed(id, "your matrix is not a multiple of C; the minibatch covariance is C scaled by a number that depends only on S and N")
}

// covarianceConfirm is the ✓ message: the student's matrix against the
// covariance of genuine minibatch gradients (noise.SampleGrads).
func covarianceConfirm(p *CovarianceProblem, a *mat.Dense) string {
	msg := fmt.Sprintf("Cov[g_S] = [%.5f %.5f; %.5f %.5f]", a.At(0, 0), a.At(0, 1), a.At(1, 0), a.At(1, 1))
	grads, err := noise.SampleGrads(p.Loss, p.Theta, p.S, covTrials, noise.WithoutReplacement, 1)
	if err != nil {
		return msg
	}
	emp := mat.DenseCopyOf(noise.EmpiricalCov(grads))
	var d mat.Dense
	d.Sub(emp, a)
	return fmt.Sprintf("%s; %d sampled minibatches give the same matrix within %s of its largest entry (naive C/S would be %.0f%% too large)",
		msg, covTrials, pct(maxAbs(&d)/maxAbs(a)), 100*(float64(p.N-1)/float64(p.N-p.S)-1))
}

// isNil reports whether m is nil or a nil pointer inside the interface.
func isNil(m any) bool {
	if m == nil {
		return true
	}
	v := reflect.ValueOf(m)
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map, reflect.Func:
		return v.IsNil()
	}
	return false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func maxAbs(m *mat.Dense) float64 {
	s := 0.0
	for _, v := range m.RawMatrix().Data {
		s = math.Max(s, math.Abs(v))
	}
	return s
}

// matNear reports whether every entry of a is within abs of b's.
func matNear(a, b *mat.Dense, abs float64) bool {
	r, c := a.Dims()
	for i := range r {
		for j := range c {
			if !(math.Abs(a.At(i, j)-b.At(i, j)) <= abs) {
				return false
			}
		}
	}
	return true
}

func vecOf(m *mat.Dense) *mat.VecDense {
	raw := m.RawMatrix()
	data := make([]float64, 0, raw.Rows*raw.Cols)
	for i := range raw.Rows {
		data = append(data, raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols]...)
	}
	return mat.NewVecDense(len(data), data)
}

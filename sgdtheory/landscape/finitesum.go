package landscape

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
)

// LeastSquares is linear regression as a finite sum: N examples (rows of
// X) with targets Y and per-example loss lᵢ(θ) = ½(xᵢᵀθ − yᵢ)².
type LeastSquares struct {
	X *mat.Dense // N×d inputs
	Y []float64  // N targets
}

// validateData checks the shared shape rules of the finite sums; its errors
// name fn, the exported caller.
func validateData(fn string, x *mat.Dense, y []float64) error {
	if x == nil || x.IsEmpty() {
		return fmt.Errorf("landscape: %s: X is empty: want N×d with N ≥ 1, d ≥ 1", fn)
	}
	n, _ := x.Dims()
	if len(y) != n {
		return fmt.Errorf("landscape: %s: len(Y) = %d: want the %d rows of X", fn, len(y), n)
	}
	if err := finiteMatrix(fn, "X", x); err != nil {
		return err
	}
	return finiteSlice(fn, "Y", y)
}

// Validate returns an error unless X is a finite N×d matrix with N, d ≥ 1
// and Y holds N finite targets.
func (p LeastSquares) Validate() error { return validateData("LeastSquares.Validate", p.X, p.Y) }

// Dim returns d, the number of columns of X.
func (p LeastSquares) Dim() int { _, d := p.X.Dims(); return d }

// N returns the number of examples.
func (p LeastSquares) N() int { return len(p.Y) }

// residual returns xᵢᵀθ − yᵢ.
func (p LeastSquares) residual(theta []float64, i int) float64 {
	return floats.Dot(p.X.RawRowView(i), theta) - p.Y[i]
}

// Loss returns (1/N) Σᵢ ½(xᵢᵀθ − yᵢ)².
func (p LeastSquares) Loss(theta []float64) float64 {
	checkLen(theta, p.Dim())
	var s float64
	for i := range p.Y {
		r := p.residual(theta, i)
		s += r * r
	}
	return s / (2 * float64(len(p.Y)))
}

// Grad writes (1/N) Σᵢ (xᵢᵀθ − yᵢ)xᵢ into dst.
func (p LeastSquares) Grad(dst, theta []float64) {
	checkLen(theta, p.Dim())
	checkLen(dst, p.Dim())
	clear(dst)
	for i := range p.Y {
		floats.AddScaled(dst, p.residual(theta, i), p.X.RawRowView(i))
	}
	floats.Scale(1/float64(len(p.Y)), dst)
}

// ExampleGrad writes ∇lᵢ(θ) = (xᵢᵀθ − yᵢ)xᵢ into dst.
func (p LeastSquares) ExampleGrad(dst, theta []float64, i int) {
	checkLen(theta, p.Dim())
	checkLen(dst, p.Dim())
	floats.ScaleTo(dst, p.residual(theta, i), p.X.RawRowView(i))
}

// Hessian writes XᵀX/N, which does not depend on θ, into dst.
func (p LeastSquares) Hessian(dst *mat.SymDense, theta []float64) {
	checkLen(theta, p.Dim())
	dst.SymOuterK(1/float64(len(p.Y)), p.X.T())
}

// Minimizer returns the least-squares solution θ̂ = argmin L, or an error
// when X does not have full column rank.
func (p LeastSquares) Minimizer() ([]float64, error) {
	if err := validateData("LeastSquares.Minimizer", p.X, p.Y); err != nil {
		return nil, err
	}
	var qr mat.QR
	qr.Factorize(p.X)
	var theta mat.VecDense
	if err := qr.SolveVecTo(&theta, false, mat.NewVecDense(len(p.Y), p.Y)); err != nil {
		return nil, fmt.Errorf("landscape: LeastSquares.Minimizer: X is rank deficient: %w", err)
	}
	return theta.RawVector().Data, nil
}

// Logistic is binary logistic regression as a finite sum: labels yᵢ ∈ {0, 1}
// and per-example loss lᵢ(θ) = log(1 + exp(zᵢ)) − yᵢzᵢ + ½·L2·|θ|², zᵢ = xᵢᵀθ.
// The ridge term is in every lᵢ, so it moves the minimum but adds no noise.
type Logistic struct {
	X  *mat.Dense // N×d inputs
	Y  []float64  // N labels, each 0 or 1
	L2 float64    // ridge strength, ≥ 0
}

// Validate returns an error unless X is a finite N×d matrix with N, d ≥ 1,
// Y holds N labels in {0, 1} and L2 is finite and ≥ 0.
func (p Logistic) Validate() error {
	const fn = "Logistic.Validate"
	if err := validateData(fn, p.X, p.Y); err != nil {
		return err
	}
	for i, y := range p.Y {
		if y != 0 && y != 1 {
			return fmt.Errorf("landscape: %s: Y[%d] = %v: want a label 0 or 1", fn, i, y)
		}
	}
	if !(p.L2 >= 0) || math.IsInf(p.L2, 1) {
		return fmt.Errorf("landscape: %s: L2 = %v: want a value in [0, ∞)", fn, p.L2)
	}
	return nil
}

// Dim returns d, the number of columns of X.
func (p Logistic) Dim() int { _, d := p.X.Dims(); return d }

// N returns the number of examples.
func (p Logistic) N() int { return len(p.Y) }

// softplus returns log(1 + exp(z)) without overflow.
func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Loss returns the mean log-loss plus ½·L2·|θ|².
func (p Logistic) Loss(theta []float64) float64 {
	checkLen(theta, p.Dim())
	var s float64
	for i, y := range p.Y {
		z := floats.Dot(p.X.RawRowView(i), theta)
		s += softplus(z) - y*z
	}
	return s/float64(len(p.Y)) + p.L2*floats.Dot(theta, theta)/2
}

// Grad writes (1/N) Σᵢ (σ(zᵢ) − yᵢ)xᵢ + L2·θ into dst.
func (p Logistic) Grad(dst, theta []float64) {
	checkLen(theta, p.Dim())
	checkLen(dst, p.Dim())
	clear(dst)
	for i, y := range p.Y {
		row := p.X.RawRowView(i)
		floats.AddScaled(dst, sigmoid(floats.Dot(row, theta))-y, row)
	}
	floats.Scale(1/float64(len(p.Y)), dst)
	floats.AddScaled(dst, p.L2, theta)
}

// ExampleGrad writes ∇lᵢ(θ) = (σ(zᵢ) − yᵢ)xᵢ + L2·θ into dst.
func (p Logistic) ExampleGrad(dst, theta []float64, i int) {
	checkLen(theta, p.Dim())
	checkLen(dst, p.Dim())
	row := p.X.RawRowView(i)
	floats.ScaleTo(dst, sigmoid(floats.Dot(row, theta))-p.Y[i], row)
	floats.AddScaled(dst, p.L2, theta)
}

// Hessian writes (1/N) Σᵢ σ(zᵢ)(1−σ(zᵢ)) xᵢxᵢᵀ + L2·I into dst.
func (p Logistic) Hessian(dst *mat.SymDense, theta []float64) {
	d := p.Dim()
	checkLen(theta, d)
	dst.Zero()
	n := float64(len(p.Y))
	for i := range p.Y {
		row := p.X.RawRowView(i)
		s := sigmoid(floats.Dot(row, theta))
		dst.SymRankOne(dst, s*(1-s)/n, mat.NewVecDense(d, row))
	}
	for j := range d {
		dst.SetSym(j, j, dst.At(j, j)+p.L2)
	}
}

// newRand returns the generator behind every seeded constructor, so that a
// seed names one data set for good.
func newRand(seed uint64) *rand.PCG {
	return rng.New(seed, 0x5fd6_1417_09a3_3c1d)
}

// synthetic returns an n×d matrix of standard normal inputs and a standard
// normal teacher vector, or an error for bad sizes naming fn, the exported
// caller.
func synthetic(fn string, r *rand.PCG, n, d int) (*mat.Dense, []float64, error) {
	if n < 1 {
		return nil, nil, fmt.Errorf("landscape: %s: n = %d: want ≥ 1", fn, n)
	}
	if d < 1 {
		return nil, nil, fmt.Errorf("landscape: %s: d = %d: want ≥ 1", fn, d)
	}
	x := mat.NewDense(n, d, nil)
	for i := range n {
		for j := range d {
			x.Set(i, j, rng.Normal(r))
		}
	}
	teacher := make([]float64, d)
	for j := range teacher {
		teacher[j] = rng.Normal(r)
	}
	return x, teacher, nil
}

// NewLeastSquaresData returns a synthetic regression problem: n inputs
// with d standard normal features, targets yᵢ = xᵢᵀθ* + noise·εᵢ for a
// standard normal teacher θ* and εᵢ ~ N(0, 1). The same seed gives the same
// data.
func NewLeastSquaresData(n, d int, noise float64, seed uint64) (*LeastSquares, error) {
	if !(noise >= 0) || math.IsInf(noise, 1) {
		return nil, fmt.Errorf("landscape: NewLeastSquaresData: noise = %v: want a value in [0, ∞)", noise)
	}
	r := newRand(seed)
	x, teacher, err := synthetic("NewLeastSquaresData", r, n, d)
	if err != nil {
		return nil, err
	}
	y := make([]float64, n)
	for i := range y {
		y[i] = floats.Dot(x.RawRowView(i), teacher) + noise*rng.Normal(r)
	}
	return &LeastSquares{X: x, Y: y}, nil
}

// NewLogisticData returns a synthetic classification problem: n inputs
// with d standard normal features and labels yᵢ ~ Bernoulli(σ(xᵢᵀθ*)) for a
// standard normal teacher θ*, with ridge strength l2. The same seed gives
// the same data.
func NewLogisticData(n, d int, l2 float64, seed uint64) (*Logistic, error) {
	if !(l2 >= 0) || math.IsInf(l2, 1) {
		return nil, fmt.Errorf("landscape: NewLogisticData: l2 = %v: want a value in [0, ∞)", l2)
	}
	r := newRand(seed)
	x, teacher, err := synthetic("NewLogisticData", r, n, d)
	if err != nil {
		return nil, err
	}
	y := make([]float64, n)
	for i := range y {
		if rng.Uniform(r) < sigmoid(floats.Dot(x.RawRowView(i), teacher)) {
			y[i] = 1
		}
	}
	return &Logistic{X: x, Y: y, L2: l2}, nil
}

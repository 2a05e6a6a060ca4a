package curvature

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	par "github.com/sgdminima/sgdminima/sgdtheory/internal/parallel"
	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// HVP is a Hessian-vector product: it writes H·v into dst. H must be
// symmetric; dst and v have the same length, the dimension, and do not
// overlap.
type HVP func(dst, v []float64)

// DefaultSample is the number of examples on which Hessian and LambdaMax
// measure a network's curvature. PyHessian users saw λ_max on 128 examples
// vary tenfold between runs; the author's follow-up code used ~2250. On a
// 784-32-10 Fashion-MNIST net (TestFashionMNIST) five samples of 128 gave a
// spread (sd) of 10%, five of 2000 gave 5.5%. A fixed sample also makes two
// networks comparable on the same examples.
const DefaultSample = 2000

// Matrix returns the product with the explicit symmetric matrix a, or nil
// (which the algorithms report) if a is nil. The product panics if dst or v
// do not have a's dimension; the algorithms return that as an error.
func Matrix(a mat.Symmetric) HVP {
	if valid.IsNil(a) {
		return nil
	}
	n := a.SymmetricDim()
	return func(dst, v []float64) {
		if len(dst) != n || len(v) != n {
			panic(fmt.Sprintf("curvature: Matrix: len(dst) = %d, len(v) = %d: want %d", len(dst), len(v), n))
		}
		d := mat.NewVecDense(n, dst)
		d.MulVec(a, mat.NewVecDense(n, v))
	}
}

// Exact returns the Hessian-vector product of the mean loss of net over
// examples idx of s, by the R-operator (mlp.Net.HessVec). It works on a
// copy of net, so the product stays that of the current θ while net trains
// on; the copy is not safe for concurrent use.
func Exact(net *mlp.Net, s *data.Set, idx []int) (HVP, error) {
	return exact("Exact", net, s, idx)
}

// exact is Exact for the function who, which it names in errors.
func exact(who string, net *mlp.Net, s *data.Set, idx []int) (HVP, error) {
	if net == nil {
		return nil, fmt.Errorf("curvature: %s: net is nil", who)
	}
	net = net.Clone()
	idx = slices.Clone(idx)
	P := net.NumParams()
	probe := make([]float64, P)
	if err := net.HessVec(probe, probe, s, idx); err != nil {
		return nil, fmt.Errorf("curvature: %s: %w", who, err)
	}
	return func(dst, v []float64) {
		if err := net.HessVec(dst, v, s, idx); err != nil {
			panic(fmt.Errorf("curvature: %s: %w", who, err)) // Lanczos, Power and Hutchinson return it
		}
	}, nil
}

// Central returns the central-difference product
//
//	H·v ≈ ‖v‖·[∇f(x + h·v̂) − ∇f(x − h·v̂)]/(2h),   v̂ = v/‖v‖,
//
// of the function whose gradient grad writes into dst. Normalising v makes
// the step h a distance in parameter space whatever ‖v‖. For f with third
// derivatives bounded by M₃ and a gradient computed with absolute error δ,
// the error is at most ‖v‖·(M₃h²/6 + δ/h), smallest near h = (3δ/M₃)^{1/3}.
// The result is exact for quadratics up to rounding. For a nil grad or a
// step that is not finite and > 0 the product panics with the error, which
// Lanczos, Power and Hutchinson return.
func Central(grad func(dst, x []float64), x []float64, h float64) HVP {
	var err error
	switch {
	case grad == nil:
		err = fmt.Errorf("curvature: Central: grad is nil")
	case !(h > 0) || math.IsInf(h, 0):
		err = fmt.Errorf("curvature: Central: h = %v: want a finite step > 0", h)
	}
	if err != nil {
		return func([]float64, []float64) { panic(err) }
	}
	x = slices.Clone(x)
	n := len(x)
	xp, gp, gm := make([]float64, n), make([]float64, n), make([]float64, n)
	return func(dst, v []float64) {
		if len(dst) != n || len(v) != n {
			panic(fmt.Sprintf("curvature: Central: len(dst) = %d, len(v) = %d: want %d", len(dst), len(v), n))
		}
		nv := floats.Norm(v, 2)
		if nv == 0 {
			clear(dst)
			return
		}
		floats.AddScaledTo(xp, x, h/nv, v)
		grad(gp, xp)
		floats.AddScaledTo(xp, x, -h/nv, v)
		grad(gm, xp)
		floats.SubTo(dst, gp, gm)
		floats.Scale(nv/(2*h), dst)
	}
}

// FiniteDiffStep is FiniteDiff's default step, relative to 1 + ‖θ‖. A ReLU
// network's loss is smooth only piecewise: an example whose pre-activation
// changes sign within the step puts a jump of its gradient, divided by the
// step, into the difference, and along a random direction of all parameters
// that happens already at relative steps of 1e-3 (measured: 14% to 4000%
// error on 20-16-8-4 nets). Below 1e-4 the float32 rounding of the gradients
// and of θ ± h·v̂, relative ≈ 1e-8/h, takes over. At 1e-4 the error was
// 0.06–0.09%; Exact has none of these problems and is the default.
const FiniteDiffStep = 1e-4

// FiniteDiff returns the central-difference product (see Central) of the
// mean loss of net over examples idx of s, from two float32 gradients. The
// step is h·(1 + ‖θ‖); h = 0 means FiniteDiffStep. Like Exact it works on a
// copy of net.
func FiniteDiff(net *mlp.Net, s *data.Set, idx []int, h float64) (HVP, error) {
	if net == nil {
		return nil, fmt.Errorf("curvature: FiniteDiff: net is nil")
	}
	if h == 0 {
		h = FiniteDiffStep
	}
	if !(h > 0 && h < 1) {
		return nil, fmt.Errorf("curvature: FiniteDiff: h = %v: want a step 0 < h < 1 (0 for %g)", h, FiniteDiffStep)
	}
	net = net.Clone()
	idx = slices.Clone(idx)
	theta := net.Params()
	if _, _, err := net.Grad(s, idx); err != nil {
		return nil, fmt.Errorf("curvature: FiniteDiff: %w", err)
	}
	g32 := make([]float32, len(theta))
	grad := func(dst, x []float64) {
		err := net.SetParams(x)
		if err == nil {
			_, _, err = net.Grad32(g32, s, idx)
		}
		if err != nil {
			panic(fmt.Errorf("curvature: FiniteDiff: %w", err)) // Lanczos, Power and Hutchinson return it
		}
		for i, g := range g32 {
			dst[i] = float64(g)
		}
	}
	return Central(grad, theta, h*(1+floats.Norm(theta, 2))), nil
}

// Sample returns n distinct indices of s in increasing order, drawn
// uniformly with seed: the fixed sample on which to compare the curvature of
// several networks. n = 0 means min(DefaultSample, s.Len()).
func Sample(s *data.Set, n int, seed uint64) ([]int, error) {
	return sample("Sample", s, n, seed)
}

// sample is Sample for the function who, which it names in errors.
func sample(who string, s *data.Set, n int, seed uint64) ([]int, error) {
	if s == nil || s.Len() == 0 {
		return nil, fmt.Errorf("curvature: %s: set s is nil or empty", who)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("curvature: %s: %w", who, err)
	}
	N := s.Len()
	if n == 0 {
		n = min(DefaultSample, N)
	}
	if n < 1 || n > N {
		return nil, fmt.Errorf("curvature: %s: n = %d: want 1 to %d (the set size), or 0 for min(%d, %d)", who, n, N, DefaultSample, N)
	}
	perm := make([]int, N)
	for i := range perm {
		perm[i] = i
	}
	idx := rng.Sample(rng.New(seed, 0x6375727665), perm, n)[:n:n] // "curve"
	slices.Sort(idx)
	return idx, nil
}

// Hessian returns the exact Hessian-vector product of net's mean loss over a
// fixed sample of n examples of s (n = 0: DefaultSample or all of s if
// smaller), drawn with seed, and the sample.
func Hessian(net *mlp.Net, s *data.Set, n int, seed uint64) (HVP, []int, error) {
	return hessian("Hessian", net, s, n, seed)
}

// hessian is Hessian for the function who, which it names in errors.
func hessian(who string, net *mlp.Net, s *data.Set, n int, seed uint64) (HVP, []int, error) {
	idx, err := sample(who, s, n, seed)
	if err != nil {
		return nil, nil, err
	}
	h, err := exact(who, net, s, idx)
	return h, idx, err
}

// LambdaMax returns the largest Hessian eigenvalue of net's loss on the
// default sample of s drawn with seed, by Lanczos with default settings:
// the sharpness of the paper's Fig. 1 in one call. If Lanczos did not reach
// its tolerance the error says so and the value is the best estimate.
func LambdaMax(net *mlp.Net, s *data.Set, seed uint64) (float64, error) {
	if net == nil {
		return math.NaN(), fmt.Errorf("curvature: LambdaMax: net is nil")
	}
	h, _, err := hessian("LambdaMax", net, s, 0, seed)
	if err != nil {
		return math.NaN(), err
	}
	l := Lanczos{K: 1, Seed: seed}
	r, err := l.top(h, net.NumParams(), "LambdaMax")
	if err != nil {
		return math.NaN(), err
	}
	if !r.Converged {
		return r.Values[0], fmt.Errorf("curvature: LambdaMax: Lanczos did not converge in %d steps (residual %.3g of λ = %.4g); use Lanczos with more Steps",
			r.Steps, r.Residuals[0], r.Values[0])
	}
	return r.Values[0], nil
}

// apply writes H·v into dst for the algorithm who, returning a panic of h
// (a wrong length, a failed network product) or a NaN or infinite entry of
// the product as an error naming product k: either would otherwise pass
// for an eigenvalue or a trace.
func apply(h HVP, dst, v []float64, who string, k int) error {
	if err := par.Catch(func() error { h(dst, v); return nil }); err != nil {
		return fmt.Errorf("curvature: %s: product %d with H: %w", who, k, err)
	}
	for i, x := range dst {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("curvature: %s: product %d with H has (H·v)[%d] = %v: want finite (has the loss diverged?)", who, k, i, x)
		}
	}
	return nil
}

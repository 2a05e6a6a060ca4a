package langevin

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	par "github.com/sgdminima/sgdminima/sgdtheory/internal/parallel"
	"github.com/sgdminima/sgdminima/sgdtheory/internal/rng"
	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// Ensemble is a population of independent particles following the SGD
// Langevin dynamics θ ← θ − η g Dt + (η/√S) B √Dt ξ on Surface.
type Ensemble struct {
	Surface landscape.Surface
	Eta     float64 // learning rate η > 0
	S       int     // batch size S ≥ 1
	Noise   Noise   // noise factor B, C = BBᵀ
	// Dt is the Euler–Maruyama step in units of SGD steps; 0 means 1, which
	// is SGD with Gaussian gradient noise.
	Dt        float64
	Particles int
	Seed      uint64
	// Start is every particle's initial position; nil means the origin.
	Start []float64
	// Init, if set, overrides Start: it writes particle i's initial
	// position into dst. It is called once per particle, in order, before
	// the run.
	Init func(dst []float64, i int)
	// Every records occupancy, mean and variance every Every steps; the
	// start and the end are always recorded, and 0 records only those.
	Every int
	// A particle is in basin A if InA(x) is true, or, when InA is nil, if
	// x[0] < Split. InA is called from several goroutines at once.
	Split float64
	InA   func(x []float64) bool
}

// blockSize is the number of particles handed to a goroutine at once. It
// fixes the order of all floating-point sums, so results do not depend on
// the number of goroutines.
const blockSize = 64

// Run advances every particle by steps steps, spreading the particles over
// runtime.GOMAXPROCS goroutines. It returns an error naming the step if a
// particle's position becomes NaN or infinite.
func (e Ensemble) Run(steps int) (*Result, error) {
	nz, err := e.setup("Ensemble.Run", steps, nil)
	if err != nil {
		return nil, err
	}
	return e.record("Ensemble.Run", nz, steps, (*worker).block)
}

// setup validates e for a run of steps steps, then runs check (the
// dynamics' own conditions) if not nil, sets the default Dt and compiles
// the noise. Every run — Run, HeavyBall.Run, Preconditioned.Run and Exit —
// goes through setup, then sweep (record, for the runs that record
// statistics). Errors name fn, the exported method called.
func (e *Ensemble) setup(fn string, steps int, check func() error) (noise, error) {
	if err := e.validate(fn, steps); err != nil {
		return noise{}, err
	}
	if check != nil {
		if err := check(); err != nil {
			return noise{}, err
		}
	}
	if e.Dt == 0 {
		e.Dt = 1
	}
	return e.Noise.compile(fn, e.Surface.Dim())
}

// record runs a simulation that records statistics: the particles start,
// advance moves each block through the recording steps, and the blocks'
// statistics are combined.
func (e *Ensemble) record(fn string, nz noise, steps int, advance func(w *worker, b int, x []float64, st *stats, rec []int) error) (*Result, error) {
	d := e.Surface.Dim()
	rec := recordSteps(steps, e.Every)
	res := &Result{Dim: d, Particles: e.Particles, X: make([]float64, e.Particles*d), Steps: rec}
	st := newStats(numBlocks(e.Particles), len(rec), d)
	if err := e.sweep(fn, nz, res.X, func(w *worker, b int) error { return advance(w, b, res.X, st, rec) }); err != nil {
		return nil, err
	}
	st.combine(res)
	return res, nil
}

func numBlocks(particles int) int { return (particles + blockSize - 1) / blockSize }

// sweep draws the start of every particle into x and runs do on blocks of
// particles, on up to GOMAXPROCS goroutines, each with its own worker. A
// block's particles depend only on their own seeds, so the schedule does
// not change the numbers. It returns the error of the lowest-numbered
// failed block; after a failure, blocks not yet started are skipped. A
// panic in a worker (in the surface, Noise.Func or InA, say) is such an
// error, naming the block's particles, instead of a crash of the process.
func (e *Ensemble) sweep(fn string, nz noise, x []float64, do func(w *worker, b int) error) error {
	if err := e.start(fn, x); err != nil {
		return err
	}
	d := e.Surface.Dim()
	err := par.For(numBlocks(e.Particles), 0, func() *worker { return newWorker(fn, e, nz, d) }, func(w *worker, b int) error {
		err := par.Catch(func() error { return do(w, b) })
		if _, ok := err.(*par.PanicError); ok {
			return fmt.Errorf("langevin: %s: particles %d to %d: %w", fn, b*blockSize, min((b+1)*blockSize, e.Particles)-1, err)
		}
		return err
	})
	if _, ok := err.(*par.PanicError); ok { // in newWorker
		return fmt.Errorf("langevin: %s: %w", fn, err)
	}
	return err
}

// validate checks the ensemble for a run of steps steps. The surface's own
// Validate, if it has one (every landscape surface does), runs first, so
// that a surface whose fields were never set is an error rather than a nil
// dereference in a worker goroutine. Errors name fn, the exported method
// called.
func (e *Ensemble) validate(fn string, steps int) error {
	if valid.IsNil(e.Surface) {
		return fmt.Errorf("langevin: %s: Surface is nil", fn)
	}
	if err := valid.Check(e.Surface); err != nil {
		return fmt.Errorf("langevin: %s: Surface: %w", fn, err)
	}
	switch {
	case e.Surface.Dim() < 1:
		return fmt.Errorf("langevin: %s: Surface.Dim() = %d: want ≥ 1", fn, e.Surface.Dim())
	case !(e.Eta > 0) || !finite(e.Eta):
		return fmt.Errorf("langevin: %s: Eta = %v: want a finite learning rate > 0", fn, e.Eta)
	case e.S < 1:
		return fmt.Errorf("langevin: %s: S = %d: want a batch size ≥ 1", fn, e.S)
	case !(e.Dt >= 0) || !finite(e.Dt):
		return fmt.Errorf("langevin: %s: Dt = %v: want a finite step > 0 (0 means 1, plain SGD)", fn, e.Dt)
	case e.Particles < 1:
		return fmt.Errorf("langevin: %s: Particles = %d: want ≥ 1", fn, e.Particles)
	case steps < 0:
		return fmt.Errorf("langevin: %s: %s = %d: want ≥ 0", fn, stepsName(fn), steps)
	case e.Every < 0:
		return fmt.Errorf("langevin: %s: Every = %d: want ≥ 0 (0 records only start and end)", fn, e.Every)
	case e.Start != nil && len(e.Start) != e.Surface.Dim():
		return fmt.Errorf("langevin: %s: len(Start) = %d: want the surface dimension %d", fn, len(e.Start), e.Surface.Dim())
	case !finite(e.Split):
		return fmt.Errorf("langevin: %s: Split = %v: want a finite number", fn, e.Split)
	}
	return nil
}

// recordSteps lists the steps at which statistics are recorded.
func recordSteps(steps, every int) []int {
	rec := []int{0}
	if every > 0 {
		for s := every; s < steps; s += every {
			rec = append(rec, s)
		}
	}
	if steps > 0 {
		rec = append(rec, steps)
	}
	return rec
}

// worker holds one goroutine's scratch memory, so that stepping allocates
// nothing.
type worker struct {
	fn    string // the exported method running, for errors
	e     *Ensemble
	nz    noise
	d     int
	fast  landscape.Derivative // non-nil for the 1-D fast path
	b1    float64
	drift float64 // η·Dt
	amp   float64 // η·√(Dt/S)
	pcg   [blockSize]rand.PCG
	g, xi []float64
	bx    *mat.Dense
	ina   func(x []float64) bool
}

func newWorker(fn string, e *Ensemble, nz noise, d int) *worker {
	w := &worker{
		fn: fn, e: e, nz: nz, d: d,
		drift: e.Eta * e.Dt,
		amp:   e.Eta * math.Sqrt(e.Dt/float64(e.S)),
		g:     make([]float64, d),
		xi:    make([]float64, max(nz.k, 1)),
		ina:   e.InA,
	}
	var g landscape.Derivative
	if p, ok := e.Surface.(landscape.Preparer); ok && d == 1 {
		g = p.Prepare1D() // constants computed once, not at every step
	} else if g1, ok := e.Surface.(landscape.Derivative); ok && d == 1 {
		g = g1
	}
	if g != nil {
		if b, ok := nz.scalar(); ok {
			w.fast, w.b1 = g, b
		}
	}
	if nz.kind == noiseFunc {
		w.bx = mat.NewDense(d, d, nil)
	}
	return w
}

// start writes every particle's initial position (Init, else Start, else
// the origin) into x, refusing a position that is not finite and returning
// a panic of Init as an error.
func (e *Ensemble) start(fn string, x []float64) error {
	d := e.Surface.Dim()
	for i := 0; i < e.Particles; i++ {
		xi := x[i*d : (i+1)*d]
		switch {
		case e.Init != nil:
			if err := par.Catch(func() error { e.Init(xi, i); return nil }); err != nil {
				return fmt.Errorf("langevin: %s: Init of particle %d: %w", fn, i, err)
			}
		case e.Start != nil:
			copy(xi, e.Start)
		}
		for j, v := range xi {
			if !finite(v) {
				return fmt.Errorf("langevin: %s: initial position of particle %d: x[%d] = %v: want finite", fn, i, j, v)
			}
		}
	}
	return nil
}

// seedBlock seeds the worker's generators for the particles of block b,
// [lo, hi), each from its own index, and returns the range.
func (w *worker) seedBlock(b int) (lo, hi int) {
	lo = b * blockSize
	hi = min(lo+blockSize, w.e.Particles)
	for i := lo; i < hi; i++ {
		w.pcg[i-lo].Seed(particleSeed(w.e.Seed, i))
	}
	return lo, hi
}

// block advances particles [b·blockSize, (b+1)·blockSize) through all
// recording segments, recording block statistics at the end of each.
func (w *worker) block(b int, x []float64, st *stats, rec []int) error {
	lo, hi := w.seedBlock(b)
	d := w.d
	prev := 0
	for r, s := range rec {
		n := s - prev
		if w.fast != nil && n > 0 {
			if i, k := w.advance1D(x[lo:hi], n); k < n {
				return w.diverged(lo+i, x[lo+i:lo+i+1], prev+k+1)
			}
		}
		for i := lo; i < hi && w.fast == nil && n > 0; i++ {
			xi := x[i*d : (i+1)*d]
			if k := w.advance(xi, &w.pcg[i-lo], n); k < n {
				return w.diverged(i, xi, prev+k+1)
			}
		}
		prev = s
		w.record(b, r, x[lo*d:hi*d], st)
	}
	return nil
}

func (w *worker) diverged(i int, x []float64, step int) error {
	return fmt.Errorf("langevin: %s: particle %d diverged to %v at step %d; use a smaller Eta (SGD is unstable once η·h·Dt ≥ 2 for a curvature h)", w.fn, i, x, step)
}

// advance1D takes n steps of the 1-D particles x, whose generators are
// w.pcg[:len(x)]. The update is absorbing for NaN and ±Inf, so finiteness
// is checked only at the end; then the first diverged particle is replayed
// from saved state to find its step. It returns the index of that particle
// and the number of steps it finished finite, or (0, n).
func (w *worker) advance1D(x []float64, n int) (int, int) {
	var x0 [blockSize]float64
	saved := w.pcg
	copy(x0[:], x)
	g, drift, a := w.fast, w.drift, w.amp*w.b1
	i := 0
	for ; i+4 <= len(x); i += 4 {
		// Four independent chains per loop hide the latency of each
		// particle's serial update.
		v0, v1, v2, v3 := x[i], x[i+1], x[i+2], x[i+3]
		p0, p1, p2, p3 := &w.pcg[i], &w.pcg[i+1], &w.pcg[i+2], &w.pcg[i+3]
		for k := 0; k < n; k++ {
			v0 += a*rng.Normal(p0) - drift*g.Grad1D(v0)
			v1 += a*rng.Normal(p1) - drift*g.Grad1D(v1)
			v2 += a*rng.Normal(p2) - drift*g.Grad1D(v2)
			v3 += a*rng.Normal(p3) - drift*g.Grad1D(v3)
		}
		x[i], x[i+1], x[i+2], x[i+3] = v0, v1, v2, v3
	}
	for ; i < len(x); i++ {
		v, p := x[i], &w.pcg[i]
		for k := 0; k < n; k++ {
			v += a*rng.Normal(p) - drift*g.Grad1D(v)
		}
		x[i] = v
	}
	for i, v := range x {
		if finite(v) {
			continue
		}
		w.pcg[i] = saved[i]
		v, p := x0[i], &w.pcg[i]
		for k := 0; k < n; k++ {
			v += a*rng.Normal(p) - drift*g.Grad1D(v)
			if !finite(v) {
				x[i] = v
				return i, k
			}
		}
	}
	return 0, n
}

// advance is the general d-dimensional version of advance1D.
func (w *worker) advance(x []float64, r *rand.PCG, n int) int {
	for k := 0; k < n; k++ {
		w.e.Surface.Grad(w.g, x)
		for j, gj := range w.g {
			x[j] -= w.drift * gj
		}
		w.nz.add(x, x, w.amp, w.xi, w.bx, r)
		for _, v := range x {
			if !finite(v) {
				return k
			}
		}
	}
	return n
}

// particleSeed derives particle i's PCG seed from the ensemble seed by
// SplitMix64 finalisation, so particles have unrelated streams.
func particleSeed(seed uint64, i int) (uint64, uint64) {
	return splitmix(seed ^ 0x6a09e667f3bcc909), splitmix(splitmix(seed) + uint64(i))
}

func splitmix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// stepsName is the name of the step count argument of the method fn.
func stepsName(fn string) string {
	if fn == "Ensemble.Exit" {
		return "maxSteps"
	}
	return "steps"
}

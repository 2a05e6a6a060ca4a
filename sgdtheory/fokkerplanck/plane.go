package fokkerplanck

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	par "github.com/sgdminima/sgdminima/sgdtheory/internal/parallel"
	"github.com/sgdminima/sgdminima/sgdtheory/internal/valid"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// Covariance writes the 2×2 gradient-noise covariance C(θ) into dst.
type Covariance func(dst *mat.SymDense, x []float64)

// Isotropic is the constant covariance σ²I.
func Isotropic(sigma2 float64) Covariance {
	return func(dst *mat.SymDense, _ []float64) {
		dst.SetSym(0, 0, sigma2)
		dst.SetSym(0, 1, 0)
		dst.SetSym(1, 1, sigma2)
	}
}

// Constant is the constant covariance c. If c is nil or not 2×2 the
// covariance panics with that error, which NewPlane returns.
func Constant(c *mat.SymDense) Covariance {
	if c == nil || c.SymmetricDim() != 2 {
		err := fmt.Errorf("fokkerplanck: Constant: c is %s: want 2×2", dims(c))
		return func(*mat.SymDense, []float64) { panic(err) }
	}
	return func(dst *mat.SymDense, _ []float64) { dst.CopySym(c) }
}

// dims describes the size of a matrix for errors.
func dims(m mat.Matrix) string {
	if valid.IsNil(m) {
		return "nil"
	}
	r, c := m.Dims()
	return fmt.Sprintf("%d×%d", r, c)
}

// Plane is the 2-D Fokker–Planck operator ∇·[η g P + ∇·(D P)] with
// D(θ) = (η²/2S) C(θ) on an X × Y grid of cells, numbered j·X.Cells + i.
//
// Each face flux is Scharfetter–Gummel in the face's normal direction,
// applied to Q = D_nn·P so that state-dependent diffusion is handled; the
// cross term −∂_t(D_nt P) is central-differenced along the face
// (one-sided at walls). The scheme is conservative; it preserves
// positivity when D is diagonal, while off-diagonal D may leave small
// negative values where it dominates the diagonal part.
type Plane struct {
	x, y   Grid
	faces  []face // x-faces first, then y-faces
	nxFace int
	kmin   int
}

// face is a flux J = Σ w[m]·P[cell[m]] from cell lo to cell hi.
type face struct {
	lo, hi int
	n      int
	cell   [6]int
	w      [6]float64
}

func (f *face) add(c int, w float64) { f.cell[f.n], f.w[f.n] = c, w; f.n++ }

// checkSurface returns an error if s is nil or fails its own Validate (as
// a landscape surface whose fields were never set does). The error names fn,
// the exported caller, and s as that caller names it.
func checkSurface(fn, name string, s landscape.Surface) error {
	if valid.IsNil(s) {
		return fmt.Errorf("fokkerplanck: %s: %s is nil", fn, name)
	}
	if err := valid.Check(s); err != nil {
		return fmt.Errorf("fokkerplanck: %s: %s: %w", fn, name, err)
	}
	return nil
}

// checkPlane validates the arguments of NewPlane.
func checkPlane(s landscape.Surface, eta float64, S int, c Covariance, x, y Grid) error {
	if err := checkSurface("NewPlane", "s", s); err != nil {
		return err
	}
	switch {
	case s.Dim() != 2:
		return fmt.Errorf("fokkerplanck: NewPlane: s.Dim() = %d: want 2 for a Plane", s.Dim())
	case c == nil:
		return errors.New("fokkerplanck: NewPlane: d.Cov is nil")
	}
	if err := checkModel("NewPlane", "d.Eta", "d.S", eta, S); err != nil {
		return err
	}
	if err := x.validate("NewPlane", "x"); err != nil {
		return err
	}
	return y.validate("NewPlane", "y")
}

func (f *face) flux(p []float64) float64 {
	var j float64
	for m := 0; m < f.n; m++ {
		j += f.w[m] * p[f.cell[m]]
	}
	return j
}

// SGD is the dynamics a Plane describes, θ ← θ − η P(θ) g_S, where the
// minibatch gradient g_S of batch size S has covariance Cov(θ)/S.
type SGD struct {
	Eta float64
	S   int
	Cov Covariance
	P   landscape.Preconditioner // zero: plain SGD, P = I; see landscape.Fixed and Natural
}

// NewPlane discretises the Fokker–Planck equation of the dynamics d on the
// 2-D surface s, over the cells of x × y. A surface with a Validate method
// must pass it; a panic of the surface, of Cov or of P is returned as an
// error, and so is the error a preconditioner carries.
func NewPlane(s landscape.Surface, d SGD, x, y Grid) (_ *Plane, err error) {
	defer par.Recover(&err, "fokkerplanck: NewPlane: ")
	if err := checkPlane(s, d.Eta, d.S, d.Cov, x, y); err != nil {
		return nil, err
	}
	if err := checkPre("NewPlane", d.P); err != nil {
		return nil, err
	}
	if !d.P.IsIdentity() {
		return newPreconditioned(s, d, x, y)
	}
	return newPlane(s, d.Eta, d.S, d.Cov, x, y)
}

// newPlane discretises the Fokker–Planck equation of plain SGD; its
// arguments are valid.
func newPlane(s landscape.Surface, eta float64, S int, c Covariance, x, y Grid) (*Plane, error) {
	nx, ny := x.Cells, y.Cells
	hx, hy := x.Width(), y.Width()
	scale := eta * eta / (2 * float64(S))
	cm := mat.NewSymDense(2, nil)
	pt, g := make([]float64, 2), make([]float64, 2)
	// diff returns D at (u, v), checking that it is usable.
	diff := func(u, v float64) (dxx, dxy, dyy float64, err error) {
		pt[0], pt[1] = u, v
		c(cm, pt)
		dxx, dxy, dyy = scale*cm.At(0, 0), scale*cm.At(0, 1), scale*cm.At(1, 1)
		if !(dxx > 0 && dyy > 0) || !finite(dxx) || !finite(dyy) || !finite(dxy) || dxy*dxy > dxx*dyy {
			return 0, 0, 0, fmt.Errorf("fokkerplanck: NewPlane: covariance at θ = (%v, %v) is [[%v %v] [%v %v]]: want finite positive definite", u, v, dxx/scale, dxy/scale, dxy/scale, dyy/scale)
		}
		return dxx, dxy, dyy, nil
	}
	n := nx * ny
	dxx, dxy, dyy := make([]float64, n), make([]float64, n), make([]float64, n)
	pl := &Plane{x: x, y: y}
	best := math.Inf(1)
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			k := j*nx + i
			var err error
			if dxx[k], dxy[k], dyy[k], err = diff(x.center(i), y.center(j)); err != nil {
				return nil, err
			}
			if v := s.Loss(pt); v < best {
				best, pl.kmin = v, k
			}
		}
	}
	// grad returns −η g_dir at (u, v) divided by the normal diffusion there.
	drift := func(u, v float64, dir int) (float64, error) {
		dx, _, dy, err := diff(u, v)
		if err != nil {
			return 0, err
		}
		s.Grad(g, pt)
		if !finite(g[0]) || !finite(g[1]) {
			return 0, fmt.Errorf("fokkerplanck: NewPlane: gradient at θ = (%v, %v) is (%v, %v): want finite", u, v, g[0], g[1])
		}
		if dir == 0 {
			return -eta * g[0] / dx, nil
		}
		return -eta * g[1] / dy, nil
	}
	for j := 0; j < ny; j++ {
		for i := 0; i+1 < nx; i++ {
			a, err := drift(x.face(i+1), y.center(j), 0)
			if err != nil {
				return nil, err
			}
			lo, hi := j*nx+i, j*nx+i+1
			f := face{lo: lo, hi: hi}
			f.add(lo, bern(-a*hx)*dxx[lo]/hx)
			f.add(hi, -bern(a*hx)*dxx[hi]/hx)
			jm, jp := max(j-1, 0), min(j+1, ny-1)
			wc := -1 / (2 * float64(jp-jm) * hy)
			for _, ii := range [2]int{i, i + 1} {
				f.add(jp*nx+ii, wc*dxy[jp*nx+ii])
				f.add(jm*nx+ii, -wc*dxy[jm*nx+ii])
			}
			pl.faces = append(pl.faces, f)
		}
	}
	pl.nxFace = len(pl.faces)
	for j := 0; j+1 < ny; j++ {
		for i := 0; i < nx; i++ {
			a, err := drift(x.center(i), y.face(j+1), 1)
			if err != nil {
				return nil, err
			}
			lo, hi := j*nx+i, (j+1)*nx+i
			f := face{lo: lo, hi: hi}
			f.add(lo, bern(-a*hy)*dyy[lo]/hy)
			f.add(hi, -bern(a*hy)*dyy[hi]/hy)
			im, ip := max(i-1, 0), min(i+1, nx-1)
			wc := -1 / (2 * float64(ip-im) * hx)
			for _, jj := range [2]int{j, j + 1} {
				f.add(jj*nx+ip, wc*dxy[jj*nx+ip])
				f.add(jj*nx+im, -wc*dxy[jj*nx+im])
			}
			pl.faces = append(pl.faces, f)
		}
	}
	return pl, nil
}

// Grids returns the X and Y grids of p.
func (pl *Plane) Grids() (x, y Grid) { return pl.x, pl.y }

func (pl *Plane) cells() int { return pl.x.Cells * pl.y.Cells }

// width returns the cell width normal to face f.
func (pl *Plane) width(f int) float64 {
	if f < pl.nxFace {
		return pl.x.Width()
	}
	return pl.y.Width()
}

// matrix returns I·id − dt·A in band form (id = 0, dt = −1 gives A).
func (pl *Plane) matrix(id, dt float64) *band {
	b := newBand(pl.cells(), pl.x.Cells+1)
	for k := 0; k < b.n; k++ {
		*b.at(k, k) = id
	}
	for fi := range pl.faces {
		f := &pl.faces[fi]
		s := dt / pl.width(fi)
		for m := 0; m < f.n; m++ {
			*b.at(f.lo, f.cell[m]) += s * f.w[m] // J leaves lo
			*b.at(f.hi, f.cell[m]) -= s * f.w[m] // and enters hi
		}
	}
	return b
}

// Stationary returns the normalised stationary density, the null vector of
// the discrete operator, by a direct banded solve with the density pinned
// at the lowest-loss cell. Unlike Line.Stationary it uses ordinary
// elimination, so densities that fall below about 1e-13 of the maximum
// between two wells lose relative accuracy.
func (pl *Plane) Stationary() ([]float64, error) {
	b := pl.matrix(0, -1)
	k := pl.kmin
	row := b.v[k*(2*b.bw+1) : (k+1)*(2*b.bw+1)]
	d := math.Abs(row[b.bw])
	clear(row)
	row[b.bw] = d
	if err := b.factor("Plane.Stationary"); err != nil {
		return nil, err
	}
	p := make([]float64, b.n)
	p[k] = d
	b.solve(p)
	var mass, peak float64
	for _, v := range p {
		mass += v
		peak = math.Max(peak, v)
	}
	if peak > 0.05*mass {
		return nil, fmt.Errorf("fokkerplanck: Plane.Stationary: grid too coarse: one cell holds %.0f%% of the stationary mass; use more cells or a smaller range", 100*peak/mass)
	}
	vol := pl.x.Width() * pl.y.Width()
	for i := range p {
		p[i] /= mass * vol
	}
	return p, nil
}

// Evolve returns the density after steps backward-Euler steps of length dt
// (in SGD steps) from p0; see Line.Evolve. Because off-diagonal diffusion
// can leave small negative values, p0 may contain values down to −1e-3 of
// its maximum, as Evolve and Stationary themselves may return.
func (pl *Plane) Evolve(p0 []float64, dt float64, steps int) ([]float64, error) {
	if len(p0) != pl.cells() {
		return nil, fmt.Errorf("fokkerplanck: Plane.Evolve: len(p0) = %d: want %d cells", len(p0), pl.cells())
	}
	top := 0.0
	for _, v := range p0 {
		top = math.Max(top, v)
	}
	for i, v := range p0 {
		if !finite(v) || v < -1e-3*top || top == 0 {
			return nil, fmt.Errorf("fokkerplanck: Plane.Evolve: p0[%d] = %v: want finite, positive somewhere and ≥ −1e-3·max p0", i, v)
		}
	}
	if err := checkTime("Plane.Evolve", dt, steps); err != nil {
		return nil, err
	}
	b := pl.matrix(1, dt)
	if err := b.factor("Plane.Evolve"); err != nil {
		return nil, err
	}
	p := append([]float64(nil), p0...)
	r := make([]float64, len(p))
	for range steps {
		copy(r, p)
		b.solve(p)
		// Iterative refinement with the residual in flux form, as in Line.
		for fi := range pl.faces {
			f := &pl.faces[fi]
			j := dt / pl.width(fi) * f.flux(p)
			r[f.lo] -= j
			r[f.hi] += j
		}
		for i, v := range p {
			r[i] -= v
		}
		b.solve(r)
		for i, v := range r {
			p[i] += v
		}
	}
	return p, nil
}

// Current returns the probability current (Jx, Jy) at the cell centres,
// the mean of the fluxes through each cell's two faces in that direction
// (zero through the walls), for drawing as a vector field.
func (pl *Plane) Current(p []float64) (jx, jy []float64, err error) {
	if len(p) != pl.cells() {
		return nil, nil, fmt.Errorf("fokkerplanck: Plane.Current: len(p) = %d: want %d cells", len(p), pl.cells())
	}
	for i, v := range p {
		if !finite(v) {
			return nil, nil, fmt.Errorf("fokkerplanck: Plane.Current: p[%d] = %v: want finite", i, v)
		}
	}
	jx, jy = make([]float64, len(p)), make([]float64, len(p))
	for fi := range pl.faces {
		f := &pl.faces[fi]
		j := f.flux(p) / 2
		dst := jx
		if fi >= pl.nxFace {
			dst = jy
		}
		dst[f.lo] += j
		dst[f.hi] += j
	}
	return jx, jy, nil
}

package langevin

import (
	"fmt"
	"math"
)

// Result is the outcome of Ensemble.Run.
type Result struct {
	Dim       int
	Particles int
	// X holds the final positions, particle i at X[i*Dim : (i+1)*Dim].
	X []float64
	// Steps lists the recorded steps, from 0 to the last step.
	Steps []int
	// FracA[r] is the fraction of particles in basin A at Steps[r].
	FracA []float64
	// Mean[r][j] and Var[r][j] are the ensemble mean and (population)
	// variance of coordinate j at Steps[r].
	Mean, Var [][]float64
}

// Coord returns coordinate j of every particle's final position.
func (r *Result) Coord(j int) []float64 {
	if j < 0 || j >= r.Dim {
		panic(fmt.Sprintf("langevin: coordinate %d out of range [0, %d)", j, r.Dim))
	}
	c := make([]float64, r.Particles)
	for i := range c {
		c[i] = r.X[i*r.Dim+j]
	}
	return c
}

// Ratio returns p_A/p_B, the final occupancy of basin A over that of B
// (NaN for a Result without records).
func (r *Result) Ratio() float64 {
	if r == nil || len(r.FracA) == 0 {
		return math.NaN()
	}
	f := r.FracA[len(r.FracA)-1]
	return f / (1 - f)
}

// Histogram returns the bin centres and the density of coordinate j of the
// final positions on bins equal bins of [lo, hi). The density is normalised
// by all particles, so it integrates to the fraction that fell inside
// [lo, hi) and can be laid directly over a normalised stationary density.
func (r *Result) Histogram(j int, lo, hi float64, bins int) (centers, density []float64, err error) {
	switch {
	case j < 0 || j >= r.Dim:
		return nil, nil, fmt.Errorf("langevin: Result.Histogram: j = %d: want 0 ≤ j < %d", j, r.Dim)
	case !finite(lo) || !finite(hi) || !(lo < hi):
		return nil, nil, fmt.Errorf("langevin: Result.Histogram: [lo, hi) = [%v, %v): want finite lo < hi", lo, hi)
	case bins < 1:
		return nil, nil, fmt.Errorf("langevin: Result.Histogram: bins = %d: want ≥ 1", bins)
	}
	w := (hi - lo) / float64(bins)
	centers = make([]float64, bins)
	for k := range centers {
		centers[k] = lo + (float64(k)+0.5)*w
	}
	density = make([]float64, bins)
	for i := 0; i < r.Particles; i++ {
		x := r.X[i*r.Dim+j]
		if x < lo || x >= hi {
			continue
		}
		k := min(int((x-lo)/w), bins-1)
		density[k]++
	}
	for k := range density {
		density[k] /= float64(r.Particles) * w
	}
	return centers, density, nil
}

// stats holds per-block, per-record occupancy counts, means and sums of
// squared deviations; blocks are combined in a fixed order.
type stats struct {
	nrec, d  int
	n, inA   []int // [block*nrec + r]
	mean, m2 []float64
}

func newStats(nb, nrec, d int) *stats {
	return &stats{
		nrec: nrec, d: d,
		n: make([]int, nb*nrec), inA: make([]int, nb*nrec),
		mean: make([]float64, nb*nrec*d), m2: make([]float64, nb*nrec*d),
	}
}

// record stores the statistics of the block's particles x (particle-major).
func (w *worker) record(b, r int, x []float64, st *stats) {
	d := w.d
	n := len(x) / d
	k := b*st.nrec + r
	st.n[k] = n
	in := 0
	for i := 0; i < n; i++ {
		p := x[i*d : (i+1)*d]
		if w.ina != nil && w.ina(p) || w.ina == nil && p[0] < w.e.Split {
			in++
		}
	}
	st.inA[k] = in
	mean, m2 := st.mean[k*d:(k+1)*d], st.m2[k*d:(k+1)*d]
	for j := 0; j < d; j++ {
		var s float64
		for i := 0; i < n; i++ {
			s += x[i*d+j]
		}
		mu := s / float64(n)
		var q float64
		for i := 0; i < n; i++ {
			dv := x[i*d+j] - mu
			q += dv * dv
		}
		mean[j], m2[j] = mu, q
	}
}

// combine merges block statistics in block order (Chan et al.'s pairwise
// update) into res.
func (st *stats) combine(res *Result) {
	nb := len(st.n) / st.nrec
	d := st.d
	for r := 0; r < st.nrec; r++ {
		mean, m2 := make([]float64, d), make([]float64, d)
		n, in := 0, 0
		for b := 0; b < nb; b++ {
			k := b*st.nrec + r
			nk := st.n[k]
			for j := 0; j < d; j++ {
				delta := st.mean[k*d+j] - mean[j]
				tot := float64(n + nk)
				mean[j] += delta * float64(nk) / tot
				m2[j] += st.m2[k*d+j] + delta*delta*float64(n)*float64(nk)/tot
			}
			n += nk
			in += st.inA[k]
		}
		for j := range m2 {
			m2[j] /= float64(n)
		}
		res.FracA = append(res.FracA, float64(in)/float64(n))
		res.Mean = append(res.Mean, mean)
		res.Var = append(res.Var, m2)
	}
}

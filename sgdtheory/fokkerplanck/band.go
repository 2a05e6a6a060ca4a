package fokkerplanck

import (
	"fmt"
	"math"
)

// band is an n×n matrix with bw sub- and super-diagonals, stored row by
// row; it is factored in place as LU without pivoting, which elimination
// keeps inside the band. The Fokker–Planck matrices here are (close to)
// column diagonally dominant, where pivoting is not needed for stability.
type band struct {
	n, bw int
	v     []float64 // v[r*(2bw+1) + c − r + bw] = M[r][c]
}

func newBand(n, bw int) *band { return &band{n: n, bw: bw, v: make([]float64, n*(2*bw+1))} }

func (b *band) at(r, c int) *float64 { return &b.v[r*(2*b.bw+1)+c-r+b.bw] }

// factor factors b in place; its error names fn, the exported caller.
func (b *band) factor(fn string) error {
	w := 2*b.bw + 1
	for k := 0; k < b.n; k++ {
		piv := b.v[k*w+b.bw]
		if piv == 0 || !finite(piv) || math.Abs(piv) < 1e-300 {
			return fmt.Errorf("fokkerplanck: %s: singular discrete operator at cell %d (grid too coarse or drift too strong)", fn, k)
		}
		end := min(k+b.bw, b.n-1)
		for r := k + 1; r <= end; r++ {
			m := b.at(r, k)
			if *m == 0 {
				continue
			}
			*m /= piv
			l := *m
			rowK := b.v[k*w+b.bw-k:] // rowK[c] = M[k][c]
			rowR := b.v[r*w+b.bw-r:] // rowR[c] = M[r][c]
			for c := k + 1; c <= end; c++ {
				rowR[c] -= l * rowK[c]
			}
		}
	}
	return nil
}

// solve overwrites x with the solution of LU x = x.
func (b *band) solve(x []float64) {
	w := 2*b.bw + 1
	for r := 0; r < b.n; r++ {
		row := b.v[r*w+b.bw-r:]
		s := x[r]
		for c := max(0, r-b.bw); c < r; c++ {
			s -= row[c] * x[c]
		}
		x[r] = s
	}
	for r := b.n - 1; r >= 0; r-- {
		row := b.v[r*w+b.bw-r:]
		s := x[r]
		for c := r + 1; c <= min(r+b.bw, b.n-1); c++ {
			s -= row[c] * x[c]
		}
		x[r] = s / row[r]
	}
}

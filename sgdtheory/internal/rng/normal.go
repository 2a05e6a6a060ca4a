package rng

import (
	"math"
	"math/rand/v2"
)

// Standard normal deviates by the ziggurat method of Marsaglia and Tsang
// (J. Stat. Softw. 5(8), 2000) with 256 layers, drawn straight from a PCG
// so the hot loop has no interface call: the common case costs one
// Uint64, a comparison and a multiplication.

const (
	zigR = 3.6541528853610088 // start of the tail for 256 layers
	zigV = 4.92867323399e-3   // area of each layer
)

var (
	zigW [256]float64 // X[i]/2⁵⁵: scales a signed 56-bit integer to layer i
	zigK [256]int64   // X[i+1]/X[i]·2⁵⁵: integers below it fall inside
	zigF [257]float64 // f(X[i]) = exp(−X[i]²/2)
)

func init() {
	var x [257]float64
	f := func(v float64) float64 { return math.Exp(-v * v / 2) }
	x[0], x[1] = zigV/f(zigR), zigR
	for i := 1; i < 256; i++ {
		a := zigV/x[i] + f(x[i])
		if a >= 1 {
			break // x[256] = 0 up to rounding in zigV
		}
		x[i+1] = math.Sqrt(-2 * math.Log(a))
	}
	for i := range zigW {
		zigW[i] = x[i] / (1 << 55)
		zigK[i] = int64(x[i+1] / x[i] * (1 << 55))
	}
	for i := range zigF {
		zigF[i] = f(x[i])
	}
}

// Normal returns a standard normal deviate drawn from p.
func Normal(p *rand.PCG) float64 {
	u := p.Uint64()
	i := u & 255
	j := int64(u) >> 8 // signed, |j| ≤ 2⁵⁵
	if j < zigK[i] && -j < zigK[i] {
		return float64(j) * zigW[i]
	}
	return normalSlow(p, i, j)
}

func normalSlow(p *rand.PCG, i uint64, j int64) float64 {
	for {
		if i == 0 { // the tail beyond zigR
			for {
				a := -math.Log(open01(p)) / zigR
				b := -math.Log(open01(p))
				if 2*b > a*a {
					if j < 0 {
						return -(zigR + a)
					}
					return zigR + a
				}
			}
		}
		x := float64(j) * zigW[i]
		if zigF[i]+open01(p)*(zigF[i+1]-zigF[i]) < math.Exp(-x*x/2) {
			return x
		}
		u := p.Uint64()
		i, j = u&255, int64(u)>>8
		if j < zigK[i] && -j < zigK[i] {
			return float64(j) * zigW[i]
		}
	}
}

// open01 returns a uniform deviate in (0, 1).
func open01(p *rand.PCG) float64 {
	return (float64(p.Uint64()>>11) + 0.5) * 0x1p-53
}

package langevin_test

import (
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// BenchmarkDoubleWell measures particle-steps per second on the 1-D quartic
// double well, the workload of the numpy comparison.
func BenchmarkDoubleWell(b *testing.B) {
	const particles, steps = 100000, 100
	e := langevin.Ensemble{Surface: quartic{}, Eta: 0.01, S: 1, Noise: langevin.Noise{Sigma: 1}, Particles: particles, Seed: 1}
	for b.Loop() {
		if _, err := e.Run(steps); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(particles*steps*b.N)/b.Elapsed().Seconds(), "particle-steps/s")
}

// BenchmarkSoftWell is the same with the soft-min double well, whose
// gradient costs an exponential.
func BenchmarkSoftWell(b *testing.B) {
	const particles, steps = 100000, 100
	e := langevin.Ensemble{Surface: testWell, Eta: 0.01, S: 1, Noise: langevin.Noise{Sigma: 1}, Particles: particles, Seed: 1}
	for b.Loop() {
		if _, err := e.Run(steps); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(particles*steps*b.N)/b.Elapsed().Seconds(), "particle-steps/s")
}

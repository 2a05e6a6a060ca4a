package noise

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// TraceCovs returns, for each batch size of batch, the total variance
// tr Cov[g_S] of trials minibatch gradients drawn by SampleGrads at θ, the
// measurement that PredictedCov's trace predicts. Batch size batch[i] is
// drawn with seed seed+i, so each point is reproducible on its own.
func TraceCovs(p landscape.FiniteSum, theta []float64, batch []int, trials int, sampling Sampling, seed uint64) ([]float64, error) {
	if len(batch) == 0 {
		return nil, fmt.Errorf("noise: TraceCovs: len(batch) = 0: want ≥ 1")
	}
	tr := make([]float64, len(batch))
	for i, S := range batch {
		G, err := sampleGrads("TraceCovs", fmt.Sprintf("batch[%d]", i), p, theta, S, trials, sampling, seed+uint64(i))
		if err != nil {
			return nil, err
		}
		tr[i] = mat.Trace(EmpiricalCov(G))
	}
	return tr, nil
}

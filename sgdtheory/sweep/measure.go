package sweep

import (
	"fmt"
	"math"

	"github.com/sgdminima/sgdminima/sgdtheory/curvature"
	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// Measure names a measurement of each final network, on the Hessian of
// the training loss over a fixed sample of the training set. Name is the
// notebook's MeasureName (or one of its ExtraNames), so that the gathered
// cache matches its key. Kind is one of
//
//	"lambda_max"  λ_max by Lanczos{K: 1, Seed}, an error unless converged;
//	              with Sample 0 exactly curvature.LambdaMax(net, train, Seed)
//	"frobenius"   ‖H‖_F by Hutchinson{Probes, Seed}
//	"trace"       tr H by Hutchinson{Probes, Seed}
//	"logdet_top"  the log determinant over the top K eigenvalues,
//	              Lanczos{K, Seed}.Top(…).LogDet(): the quantity of
//	              √(det H_B / det H_A) in the paper's Theorem 2
type Measure struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	Seed uint64 `json:"seed"` // the sample, and the start or probes
	// Sample, if not 0, replaces curvature.DefaultSample: the Hessian over
	// Sample training examples (curvature.Hessian).
	Sample int `json:"sample,omitempty"`
	Probes int `json:"probes,omitempty"` // frobenius, trace: products with H; 0 means 100
	K      int `json:"k,omitempty"`      // logdet_top: eigenvalues, ≥ 1
	// Steps bounds the products with H of Lanczos (logdet_top; lambda_max
	// with a Sample); 0 means Lanczos's default, min(dim, max(30, 3K+20)).
	Steps int `json:"steps,omitempty"`
}

// kinds are the Kinds a Measure may have.
var kinds = []string{"lambda_max", "frobenius", "trace", "logdet_top"}

// check names the first field of m that is wrong.
func (m Measure) check() error {
	known := false
	for _, k := range kinds {
		known = known || m.Kind == k
	}
	switch {
	case !known:
		return fmt.Errorf("kind = %q: want one of %q", m.Kind, kinds)
	case m.Name == "":
		return fmt.Errorf("name is empty: want the notebook's name of the %s measure", m.Kind)
	case m.Sample < 0:
		return fmt.Errorf("sample = %d: want ≥ 0 (0: curvature.DefaultSample)", m.Sample)
	case m.Probes < 0:
		return fmt.Errorf("probes = %d: want ≥ 0 (0: 100)", m.Probes)
	case (m.Kind == "logdet_top") != (m.K != 0):
		return fmt.Errorf("k = %d with kind %q: want k ≥ 1 for logdet_top, and only there", m.K, m.Kind)
	case m.K < 0:
		return fmt.Errorf("k = %d: want ≥ 1", m.K)
	case m.Steps < 0 || (m.Steps > 0 && m.Kind != "logdet_top" && m.Kind != "lambda_max"):
		return fmt.Errorf("steps = %d with kind %q: want ≥ 0, and only for lambda_max or logdet_top", m.Steps, m.Kind)
	case m.Steps > 0 && m.Kind == "lambda_max" && m.Sample == 0:
		return fmt.Errorf("steps = %d: lambda_max without a sample is curvature.LambdaMax, which sets its own; give a sample", m.Steps)
	}
	return nil
}

// Eval measures net, trained on train, as m says; as a method value it is
// the Measure of a grid.Runs, so that a notebook and its tasks measure
// alike.
func (m Measure) Eval(net *mlp.Net, train *data.Set) (float64, error) {
	if err := m.check(); err != nil {
		return math.NaN(), fmt.Errorf("sweep: Measure.Eval: %w", err)
	}
	if m.Kind == "lambda_max" && m.Sample == 0 {
		return curvature.LambdaMax(net, train, m.Seed)
	}
	hv, _, err := curvature.Hessian(net, train, m.Sample, m.Seed)
	if err != nil {
		return math.NaN(), err
	}
	dim := net.NumParams()
	switch m.Kind {
	case "frobenius", "trace":
		hu := curvature.Hutchinson{Probes: m.Probes, Seed: m.Seed}
		est, err := hu.Frobenius(hv, dim)
		if m.Kind == "trace" {
			est, err = hu.Trace(hv, dim)
		}
		if err != nil {
			return math.NaN(), err
		}
		return est.Value, nil
	}
	k := max(1, m.K)
	top, err := curvature.Lanczos{K: k, Steps: m.Steps, Seed: m.Seed}.Top(hv, dim)
	if err != nil {
		return math.NaN(), err
	}
	if m.Kind == "logdet_top" {
		return top.LogDet()
	}
	if !top.Converged {
		return top.Values[0], fmt.Errorf("Lanczos did not converge in %d steps (residual %.3g of λ = %.4g)", top.Steps, top.Residuals[0], top.Values[0])
	}
	return top.Values[0], nil
}

// Measures are the extra measurements of a spec, in the order of its
// runs' grid.Runs.ExtraNames.
type Measures []Measure

// Names returns the measures' names, nil for none.
func (ms Measures) Names() []string {
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	return names
}

// Eval measures net with each measure in turn; as a method value it is
// the Extra of a grid.Runs (with Names its ExtraNames). The first error
// ends it, naming the measure.
func (ms Measures) Eval(net *mlp.Net, train *data.Set) ([]float64, error) {
	out := make([]float64, len(ms))
	for i, m := range ms {
		v, err := m.Eval(net, train)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.Name, err)
		}
		out[i] = v
	}
	return out, nil
}

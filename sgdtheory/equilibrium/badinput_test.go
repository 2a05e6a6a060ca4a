package equilibrium

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
)

// TestBadInput checks that nil matrices (as typed nil pointers too), zero
// surfaces and minima, and a loss that panics are errors, not panics.
func TestBadInput(t *testing.T) {
	var nilSym *mat.SymDense
	id := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"Lyapunov nil A", errOf(Lyapunov(nilSym, id)), "equilibrium: Lyapunov: A is nil"},
		{"Lyapunov nil Q", errOf(Lyapunov(id, nilSym)), "equilibrium: Lyapunov: Q is nil"},
		{"StationaryCov nil C", errOf(StationaryCov(id, nilSym, 0.1, 1, 1)), "equilibrium: StationaryCov: C is nil"},
		{"StationaryCov nil H", errOf(StationaryCov(nilSym, id, 0.1, 1, 1)), "equilibrium: StationaryCov: H is nil"},
		{"StationaryCov NaN eta", errOf(StationaryCov(id, id, math.NaN(), 1, 1)), "equilibrium: StationaryCov: eta = NaN: want"},
		{"Laplace zero minimum", errOf(Laplace(landscape.Minimum{}, 1)), "equilibrium: Laplace: len(m.X) = 0, m.Hessian = nil: want len(X) ≥ 1"},
		// The wrapped text is landscape's; only its prefix and value are checked here.
		{"RatioExact zero well", errOf(RatioExact(landscape.DoubleWell{}, 0.1)), "equilibrium: RatioExact: landscape: "},
		{"RatioExact zero well", errOf(RatioExact(landscape.DoubleWell{}, 0.1)), "HA = 0"},
		{"RatioExact2D zero well", errOf(RatioExact2D(landscape.DoubleWell2D{}, 0.1)), "equilibrium: RatioExact2D: landscape: "},
		{"RatioExact2D zero well", errOf(RatioExact2D(landscape.DoubleWell2D{}, 0.1)), "len(XA) = 0"},
		{"Temperature S = 0", errOf(Temperature(0.1, 0, 1)), "equilibrium: Temperature: S = 0: want ≥ 1"},
		{"panicking loss", errOf(NewBoltzmann1D(func(x float64) float64 { return []float64{}[int(x)] }, 1, 0, 1)), "equilibrium: NewBoltzmann1D: panic: runtime error: index out of range"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, tc.err, tc.want)
		}
	}
	if _, err := Lyapunov(id, id); err != nil {
		t.Errorf("good input: %v", err)
	}
}

func errOf[T any](_ T, err error) error { return err }

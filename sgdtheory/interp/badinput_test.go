package interp

import (
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// TestBadInput checks that bad sets, nets and α are errors naming the
// problem, not panics.
func TestBadInput(t *testing.T) {
	s := randomSet(40, 6, 3, 1)
	bad := randomSet(40, 6, 3, 1)
	bad.Y[5] = 3
	short := randomSet(40, 6, 3, 1)
	short.X = short.X[:200]
	a, _ := mlp.New([]int{6, 5, 3}, 1)
	b, _ := mlp.New([]int{6, 5, 3}, 2)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"bad train label", along(a, b, bad, nil, []float64{0}), "interp: Along: training set train: mlp: Net.Evaluate: data: Set.Validate: label Y[5] = 3: want 0 to 2"},
		{"bad val label", along(a, b, s, bad, []float64{0}), "interp: Along: validation set val: mlp: Net.Evaluate: data: Set.Validate: label Y[5] = 3"},
		{"short X", along(a, b, short, nil, []float64{0}), "len(X) = 200: want Len()·Dim = 40·6 = 240"},
		{"huge α", along(a, b, s, nil, []float64{0, 1e300}), "interp: Along: alpha[1] = 1e+300: mlp: Net.SetParams: p["},
		{"zero nets", along(&mlp.Net{}, &mlp.Net{}, s, nil, []float64{0}), "interp: Along: a net is not initialised: make it with mlp.New"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, tc.err, tc.want)
		}
	}
	if err := along(a, b, s, s, []float64{-1, 0, 1, 2}); err != nil {
		t.Errorf("good input: %v", err)
	}
}

func along(a, b *mlp.Net, train, val *data.Set, alpha []float64) error {
	_, err := Along(a, b, train, val, alpha)
	return err
}

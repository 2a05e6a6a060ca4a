package interp

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/sgdminima/sgdminima/sgdtheory/curvature"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// TestBendOfParabola reads the walls and the picture off a curve written by
// hand, L(α) = 1 + α² on the 31-point grid: the second difference of a
// parabola is exactly 2, and the walls are L(−1)/L(0) = 2, L(2)/L(1) = 5/2.
func TestBendOfParabola(t *testing.T) {
	s := randomSet(40, 4, 3, 1)
	a, _ := mlp.New([]int{4, 5, 3}, 1)
	b, _ := mlp.New([]int{4, 5, 3}, 2)
	c := &Curve{}
	for k := 0; k < 31; k++ {
		x := -1 + 3*float64(k)/30
		c.Alpha = append(c.Alpha, x)
		c.TrainLoss = append(c.TrainLoss, 1+x*x)
	}
	e, err := Bend(a, b, c, s, []int{0, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"Wall[0] = L(−1)/L(0)", e.Wall[0], 2},
		{"Wall[1] = L(2)/L(1)", e.Wall[1], 2.5},
		{"Picture[0]", e.Picture[0], 2},
		{"Picture[1]", e.Picture[1], 2},
		{"Dist = ‖θ₂ − θ₁‖", e.Dist, floats.Distance(b.Params(), a.Params(), 2)},
	} {
		if math.Abs(tc.got-tc.want) > 1e-9*math.Abs(tc.want) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

// TestBendExact checks dᵀHd, by the R-operator, against the same form with
// the central-difference Hessian product of two gradients.
func TestBendExact(t *testing.T) {
	s := randomSet(60, 5, 3, 3)
	a, _ := mlp.New([]int{5, 6, 3}, 3)
	b, _ := mlp.New([]int{5, 6, 3}, 4)
	c, err := Line(a, b, s, nil, 7)
	if err != nil {
		t.Fatal(err)
	}
	idx := []int{0, 5, 10, 20, 30, 59}
	e, err := Bend(a, b, c, s, idx)
	if err != nil {
		t.Fatal(err)
	}
	d := b.Params()
	floats.Sub(d, a.Params())
	for k, net := range []*mlp.Net{a, b} {
		fd, err := curvature.FiniteDiff(net, s, idx, 0)
		if err != nil {
			t.Fatal(err)
		}
		hd := make([]float64, len(d))
		fd(hd, d)
		want := floats.Dot(d, hd)
		if math.Abs(e.Exact[k]-want) > 2e-3*math.Abs(want) {
			t.Errorf("Exact[%d] = %v, want dᵀHd = %v by finite differences", k, e.Exact[k], want)
		}
	}
}

func TestBendBadInput(t *testing.T) {
	s := randomSet(30, 4, 3, 1)
	a, _ := mlp.New([]int{4, 5, 3}, 1)
	b, _ := mlp.New([]int{4, 5, 3}, 2)
	other, _ := mlp.New([]int{4, 6, 3}, 2)
	good, _ := Line(a, b, s, nil, 7)
	short, _ := Line(a, b, s, nil, 8)
	zero := &Curve{Alpha: good.Alpha, TrainLoss: make([]float64, 7)}
	for _, tc := range []struct {
		name string
		a, b *mlp.Net
		c    *Curve
		want string
	}{
		{"nil net", nil, b, good, "net a or b is nil"},
		{"architectures", a, other, good, "want the same architecture"},
		{"nil curve", a, b, nil, "curve c is nil"},
		{"grid without α = 0", a, b, short, "c has 8 points"},
		{"zero loss", a, b, zero, "c.TrainLoss[0] = 0"},
	} {
		if _, err := Bend(tc.a, tc.b, tc.c, s, []int{0}); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "interp: Bend: ") {
			t.Errorf("%s: err = %v, want one naming %q", tc.name, err, tc.want)
		}
	}
}

package imports_test

import (
	"testing"

	gomacro "github.com/cosmos72/gomacro/imports"

	_ "github.com/sgdminima/sgdminima/kernel/imports"
)

// Linking the package registers every listed package with gomacro; the
// registration validates each interface proxy, so a wrong one panics here.
func TestPrebuiltPackagesRegistered(t *testing.T) {
	for _, tc := range []struct{ path, symbol string }{
		{"gonum.org/v1/gonum/mat", "NewDense"},
		{"gonum.org/v1/gonum/stat", "Mean"},
		{"gonum.org/v1/gonum/stat/distuv", "UnitNormal"},
		{"gonum.org/v1/gonum/floats", "Sum"},
		{"gonum.org/v1/gonum/optimize", "Minimize"},
		{"gonum.org/v1/gonum/integrate/quad", "Fixed"},
		{"gonum.org/v1/gonum/diff/fd", "Derivative"},
		{"gonum.org/v1/plot", "New"},
		{"gonum.org/v1/plot/plotter", "NewLine"},
		{"gonum.org/v1/plot/plotutil", "AddLines"},
		{"gonum.org/v1/plot/vg", "Inch"},
		{"gonum.org/v1/plot/vg/draw", "New"},
		{"gonum.org/v1/plot/vg/vgimg", "New"},
		{"gonum.org/v1/plot/vg/vgsvg", "New"},
		{"math/rand/v2", "NewPCG"},
		{"github.com/sgdminima/sgdminima/sgdtheory/figure", "PNG"},
	} {
		pkg, ok := gomacro.Packages[tc.path]
		if !ok {
			t.Errorf("%s is not registered", tc.path)
			continue
		}
		if _, ok := pkg.Binds[tc.symbol]; !ok {
			t.Errorf("%s.%s is not bound", tc.path, tc.symbol)
		}
	}
}

// Generic functions cannot be bound: they must be left out, not broken.
func TestGenericsLeftOut(t *testing.T) {
	if _, ok := gomacro.Packages["math/rand/v2"].Binds["N"]; ok {
		t.Error("math/rand/v2.N is generic and must not be bound")
	}
}

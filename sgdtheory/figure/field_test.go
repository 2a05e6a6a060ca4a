package figure

import (
	"bytes"
	"image/png"
	"math"
	"testing"
)

// rotation returns a Gaussian density on a grid and the circulating
// current (−y, x)·P around its peak.
func rotation() (xs, ys, z, u, v []float64) {
	const nx, ny = 30, 20
	for i := range nx {
		xs = append(xs, -2+4*(float64(i)+0.5)/nx)
	}
	for j := range ny {
		ys = append(ys, -1.5+3*(float64(j)+0.5)/ny)
	}
	for _, y := range ys {
		for _, x := range xs {
			p := math.Exp(-x*x - 2*y*y)
			z, u, v = append(z, p), append(u, -y*p), append(v, x*p)
		}
	}
	return xs, ys, z, u, v
}

func TestFieldBlocks(t *testing.T) {
	xs, ys, z, u, v := rotation()
	p, err := Field(Axes{Title: "current", X: "θ₁", Y: "θ₂"}, VectorField{Xs: xs, Ys: ys, Z: z, U: u, V: v, Every: 4})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PNG(p); err != nil {
		t.Fatal(err)
	}
	// Block means: 30×20 points in blocks of 4 give an 8×5 lattice whose
	// last column averages 2 points; check one block against the direct mean.
	a := arrows{xs: xs, ys: ys, every: 4}
	a.average(u, v)
	if c, r := a.Dims(); c != 8 || r != 5 {
		t.Fatalf("lattice %d×%d, want 8×5", c, r)
	}
	var su, sx float64
	for j := 4; j < 8; j++ {
		for i := 28; i < 30; i++ {
			su += u[j*30+i] / 8
		}
	}
	for i := 28; i < 30; i++ {
		sx += xs[i] / 2
	}
	if got := a.Vector(7, 1).X; math.Abs(got-su) > 1e-15 || math.Abs(a.X(7)-sx) > 1e-15 {
		t.Errorf("block (7, 1): u %v at x %v, want %v at %v", got, a.X(7), su, sx)
	}
}

func TestFieldRejectsBadInput(t *testing.T) {
	xs, ys, z, u, v := rotation()
	nan := append([]float64(nil), u...)
	nan[3] = math.NaN()
	for name, f := range map[string]func() error{
		"short u": func() error {
			_, err := Field(Axes{Title: "", X: "", Y: ""}, VectorField{Xs: xs, Ys: ys, Z: z, U: u[1:], V: v, Every: 2})
			return err
		},
		"short z": func() error {
			_, err := Field(Axes{Title: "", X: "", Y: ""}, VectorField{Xs: xs, Ys: ys, Z: z[1:], U: u, V: v, Every: 2})
			return err
		},
		"every 0": func() error {
			_, err := Field(Axes{Title: "", X: "", Y: ""}, VectorField{Xs: xs, Ys: ys, Z: z, U: u, V: v, Every: 0})
			return err
		},
		"NaN": func() error {
			_, err := Field(Axes{Title: "", X: "", Y: ""}, VectorField{Xs: xs, Ys: ys, Z: z, U: nan, V: v, Every: 2})
			return err
		},
		"one row": func() error {
			_, err := Field(Axes{Title: "", X: "", Y: ""}, VectorField{Xs: xs, Ys: ys[:1], U: u[:30], V: v[:30], Every: 2})
			return err
		},
		"all zero": func() error {
			z0 := make([]float64, len(u))
			_, err := Field(Axes{Title: "", X: "", Y: ""}, VectorField{Xs: xs, Ys: ys, U: z0, V: z0, Every: 2})
			return err
		},
	} {
		if f() == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

// TestFieldZoom: after narrowing the axes the shading, dark almost
// everywhere here, is drawn only inside them, so the corners of the image
// stay white.
func TestFieldZoom(t *testing.T) {
	xs, ys, z, u, v := rotation()
	for k := range z {
		z[k] = 1
	}
	z[0] = 0
	p, err := Field(Axes{Title: "zoomed", X: "x", Y: "y"}, VectorField{Xs: xs, Ys: ys, Z: z, U: u, V: v, Every: 3})
	if err != nil {
		t.Fatal(err)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, 0.5, -0.5, 0.5
	img, err := PNG(p)
	if err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(bytes.NewReader(img.Data))
	if err != nil {
		t.Fatal(err)
	}
	b := m.Bounds()
	for _, pt := range [][2]int{{b.Min.X + 2, b.Min.Y + 2}, {b.Max.X - 3, b.Min.Y + 2}} {
		if r, g, bl, _ := m.At(pt[0], pt[1]).RGBA(); r != 0xffff || g != 0xffff || bl != 0xffff {
			t.Errorf("pixel %v outside the axes is (%x, %x, %x), want white", pt, r, g, bl)
		}
	}
}

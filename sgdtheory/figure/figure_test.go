package figure

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

func linePlot(t *testing.T) *plot.Plot {
	t.Helper()
	p := plot.New()
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 2}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	return p
}

func TestPNGHasStandardSize(t *testing.T) {
	im, err := PNG(linePlot(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(im.Data))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 700 || cfg.Height != 450 {
		t.Errorf("PNG is %d×%d px, want 700×450 (Width, Height at DPI)", cfg.Width, cfg.Height)
	}
	bundle := im.SimpleRender()
	if _, ok := bundle[MIMEPNG].([]byte); !ok {
		t.Errorf("bundle[%q] is %T, want []byte", MIMEPNG, bundle[MIMEPNG])
	}
	if want := "<image/png, "; !strings.HasPrefix(bundle["text/plain"].(string), want) {
		t.Errorf("text/plain = %q, want prefix %q", bundle["text/plain"], want)
	}
}

func TestSVG(t *testing.T) {
	im, err := SVG(linePlot(t))
	if err != nil {
		t.Fatal(err)
	}
	svg, ok := im.SimpleRender()[MIMESVG].(string)
	if !ok || !strings.Contains(svg, "<svg") {
		t.Errorf("SVG bundle does not hold an <svg> document: %.80q", svg)
	}
}

func TestRenderErrors(t *testing.T) {
	p := linePlot(t)
	for _, tc := range []struct {
		name   string
		p      *plot.Plot
		mime   string
		w, h   vg.Length
		errHas string
	}{
		{"nil plot", nil, MIMEPNG, Width, Height, "figure: Render: p is nil"},
		{"zero width", p, MIMEPNG, 0, Height, "figure: Render: width × height = 0 × 324: want each in (0, 100in]"},
		{"huge height", p, MIMESVG, Width, 1000 * vg.Inch, "figure: Render: width × height = 504 × 72000: want each in (0, 100in]"},
		{"unknown format", p, "image/gif", Width, Height, "figure: Render: mime = \"image/gif\": want"},
	} {
		_, err := Render(tc.p, tc.mime, tc.w, tc.h)
		if err == nil || !strings.Contains(err.Error(), tc.errHas) {
			t.Errorf("%s: err = %v, want one containing %q", tc.name, err, tc.errHas)
		}
	}
}

func TestHelpersRender(t *testing.T) {
	x := []float64{1, 2, 4, 8}
	y := []float64{1, 0.5, 0.25, 0.125}
	lines, err := Lines(Axes{Title: "decay", X: "S", Y: "variance", LogX: true, LogY: true},
		Series{Name: "theory", X: x, Y: y},
		Series{Name: "simulation", X: x, Y: y, Points: true})
	if err != nil {
		t.Fatal(err)
	}
	samples := []float64{-1, -0.5, 0, 0, 0.5, 1, 3}
	hist, err := Histogram(samples, Hist{Title: "stationary", X: "θ", Lo: -2, Hi: 2, Bins: 8, Density: func(x float64) float64 { return 0.25 }, DensityName: "uniform"})
	if err != nil {
		t.Fatal(err)
	}
	qq, err := QQ("QQ", []float64{-1, 0, 1}, []float64{-1.1, 0, 0.9})
	if err != nil {
		t.Fatal(err)
	}
	heat, err := Heatmap("C", mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*plot.Plot{lines, hist, qq, heat} {
		if _, err := PNG(p); err != nil {
			t.Error(err)
		}
	}
}

func TestHelpersRejectBadInput(t *testing.T) {
	for name, f := range map[string]func() error{
		"length mismatch": func() error {
			_, err := Lines(Axes{Title: "", X: "", Y: ""}, Series{X: []float64{1}, Y: []float64{1, 2}})
			return err
		},
		"non-positive on log axis": func() error {
			_, err := Lines(Axes{Title: "", X: "", Y: "", LogX: true}, Series{X: []float64{0, 1}, Y: []float64{1, 2}})
			return err
		},
		"NaN point": func() error {
			_, err := Lines(Axes{Title: "", X: "", Y: ""}, Series{X: []float64{math.NaN()}, Y: []float64{1}})
			return err
		},
		"empty histogram": func() error {
			_, err := Histogram(nil, Hist{Title: "", X: "", Lo: 0, Hi: 1, Bins: 4})
			return err
		},
		"bad histogram range": func() error {
			_, err := Histogram([]float64{1}, Hist{Title: "", X: "", Lo: 1, Hi: 0, Bins: 4})
			return err
		},
		"NaN heatmap": func() error {
			_, err := Heatmap("", mat.NewDense(1, 1, []float64{math.NaN()}))
			return err
		},
	} {
		if f() == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

package figure

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

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
		{"nil plot", nil, MIMEPNG, Width, Height, "nil plot"},
		{"zero width", p, MIMEPNG, 0, Height, "out of range"},
		{"huge height", p, MIMESVG, Width, 1000 * vg.Inch, "out of range"},
		{"unknown format", p, "image/gif", Width, Height, "unknown format"},
	} {
		_, err := Render(tc.p, tc.mime, tc.w, tc.h)
		if err == nil || !strings.Contains(err.Error(), tc.errHas) {
			t.Errorf("%s: err = %v, want one containing %q", tc.name, err, tc.errHas)
		}
	}
}

package figure

import (
	"bytes"
	"errors"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	par "github.com/sgdminima/sgdminima/sgdtheory/internal/parallel"
)

// Standard size and resolution of a notebook figure: 700×450 pixels, wide
// enough to read on GitHub, small enough to keep notebooks light.
const (
	Width  = 7 * vg.Inch
	Height = 4.5 * vg.Inch
	DPI    = 100
)

// MIME types of rendered figures.
const (
	MIMEPNG = "image/png"
	MIMESVG = "image/svg+xml"
)

// Image is a rendered figure. When it is the value of a cell's last
// expression, the kernel displays it inline: it implements the kernel's
// SimpleRenderer interface.
type Image struct {
	MIME string // MIMEPNG or MIMESVG
	Data []byte // the encoded image
}

// PNG renders p as a PNG image at the standard size and resolution.
func PNG(p *plot.Plot) (*Image, error) {
	return renderPlot("PNG", p, MIMEPNG, Width, Height)
}

// SVG renders p as an SVG image at the standard size.
func SVG(p *plot.Plot) (*Image, error) {
	return renderPlot("SVG", p, MIMESVG, Width, Height)
}

// Render renders p in the format named by mime (MIMEPNG or MIMESVG) at
// width × height; PNG images use the standard DPI. A panic while drawing (as
// gonum/plot panics for non-positive values on a log axis) is returned as an
// error.
//
// Render draws p as every figure of the project looks, on a copy, so p is
// left as it was:
//   - the legend goes inside the axes, in the first corner (then edge
//     centre) where its box crosses no line, marker or bar of the data,
//     on a white ground; when there is no such place, beside the axes.
//     Legend.Top, Left, XOffs and YOffs are not used.
//   - an axis end that the data reach exactly is moved out by 4 % of the
//     range, so markers do not sit on the frame; ends set elsewhere stay.
//   - axes left with gonum's default ticks get at least 4 labelled ticks
//     (log axes too); set Tick.Marker, e.g. to TicksAt(…), to choose them.
//   - heat maps and fields get their colour bar on the right.
func Render(p *plot.Plot, mime string, width, height vg.Length) (*Image, error) {
	return renderPlot("Render", p, mime, width, height)
}

// renderPlot is Render with the errors naming fn, the exported caller.
func renderPlot(fn string, p *plot.Plot, mime string, width, height vg.Length) (*Image, error) {
	if p == nil {
		return nil, fmt.Errorf("figure: %s: p is nil", fn)
	}
	return render(fn, mime, width, height, func(c draw.Canvas) { drawPlot(p, c) })
}

// Row renders the plots side by side, in equal columns, as one PNG image
// at the standard size and resolution: for two panels to compare, such as
// a predicted and a sampled covariance.
func Row(ps ...*plot.Plot) (*Image, error) {
	for i, p := range ps {
		if p == nil {
			return nil, fmt.Errorf("figure: Row: ps[%d] is nil", i)
		}
	}
	if len(ps) == 0 {
		return nil, errors.New("figure: Row: len(ps) = 0: want ≥ 1 plot")
	}
	return render("Row", MIMEPNG, Width, Height, func(c draw.Canvas) {
		tiles := draw.Tiles{Rows: 1, Cols: len(ps), PadX: vg.Millimeter * 4}
		for i, p := range ps {
			drawPlot(p, tiles.At(c, i, 0))
		}
	})
}

// render draws with paint on a width × height canvas and encodes it; its
// errors name fn, the exported caller.
func render(fn, mime string, width, height vg.Length, paint func(draw.Canvas)) (_ *Image, err error) {
	defer par.Recover(&err, "figure: "+fn+": ")
	if !(width > 0 && height > 0) || width > 100*vg.Inch || height > 100*vg.Inch {
		return nil, fmt.Errorf("figure: %s: width × height = %v × %v: want each in (0, 100in]", fn, width, height)
	}
	var buf bytes.Buffer
	switch mime {
	case MIMEPNG:
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI))
		paint(draw.New(c))
		_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(&buf)
	case MIMESVG:
		c := vgsvg.New(width, height)
		paint(draw.New(c))
		_, err = c.WriteTo(&buf)
	default:
		return nil, fmt.Errorf("figure: %s: mime = %q: want %q or %q", fn, mime, MIMEPNG, MIMESVG)
	}
	if err != nil {
		return nil, fmt.Errorf("figure: %s: encoding %s: %v", fn, mime, err)
	}
	return &Image{MIME: mime, Data: buf.Bytes()}, nil
}

// SimpleRender returns the image as a Jupyter MIME bundle, with a short
// text form for front ends that cannot show images.
func (im *Image) SimpleRender() map[string]interface{} {
	var data interface{} = im.Data // JSON encodes bytes as base64, as Jupyter wants for PNG
	if im.MIME == MIMESVG {
		data = string(im.Data)
	}
	return map[string]interface{}{im.MIME: data, "text/plain": im.String()}
}

// String describes the image without its bytes.
func (im *Image) String() string {
	return fmt.Sprintf("<%s, %d bytes>", im.MIME, len(im.Data))
}

package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// IDX is the content of one idx file of unsigned bytes.
type IDX struct {
	Dims []int  // sizes of the dimensions, outermost first
	Data []byte // the elements in row-major order, len = product of Dims
}

// Limits on what ReadIDX accepts. The data sets here are far inside them;
// they stop a corrupt header from declaring an absurd size.
const (
	maxDims     = 4       // idx allows up to 255; images need 3
	maxElements = 1 << 31 // 2 GiB of unsigned bytes
	preallocate = 1 << 26 // 64 MiB, more than the 47 MB of the largest image file here
	typeUbyte   = 0x08
)

var idxTypeNames = map[byte]string{
	0x08: "unsigned byte", 0x09: "signed byte", 0x0B: "int16",
	0x0C: "int32", 0x0D: "float32", 0x0E: "float64",
}

// ReadIDXFile reads the idx file at path; see ReadIDX.
func ReadIDXFile(path string) (*IDX, error) {
	return readIDXFile("ReadIDXFile", path)
}

// readIDXFile is ReadIDXFile for the function fn, which it names in errors.
func readIDXFile(fn, path string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", fn, err)
	}
	defer f.Close()
	return readIDXFrom(fn, f, path)
}

// ReadIDX reads an idx file of unsigned bytes from r, decompressing it
// first if it starts with the gzip magic bytes 1f 8b. The name is used in
// error messages only. It returns an error if the header is malformed, the
// element type is not unsigned byte, a dimension is zero, or the data is
// shorter or longer than the header declares.
func ReadIDX(r io.Reader, name string) (*IDX, error) {
	return readIDXFrom("ReadIDX", r, name)
}

// readIDXFrom is ReadIDX for the function fn, which it names in errors.
func readIDXFrom(fn string, r io.Reader, name string) (*IDX, error) {
	if r == nil {
		return nil, fmt.Errorf("data: %s: %s: reader is nil", fn, name)
	}
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	var src io.Reader = br
	compressed := len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b
	if compressed {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("data: %s: %s: gzip header: %w", fn, name, err)
		}
		defer zr.Close()
		src = zr
	}
	m, err := readIDX(fn, src, name)
	var re readError
	if errors.As(err, &re) {
		kind := "read"
		if compressed {
			kind = "corrupt gzip stream"
		}
		err = fmt.Errorf("data: %s: %s: %s: %w", fn, name, kind, re.error)
	}
	return m, err
}

// readError marks an error of the underlying reader, which ReadIDX
// annotates with the file name and whether the stream was compressed.
type readError struct{ error }

func readIDX(fn string, r io.Reader, name string) (*IDX, error) {
	var magic [4]byte
	if n, err := io.ReadFull(r, magic[:]); err != nil {
		if isEOF(err) {
			return nil, fmt.Errorf("data: %s: %s: truncated: found %d of the 4 magic bytes", fn, name, n)
		}
		return nil, readError{err}
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("data: %s: %s: magic number = %02x %02x %02x %02x: want the first two bytes 00 00 (not an idx file)",
			fn, name, magic[0], magic[1], magic[2], magic[3])
	}
	if magic[2] != typeUbyte {
		tn, ok := idxTypeNames[magic[2]]
		if !ok {
			tn = "unknown"
		}
		return nil, fmt.Errorf("data: %s: %s: element type = 0x%02x (%s): want 0x08 (unsigned byte)", fn, name, magic[2], tn)
	}
	nd := int(magic[3])
	if nd < 1 || nd > maxDims {
		return nil, fmt.Errorf("data: %s: %s: %d dimensions declared: want 1 to %d", fn, name, nd, maxDims)
	}
	hdr := make([]byte, 4*nd)
	if n, err := io.ReadFull(r, hdr); err != nil {
		if isEOF(err) {
			return nil, fmt.Errorf("data: %s: %s: truncated header: found %d of the %d bytes of dimension sizes", fn, name, n, 4*nd)
		}
		return nil, readError{err}
	}
	dims := make([]int, nd)
	total := 1
	for i := range dims {
		b := hdr[4*i:]
		d := int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
		if d == 0 {
			return nil, fmt.Errorf("data: %s: %s: dimension %d has size 0: want ≥ 1", fn, name, i)
		}
		dims[i] = d
		if total > maxElements/d {
			return nil, fmt.Errorf("data: %s: %s: dimensions %v declare more than %d elements", fn, name, dims[:i+1], maxElements)
		}
		total *= d
	}
	// Read through a limit rather than allocating total bytes up front, so
	// a corrupt header cannot make us allocate memory the file doesn't back;
	// but start with room for up to preallocate bytes, so that reading the
	// data sets here does not grow the buffer by doubling: each new buffer
	// is fresh memory, and touching it costs more than decompressing.
	var buf bytes.Buffer
	buf.Grow(min(total, preallocate))
	if _, err := buf.ReadFrom(io.LimitReader(r, int64(total))); err != nil && !isEOF(err) {
		return nil, readError{err}
	}
	if buf.Len() < total {
		return nil, fmt.Errorf("data: %s: %s: truncated: dimensions %s declare %d bytes of data, found %d",
			fn, name, dimString(dims), total, buf.Len())
	}
	extra, err := io.Copy(io.Discard, r)
	if err != nil && !isEOF(err) {
		return nil, readError{err}
	}
	if extra > 0 {
		return nil, fmt.Errorf("data: %s: %s: dimensions %s declare %d bytes of data, found %d (%d extra)",
			fn, name, dimString(dims), total, int64(total)+extra, extra)
	}
	return &IDX{Dims: dims, Data: buf.Bytes()}, nil
}

func isEOF(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

func dimString(dims []int) string {
	s := make([]string, len(dims))
	for i, d := range dims {
		s[i] = fmt.Sprint(d)
	}
	return strings.Join(s, "×")
}

package grid

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// extraRuns is tinyRuns with λ-like Measure and two extra measures that
// depend on the network and the set, so that a mix-up shows.
func extraRuns() Runs {
	r := tinyRuns()
	r.Measure = func(n *mlp.Net, s *data.Set) (float64, error) { return n.Params()[0], nil }
	r.MeasureName = "theta0"
	r.Extra = func(n *mlp.Net, s *data.Set) ([]float64, error) {
		p := n.Params()
		return []float64{p[1] * float64(s.Len()), p[2]}, nil
	}
	r.ExtraNames = []string{"theta1 N", "theta2"}
	return r
}

// TestExtra: extra measures are computed after training, stored and read
// back exactly, NaN for the diverged run, and a cache reuses them only
// under the same names.
func TestExtra(t *testing.T) {
	r := extraRuns()
	tab, err := r.Run()
	if err != nil {
		t.Fatal(err)
	}
	for k, res := range tab.Runs {
		if k == 3 {
			if res.Err == "" || len(res.Extra) != 2 || !math.IsNaN(res.Extra[0]) || !math.IsNaN(res.Extra[1]) {
				t.Errorf("the diverged run: Err %q, Extra %v: want an error and two NaNs", res.Err, res.Extra)
			}
			continue
		}
		net, _ := mlp.New(r.Widths, res.Seed)
		if len(res.Extra) != 2 || res.Extra[1] == net.Params()[2] {
			t.Errorf("run %d: Extra = %v: want two values of the trained network", k, res.Extra)
		}
	}
	var buf bytes.Buffer
	if err := tab.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !sameResults(tab.Runs, back.Runs) || strings.Join(back.ExtraNames, ",") != "theta1 N,theta2" {
		t.Errorf("read back: %v, names %v", back.Runs, back.ExtraNames)
	}

	path := filepath.Join(t.TempDir(), "cache.json")
	if err := tab.Save(path); err != nil {
		t.Fatal(err)
	}
	calls := 0
	r.Extra = func(n *mlp.Net, s *data.Set) ([]float64, error) { calls++; return []float64{1, 2}, nil }
	r.Workers = 1
	if again, err := r.Cached(path); err != nil || calls != 0 || !sameResults(tab.Runs, again.Runs) {
		t.Errorf("Cached under the same names: err %v, %d extra calls, same %v: want the file's runs, no call", err, calls, sameResults(tab.Runs, again.Runs))
	}
	r.ExtraNames = []string{"theta1 N", "other"}
	if _, err := r.Cached(path); err != nil || calls != 3 {
		t.Errorf("Cached under other names: err %v, %d extra calls: want the three runs that train measured again", err, calls)
	}
}

func TestExtraBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*Runs)
		want string
	}{
		{"names without a function", func(r *Runs) { r.Extra = nil }, "want a function and its names"},
		{"a function without names", func(r *Runs) { r.ExtraNames = nil }, "want a function and its names"},
		{"an empty name", func(r *Runs) { r.ExtraNames = []string{"a", ""} }, `ExtraNames[1] = ""`},
		{"a repeated name", func(r *Runs) { r.ExtraNames = []string{"a", "a"} }, `ExtraNames[1] = "a"`},
		{"the measure's name", func(r *Runs) { r.ExtraNames = []string{"theta0", "b"} }, `ExtraNames[0] = "theta0"`},
	} {
		r := extraRuns()
		c.edit(&r)
		if _, err := r.Run(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v: want one containing %q", c.name, err, c.want)
		}
	}
	// A function that fails, or returns the wrong number of values, is
	// that run's error, not the list's.
	for _, c := range []struct {
		name  string
		extra func(*mlp.Net, *data.Set) ([]float64, error)
		want  string
	}{
		{"fails", func(*mlp.Net, *data.Set) ([]float64, error) { return nil, errors.New("no convergence") }, "extra measures: no convergence"},
		{"one value for two names", func(*mlp.Net, *data.Set) ([]float64, error) { return []float64{1}, nil }, "1 values for the 2 ExtraNames"},
	} {
		r := extraRuns()
		r.Extra = c.extra
		tab, err := r.Run()
		if err != nil {
			t.Fatal(err)
		}
		if got := tab.Runs[0].Err; !strings.Contains(got, c.want) {
			t.Errorf("%s: the run's Err = %q: want one containing %q", c.name, got, c.want)
		}
	}
}

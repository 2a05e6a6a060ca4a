package sweep

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/grid"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// format identifies a spec file; Read rejects any other.
const format = "sgdminima sweep v1"

// Data is the recipe of a data set: a part of an installed data set,
// optionally one side of a random split of it, optionally a balanced
// subset of that, standardised — in that order. Fingerprint is
// grid.Fingerprint of the set it makes; a task that rebuilds another set
// (other files, another library version) stops instead of training on it.
// A notebook writes the recipe of a set it made as a literal and stamps it
// with Of.
type Data struct {
	Source      string  `json:"source"`             // "fashion-mnist" or "mnist"
	Part        string  `json:"part"`               // "train" or "test"
	Split       *Split  `json:"split,omitempty"`    // nil: the whole part
	Balanced    int     `json:"balanced,omitempty"` // n > 0: Set.Balanced(n, Seed); 0: all of it
	Seed        uint64  `json:"seed,omitempty"`
	Mean        float64 `json:"mean"` // the set is (x − Mean)/SD
	SD          float64 `json:"sd"`   // 0: as stored
	Fingerprint string  `json:"fingerprint"`
}

// Split is data.Set.Split(Held, Seed) of the part: Take "rest" continues
// with the training side, "held" with the Held examples held out.
type Split struct {
	Held int    `json:"held"`
	Seed uint64 `json:"seed"`
	Take string `json:"take"`
}

// Of returns the recipe d stamped with the fingerprint of set, the set a
// notebook made by it; a task checks that it makes the same.
func (d Data) Of(set *data.Set) Data {
	d.Fingerprint = grid.Fingerprint(set)
	return d
}

// Spec is a list of runs with everything a task needs to train one of
// them. Results and Cache are relative to the spec file's folder.
type Spec struct {
	Widths   []int           `json:"widths"`
	Sets     map[string]Data `json:"sets"`
	Val      *Data           `json:"val,omitempty"`
	Momentum float64         `json:"momentum"`
	L2       float64         `json:"l2"`
	Measure  *Measure        `json:"measure,omitempty"`
	Extra    Measures        `json:"extra,omitempty"` // further measurements of each final network
	Runs     []grid.Spec     `json:"runs"`
	Results  string          `json:"results"` // folder of the tasks' results
	Cache    string          `json:"cache"`   // the notebook's cache file, written by Gather

	dir string // the spec file's folder
}

// file is a Spec as stored.
type file struct {
	Format string `json:"format"`
	Spec
}

// Write writes the spec to path as indented JSON.
func (s Spec) Write(path string) error {
	b, err := json.MarshalIndent(file{Format: format, Spec: s}, "", " ")
	if err != nil {
		return fmt.Errorf("sweep: Spec.Write: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("sweep: Spec.Write: %w", err)
	}
	return nil
}

// Read reads and checks the spec at path; unknown fields are errors.
func Read(path string) (*Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sweep: Read: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("sweep: Read %s: %w", path, err)
	}
	if f.Format != format {
		return nil, fmt.Errorf("sweep: Read %s: format = %q: want %q", path, f.Format, format)
	}
	s := f.Spec
	s.dir = filepath.Dir(path)
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("sweep: Read %s: %w", path, err)
	}
	return &s, nil
}

// check validates what needs no data.
func (s Spec) check() error {
	if _, err := mlp.New(s.Widths, 0); err != nil {
		return fmt.Errorf("widths: %w", err)
	}
	switch {
	case len(s.Runs) == 0:
		return errors.New("runs: none: want at least one run")
	case len(s.Sets) == 0:
		return errors.New("sets: none: want at least one training set")
	case s.Results == "":
		return errors.New(`results = "": want the folder of the tasks' results`)
	case s.Cache == "":
		return errors.New(`cache = "": want the notebook's cache file`)
	}
	for name, d := range s.Sets {
		if err := d.check(); err != nil {
			return fmt.Errorf("sets[%q]: %w", name, err)
		}
	}
	if s.Val != nil {
		if err := s.Val.check(); err != nil {
			return fmt.Errorf("val: %w", err)
		}
	}
	if err := s.checkMeasures(); err != nil {
		return err
	}
	for i, r := range s.Runs {
		if _, ok := s.Sets[r.Train]; !ok {
			return fmt.Errorf("runs[%d]: train = %q: want one of the sets", i, r.Train)
		}
	}
	return nil
}

func (d Data) check() error {
	switch {
	case d.Source != "fashion-mnist" && d.Source != "mnist":
		return fmt.Errorf("source = %q: want \"fashion-mnist\" or \"mnist\"", d.Source)
	case d.Part != "train" && d.Part != "test":
		return fmt.Errorf("part = %q: want \"train\" or \"test\"", d.Part)
	case d.Balanced < 0:
		return fmt.Errorf("balanced = %d: want ≥ 0", d.Balanced)
	case d.Split != nil && d.Split.Held < 1:
		return fmt.Errorf("split: held = %d: want ≥ 1", d.Split.Held)
	case d.Split != nil && d.Split.Take != "rest" && d.Split.Take != "held":
		return fmt.Errorf("split: take = %q: want \"rest\" or \"held\"", d.Split.Take)
	case d.SD < 0:
		return fmt.Errorf("sd = %v: want ≥ 0", d.SD)
	case d.Fingerprint == "":
		return errors.New(`fingerprint = "": want grid.Fingerprint of the set`)
	}
	return nil
}

// Load makes the set of the recipe and checks its fingerprint.
func (d Data) Load() (*data.Set, error) { return d.load(map[string][2]*data.Set{}, "") }

// load is Load reading each installed data set at most once per call of
// list, and, with keepDir, reading the set from there if a task kept it
// and keeping it there if not (see dataCacheDir): parsing Fashion-MNIST
// costs a task more than a short run.
func (d Data) load(parsed map[string][2]*data.Set, keepDir string) (*data.Set, error) {
	var kept string
	if keepDir != "" {
		kept = filepath.Join(keepDir, d.keptName())
		if s := readKept(kept, d.Fingerprint); s != nil {
			return s, nil
		}
	}
	parts, ok := parsed[d.Source]
	if !ok {
		read := data.FashionMNIST
		if d.Source == "mnist" {
			read = data.MNIST
		}
		train, test, err := read("")
		if err != nil {
			return nil, err
		}
		parts = [2]*data.Set{train, test}
		parsed[d.Source] = parts
	}
	s := parts[0]
	if d.Part == "test" {
		s = parts[1]
	}
	var err error
	if sp := d.Split; sp != nil {
		rest, held, err := s.Split(sp.Held, sp.Seed)
		if err != nil {
			return nil, err
		}
		if s = rest; sp.Take == "held" {
			s = held
		}
	}
	if d.Balanced > 0 {
		if s, err = s.Balanced(d.Balanced, d.Seed); err != nil {
			return nil, err
		}
	}
	if d.SD > 0 {
		if s, err = s.Normalize(d.Mean, d.SD); err != nil {
			return nil, err
		}
	}
	if got := grid.Fingerprint(s); got != d.Fingerprint {
		return nil, fmt.Errorf("sweep: Data.Load: the set made from %s %s has fingerprint %q: want %q (other data files, or another version of the library?)",
			d.Source, d.Part, got, d.Fingerprint)
	}
	if kept != "" {
		keep(kept, s)
	}
	return s, nil
}

// Recipe returns the recipe of set, made from the part of the source as
// described, with its fingerprint; it is what a notebook records of a set
// it made the same way.
func Recipe(source, part string, balanced int, seed uint64, mean, sd float64, set *data.Set) Data {
	return Data{Source: source, Part: part, Balanced: balanced, Seed: seed, Mean: mean, SD: sd}.Of(set)
}

// FromRuns returns the spec of a notebook's runs r, with the recipes of
// its training sets (by the names of r.Sets) and of its validation set
// (nil for none), its measurement (nil for none) and its extra measures,
// in the order of r.ExtraNames. The runs' data and
// settings are checked against the recipes, so that a spec always
// describes the notebook's own runs.
func FromRuns(r grid.Runs, sets map[string]Data, val *Data, m *Measure, results, cache string, extra ...Measure) (Spec, error) {
	s := Spec{Widths: slices.Clone(r.Widths), Sets: sets, Val: val, Momentum: r.Momentum, L2: r.L2, Measure: m,
		Extra: slices.Clone(Measures(extra)), Runs: slices.Clone(r.Specs), Results: results, Cache: cache}
	if err := s.check(); err != nil {
		return s, fmt.Errorf("sweep: FromRuns: %w", err)
	}
	for name, set := range r.Sets {
		d, ok := sets[name]
		if !ok || d.Fingerprint != grid.Fingerprint(set) {
			return s, fmt.Errorf("sweep: FromRuns: sets[%q]: no recipe, or its fingerprint is not that of the runs' set", name)
		}
	}
	if (val == nil) != (r.Val == nil) || (val != nil && val.Fingerprint != grid.Fingerprint(r.Val)) {
		return s, errors.New("sweep: FromRuns: val: the recipe does not describe the runs' validation set")
	}
	if name := r.MeasureName; (m == nil) != (r.Measure == nil) || (m != nil && m.Name != name) {
		return s, fmt.Errorf("sweep: FromRuns: measure: the runs measure %q, the spec %v", name, m)
	}
	if !slices.Equal(r.ExtraNames, s.Extra.Names()) {
		return s, fmt.Errorf("sweep: FromRuns: extra: the runs measure %q, the spec %q", r.ExtraNames, s.Extra.Names())
	}
	return s, nil
}

// List rebuilds the notebook's list of runs: it loads every data set
// (checking its fingerprint) and the measurement.
func (s *Spec) List() (grid.Runs, error) {
	r, err := s.list("", nil)
	if err != nil {
		return r, fmt.Errorf("sweep: List: %w", err)
	}
	return r, nil
}

// list is List with errors for the caller to name, keeping the sets it
// makes in keepDir unless that is "". It loads only the training sets in
// need, or all of them if need is nil.
func (s *Spec) list(keepDir string, need map[string]bool) (grid.Runs, error) {
	r := grid.Runs{Widths: s.Widths, Specs: s.Runs, Sets: map[string]*data.Set{}, Momentum: s.Momentum, L2: s.L2, Workers: 1}
	parsed := map[string][2]*data.Set{}
	for name, d := range s.Sets {
		if need != nil && !need[name] {
			continue
		}
		set, err := d.load(parsed, keepDir)
		if err != nil {
			return r, fmt.Errorf("sets[%q]: %w", name, err)
		}
		r.Sets[name] = set
	}
	if s.Val != nil {
		set, err := s.Val.load(parsed, keepDir)
		if err != nil {
			return r, fmt.Errorf("val: %w", err)
		}
		r.Val = set
	}
	if m := s.Measure; m != nil {
		r.Measure, r.MeasureName = m.Eval, m.Name
	}
	if len(s.Extra) > 0 {
		r.Extra, r.ExtraNames = s.Extra.Eval, s.Extra.Names()
	}
	return r, nil
}

// path resolves p relative to the spec file's folder.
func (s *Spec) path(p string) string {
	if filepath.IsAbs(p) || s.dir == "" {
		return p
	}
	return filepath.Join(s.dir, p)
}

// checkMeasures checks the measure and the extra measures, and that no two
// have one name.
func (s *Spec) checkMeasures() error {
	if m := s.Measure; m != nil {
		if err := m.check(); err != nil {
			return fmt.Errorf("measure: %w", err)
		}
	}
	for i, m := range s.Extra {
		if err := m.check(); err != nil {
			return fmt.Errorf("extra[%d]: %w", i, err)
		}
		if (s.Measure != nil && m.Name == s.Measure.Name) || slices.Contains(s.Extra[:i].Names(), m.Name) {
			return fmt.Errorf("extra[%d]: name = %q: want a name no other measure has", i, m.Name)
		}
	}
	return nil
}

package main

import (
	"bytes"
	"fmt"
	"go/constant"
	"go/format"
	"go/types"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/cosmos72/gomacro/base/untyped"
)

// file accumulates one binding file. Its sections are the fields of
// gomacro's imports.PackageUnderlying.
type file struct {
	pkg      *types.Package
	aliases  map[string]string // import path → local name
	taken    map[string]bool   // local names in use
	binds    []string
	types    []string
	proxies  []string
	untypeds []string
	wrappers []string
	decls    bytes.Buffer // proxy types and their methods
}

// bindings returns the gofmt-formatted binding file for pkg.
func bindings(pkg *types.Package) ([]byte, error) {
	f := &file{
		pkg:     pkg,
		aliases: make(map[string]string),
		taken:   map[string]bool{"reflect": true, "imports": true},
	}
	self := f.alias(pkg)
	scope := pkg.Scope()
	for _, name := range scope.Names() { // sorted
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		ref := self + "." + name
		switch obj := obj.(type) {
		case *types.Const:
			f.constant(obj, ref)
		case *types.Var:
			f.binds = append(f.binds, fmt.Sprintf("%q: reflect.ValueOf(&%s).Elem(),", name, ref))
		case *types.Func:
			if sig := obj.Type().(*types.Signature); sig.TypeParams() == nil {
				f.binds = append(f.binds, fmt.Sprintf("%q: reflect.ValueOf(%s),", name, ref))
			}
		case *types.TypeName:
			f.typeName(obj, ref)
		}
	}
	return f.bytes()
}

func (f *file) constant(obj *types.Const, ref string) {
	name := obj.Name()
	basic, ok := obj.Type().(*types.Basic)
	if !ok || basic.Info()&types.IsUntyped == 0 {
		f.binds = append(f.binds, fmt.Sprintf("%q: reflect.ValueOf(%s),", name, ref))
		return
	}
	// Untyped constants keep their exact value as text; the bound value is
	// only an approximation for reflection, in a type wide enough to hold it.
	kind := untyped.GoUntypedToKind(basic.Kind())
	if s := untyped.Marshal(kind, obj.Val()); s != "" {
		f.untypeds = append(f.untypeds, fmt.Sprintf("%q: %q,", name, s))
	}
	conv, ok := intConversion(obj.Val())
	if !ok {
		return // an integer no Go integer type holds: Untypeds has it
	}
	if conv != "" {
		ref = conv + "(" + ref + ")"
	}
	f.binds = append(f.binds, fmt.Sprintf("%q: reflect.ValueOf(%s),", name, ref))
}

// intConversion names the type an untyped constant is converted to before
// binding: empty for the default type, false when none fits.
func intConversion(v constant.Value) (string, bool) {
	if v.Kind() != constant.Int {
		return "", true
	}
	if i, exact := constant.Int64Val(v); exact {
		switch {
		case i >= math.MinInt32 && i <= math.MaxInt32:
			return "", true
		default:
			return "int64", true
		}
	}
	if _, exact := constant.Uint64Val(v); exact {
		return "uint64", true
	}
	return "", false
}

func (f *file) typeName(obj *types.TypeName, ref string) {
	name := obj.Name()
	if isGeneric(obj) {
		return
	}
	f.types = append(f.types, fmt.Sprintf("%q: reflect.TypeOf((*%s)(nil)).Elem(),", name, ref))
	if obj.IsAlias() {
		return // the aliased type's own package binds its methods and proxy
	}
	switch u := obj.Type().Underlying().(type) {
	case *types.Interface:
		if f.canProxy(u) {
			proxy := f.proxy(name, u)
			f.proxies = append(f.proxies, fmt.Sprintf("%q: reflect.TypeOf((*%s)(nil)).Elem(),", name, proxy))
		}
	case *types.Struct:
		if w := promoted(obj.Type()); len(w) > 0 {
			f.wrappers = append(f.wrappers, fmt.Sprintf("%q: {%s},", name, quoteAll(w)))
		}
	}
}

func isGeneric(obj *types.TypeName) bool {
	switch t := obj.Type().(type) {
	case *types.Named:
		return t.TypeParams().Len() > 0
	case *types.Alias:
		return t.TypeParams().Len() > 0 || hasTypeParam(types.Unalias(t))
	}
	return false
}

// promoted lists the exported methods that t's method set gets from
// embedded fields. gomacro needs them because reflect cannot tell a
// promoted method from one declared on t.
func promoted(t types.Type) []string {
	ms := types.NewMethodSet(types.NewPointer(t))
	var names []string
	for i := 0; i < ms.Len(); i++ {
		sel := ms.At(i)
		if sel.Obj().Exported() && len(sel.Index()) > 1 {
			names = append(names, sel.Obj().Name())
		}
	}
	sort.Strings(names)
	return names
}

// canProxy reports whether an interpreted type can be given a compiled
// proxy for iface: all methods exported and nameable from outside.
func (f *file) canProxy(iface *types.Interface) bool {
	if !iface.IsMethodSet() || iface.NumMethods() == 0 {
		return false
	}
	for i := 0; i < iface.NumMethods(); i++ {
		m := iface.Method(i)
		if !m.Exported() || !nameable(m.Type(), 0) {
			return false
		}
	}
	return true
}

// nameable reports whether t can be spelled in a file outside its package.
func nameable(t types.Type, depth int) bool {
	if depth > 20 {
		return false
	}
	switch t := t.(type) {
	case *types.Basic:
		return t.Kind() != types.UnsafePointer
	case *types.Alias:
		return nameableObj(t.Obj()) || nameable(types.Unalias(t), depth+1)
	case *types.Named:
		if !nameableObj(t.Obj()) {
			return false
		}
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if !nameable(t.TypeArgs().At(i), depth+1) {
				return false
			}
		}
		return true
	case *types.Pointer:
		return nameable(t.Elem(), depth+1)
	case *types.Slice:
		return nameable(t.Elem(), depth+1)
	case *types.Array:
		return nameable(t.Elem(), depth+1)
	case *types.Chan:
		return nameable(t.Elem(), depth+1)
	case *types.Map:
		return nameable(t.Key(), depth+1) && nameable(t.Elem(), depth+1)
	case *types.Signature:
		return tupleNameable(t.Params(), depth) && tupleNameable(t.Results(), depth)
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			if !t.Field(i).Exported() || !nameable(t.Field(i).Type(), depth+1) {
				return false
			}
		}
		return true
	case *types.Interface:
		for i := 0; i < t.NumMethods(); i++ {
			if !t.Method(i).Exported() || !nameable(t.Method(i).Type(), depth+1) {
				return false
			}
		}
		return t.IsMethodSet()
	}
	return false
}

func nameableObj(obj *types.TypeName) bool {
	if obj.Pkg() == nil {
		return true // error, comparable, any
	}
	return obj.Exported() && !isInternal(obj.Pkg().Path())
}

func tupleNameable(tup *types.Tuple, depth int) bool {
	for i := 0; i < tup.Len(); i++ {
		if !nameable(tup.At(i).Type(), depth+1) {
			return false
		}
	}
	return true
}

func hasTypeParam(t types.Type) bool {
	_, ok := t.(*types.TypeParam)
	return ok
}

// proxy writes a struct that implements iface by calling one function field
// per method, the receiver object first, as gomacro expects: field Object,
// then Method_ fields in reflect's (sorted) method order.
func (f *file) proxy(name string, iface *types.Interface) string {
	proxy := "P_" + strings.NewReplacer("/", "_", ".", "_", "-", "_").Replace(f.pkg.Path()) + "_" + name
	methods := make([]*types.Func, iface.NumMethods())
	for i := range methods {
		methods[i] = iface.Method(i)
	}
	sort.Slice(methods, func(i, j int) bool { return methods[i].Name() < methods[j].Name() })

	d := &f.decls
	fmt.Fprintf(d, "\n// %s lets interpreted types implement %s.%s.\ntype %s struct {\n\tObject interface{}\n", proxy, f.pkg.Name(), name, proxy)
	for _, m := range methods {
		sig := m.Type().(*types.Signature)
		fmt.Fprintf(d, "\t%s_ func(interface{}%s)%s\n", m.Name(), f.params(sig, typesOnly), f.results(sig))
	}
	fmt.Fprintf(d, "}\n")
	for _, m := range methods {
		sig := m.Type().(*types.Signature)
		fmt.Fprintf(d, "\nfunc (p *%s) %s(%s)%s {\n\t", proxy, m.Name(), strings.TrimPrefix(f.params(sig, declare), ", "), f.results(sig))
		if sig.Results().Len() > 0 {
			d.WriteString("return ")
		}
		fmt.Fprintf(d, "p.%s_(p.Object%s)\n}\n", m.Name(), f.params(sig, call))
	}
	return proxy
}

// How params spells a parameter list.
const (
	declare   = iota // a0 T0, a1 T1
	typesOnly        // T0, T1
	call             // a0, a1...
)

// params writes sig's parameters, each after a comma, in the given form.
func (f *file) params(sig *types.Signature, form int) string {
	var b strings.Builder
	n := sig.Params().Len()
	for i := 0; i < n; i++ {
		b.WriteString(", ")
		t := sig.Params().At(i).Type()
		last := i == n-1 && sig.Variadic()
		if form != typesOnly {
			fmt.Fprintf(&b, "a%d", i)
		}
		switch {
		case form == call && last:
			b.WriteString("...")
		case form == call:
		case last:
			b.WriteString(" ..." + f.typeString(t.(*types.Slice).Elem()))
		default:
			b.WriteString(" " + f.typeString(t))
		}
	}
	return b.String()
}

func (f *file) results(sig *types.Signature) string {
	res := sig.Results()
	switch res.Len() {
	case 0:
		return ""
	case 1:
		return " " + f.typeString(res.At(0).Type())
	}
	parts := make([]string, res.Len())
	for i := range parts {
		parts[i] = f.typeString(res.At(i).Type())
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func (f *file) typeString(t types.Type) string {
	return types.TypeString(t, f.alias)
}

// alias returns the local name of pkg's import in this file, adding the
// import; names are made unique with a numeric suffix.
func (f *file) alias(pkg *types.Package) string {
	if a, ok := f.aliases[pkg.Path()]; ok {
		return a
	}
	a := pkg.Name()
	for i := 2; f.taken[a]; i++ {
		a = pkg.Name() + strconv.Itoa(i)
	}
	f.taken[a] = true
	f.aliases[pkg.Path()] = a
	return a
}

func (f *file) bytes() ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by bindgen from packages.txt; DO NOT EDIT.\n\npackage imports\n\nimport (\n")
	if len(f.binds)+len(f.types) == 0 {
		delete(f.aliases, f.pkg.Path()) // nothing to bind but the name
	} else {
		fmt.Fprintf(&b, "\t\"reflect\"\n\n")
	}
	fmt.Fprintf(&b, "\t\"github.com/cosmos72/gomacro/imports\"\n")
	paths := make([]string, 0, len(f.aliases))
	for p := range f.aliases {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(&b, "\t%s %q\n", f.aliases[p], p)
	}
	fmt.Fprintf(&b, ")\n\nfunc init() {\n\tPrebuilt = append(Prebuilt, %q)\n", f.pkg.Path())
	fmt.Fprintf(&b, "\timports.Packages.MergePackage(%q, imports.PackageUnderlying{\n\t\tName: %q,\n", f.pkg.Path(), f.pkg.Name())
	section(&b, "Binds", "map[string]reflect.Value", f.binds)
	section(&b, "Types", "map[string]reflect.Type", f.types)
	section(&b, "Proxies", "map[string]reflect.Type", f.proxies)
	section(&b, "Untypeds", "map[string]string", f.untypeds)
	section(&b, "Wrappers", "map[string][]string", f.wrappers)
	b.WriteString("\t})\n}\n")
	b.Write(f.decls.Bytes())
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting generated code: %v\n%s", err, b.Bytes())
	}
	return src, nil
}

func section(b *bytes.Buffer, field, typ string, entries []string) {
	if len(entries) == 0 {
		return
	}
	fmt.Fprintf(b, "\t\t%s: %s{\n", field, typ)
	for _, e := range entries {
		fmt.Fprintf(b, "\t\t\t%s\n", e)
	}
	b.WriteString("\t\t},\n")
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

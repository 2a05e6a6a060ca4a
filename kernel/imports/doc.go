// Package imports links compiled packages into the sgdminima kernel, so
// that importing them in a notebook cell is instant and needs no Go
// toolchain at run time.
//
// packages.txt lists what is prebuilt; the zz_*.go files are generated from
// it by kernel/bindgen. After editing the list, or changing the exported API
// of a listed package, run
//
//	go generate ./kernel/imports
//
// A test in kernel/bindgen fails while the committed files are stale.
package imports

//go:generate go run ../bindgen -list packages.txt -o .

// Prebuilt lists the import paths bound by this package, in file order.
// The kernel imports them once at start-up, in the background, so that a
// cell's first import of them is instant.
var Prebuilt []string

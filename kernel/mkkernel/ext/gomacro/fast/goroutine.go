//go:build ignore

// This file is added to gomacro's fast package by mkkernel.

package fast

import (
	"fmt"
	"os"
)

// recoverGoroutine ends a goroutine that interpreted code started and that
// panicked, with a report on standard error (the running cell's output
// while a cell runs), instead of letting the panic end the kernel.
func recoverGoroutine() {
	if r := recover(); r != nil {
		fmt.Fprintf(os.Stderr, "panic in a goroutine started by a cell: %v\n(the goroutine ended; the kernel and its variables are intact)\n", r)
	}
}

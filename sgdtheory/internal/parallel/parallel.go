// Package parallel runs the worker loops of sgdtheory's packages so that a
// panic in a worker never escapes its goroutine: an unrecovered panic there
// would kill the whole process, and with it the notebook kernel. A panic is
// recovered, turned into a *PanicError and returned by the function that
// started the goroutines.
package parallel

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// PanicError is a recovered panic, as an error.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the stack of the goroutine that panicked
}

// Error returns "panic: " and the panic value; the stack is left out of
// the message and kept in Stack.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the panic value if it is an error, so that errors.Is and
// errors.As see through the panic.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Catch calls f and returns its error, or a *PanicError if f panics.
func Catch(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &PanicError{Value: p, Stack: debug.Stack()}
		}
	}()
	return f()
}

// Recover, deferred by a function with a named error result, turns a
// panic of that function (of a caller's callback, say) into a *PanicError
// stored in *err after prefix: defer parallel.Recover(&err, "pkg: Func: ").
func Recover(err *error, prefix string) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("%s%w", prefix, &PanicError{Value: p, Stack: debug.Stack()})
	}
}

// For calls f(w, i) for i = 0, …, n−1 on min(workers, n) goroutines
// (workers ≤ 0 means GOMAXPROCS), the caller's goroutine being one of them,
// so no item waits for a goroutine to be scheduled. Items are handed out in
// increasing order; each goroutine first makes its own state w with newW.
// A panic in newW or f becomes a *PanicError. After the first error no new
// item is handed out, and For returns the error of the lowest item that
// failed (or of newW), once every goroutine has stopped.
func For[W any](n, workers int, newW func() W, f func(w W, i int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		mu     sync.Mutex
		next   int
		failed bool
		first  = n // item of err; n for an error of newW
		err    error
	)
	fail := func(i int, e error) {
		mu.Lock()
		defer mu.Unlock()
		failed = true
		if err == nil || i < first {
			first, err = i, e
		}
	}
	work := func() {
		i := -1
		if e := Catch(func() error {
			w := newW()
			for {
				mu.Lock()
				stop := failed || next >= n
				i = next
				next++
				mu.Unlock()
				if stop {
					i = -1
					return nil
				}
				if e := f(w, i); e != nil {
					return e
				}
			}
		}); e != nil {
			if i < 0 {
				i = n
			}
			fail(i, e)
		}
	}
	var wg sync.WaitGroup
	for range min(workers, n) - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	if n > 0 {
		work()
	}
	wg.Wait()
	return err
}

// Do is For without per-goroutine state.
func Do(n, workers int, f func(i int) error) error {
	return For(n, workers, func() struct{} { return struct{}{} }, func(_ struct{}, i int) error { return f(i) })
}

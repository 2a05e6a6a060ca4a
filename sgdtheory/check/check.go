package check

import (
	"fmt"
	"io"
	"math"
	"os"
)

// Output is where the checks print their reports; nil means os.Stdout at
// the time of the check, which the kernel points at the running cell.
var Output io.Writer

func out() io.Writer {
	if Output == nil {
		return os.Stdout
	}
	return Output
}

// Within returns nil when measured is within relative tolerance tol of
// predicted, |measured − predicted| ≤ tol·|predicted|, and an error saying
// by how much it is not otherwise. NaN or Inf values and tol < 0 are errors.
func Within(measured, predicted, tol float64) error {
	if bad(measured) || bad(predicted) {
		return fmt.Errorf("check: measured %v and predicted %v must be finite", measured, predicted)
	}
	if tol < 0 || bad(tol) {
		return fmt.Errorf("check: tolerance %v must be finite and ≥ 0", tol)
	}
	rel := relErr(measured, predicted)
	if math.Abs(measured-predicted) > tol*math.Abs(predicted) {
		return fmt.Errorf("measured %.6g vs predicted %.6g: relative error %s exceeds tolerance %s",
			measured, predicted, percent(rel), percent(tol))
	}
	return nil
}

// Close prints a one-line report of measured vs predicted and panics with
// that report when they differ by more than relative tolerance tol. In a
// notebook the panic fails the cell, and the kernel lives on; outside
// notebooks, use Within.
func Close(name string, measured, predicted, tol float64) {
	err := Within(measured, predicted, tol)
	report := fmt.Sprintf("%s: measured %.6g vs predicted %.6g, relative error %s (tolerance %s)",
		name, measured, predicted, percent(relErr(measured, predicted)), percent(tol))
	if err != nil {
		fmt.Fprintln(out(), "✗ "+report)
		panic("check failed: " + name + ": " + err.Error())
	}
	fmt.Fprintln(out(), "✓ "+report)
}

// CloseAbs is Close with an absolute tolerance, for predictions at or near
// zero: it fails when |measured − predicted| > tol.
func CloseAbs(name string, measured, predicted, tol float64) {
	diff := math.Abs(measured - predicted)
	report := fmt.Sprintf("%s: measured %.6g vs predicted %.6g, absolute error %.3g (tolerance %.3g)",
		name, measured, predicted, diff, tol)
	if bad(measured) || bad(predicted) || tol < 0 || !(diff <= tol) {
		fmt.Fprintln(out(), "✗ "+report)
		panic("check failed: " + report)
	}
	fmt.Fprintln(out(), "✓ "+report)
}

// True prints what was claimed and panics when it does not hold, for
// checks of a direction (a correlation is negative, one value exceeds
// another) rather than of a value.
func True(claim string, ok bool) {
	if !ok {
		fmt.Fprintln(out(), "✗ "+claim)
		panic("check failed: " + claim)
	}
	fmt.Fprintln(out(), "✓ "+claim)
}

func bad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

func relErr(measured, predicted float64) float64 {
	if predicted == 0 {
		return math.Inf(1)
	}
	return math.Abs(measured-predicted) / math.Abs(predicted)
}

func percent(x float64) string {
	if math.IsInf(x, 1) {
		return "∞"
	}
	return fmt.Sprintf("%.3g%%", 100*x)
}

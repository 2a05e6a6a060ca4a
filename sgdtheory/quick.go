package sgdtheory

import "os"

// QuickEnv is the environment variable that switches the notebooks to quick
// mode: set to 1, experiments shrink so that every notebook runs in CI in
// minutes; unset, they run at the scale of the committed outputs.
const QuickEnv = "SGDMINIMA_QUICK"

// Quick reports whether quick mode is on.
func Quick() bool {
	return os.Getenv(QuickEnv) == "1"
}

// Choose returns quick in quick mode and full otherwise, so that a notebook
// sizes an experiment in one line and both modes run the same code.
func Choose(full, quick int) int {
	if Quick() {
		return quick
	}
	return full
}

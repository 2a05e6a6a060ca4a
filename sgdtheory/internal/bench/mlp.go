package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/sgdminima/sgdminima/sgdtheory/curvature"
	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
	"github.com/sgdminima/sgdminima/sgdtheory/train"
)

// The benchmark network of the issue and of notes/performance.md.
var widths = []int{784, 256, 256, 256, 10}

var batchSizes = []int{32, 128, 512}

// curvSample is the sample of the λ_max measurement (curvature.DefaultSample).
const curvSample = curvature.DefaultSample

// fashion loads Fashion-MNIST standardised with the training set's moments,
// as the anchor does.
func fashion() (*data.Set, error) {
	tr, _, err := data.FashionMNIST("")
	if err != nil {
		return nil, err
	}
	m, sd := tr.MeanStd()
	return tr.Normalize(m, sd)
}

// mlpBench prints the training, Hessian-vector and λ_max lines, ours beside
// PyTorch's, and the peak memory of a training run.
func mlpBench() error {
	set, err := fashion()
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: MLP %v on Fashion-MNIST, matrix products by %s, %d cores\n", widths, mlp.BLAS(), runtime.GOMAXPROCS(0))
	ours := map[string]float64{}
	for _, S := range batchSizes {
		r, err := epochRate(set, S)
		if err != nil {
			return err
		}
		ours[fmt.Sprintf("train_S%d", S)] = r
	}
	args := []string{"train"}
	for _, S := range batchSizes {
		args = append(args, strconv.Itoa(S))
	}
	anchor, err := torchAnchor(args...)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: PyTorch anchor failed (install python3-torch): %v\n", err)
	}
	for _, S := range batchSizes {
		k := fmt.Sprintf("train_S%d", S)
		line(fmt.Sprintf("mlp_train_samples_per_s_S%d", S), ours[k]/1e3, anchor[k]/1e3, "k/s")
	}

	gradS, hvpS, lanczosS, steps, err := curvatureTimes(set)
	if err != nil {
		return err
	}
	anchor, err = torchAnchor("curv", strconv.Itoa(curvSample), strconv.Itoa(steps))
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: PyTorch anchor failed: %v\n", err)
	}
	line("hvp_cost_in_gradients", hvpS/gradS, anchor["hvp_s"]/anchor["grad_s"], "x")
	line(fmt.Sprintf("lambda_max_lanczos_%d_steps_%d_samples", steps, curvSample), lanczosS, anchor["lanczos_s"], "s")

	slqS, frobS, err := spectrumTimes(set)
	if err != nil {
		return err
	}
	anchor, err = torchAnchor("spectrum", strconv.Itoa(curvSample), strconv.Itoa(slqStarts), strconv.Itoa(slqSteps), strconv.Itoa(frobProbes))
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: PyTorch anchor failed: %v\n", err)
	}
	line(fmt.Sprintf("slq_density_%dx%d_hvps_%d_samples", slqStarts, slqSteps, curvSample), slqS, anchor["slq_s"], "s")
	line(fmt.Sprintf("frobenius_hutchinson_%d_hvps_%d_samples", frobProbes, curvSample), frobS, anchor["frob_s"], "s")

	peak, err := peakMemory()
	if err != nil {
		return err
	}
	line("train_epoch_peak_rss", peak, 0, "MiB")
	return nil
}

// epochRate returns samples/s of one epoch of train.SGD on set, the best of
// two runs.
func epochRate(set *data.Set, S int) (float64, error) {
	best := 0.0
	for i := range 2 {
		net, err := mlp.New(widths, uint64(i+1))
		if err != nil {
			return 0, err
		}
		cfg := train.SGD{Eta: train.Constant{Value: 0.01}, S: train.Constant{Value: float64(S)}, Epochs: 1, Seed: uint64(i + 1)}
		start := time.Now()
		if _, err := cfg.Run(net, set); err != nil {
			return 0, err
		}
		best = max(best, float64(set.Len()/S*S)/time.Since(start).Seconds())
	}
	return best, nil
}

// curvatureTimes returns the seconds of a gradient and of a Hessian-vector
// product on the first curvSample examples, and of λ_max by Lanczos there,
// with the number of Lanczos steps it took (the anchor runs as many).
func curvatureTimes(set *data.Set) (grad, hvp, lanczos float64, steps int, err error) {
	net, err := mlp.New(widths, 1)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	idx := make([]int, curvSample)
	for i := range idx {
		idx[i] = i
	}
	g := make([]float32, net.NumParams())
	grad = best(5, func() error { _, _, err := net.Grad32(g, set, idx); return err })
	h, err := curvature.Exact(net, set, idx)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	v := make([]float64, net.NumParams())
	dst := make([]float64, len(v))
	for i := range v {
		v[i] = float64(i%7) - 3
	}
	hvp = best(5, func() error { h(dst, v); return nil })
	lanczos = best(3, func() error {
		r, err := curvature.Lanczos{}.Top(h, net.NumParams())
		if err == nil {
			steps = r.Steps
		}
		return err
	})
	return grad, hvp, lanczos, steps, nil
}

// The spectral measurements: SLQ with slqStarts × slqSteps products and
// ‖H‖_F by Hutchinson with frobProbes products (the anchor does the same).
const (
	slqStarts  = 4
	slqSteps   = 30
	frobProbes = 20
)

// spectrumTimes returns the seconds of curvature.SLQ's density and of
// Hutchinson's ‖H‖_F on the first curvSample examples of an initial network.
func spectrumTimes(set *data.Set) (slq, frob float64, err error) {
	net, err := mlp.New(widths, 1)
	if err != nil {
		return 0, 0, err
	}
	idx := make([]int, curvSample)
	for i := range idx {
		idx[i] = i
	}
	h, err := curvature.Exact(net, set, idx)
	if err != nil {
		return 0, 0, err
	}
	dim := net.NumParams()
	slq = best(2, func() error {
		_, err := curvature.SLQ{Starts: slqStarts, Steps: slqSteps, Seed: 1}.Spectrum(h, dim)
		return err
	})
	frob = best(2, func() error {
		_, err := curvature.Hutchinson{Probes: frobProbes, Seed: 1}.Frobenius(h, dim)
		return err
	})
	return slq, frob, nil
}

// best returns the shortest of n timings of f in seconds (0 on error).
func best(n int, f func() error) float64 {
	b := 0.0
	for i := range n {
		start := time.Now()
		if err := f(); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			return 0
		}
		if s := time.Since(start).Seconds(); i == 0 || s < b {
			b = s
		}
	}
	return b
}

// torchAnchor runs torch_anchor.py with args and returns its "name value
// threads" lines as a map.
func torchAnchor(args ...string) (map[string]float64, error) {
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "torch_anchor.py")
	dir := os.Getenv(data.FashionMNISTEnv)
	if dir == "" {
		dir = data.FashionMNISTDir
	}
	cmd := exec.Command("/usr/bin/python3", append([]string{script, dir}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	res := map[string]float64{}
	if err := cmd.Run(); err != nil {
		return res, err
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return res, fmt.Errorf("anchor line %q: %v", sc.Text(), err)
		}
		res[f[0]] = v
		fmt.Fprintf(os.Stderr, "bench: PyTorch %s fastest with %s thread(s)\n", f[0], f[2])
	}
	return res, nil
}

// peakMemory runs this program again as "bench -train-epoch", which loads
// Fashion-MNIST and trains the benchmark network for one epoch at S = 128,
// and returns the child's peak resident set (VmHWM) in MiB.
func peakMemory() (float64, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	out, err := exec.Command(exe, "-train-epoch").Output()
	if err != nil {
		return 0, fmt.Errorf("peak memory run: %v", err)
	}
	return strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
}

// trainEpoch is the child of peakMemory: it prints its own VmHWM in MiB.
func trainEpoch() error {
	set, err := fashion()
	if err != nil {
		return err
	}
	net, err := mlp.New(widths, 1)
	if err != nil {
		return err
	}
	cfg := train.SGD{Eta: train.Constant{Value: 0.01}, S: train.Constant{Value: 128}, Epochs: 1, Seed: 1, Val: set}
	if _, err := cfg.Run(net, set); err != nil {
		return err
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return err
	}
	for _, l := range strings.Split(string(status), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return err
			}
			fmt.Printf("%.1f\n", kb/1024)
			return nil
		}
	}
	return fmt.Errorf("no VmHWM in /proc/self/status")
}

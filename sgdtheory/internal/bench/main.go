package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/sgdminima/sgdminima/sgdtheory/fokkerplanck"
	"github.com/sgdminima/sgdminima/sgdtheory/landscape"
	"github.com/sgdminima/sgdminima/sgdtheory/langevin"
)

// The workload both sides run: the notebooks' double well, 10⁵ particles.
const (
	particles = 100000
	steps     = 2000
	eta       = 0.01
	sigma     = 3.0
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-train-epoch" {
		if err := trainEpoch(); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	ours, err := ensembleRate()
	if err != nil {
		return err
	}
	anchor, err := numpyRate()
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: numpy anchor failed (install python3-numpy): %v\n", err)
	}
	line(fmt.Sprintf("langevin_particle_steps_%dcores", runtime.GOMAXPROCS(0)), ours/1e6, anchor/1e6, "M/s")

	solve, err := stationarySolve()
	if err != nil {
		return err
	}
	line("fokkerplanck_stationary_1e4_cells", solve*1e3, 0, "ms")
	return mlpBench()
}

// ensembleRate returns particle-steps per second of langevin.Ensemble, the
// best of three runs.
func ensembleRate() (float64, error) {
	well := landscape.StandardWell()
	best := 0.0
	for i := 0; i < 3; i++ {
		e := langevin.Ensemble{Surface: well, Eta: eta, S: 1, Noise: langevin.Noise{Sigma: sigma},
			Particles: particles, Seed: uint64(i + 1), Start: []float64{well.XB}}
		start := time.Now()
		if _, err := e.Run(steps); err != nil {
			return 0, err
		}
		if r := particles * steps / time.Since(start).Seconds(); r > best {
			best = r
		}
	}
	return best, nil
}

// numpyRate runs anchor.py with the same workload and well parameters.
func numpyRate() (float64, error) {
	w := landscape.StandardWell()
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "anchor.py")
	args := []string{script}
	for _, v := range []float64{particles, steps, eta, sigma, w.XA, w.LA, w.HA, w.XB, w.LB, w.HB} {
		args = append(args, strconv.FormatFloat(v, 'g', -1, 64))
	}
	cmd := exec.Command("/usr/bin/python3", args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return 0, err
	}
	return strconv.ParseFloat(strings.TrimSpace(out.String()), 64)
}

// stationarySolve returns the seconds of NewLine + Stationary on 10⁴ cells,
// the best of five.
func stationarySolve() (float64, error) {
	well := landscape.StandardWell()
	g := fokkerplanck.Grid{Lo: -2.5, Hi: 2.5, Cells: 10000}
	best := 0.0
	for i := 0; i < 5; i++ {
		start := time.Now()
		l, err := fokkerplanck.NewLine(well, eta, 1, sigma*sigma, g)
		if err != nil {
			return 0, err
		}
		if _, err := l.Stationary(); err != nil {
			return 0, err
		}
		if s := time.Since(start).Seconds(); i == 0 || s < best {
			best = s
		}
	}
	return best, nil
}

func line(name string, ours, anchor float64, unit string) {
	a, ratio := "-", "-"
	if anchor > 0 {
		a, ratio = fmt.Sprintf("%.3g", anchor), fmt.Sprintf("%.3g", ours/anchor)
	}
	fmt.Printf("BENCH name=%s ours=%.3g anchor=%s unit=%s ratio=%s\n", name, ours, a, unit, ratio)
}

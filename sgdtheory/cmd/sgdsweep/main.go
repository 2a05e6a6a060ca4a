// Command sgdsweep runs a notebook's training runs as the tasks of a
// cluster job and gathers them back into the notebook's cache:
//
//	sgdsweep plan SPEC              check the spec; list its tasks
//	sgdsweep run SPEC [-task I]     train task I (default: $SLURM_ARRAY_TASK_ID, else $JOB_COMPLETION_INDEX)
//	sgdsweep status SPEC            which tasks are done, missing or corrupt
//	sgdsweep gather SPEC [-partial] merge the results into the notebook's cache file
//
// A task uses $SLURM_CPUS_PER_TASK cores when set (its numbers do not
// depend on it). See package sweep.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/sgdminima/sgdminima/sgdtheory/sweep"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sgdsweep:", err)
		os.Exit(1)
	}
}

const usage = "usage: sgdsweep plan|run|status|gather SPEC [-task I] [-partial]"

func run(args []string) error {
	if len(args) < 2 {
		return errors.New(usage)
	}
	cmd := args[0]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	task := fs.Int("task", -1, "the task to run (default: from the engine's environment)")
	partial := fs.Bool("partial", false, "gather the tasks that are done, even if others are missing")
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	s, err := sweep.Read(args[1])
	if err != nil {
		return err
	}
	switch cmd {
	case "plan":
		fmt.Printf("%d tasks; results in %s, gathered into %s\n", len(s.Runs), s.Results, s.Cache)
		var measures []string
		if s.Measure != nil {
			measures = append(measures, fmt.Sprintf("%q (%s)", s.Measure.Name, s.Measure.Kind))
		}
		for _, m := range s.Extra {
			measures = append(measures, fmt.Sprintf("%q (%s)", m.Name, m.Kind))
		}
		if len(measures) > 0 {
			fmt.Printf("each final network measured: %s\n", strings.Join(measures, ", "))
		}
		fmt.Printf("%5s  %-8s %10s %6s %6s %7s %8s  %s\n", "task", "train", "η", "S", "seed", "epochs", "corrupt", "result file")
		for i, r := range s.Runs {
			name, _ := s.Name(i)
			fmt.Printf("%5d  %-8s %10g %6d %6d %7d %8g  %s\n", i, r.Train, r.Eta, r.S, r.Seed, r.Epochs, r.Corrupt, name)
		}
		return nil
	case "run":
		i, err := taskIndex(*task)
		if err != nil {
			return err
		}
		if n, err := strconv.Atoi(os.Getenv("SLURM_CPUS_PER_TASK")); err == nil && n > 0 {
			runtime.GOMAXPROCS(n)
		}
		return s.Task(i, os.Stderr)
	case "status":
		fmt.Println(s.Status())
		return nil
	case "gather":
		t, err := s.Gather(*partial)
		if err != nil {
			return err
		}
		fmt.Printf("gathered %d of %d runs into %s\n", len(t.Runs), len(s.Runs), s.Cache)
		return nil
	}
	return fmt.Errorf("unknown command %q; %s", cmd, usage)
}

// taskIndex returns the task flag, or the index the engine gives the task.
func taskIndex(flagged int) (int, error) {
	if flagged >= 0 {
		return flagged, nil
	}
	for _, v := range []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"} {
		if s := os.Getenv(v); s != "" {
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 {
				return 0, fmt.Errorf("%s = %q: want a task index ≥ 0", v, s)
			}
			return i, nil
		}
	}
	return 0, errors.New("no task: give -task I, or run as a Slurm array task or a Kubernetes Indexed Job")
}

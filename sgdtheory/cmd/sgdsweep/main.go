// Command sgdsweep runs a notebook's training runs as the tasks of a
// cluster job and gathers them back into the notebook's cache:
//
//	sgdsweep plan SPEC [-runs-per-task K]           check the spec; list its runs and tasks
//	sgdsweep prepare SPEC                           make the spec's data sets once, for every task to read
//	sgdsweep run SPEC [-task I] [-runs-per-task K]  train task I (default: $SLURM_ARRAY_TASK_ID, else $JOB_COMPLETION_INDEX)
//	sgdsweep status SPEC                            which runs are done, missing or corrupt
//	sgdsweep gather SPEC [-partial]                 merge the results into the notebook's cache file
//
// Task I trains run I, or with K runs per task runs I·K to I·K+K−1, one
// after another in one process. A task uses $SLURM_CPUS_PER_TASK cores
// when set (its numbers do not depend on them). Without prepare, the
// first task to need a data set makes it from the installed data (seconds
// of parsing) and keeps it for the others. See package sweep.
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

const usage = "usage: sgdsweep plan|prepare|run|status|gather SPEC [-task I] [-runs-per-task K] [-partial]"

func run(args []string) error {
	if len(args) < 2 {
		return errors.New(usage)
	}
	cmd := args[0]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	task := fs.Int("task", -1, "the task to run (default: from the engine's environment)")
	partial := fs.Bool("partial", false, "gather the runs that are done, even if others are missing")
	perTask := fs.Int("runs-per-task", 1, "runs each task trains, one after another")
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	s, err := sweep.Read(args[1])
	if err != nil {
		return err
	}
	switch cmd {
	case "plan":
		if *perTask < 1 {
			return fmt.Errorf("-runs-per-task %d: want ≥ 1", *perTask)
		}
		tasks := (len(s.Runs) + *perTask - 1) / *perTask
		fmt.Printf("%d runs in %d tasks of %d; results in %s, gathered into %s\n", len(s.Runs), tasks, *perTask, s.Results, s.Cache)
		fmt.Printf("once, before submitting: sgdsweep prepare %s\n", args[1])
		fmt.Printf("Slurm: sbatch --array=0-%d docker/cluster/sgdsweep.sbatch %s %d\n", tasks-1, args[1], *perTask)
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
		fmt.Printf("%5s %5s  %-8s %10s %6s %6s %7s %8s  %s\n", "run", "task", "train", "η", "S", "seed", "epochs", "corrupt", "result file")
		for i, r := range s.Runs {
			name, _ := s.Name(i)
			fmt.Printf("%5d %5d  %-8s %10g %6d %6d %7d %8g  %s\n", i, i / *perTask, r.Train, r.Eta, r.S, r.Seed, r.Epochs, r.Corrupt, name)
		}
		return nil
	case "prepare":
		return s.Prepare(os.Stdout)
	case "run":
		i, err := taskIndex(*task)
		if err != nil {
			return err
		}
		if n, err := strconv.Atoi(os.Getenv("SLURM_CPUS_PER_TASK")); err == nil && n > 0 {
			runtime.GOMAXPROCS(n)
		}
		runs, err := s.Chunk(i, *perTask)
		if err != nil {
			return err
		}
		return s.Train(runs, os.Stderr)
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

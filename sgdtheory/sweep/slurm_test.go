package sweep

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sgdminima/sgdminima/sgdtheory/curvature"
	"github.com/sgdminima/sgdminima/sgdtheory/data"
	"github.com/sgdminima/sgdminima/sgdtheory/grid"
	"github.com/sgdminima/sgdminima/sgdtheory/mlp"
)

// slurm is a single-node Slurm cluster of this machine, private to a test:
// its own munged, slurmctld and slurmd, state in a temporary folder, all
// stopped and removed when the test ends, also when it fails.
type slurm struct {
	t     *testing.T
	state string
	env   []string
	procs []*exec.Cmd
}

func startSlurm(t *testing.T) *slurm {
	for _, bin := range []string{"munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is not installed: `make cluster-test` installs Debian's slurm-wlm and munge", bin)
		}
	}
	state, err := os.MkdirTemp("", "sgdminima-slurm-")
	if err != nil {
		t.Fatal(err)
	}
	s := &slurm{t: t, state: state}
	t.Cleanup(s.stop)
	for _, d := range []string{"ctld", "spool", "log", "out", "munge"} {
		os.MkdirAll(filepath.Join(state, d), 0o755)
	}
	os.Chmod(state, 0o755) // munged wants its socket folder reachable by all
	host, _ := os.Hostname()
	host, _, _ = strings.Cut(host, ".")
	conf := filepath.Join(state, "slurm.conf")
	os.WriteFile(conf, []byte(fmt.Sprintf(`ClusterName=sgdminima
SlurmctldHost=%[1]s
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=%[2]s/munge/munge.sock
StateSaveLocation=%[2]s/ctld
SlurmdSpoolDir=%[2]s/spool
SlurmctldPidFile=%[2]s/slurmctld.pid
SlurmdPidFile=%[2]s/slurmd.pid
SlurmctldLogFile=%[2]s/log/slurmctld.log
SlurmdLogFile=%[2]s/log/slurmd.log
SlurmctldPort=%[3]d
SlurmdPort=%[4]d
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
NodeName=%[1]s NodeAddr=127.0.0.1 CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=%[1]s Default=YES MaxTime=INFINITE State=UP
`, host, state, 16817, 16818)), 0o644)
	s.env = append(os.Environ(), "SLURM_CONF="+conf)
	sock := filepath.Join(state, "munge", "munge.sock")
	key := filepath.Join(state, "munge", "munge.key")
	s.cmd("mungekey", "-c", "-k", key)
	s.daemon("munged", "-F", "-S", sock, "--key-file="+key, "--pid-file="+filepath.Join(state, "munge", "munged.pid"),
		"--log-file="+filepath.Join(state, "log", "munged.log"), "--seed-file="+filepath.Join(state, "munge", "seed"))
	s.until("munged's socket", func() bool { _, err := os.Stat(sock); return err == nil })
	if out, err := exec.Command("sh", "-c", "munge -S "+sock+" -n | unmunge -S "+sock).CombinedOutput(); err != nil {
		t.Fatalf("munge round trip: %v\n%s", err, out)
	}
	s.daemon("slurmctld", "-D", "-f", conf)
	s.daemon("slurmd", "-D", "-f", conf)
	s.until("the node to be idle", func() bool { return strings.TrimSpace(s.cmd("sinfo", "-h", "-o", "%T")) == "idle" })
	return s
}

// cmd runs a Slurm or munge client and returns its output.
func (s *slurm) cmd(name string, args ...string) string {
	c := exec.Command(name, args...)
	c.Env = s.env
	out, err := c.CombinedOutput()
	if err != nil {
		s.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (s *slurm) daemon(name string, args ...string) {
	c := exec.Command(name, args...)
	c.Env = s.env
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	log, _ := os.Create(filepath.Join(s.state, "log", name+".out"))
	c.Stdout, c.Stderr = log, log
	if err := c.Start(); err != nil {
		s.t.Fatalf("%s: %v", name, err)
	}
	s.procs = append(s.procs, c)
}

// until polls ok for up to a minute.
func (s *slurm) until(what string, ok func() bool) { s.within(time.Minute, what, ok) }

// within polls ok for up to d.
func (s *slurm) within(d time.Duration, what string, ok func() bool) {
	for deadline := time.Now().Add(d); !ok(); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			logs, _ := exec.Command("sh", "-c", "tail -n 20 "+filepath.Join(s.state, "log", "*")).CombinedOutput()
			s.t.Fatalf("timed out waiting for %s\n%s", what, logs)
		}
	}
}

// stop cancels every job, stops the daemons in reverse order and removes
// the state.
func (s *slurm) stop() {
	if len(s.procs) == 3 {
		me, _ := user.Current()
		c := exec.Command("scancel", "--user="+me.Username)
		c.Env = s.env
		c.Run()
	}
	for i := len(s.procs) - 1; i >= 0; i-- {
		p := s.procs[i]
		syscall.Kill(-p.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-p.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
	os.RemoveAll(s.state)
}

// array submits the array job of the project's batch script for the spec,
// with the runs per task if given, and returns its job id.
func (s *slurm) array(script, spec, sweep, tasks string, runsPerTask ...string) string {
	c := exec.Command("sbatch", append([]string{"--parsable", "--array=" + tasks, "--cpus-per-task=1",
		"--output=" + filepath.Join(s.state, "out", "task-%A_%a.out"), script, spec}, runsPerTask...)...)
	c.Env = append(s.env, "SGDSWEEP="+sweep)
	out, err := c.CombinedOutput()
	if err != nil {
		s.t.Fatalf("sbatch: %v\n%s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// wait waits until job id has left the queue; a loaded machine may take
// minutes for the tasks of the Slurm test.
func (s *slurm) wait(id string) {
	s.within(15*time.Minute, "job "+id+" to finish", func() bool { return strings.TrimSpace(s.cmd("squeue", "-h", "-j", id)) == "" })
}

// waitStamped waits until the n tasks of job id have stamped their end,
// reading their output files, and then until the job has left the queue.
// Reading a file costs the tasks nothing; a squeue every 200 ms would take
// a share of the cores they train on and slow the array it times.
func (s *slurm) waitStamped(id string, n int) {
	s.within(15*time.Minute, "the tasks of job "+id+" to end", func() bool {
		for i := range n {
			if !strings.Contains(s.output(id, i), "stamp end ") {
				return false
			}
		}
		return true
	})
	s.wait(id)
}

// output returns what array task i of job id printed.
func (s *slurm) output(id string, i int) string {
	b, _ := os.ReadFile(filepath.Join(s.state, "out", fmt.Sprintf("task-%s_%d.out", id, i)))
	return string(b)
}

// stamps returns the wall-clock times, in Unix seconds, at which the
// process of task i of job id started and ended, from the stamps of the
// test's wrapper.
func (s *slurm) stamps(id string, i int) (start, end float64) {
	for _, line := range strings.Split(s.output(id, i), "\n") {
		fmt.Sscanf(line, "stamp start %f", &start)
		fmt.Sscanf(line, "stamp end %f", &end)
	}
	if start == 0 || end == 0 {
		s.t.Fatalf("task %d of job %s: no start and end stamps:\n%s", i, id, s.output(id, i))
	}
	return start, end
}

// taskSeconds returns the wall-clock seconds that tasks 0 to n−1 of job id
// spent in sgdsweep's process.
func (s *slurm) taskSeconds(id string, n int) float64 {
	var sum float64
	for i := range n {
		start, end := s.stamps(id, i)
		sum += end - start
	}
	return sum
}

// quick07 is notebook 07's grid in quick mode: six runs of a 784-128-128-10
// network for 6 epochs on 4000 Fashion-MNIST images, validated on the
// 10 000 test images, λ_max of each final network.
func quick07(t *testing.T) (grid.Runs, map[string]Data, *Data, *Measure) {
	train, val, trainR, valR := fashion(t, 4000, 2, 0, 0)
	m := &Measure{Name: "lambda_max (Lanczos, 2000 training examples, seed 7)", Kind: "lambda_max", Seed: 7}
	g := grid.Grid{Widths: []int{784, 128, 128, 10}, Etas: []float64{0.02, 0.05}, Sizes: []int{50, 100, 250}, Seeds: []uint64{1},
		Epochs: 6, Train: train, Val: val, MeasureName: m.Name,
		Measure: func(net *mlp.Net, set *data.Set) (float64, error) { return curvature.LambdaMax(net, set, 7) }}
	r, err := g.Runs()
	if err != nil {
		t.Fatal(err)
	}
	return r, map[string]Data{grid.TrainName: trainR}, &valR, m
}

// TestSlurm runs notebook 07's quick grid as a Slurm job array on a real single-node Slurm,
// gathers it, and checks the cache against grid.Runs in process; then it
// cancels a task mid-run, resubmits the array, and checks that finished
// tasks were not recomputed. `make cluster-test` runs it.
func TestSlurm(t *testing.T) {
	if os.Getenv("SGDMINIMA_SLURM_TEST") == "" {
		t.Skip("set SGDMINIMA_SLURM_TEST=1 (make cluster-test) to start a Slurm cluster")
	}
	r, sets, val, m := quick07(t)
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	os.Mkdir(filepath.Join(dir, "results"), 0o755)
	sweep := filepath.Join(dir, "sgdsweep")
	if out, err := exec.Command("go", "build", "-o", sweep, "../cmd/sgdsweep").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// The batch script runs sgdsweep through a wrapper that stamps the
	// wall clock when the task's process starts and ends, so that the
	// overhead splits into the engine's part and ours.
	sweepBin := sweep
	sweep = filepath.Join(dir, "sgdsweep-stamped")
	os.WriteFile(sweep, []byte("#!/bin/sh\necho \"stamp start $(date +%s.%N)\" >&2\n"+sweepBin+" \"$@\"\nrc=$?\necho \"stamp end $(date +%s.%N)\" >&2\nexit $rc\n"), 0o755)
	script, _ := filepath.Abs("../../docker/cluster/sgdsweep.sbatch")
	spec, err := FromRuns(r, sets, val, m, "results", "cache.json")
	if err != nil {
		t.Fatal(err)
	}
	specPath := filepath.Join(dir, "spec.json")
	spec.Write(specPath)
	inProcess := filepath.Join(dir, "in-process.json")
	// In process, as the notebook does it: make the sets from the installed
	// data set, then train on every core. The array's tasks do the same work
	// (the first ones make the sets, the later ones read them kept).
	start := time.Now()
	list, err := spec.List()
	if err != nil {
		t.Fatal(err)
	}
	list.Workers = r.Workers
	tab, err := list.Cached(inProcess)
	if err != nil {
		t.Fatal(err)
	}
	inProcessTime := time.Since(start).Seconds()
	want := unclocked(t, inProcess)

	s := startSlurm(t)
	start = time.Now()
	id := s.array(script, specPath, sweep, "0-5")
	s.waitStamped(id, 6)
	first, _ := s.stamps(id, 0)
	for i := 1; i < 6; i++ {
		t0, _ := s.stamps(id, i)
		first = math.Min(first, t0)
	}
	// Throughput: the same runs, from the installed data to the cache, as
	// one-core array tasks against in process on both cores (ratio ≥ 1: the
	// engine costs nothing). Overhead: the core-seconds per task not spent
	// training (scheduling, start, data).
	arrayTime := time.Since(start).Seconds()
	var training float64
	for _, x := range tab.Runs {
		training += x.Seconds
	}
	fmt.Printf("BENCH name=sweep_quick07_slurm_array_vs_in_process ours=%.1f anchor=%.1f unit=s ratio=%.2f\n", arrayTime, inProcessTime, inProcessTime/arrayTime)
	fmt.Printf("BENCH name=sweep_slurm_submit_to_first_task_start ours=%.2f anchor=- unit=s ratio=-\n", first-float64(start.UnixNano())/1e9)
	fmt.Printf("BENCH name=sweep_slurm_overhead_per_task ours=%.2f anchor=- unit=core-s ratio=-\n", (2*arrayTime-training)/6)
	inTasks := s.taskSeconds(id, 6)
	fmt.Printf("BENCH name=sweep_slurm_overhead_per_task_in_engine ours=%.2f anchor=- unit=core-s ratio=-\n", (2*arrayTime-inTasks)/6)
	fmt.Printf("BENCH name=sweep_slurm_overhead_per_task_in_sgdsweep ours=%.2f anchor=- unit=core-s ratio=-\n", (inTasks-training)/6)
	gather := func() []byte {
		out, err := exec.Command(sweepBin, "gather", specPath).CombinedOutput()
		if err != nil {
			t.Fatalf("gather: %v\n%s\ntask 0 said:\n%s", err, out, s.output(id, 0))
		}
		return unclocked(t, filepath.Join(dir, "cache.json"))
	}
	if got := gather(); !bytes.Equal(got, want) {
		t.Fatalf("the gathered cache differs from grid.Runs in process")
	}

	// The engine's floor: the same array, through the same batch script, of
	// tasks that do nothing. Slurm 22.05's controller starts pending tasks
	// on a one-second tick (the background loop of slurmctld; the log's
	// "sched: Allocate" lines come a second apart), so each wave of two
	// tasks waits for it however short its tasks are. With that floor
	// added to the in-process time, the ceiling is the ratio the array
	// would reach if its tasks cost only their training.
	noop := filepath.Join(dir, "noop")
	os.WriteFile(noop, []byte("#!/bin/sh\necho \"stamp start $(date +%s.%N)\" >&2\necho \"stamp end $(date +%s.%N)\" >&2\n"), 0o755)
	start = time.Now()
	s.waitStamped(s.array(script, specPath, noop, "0-5"), 6)
	floor := time.Since(start).Seconds()
	fmt.Printf("BENCH name=sweep_slurm_array_of_6_noop_tasks ours=%.1f anchor=- unit=s ratio=- (the engine's floor: 3 waves on 2 cores)\n", floor)
	fmt.Printf("BENCH name=sweep_quick07_slurm_ceiling_from_engine_floor ours=%.1f anchor=%.1f unit=s ratio=%.2f\n", inProcessTime+floor, inProcessTime, inProcessTime/(inProcessTime+floor))

	// Drop three results, run them again, and cancel one while it trains.
	var names []string
	for i := range 6 {
		name, _ := spec.Name(i)
		names = append(names, name)
	}
	for _, i := range []int{3, 4, 5} {
		os.Remove(filepath.Join(dir, "results", names[i]))
	}
	id = s.array(script, specPath, sweep, "3-5")
	s.until("task 4 to start", func() bool {
		return strings.Contains(s.cmd("squeue", "-h", "-j", id+"_4", "-o", "%T"), "RUNNING")
	})
	s.cmd("scancel", id+"_4")
	s.wait(id)
	if _, err := os.Stat(filepath.Join(dir, "results", names[4])); err == nil {
		t.Log("task 4 finished before scancel reached it; the resubmission still must not recompute anything")
	}
	id = s.array(script, specPath, sweep, "0-5")
	s.wait(id)
	for i := range 6 {
		out := s.output(id, i)
		// Task 4 trains again if the cancel came before its result.
		if recomputed := !strings.Contains(out, "already there; nothing to do"); i != 4 && recomputed {
			t.Errorf("task %d was recomputed though its result was there:\n%s", i, out)
		}
	}
	if got := gather(); !bytes.Equal(got, want) {
		t.Fatalf("after the cancel and the resubmission the gathered cache differs from grid.Runs in process")
	}

	// The same runs as two tasks of three (one per core): each task starts
	// and reads its data once. A results folder of its own, so that these
	// tasks too make their sets from the installed data.
	os.Mkdir(filepath.Join(dir, "bundled"), 0o755)
	spec.Results, spec.Cache = "bundled", "bundled.json"
	bundledPath := filepath.Join(dir, "bundled.sweep.json")
	spec.Write(bundledPath)
	start = time.Now()
	id = s.array(script, bundledPath, sweep, "0-1", "3")
	s.waitStamped(id, 2)
	bundledTime := time.Since(start).Seconds()
	fmt.Printf("BENCH name=sweep_quick07_slurm_array_3_runs_per_task_vs_in_process ours=%.1f anchor=%.1f unit=s ratio=%.2f\n", bundledTime, inProcessTime, inProcessTime/bundledTime)
	inTasks = s.taskSeconds(id, 2)
	fmt.Printf("BENCH name=sweep_slurm_3_runs_per_task_engine_seconds_per_task ours=%.2f anchor=- unit=core-s ratio=-\n", (2*bundledTime-inTasks)/2)

	// Once more, prepared: `sgdsweep prepare` makes the data sets once,
	// before the submission (its time counted), and no task parses the
	// installed data set.
	os.Mkdir(filepath.Join(dir, "prepared"), 0o755)
	spec.Results, spec.Cache = "prepared", "prepared.json"
	preparedPath := filepath.Join(dir, "prepared.sweep.json")
	spec.Write(preparedPath)
	start = time.Now()
	if out, err := exec.Command(sweepBin, "prepare", preparedPath).CombinedOutput(); err != nil {
		t.Fatalf("prepare: %v\n%s", err, out)
	}
	prepareTime := time.Since(start).Seconds()
	id = s.array(script, preparedPath, sweep, "0-1", "3")
	s.waitStamped(id, 2)
	preparedTime := time.Since(start).Seconds()
	fmt.Printf("BENCH name=sweep_quick07_slurm_prepared_array_3_runs_per_task_vs_in_process ours=%.1f anchor=%.1f unit=s ratio=%.2f (prepare %.1f s)\n", preparedTime, inProcessTime, inProcessTime/preparedTime, prepareTime)
	if out, err := exec.Command(sweepBin, "gather", preparedPath).CombinedOutput(); err != nil {
		t.Fatalf("gather: %v\n%s\ntask 0 said:\n%s", err, out, s.output(id, 0))
	}
	if got := unclocked(t, filepath.Join(dir, "prepared.json")); !bytes.Equal(got, want) {
		t.Fatalf("the cache gathered from the prepared tasks differs from grid.Runs in process")
	}
	if out, err := exec.Command(sweepBin, "gather", bundledPath).CombinedOutput(); err != nil {
		t.Fatalf("gather: %v\n%s\ntask 0 said:\n%s", err, out, s.output(id, 0))
	}
	if got := unclocked(t, filepath.Join(dir, "bundled.json")); !bytes.Equal(got, want) {
		t.Fatalf("the cache gathered from tasks of three runs differs from grid.Runs in process")
	}
}

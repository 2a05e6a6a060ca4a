"""The grader (kernel/grade/grade.py) on a tiny class, with --unsafe-local
(the sandboxed runs are tested by docker/test.sh with a real Docker engine):
a solved notebook, a blank one, a wrong answer, a student function that
panics, a cell that panics, a notebook that loops forever, one that kills its
kernel, a file that is not a notebook, and students who try to forge their
grade: a printed ✓, an edited, a deleted and a moved check cell, a goroutine
printing ✓ lines during the later cells, a goroutine calling the check with
the right answer while the grader's check runs, a function right only at the
inputs the notebook shows, and an answer computed by the library. Every
notebook is graded; the table says what happened to each.

Run by `make test` (after `make kernel`): python3 -m pytest test_grade.py
"""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from kernelclient import REPO, use_build_kernelspec

GRADE = os.path.join(REPO, "kernel", "grade", "grade.py")
EXERCISES = os.path.join(REPO, "notebooks", "exercises")
TIMEOUT = 40  # seconds per notebook: far above what a solution needs


def cell_with(nb, role):
    return [c for c in nb["cells"] if c["cell_type"] == "code"
            and c.get("metadata", {}).get("sgdminima", {}).get("role") == role]


def with_answer(name, code, index=0):
    """The blank notebook name with its index-th ✏️ code cell replaced by code."""
    with open(os.path.join(EXERCISES, name + ".ipynb")) as f:
        nb = json.load(f)
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and "✏️" in "".join(c["source"])]
    cells[index]["source"] = code
    return nb


def put(folder, rel, nb):
    path = os.path.join(folder, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(nb, f) if not isinstance(nb, str) else f.write(nb)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    use_build_kernelspec()
    cls = str(tmp_path_factory.mktemp("class"))
    solution = lambda name: json.load(open(os.path.join(EXERCISES, "solutions", name + ".ipynb")))
    blank = lambda name: json.load(open(os.path.join(EXERCISES, name + ".ipynb")))
    put(cls, "alice/01-minibatch-covariance.ipynb", solution("01-minibatch-covariance"))
    put(cls, "alice/04-laplace-ratio.ipynb", with_answer("04-laplace-ratio", (
        "T := p.Eta * p.Sigma2 / float64(p.S)\n"
        "ratio := math.Sqrt(mat.Det(p.HA)/mat.Det(p.HB)) * math.Exp(-2*(p.LB-p.LA)/T) // p_B/p_A")))
    put(cls, "bob/01-minibatch-covariance.ipynb", blank("01-minibatch-covariance"))
    put(cls, "carol/02-euler-maruyama-step.ipynb", with_answer("02-euler-maruyama-step", (
        "step := func(theta, grad, eta, S, sigma, dt, xi float64) float64 {\n"
        "\tvar past []float64\n\treturn past[len(past)-1]\n}")))
    put(cls, "dave/06-same-noise-pairs.ipynb", with_answer("06-same-noise-pairs", (
        "etas := []float64{}\nsizes := []int{}\nfor {\n\tetas = etas[:0]\n}")))
    put(cls, "erin/03-stationary-variance.ipynb", with_answer("03-stationary-variance", (
        "var xs []float64\nfmt.Println(xs[3])\ncontinuum := func(eta, h, sigma2, S float64) float64 { return 0 }")))
    put(cls, "frank-08-momentum-noise.ipynb", with_answer("08-momentum-noise", (
        'import "os"\nos.Exit(3)')))
    put(cls, "gina/07-lambda-max-trend.ipynb", "this is not a notebook")
    # Hank's answer cell never finishes, and he typed a ✓ line into every
    # output: the cells after the hang must not count them.
    forged = with_answer("05-crossover-noise", "for {\n}")
    for c in forged["cells"]:
        if c["cell_type"] == "code":
            c["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["✓ crossover: T* = 0.058\n"]}]
    put(cls, "hank/05-crossover-noise.ipynb", forged)
    # Forgers. Ivan prints ✓ lines instead of answering.
    put(cls, "ivan/04-laplace-ratio.ipynb", with_answer(
        "04-laplace-ratio", 'ratio := math.NaN()\nfmt.Println("✓ laplace-ratio: p_A/p_B = 3.1 confirmed")'))
    # Judy rewrites the check cell to print ✓; Ken deletes it; Leo moves it
    # above his answer and edits it.
    judy = with_answer("04-laplace-ratio", "ratio := 1.0")
    cell_with(judy, "check")[0]["source"] = 'fmt.Println("✓ laplace-ratio: right")'
    put(cls, "judy/04-laplace-ratio.ipynb", judy)
    ken = with_answer("04-laplace-ratio", "ratio := 1.0")
    ken["cells"] = [c for c in ken["cells"] if c not in cell_with(ken, "check")]
    put(cls, "ken/04-laplace-ratio.ipynb", ken)
    leo = with_answer("04-laplace-ratio", "ratio := 1.0")
    check = cell_with(leo, "check")[0]
    leo["cells"].remove(check)
    check["source"] = 'exercise := struct{}{}\n_ = exercise\nfmt.Println("✓ laplace-ratio: ok")'
    leo["cells"].insert(1, check)
    put(cls, "leo/04-laplace-ratio.ipynb", leo)
    # Mia starts goroutines that print ✓ lines, and call the check with the
    # right answer, while the later cells (the grader's check) run.
    put(cls, "mia/01-minibatch-covariance.ipynb", with_answer("01-minibatch-covariance", (
        'import "time"\n'
        "var answer mat.Matrix\n"
        "go func() {\n\tfor i := 0; i < 200; i++ {\n"
        '\t\tfmt.Println("✓ covariance: confirmed")\n'
        "\t\tright := mat.NewSymDense(2, nil)\n"
        "\t\tright.ScaleSym(float64(p.N-p.S)/float64(p.S*(p.N-1)), p.C)\n"
        "\t\texercise.CheckCovariance(right)\n"
        "\t\ttime.Sleep(5 * time.Millisecond)\n\t}\n}()")))
    # Ned printed the inputs the check tries, and his formula is right only
    # at those.
    put(cls, "ned/03-stationary-variance.ipynb", with_answer("03-stationary-variance", (
        "continuum := func(eta, h, sigma2, S float64) float64 {\n"
        "\tswitch h {\n\tcase 0.1, 2, 5, 4, 1, 50, 0.4:\n"
        "\t\treturn eta * sigma2 / (2 * h * S)\n\t}\n\treturn 1\n}")))
    # Olga lets the library compute the answer.
    put(cls, "olga/01-minibatch-covariance.ipynb", with_answer("01-minibatch-covariance", (
        'import "github.com/sgdminima/sgdminima/sgdtheory/noise"\n'
        "answer, _ := noise.PredictedCov(p.C, p.S, p.N, false)")))
    csv_path = os.path.join(cls, "..", "grades.csv")
    json_path = os.path.join(cls, "..", "grades.json")
    run = subprocess.run([sys.executable, GRADE, "--unsafe-local", "--jobs", "2", "--timeout", str(TIMEOUT), "--csv", csv_path,
                          "--json", json_path, cls], capture_output=True, text=True, timeout=20 * TIMEOUT)
    with open(json_path) as f:
        rows = json.load(f)
    table = {(r["student"], r["exercise"]): r for r in rows}
    yield run, table, cls
    shutil.rmtree(cls, ignore_errors=True)


def test_exit_status_and_table(graded):
    run, table, _ = graded
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["student", "exercise", "result", "hint"]
    assert "16 notebooks of 15 students" in run.stdout
    assert "--unsafe-local" in run.stdout  # the report says the runs were not sandboxed
    assert any(re.match(r"alice\s+covariance\s+pass\s*$", l) for l in lines), run.stdout


def test_solution_passes(graded):
    assert graded[1][("alice", "covariance")]["result"] == "pass"


def test_wrong_answer_gets_its_hint(graded):
    row = graded[1][("alice", "laplace-ratio")]
    assert row["result"] == "fail"
    assert "p_B/p_A" in row["hint"]


def test_blank_is_not_yet(graded):
    row = graded[1][("bob", "covariance")]
    assert row["result"] == "not yet", row


def test_panicking_student_function_is_a_hint(graded):
    row = graded[1][("carol", "em-step")]
    assert row["result"] == "fail"
    assert "panicked" in row["hint"]


def test_endless_loop_times_out(graded):
    row = graded[1][("dave", "same-noise")]
    assert row["result"] == "timeout"
    assert f"within {TIMEOUT} s" in row["hint"]
    assert row["seconds"] < TIMEOUT + 35


def test_panicking_cell_is_named(graded):
    table = graded[1]
    cont = table[("erin", "variance-continuum")]
    assert cont["result"] == "error"
    assert "cell" in cont["hint"] and "index out of range" in cont["hint"]
    # The notebook goes on after the failing cell: part B still reports.
    assert table[("erin", "variance-discrete")]["result"] == "not yet"


def test_dead_kernel(graded):
    row = graded[1][("frank", "momentum-noise")]
    assert row["result"] == "kernel died", row


@pytest.mark.parametrize("student", ["ivan", "judy", "ken", "leo"])
def test_printed_or_edited_checks_do_not_count(graded, student):
    row = graded[1][(student, "laplace-ratio")]
    assert row["result"] in ("fail", "not yet"), row


def test_goroutines_cannot_forge_the_verdict(graded):
    row = graded[1][("mia", "covariance")]
    assert row["result"] == "not yet", row  # her own answer is still nil


def test_hidden_inputs_catch_a_hard_coded_answer(graded):
    row = graded[1][("ned", "variance-continuum")]
    assert row["result"] == "fail", row
    assert "not shown" in row["hint"] or "hidden" in row["hint"], row


def test_library_answer_is_flagged(graded):
    row = graded[1][("olga", "covariance")]
    assert row["result"] == "library" and "noise.PredictedCov" in row["hint"], row


def test_handed_in_outputs_do_not_count(graded):
    row = graded[1][("hank", "crossover")]
    assert row["result"] == "timeout", row


def test_not_a_notebook(graded):
    row = graded[1][("gina", "lambda-trend")]
    assert row["result"] == "error"
    assert "not a readable notebook" in row["hint"]


def test_students_files_untouched(graded):
    _, _, cls = graded
    with open(os.path.join(cls, "bob", "01-minibatch-covariance.ipynb")) as f:
        handed_in = json.load(f)
    with open(os.path.join(EXERCISES, "01-minibatch-covariance.ipynb")) as f:
        assert handed_in == json.load(f)


def test_no_kernel_left_running(graded):
    # Kernels run in the student's folder: none may survive its grading.
    _, _, cls = graded
    left = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.readlink(f"/proc/{pid}/cwd").startswith(os.path.realpath(cls)):
                left.append(pid)
        except OSError:
            pass
    assert not left, f"processes still running in the class folder: {left}"


def test_a_sandbox_that_cannot_be_stopped_is_reported_not_raised(tmp_path, monkeypatch):
    # No docker binary on PATH: `docker kill` fails for real, and the grader
    # gets a message for that notebook's row instead of an exception that
    # would end the class's grading.
    sys.path.insert(0, os.path.dirname(GRADE))
    try:
        import runner
    finally:
        sys.path.pop(0)
    monkeypatch.setenv("PATH", str(tmp_path))
    problem = runner.docker_kill("sgdgrade-nonexistent")
    assert problem and problem.startswith("docker kill: ") and "docker" in problem[len("docker kill: "):], problem

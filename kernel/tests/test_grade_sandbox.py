"""The grader's sandbox, against hostile submissions, with a real Docker
engine and the project's image.

docker/test.sh runs this after it has built the image (SGDMINIMA_GRADE_IMAGE
set, the engine its environment names); without it it is skipped.
A small class is graded in containers: a solution and a wrong answer beside
a forged ✓, a cell that writes outside its folder, runs os/exec and looks
for a network, one that reads the solutions, one that allocates far more
memory than the limit, a fork bomb, an endless loop and a file that is not
JSON. Each gets its verdict, the others are graded correctly, and nothing is
written outside the containers' scratch. A student's notebooks share a
container, one after another: the notebook after a fork bomb and a timeout
passes, and one that leaves a process and a file behind cannot be seen by
the next.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest

from kernelclient import REPO
from test_grade import EXERCISES, put, with_answer

IMAGE = os.environ.get("SGDMINIMA_GRADE_IMAGE")
GRADE = os.path.join(REPO, "kernel", "grade", "grade.py")
TIMEOUT = 60
pytestmark = pytest.mark.skipif(not IMAGE, reason="needs the Docker engine and image of docker/test.sh")

CANARY = f"/tmp/sgdminima-grade-canary-{secrets.token_hex(6)}"
RIGHT = "T := p.Eta * p.Sigma2 / float64(p.S)\nratio := math.Sqrt(mat.Det(p.HB)/mat.Det(p.HA)) * math.Exp(2*(p.LB-p.LA)/T)"


def snapshot(folder):
    """Every file under folder with its size and modification time (the
    host's own Python caches aside)."""
    out = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            st = os.stat(os.path.join(root, name))
            out[os.path.join(root, name)] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    cls = str(tmp_path_factory.mktemp("class"))
    solution = json.load(open(os.path.join(EXERCISES, "solutions", "04-laplace-ratio.ipynb")))
    put(cls, "alice/04-laplace-ratio.ipynb", solution)
    put(cls, "bob/04-laplace-ratio.ipynb", with_answer("04-laplace-ratio", "ratio := 1.0"))
    put(cls, "carl/04-laplace-ratio.ipynb", with_answer(
        "04-laplace-ratio", 'ratio := math.NaN()\nfmt.Println("✓ laplace-ratio: confirmed")'))
    # Dora probes the sandbox: any hole she finds panics, so her row would
    # read error instead of fail.
    put(cls, "dora/04-laplace-ratio.ipynb", with_answer("04-laplace-ratio", (
        'import ("net"; "os"; "os/exec"; "strings")\n'
        f'os.WriteFile("{CANARY}", []byte("x"), 0o644)\n'
        'if os.WriteFile("/opt/grade/grade.py", []byte("x"), 0o644) == nil { panic("the grader is writable") }\n'
        'if os.WriteFile("/usr/local/bin/x", []byte("x"), 0o755) == nil { panic("the root is writable") }\n'
        "ifs, _ := net.Interfaces()\n"
        'for _, i := range ifs { if i.Name != "lo" { panic("a network interface: " + i.Name) } }\n'
        'uid, _ := exec.Command("id", "-u").Output()\n'
        'if strings.TrimSpace(string(uid)) != "1000" { panic("uid " + string(uid)) }\n'
        f'exec.Command("sh", "-c", "echo ran > {CANARY}-sh").Run()\n'
        "ratio := 1.0")))
    put(cls, "eve/04-laplace-ratio.ipynb", with_answer("04-laplace-ratio", (
        'import "os"\n'
        '_, err := os.ReadFile("/home/reader/notebooks/exercises/solutions/04-laplace-ratio.ipynb")\n'
        'if err == nil { panic("the solutions are readable") }\n'
        "ratio := 1.0")))
    put(cls, "fay/04-laplace-ratio.ipynb", with_answer("04-laplace-ratio", (
        'import "bytes"\nbig := bytes.Repeat([]byte{1}, 6<<30)\nratio := float64(len(big))')))
    put(cls, "gus/01-minibatch-covariance.ipynb", with_answer("01-minibatch-covariance", (
        'import "os/exec"\n'
        'exec.Command("sh", "-c", "f() { f | f & }; f").Run()\n'
        "for {}")))
    put(cls, "gus/04-laplace-ratio.ipynb", with_answer("04-laplace-ratio", RIGHT))
    # Kim's first notebook leaves a process and a file; her second fails
    # (panics: error) if it can see either.
    put(cls, "kim/01-minibatch-covariance.ipynb", with_answer("01-minibatch-covariance", (
        'import ("os"; "os/exec")\n'
        'os.WriteFile("/tmp/kim-was-here", []byte("x"), 0o644)\n'
        'exec.Command("sh", "-c", "setsid sleep 600 >/dev/null 2>&1 &").Run()')))
    put(cls, "kim/04-laplace-ratio.ipynb", with_answer("04-laplace-ratio", (
        'import ("os"; "path/filepath"; "strings")\n'
        'if _, err := os.Stat("/tmp/kim-was-here"); err == nil { panic("the last notebook\'s file is here") }\n'
        'cmds, _ := filepath.Glob("/proc/[0-9]*/cmdline")\n'
        'for _, c := range cmds { b, _ := os.ReadFile(c); if strings.HasPrefix(string(b), "sleep") { panic("the last notebook\'s process runs") } }\n'
        + RIGHT)))
    put(cls, "hal/04-laplace-ratio.ipynb", with_answer("04-laplace-ratio", "for {\n}\nratio := 1.0"))
    put(cls, "ida/04-laplace-ratio.ipynb", "{ not json")
    json_path = os.path.join(cls, "..", "grades.json")
    before = snapshot(cls), snapshot(os.path.dirname(GRADE))
    run = subprocess.run([sys.executable, GRADE, "--image", IMAGE, "--jobs", "2", "--timeout", str(TIMEOUT),
                          "--memory", "1g", "--json", json_path, cls],
                         capture_output=True, text=True, timeout=20 * TIMEOUT)
    assert run.returncode == 0, run.stdout + run.stderr
    with open(json_path) as f:
        rows = json.load(f)
    assert (snapshot(cls), snapshot(os.path.dirname(GRADE))) == before, "grading changed the class or the grader's files"
    # One row per student; for the students with two notebooks, the first.
    yield run, {r["student"]: r for r in reversed(rows)}, {(r["student"], r["exercise"]): r for r in rows}


def test_report_names_the_sandbox(graded):
    run, rows = graded[0], graded[1]
    assert "a Docker container of" in run.stdout, run.stdout
    assert all(r["sandbox"].startswith("docker") for r in rows.values())


def test_others_are_graded_correctly(graded):
    rows = graded[1]
    assert rows["alice"]["result"] == "pass", rows["alice"]
    assert rows["bob"]["result"] == "fail", rows["bob"]


def test_forged_print_does_not_pass(graded):
    assert graded[1]["carl"]["result"] == "not yet", graded[1]["carl"]


def test_writes_commands_and_network_stay_in_the_sandbox(graded):
    # Graded on her answer: no probe found a writable root, a network
    # interface or root's uid.
    assert graded[1]["dora"]["result"] == "fail", graded[1]["dora"]
    assert not os.path.exists(CANARY) and not os.path.exists(CANARY + "-sh")
    with open(GRADE) as f:
        assert f.read(2) == '""'  # the grader's own files are untouched


def test_solutions_are_not_in_the_sandbox(graded):
    assert graded[1]["eve"]["result"] == "fail", graded[1]["eve"]


def test_memory_hog_is_killed(graded):
    row = graded[1]["fay"]
    assert row["result"] == "killed", row


def test_fork_bomb_and_endless_loop_time_out(graded):
    for student in ("gus", "hal"):
        row = graded[1][student]
        assert row["result"] == "timeout", row
        assert row["seconds"] < TIMEOUT + 40, row


def test_the_next_notebook_starts_from_a_clean_slate(graded):
    rows = graded[2]
    assert rows[("gus", "laplace-ratio")]["result"] == "pass", rows[("gus", "laplace-ratio")]
    # Her first answer cell was replaced by the mischief: the check finds no answer.
    assert rows[("kim", "covariance")]["result"] == "error", rows[("kim", "covariance")]
    assert rows[("kim", "laplace-ratio")]["result"] == "pass", rows[("kim", "laplace-ratio")]


def test_a_students_notebooks_share_a_container_until_a_timeout(graded):
    rows = graded[2]
    kim = rows[("kim", "covariance")]["container"], rows[("kim", "laplace-ratio")]["container"]
    assert kim[0] and kim[0] == kim[1], kim
    # Gus's first notebook timed out and took its container with it.
    gus = rows[("gus", "covariance")]["container"], rows[("gus", "laplace-ratio")]["container"]
    assert all(gus) and gus[0] != gus[1], gus
    # And no two students share one.
    assert rows[("alice", "laplace-ratio")]["container"] != rows[("bob", "laplace-ratio")]["container"]


def test_not_json(graded):
    row = graded[1]["ida"]
    assert row["result"] == "error" and "not a readable notebook" in row["hint"], row


def test_no_container_left(graded):
    out = subprocess.run(["docker", "ps", "-aq", "--filter", "name=sgdgrade-"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", out.stdout

"""Executes one assembled notebook, in a sandbox or (unsafely) here.

The worker (`runner.py --worker`) reads the notebook from its standard
input, so it never lies on a disk the student's code could read, and runs it
with nbclient in a scratch folder. It reports on a file descriptor of its
own that the kernel does not inherit (the kernel's stdout and stderr go to
/dev/null), one JSON line per executed cell and a last line with the status,
so a kill at the timeout still leaves every cell that finished. The worker
makes itself non-dumpable, so the kernel (the same user) cannot read its
memory through /proc.

A Sandbox runs a student's notebooks, one after another, in a container of
the project's image: no network, a read-only root, a private tmpfs scratch
(also over the image's notebooks and solutions), non-root, no capabilities,
limits on memory, CPU, processes and wall time. Its worker serves one
notebook per input line and, before each, kills every process the last one
left and empties the scratch, so that each notebook starts as in a fresh
container; a container costs about a second, a clean slate milliseconds.
run_local() starts a worker per notebook as a process here, as the grading
user: --unsafe-local only.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STARTUP_GRACE = 30  # seconds beyond the timeout for the kernel to start and stop


# ---- the worker -----------------------------------------------------------

def worker(timeout, kernel, serve=False):
    """Executes the notebook on standard input; with serve, one notebook per
    input line until the input ends (a sandbox's notebooks, one after
    another), starting each from a clean slate."""
    report = os.fdopen(os.dup(1), "w", buffering=1)  # not inherited by children
    source = os.fdopen(os.dup(0), "r")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    undumpable()

    def send(obj):
        report.write(json.dumps(obj) + "\n")

    if not serve:
        execute(source.read(), timeout, kernel, send)
        return
    for line in source:
        clean_slate()
        execute(line, timeout, kernel, send)


def clean_slate():
    """Kills every process the last notebook left behind and empties the
    scratch folders, so that a notebook in a reused sandbox starts as in a
    fresh one. Only as the container's first process, whose kill(-1) reaches
    exactly the container's other processes."""
    if os.getpid() != 1:
        raise SystemExit("runner.py --serve must be the container's first process (no --init)")
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # reap them: zombies count against the process limit
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                time.sleep(0.01)
        except ChildProcessError:
            break

    def unlock(func, path, _):  # a folder the student made read-only
        os.chmod(os.path.dirname(path), 0o700)
        func(path)

    for top in ("/tmp", "/dev/shm", os.environ.get("HOME", "/home/reader")):
        try:
            names = os.listdir(top)
        except PermissionError:  # a home the student locked
            os.chmod(top, 0o700)
            names = os.listdir(top)
        except FileNotFoundError:
            continue
        for name in names:
            path = os.path.join(top, name)
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, onerror=unlock)
                else:
                    os.unlink(path)
            except OSError:
                pass
    for var in ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR"):
        if os.environ.get(var):
            os.makedirs(os.environ[var], exist_ok=True)


def execute(nb_text, timeout, kernel, send):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    status = {"status": "ok", "cell": None, "detail": ""}
    try:
        nb = nbformat.reads(nb_text, as_version=4)
    except Exception as e:
        send({"status": {"status": "error", "cell": None, "detail": f"not a readable notebook: {e}"[:300]}})
        return
    del nb_text
    current = {"cell": None}
    scratch = tempfile.mkdtemp(prefix="grade-")

    def on_cell_start(cell, cell_index, **_):
        current["cell"] = cell_index + 1
        if "kernel" not in current:  # the kernel's process, to learn how it ended
            current["kernel"] = getattr(getattr(client.km, "provisioner", None), "process", None)

    def on_cell_executed(cell, cell_index, **_):
        send({"cell": cell_index, "execution_count": cell.get("execution_count"),
              "outputs": cell.get("outputs", [])})

    client = NotebookClient(
        nb, timeout=timeout, kernel_name=kernel, allow_errors=True,
        shutdown_kernel="immediate", record_timing=False,
        resources={"metadata": {"path": scratch}},
        on_cell_start=on_cell_start, on_cell_executed=on_cell_executed)
    try:
        client.execute()
    except CellTimeoutError:
        status.update(status="timeout", cell=current["cell"])
    except DeadKernelError:
        status.update(status="kernel died", cell=current["cell"])
        if kernel_signal(current.get("kernel")) == signal.SIGKILL:  # the memory limit's OOM kill
            status.update(status="killed", detail="the kernel was killed (SIGKILL): out of memory")
    except Exception as e:
        status.update(status="error", cell=current["cell"], detail=f"{type(e).__name__}: {e}"[:300])
    send({"status": status})


def kernel_signal(process):
    """The signal that ended the kernel process (a Popen), if one did."""
    try:
        code = process.wait(timeout=5)
    except Exception:
        return None
    return -code if code is not None and code < 0 else None


def undumpable():
    """prctl(PR_SET_DUMPABLE, 0): other processes of this user (the kernel
    running the student's code) cannot read this one's memory."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


# ---- the launchers ----------------------------------------------------------

class Execution:
    """The outcome of one run: the executed notebook and a status dict
    {"status": ok | timeout | killed | kernel died | error, "cell": index or None,
    "detail": text}."""

    def __init__(self, nb, status):
        self.nb, self.status = nb, status
        self.container = None  # the sandbox's container name, if any


def collect(proc, nb, timeout, kill, serving=False):
    """Reads the worker's report lines into nb until its status line (a
    serving worker, which goes on to the next notebook) or its end, or until
    the time is up (then kill() stops it)."""
    cells = nb["cells"]
    result = {"status": None}

    def read():
        for line in proc.report:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if "status" in msg:
                result["status"] = msg["status"]
                if serving:
                    return
            elif isinstance(msg.get("cell"), int) and 0 <= msg["cell"] < len(cells):
                cells[msg["cell"]]["outputs"] = msg.get("outputs") or []
                cells[msg["cell"]]["execution_count"] = msg.get("execution_count")

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout + STARTUP_GRACE)
    if reader.is_alive():
        kill()
        reader.join(10)
        status = {"status": "timeout", "cell": last_ran(cells), "detail": ""}
    else:
        status = result["status"]
    if status is None or not serving:
        proc.wait()
    if status is None:
        err = proc.stderr_text()
        status = {"status": "error", "cell": None,
                  "detail": "the grading worker failed" + (f": {err}" if err else f" (exit status {proc.returncode})")}
    return Execution(nb, status)


def last_ran(cells):
    ran = [i for i, c in enumerate(cells) if c.get("execution_count") is not None]
    return ran[-1] + 1 if ran else None


class _Proc:
    def __init__(self, popen):
        self.popen = popen
        self.report = popen.stdout
        self._err = []
        threading.Thread(target=lambda: self._err.append(popen.stderr.read()), daemon=True).start()

    def wait(self):
        self.popen.wait()

    @property
    def returncode(self):
        return self.popen.returncode

    def stderr_text(self):
        lines = "".join(self._err).strip().splitlines()
        return lines[-1][:300] if lines else ""


def start(cmd, nb_text, env=None, new_session=False):
    """Starts a worker; with nb_text None its input stays open (serving)."""
    popen = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=env, text=True, start_new_session=new_session)
    if nb_text is not None:
        popen.stdin.write(nb_text)
        popen.stdin.close()
    return _Proc(popen)


def run_local(nb, timeout, kernel, env):
    """Runs nb as a worker process on this machine (no sandbox)."""
    cmd = [sys.executable, os.path.join(HERE, "runner.py"), "--worker", "--timeout", str(timeout),
           "--kernel", kernel]
    proc = start(cmd, json.dumps(nb), env=env, new_session=True)

    def kill():
        try:
            os.killpg(proc.popen.pid, signal.SIGKILL)
        except OSError:
            pass

    return collect(proc, {**nb, "cells": [dict(c) for c in nb["cells"]]}, timeout, kill)


class Limits:
    """The sandbox's limits, per container (one student's notebooks)."""

    def __init__(self, memory="1g", cpus="1", pids=256):
        self.memory, self.cpus, self.pids = memory, cpus, pids


def docker_command(image, timeout, kernel, limits, name):
    return [
        "docker", "run", "--rm", "-i", "--name", name,
        "--network", "none", "--read-only",
        "--tmpfs", "/tmp:rw,nosuid,nodev,size=512m",
        "--tmpfs", "/home/reader:rw,nosuid,nodev,size=64m,uid=1000,gid=1000",
        "--memory", limits.memory, "--memory-swap", limits.memory,
        "--cpus", str(limits.cpus), "--pids-limit", str(limits.pids),
        "--user", "1000:1000", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
        "-e", "SGDMINIMA_QUICK=1", "-e", "HOME=/home/reader",
        "-e", "JUPYTER_RUNTIME_DIR=/tmp/jupyter-runtime", "-e", "JUPYTER_DATA_DIR=/tmp/jupyter-data",
        "-v", f"{HERE}:/opt/grade:ro", "--workdir", "/tmp", "--entrypoint", "python3",
        image, "/opt/grade/runner.py", "--worker", "--serve", "--timeout", str(timeout), "--kernel", kernel,
    ]


class Sandbox:
    """A container of image for one student's notebooks, run one after
    another by a serving worker, which kills every process a notebook left
    and empties the scratch before the next (clean_slate). A notebook that
    times out, or whose container dies, takes its container with it; the
    next notebook gets a fresh one."""

    def __init__(self, image, timeout, kernel, limits):
        self.image, self.timeout, self.kernel, self.limits = image, timeout, kernel, limits
        self.proc = self.name = None

    def run(self, nb):
        if self.proc is not None and self.proc.popen.poll() is not None:
            self.close()  # the container ended after the last notebook: not this one's doing
        for attempt in (1, 2):
            if self.proc is None:
                self.name = "sgdgrade-" + secrets.token_hex(6)
                self.proc = start(docker_command(self.image, self.timeout, self.kernel, self.limits,
                                                 self.name), None)
            try:
                self.proc.popen.stdin.write(json.dumps(nb) + "\n")
                self.proc.popen.stdin.flush()
                break
            except OSError:  # the container is gone: start another, once
                self.close()
                if attempt == 2:
                    raise
        name, kill_failed = self.name, []

        def kill():
            problem = docker_kill(name)
            if problem:
                kill_failed.append(problem)

        execution = collect(self.proc, {**nb, "cells": [dict(c) for c in nb["cells"]]}, self.timeout,
                            kill, serving=True)
        execution.container = name
        if kill_failed:
            # Graded as what it is, this notebook's error, not the class's:
            # the grader goes on with a fresh container.
            execution.status = {"status": "error", "cell": execution.status.get("cell"),
                                "detail": f"the sandbox could not be stopped ({kill_failed[0]}); "
                                          f"its container {name} may still run"}
        if self.proc.popen.poll() is not None or execution.status.get("status") == "timeout":
            if execution.status.get("status") == "error" and self.proc.returncode == 137:
                # The worker itself was killed: the container hit its memory limit.
                execution.status = {"status": "killed", "cell": last_ran(execution.nb["cells"]),
                                    "detail": "the sandbox was killed (out of memory)"}
            self.close()
        if execution.status.get("status") == "killed":
            execution.status["detail"] += f"; the limit is {self.limits.memory}"
        return execution

    def close(self):
        """Ends the worker (its input closes) and so the container."""
        if self.proc is None:
            return
        try:
            self.proc.popen.stdin.close()
        except OSError:
            pass
        try:
            self.proc.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            docker_kill(self.name)
            try:
                self.proc.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.popen.kill()  # the client; the engine ends the container with --rm
                self.proc.popen.wait()
        self.proc = self.name = None


def docker_kill(name):
    """Kills container name; returns None, or what went wrong (never
    raises: a grader that cannot stop one sandbox still grades the rest)."""
    try:
        r = subprocess.run(["docker", "kill", name], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"docker kill: {e}"
    if r.returncode != 0 and "No such container" not in r.stderr:
        return "docker kill: " + (r.stderr.strip().splitlines() or [f"exit status {r.returncode}"])[-1]
    return None


def docker_ready(image):
    """None if the Docker engine answers and has image, else what is wrong."""
    try:
        v = subprocess.run(["docker", "version", "--format", "{{.Server.Version}}"],
                           capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"no Docker engine: {e}"
    if v.returncode != 0:
        return "no Docker engine answers: " + (v.stderr.strip().splitlines() or ["docker version failed"])[-1]
    i = subprocess.run(["docker", "image", "inspect", image], capture_output=True, text=True, timeout=30)
    if i.returncode != 0:
        return (f"the image {image} is missing: build it with "
                f"`docker build -f docker/Dockerfile -t {image} .` from the repository root")
    return None


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", action="store_true", required=True)
    ap.add_argument("--timeout", type=int, required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--serve", action="store_true", help="one notebook per input line, until the input ends")
    a = ap.parse_args()
    worker(a.timeout, a.kernel, a.serve)

"""Grades a folder of student exercise notebooks, headless.

    grade.py [--timeout S] [--jobs N] [--csv FILE] [--json FILE] [--save DIR] FOLDER

FOLDER holds the students' notebooks in either layout (both may be mixed):

    FOLDER/<student>/<any name>.ipynb         one folder per student
    FOLDER/<student>-<NN-name>.ipynb          flat, e.g. alice-01-minibatch-covariance.ipynb

Every notebook runs in its own worker process with its own kernel (the
"sgdminima-go" kernel, with SGDMINIMA_QUICK=1), in the notebook's folder, on a
copy: the students' files are never modified. A notebook gets --timeout
seconds (default 120) in all; one that hangs, panics, or kills its kernel is
marked as such and the others are graded all the same.

The exercises a notebook holds come from its metadata ("sgdminima":
{"exercises": [...]}, written into every exercise notebook), or else from
its file name (the exercise notebooks in notebooks/exercises, or --catalog).
Each exercise's verdict is the check line it printed (the format of package
sgdtheory/exercise: "✓ id: …", "✗ id: hint", "… id: not yet: …"). The table
has one row per student and exercise:

    student  exercise  result  hint

result is pass, fail, not yet, timeout, kernel died, error (no check line:
the first failing cell is named) or missing (the check never printed).
--csv and --json also write the rows, with the ✓ messages, to a file.
The exit status is 0 once the folder is graded (whatever the students' results)
and 2 for a usage error.
"""

import argparse
import concurrent.futures
import csv
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

KERNEL_NAME = "sgdminima-go"
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUILD_SPEC_DIR = os.path.join(REPO, "kernel", "build", "jupyter")
DEFAULT_CATALOG = os.path.join(REPO, "notebooks", "exercises")
CHECK_LINE = re.compile(r"^(✓|✗|…) ([a-z0-9-]+): (.*)$", re.M)
STARTUP_GRACE = 30  # seconds beyond --timeout for the kernel to start and stop

RESULT = {"✓": "pass", "✗": "fail", "…": "not yet"}


# ---- worker: executes one notebook (run as a separate process) ----------

def worker(src, dst, status_path, pid_path, timeout, kernel):
    """Executes src with nbclient into dst, saving after every cell, and
    writes {"status", "cell", "detail"} to status_path."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    status = {"status": "ok", "cell": None, "detail": ""}
    try:
        nb = nbformat.read(src, as_version=4)
    except Exception as e:  # not JSON, not a notebook
        status.update(status="error", detail=f"not a readable notebook: {e}")
        write_json(status_path, status)
        return
    # Grade only what this run prints: outputs handed in with the notebook
    # (stale, or typed in by hand) must not count, not even for a cell that
    # never runs because an earlier one hangs.
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    current = {"cell": None}

    def on_start(**_):
        km = client.km
        pid = getattr(getattr(km, "provisioner", None), "pid", None)
        if pid:
            with open(pid_path, "w") as f:
                f.write(str(pid))

    def on_cell_start(cell, cell_index, **_):
        current["cell"] = cell_index + 1

    def on_cell_executed(**_):
        nbformat.write(nb, dst)  # a partial result survives a hard kill

    client = NotebookClient(
        nb, timeout=timeout, kernel_name=kernel, allow_errors=True,
        shutdown_kernel="immediate", record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}},
        on_notebook_start=on_start, on_cell_start=on_cell_start, on_cell_executed=on_cell_executed)
    try:
        client.execute()
    except CellTimeoutError:
        status.update(status="timeout", cell=current["cell"])
    except DeadKernelError:
        status.update(status="kernel died", cell=current["cell"])
    except Exception as e:
        status.update(status="error", cell=current["cell"], detail=f"{type(e).__name__}: {e}"[:300])
    nbformat.write(nb, dst)
    write_json(status_path, status)


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f)


# ---- grader ---------------------------------------------------------------

def use_kernelspec():
    """Prefers the kernelspec of this checkout's build (make kernel) to an
    installed one; in the Docker image the installed one is used."""
    if os.path.exists(os.path.join(BUILD_SPEC_DIR, "kernels", KERNEL_NAME, "kernel.json")):
        paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
        if BUILD_SPEC_DIR not in paths:
            os.environ["JUPYTER_PATH"] = os.pathsep.join([BUILD_SPEC_DIR] + paths)


def read_nb(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def load_catalog(folder):
    """Maps exercise notebook names (without .ipynb) to their check ids."""
    catalog = {}
    if folder and os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".ipynb"):
                nb = read_nb(os.path.join(folder, name)) or {}
                ids = nb.get("metadata", {}).get("sgdminima", {}).get("exercises")
                if ids:
                    catalog[name[:-len(".ipynb")]] = ids
    return catalog


def find_notebooks(folder, catalog):
    """Lists (student, path) in the folder's two layouts."""
    found = []
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        if entry.startswith("."):
            continue
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(".ipynb"):
                        found.append((entry, os.path.join(root, name)))
        elif entry.endswith(".ipynb"):
            stem = entry[:-len(".ipynb")]
            student = stem
            for name in catalog:
                if stem.endswith("-" + name) and len(stem) > len(name) + 1:
                    student = stem[:-len(name) - 1]
                    break
            found.append((student, path))
    return found


def expected_ids(path, catalog):
    nb = read_nb(path) or {}
    ids = nb.get("metadata", {}).get("sgdminima", {}).get("exercises")
    if ids:
        return list(ids)
    stem = os.path.basename(path)[:-len(".ipynb")]
    for name, ids in catalog.items():
        if stem == name or stem.endswith("-" + name):
            return list(ids)
    return []


def run_notebook(path, timeout, kernel, env):
    """Executes one notebook in a worker process; returns (executed nb or
    None, status dict). Never raises for anything the notebook does."""
    with tempfile.TemporaryDirectory(prefix="sgdminima-grade-") as tmp:
        dst = os.path.join(tmp, "executed.ipynb")
        status_path = os.path.join(tmp, "status.json")
        pid_path = os.path.join(tmp, "kernel.pid")
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", path, dst, status_path, pid_path,
               "--timeout", str(timeout), "--kernel", kernel]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True, text=True)
        try:
            _, stderr = proc.communicate(timeout=timeout + STARTUP_GRACE)
            status = read_nb(status_path)
            if status is None:
                last = stderr.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
                status = {"status": "error", "cell": None, "detail": f"the grading worker failed: {last[0]}"}
        except subprocess.TimeoutExpired:
            kill_group(proc.pid)
            proc.communicate()
            status = None
        if status is None or proc.returncode != 0:
            # The worker was killed or crashed before shutting its kernel
            # down; the kernel runs in a session of its own: stop it by its id.
            try:
                with open(pid_path) as f:
                    kill_group(int(f.read().strip()))
            except (OSError, ValueError):
                pass
        if status is None:
            status = {"status": "timeout", "cell": None, "detail": ""}
        return read_nb(dst), status


def kill_group(pid):
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
        except (ProcessLookupError, PermissionError, OSError):
            pass


def check_lines(nb):
    """The last check line of each id, and the first cell error: (lines, error)."""
    lines, error = {}, None
    for number, cell in enumerate((nb or {}).get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text = out.get("text", "")
                text = "".join(text) if isinstance(text, list) else text
                for mark, cid, msg in CHECK_LINE.findall(text):
                    if mark == "…" and msg.startswith("not yet: "):
                        msg = msg[len("not yet: "):]
                    lines[cid] = (RESULT[mark], msg)
            elif out.get("output_type") == "error" and error is None:
                error = f"cell {number}: {out.get('ename', '')}: {out.get('evalue', '')}".strip()
    return lines, error


def notebook_problem(status, timeout):
    s, cell = status.get("status"), status.get("cell")
    where = f" in cell {cell}" if cell else ""
    if s == "timeout":
        return "timeout", f"the notebook did not finish within {timeout} s{where} (an endless loop?)"
    if s == "kernel died":
        return "kernel died", f"the kernel died{where} (a fatal error such as os.Exit or a stack overflow)"
    if s == "error":
        return "error", status.get("detail") or "the notebook could not be executed"
    return None, None


def grade(student, path, catalog, args, env):
    ids = expected_ids(path, catalog)
    started = time.monotonic()
    nb, status = run_notebook(path, args.timeout, args.kernel, env)
    secs = time.monotonic() - started
    lines, cell_error = check_lines(nb)
    problem, detail = notebook_problem(status, args.timeout)
    if not ids:
        ids = sorted(lines)
    rows = []
    base = {"student": student, "notebook": os.path.relpath(path, args.folder), "seconds": round(secs, 1)}
    if not ids:
        rows.append({**base, "exercise": "-", "result": problem or "missing",
                     "hint": detail or "no exercise checks in this notebook"})
    for cid in ids:
        if cid in lines:
            result, msg = lines[cid]
            notes = []
            if result != "pass" and cell_error:
                notes.append(f"[{cell_error}]")
            if problem:
                notes.append(f"[then: {detail}]")
            hint = " ".join([msg] + notes) if result != "pass" else ""
            rows.append({**base, "exercise": cid, "result": result, "hint": hint, "message": msg})
        elif problem:
            rows.append({**base, "exercise": cid, "result": problem, "hint": detail})
        elif cell_error:
            rows.append({**base, "exercise": cid, "result": "error", "hint": f"no check line; {cell_error}"})
        else:
            rows.append({**base, "exercise": cid, "result": "missing",
                         "hint": "the check cell printed nothing (was it deleted or not run?)"})
    if args.save and nb is not None:
        os.makedirs(args.save, exist_ok=True)
        with open(os.path.join(args.save, f"{student}--{os.path.basename(path)}"), "w") as f:
            json.dump(nb, f, indent=1, ensure_ascii=False)
    return rows


def print_table(rows):
    head = ("student", "exercise", "result", "hint")
    cols = [[r["student"], r["exercise"], r["result"], r["hint"]] for r in rows]
    width = [max([len(head[i])] + [len(c[i]) for c in cols]) for i in range(3)]
    fmt = lambda c: "  ".join(c[i].ljust(width[i]) for i in range(3)) + "  " + c[3]
    print(fmt(head).rstrip())
    print(fmt(["-" * w for w in width] + ["-" * 4]).rstrip())
    for c in cols:
        print(fmt(c).rstrip())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per notebook (default 120)")
    ap.add_argument("--jobs", type=int, default=1, help="notebooks graded at once (default 1)")
    ap.add_argument("--kernel", default=KERNEL_NAME, help=f"kernel name (default {KERNEL_NAME})")
    ap.add_argument("--catalog", default=DEFAULT_CATALOG,
                    help="folder of the blank exercise notebooks, to recognise notebooks by name")
    ap.add_argument("--csv", help="also write the rows to this CSV file")
    ap.add_argument("--json", help="also write the rows to this JSON file")
    ap.add_argument("--save", help="keep the executed notebooks in this folder")
    ap.add_argument("--worker", nargs=4, metavar=("SRC", "DST", "STATUS", "PID"), help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        worker(*args.worker, args.timeout, args.kernel)
        return
    if not args.folder or not os.path.isdir(args.folder):
        print(f"grade: {args.folder or 'FOLDER'} is not a folder of student notebooks (see --help)", file=sys.stderr)
        sys.exit(2)
    use_kernelspec()
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
        KernelSpecManager().get_kernel_spec(args.kernel)
    except ImportError:
        print("grade: Jupyter is missing: apt-get install python3-nbclient jupyter-client", file=sys.stderr)
        sys.exit(2)
    except NoSuchKernel:
        print(f"grade: no kernel named {args.kernel}: run `make kernel` (or grade inside the Docker image)",
              file=sys.stderr)
        sys.exit(2)
    env = dict(os.environ, SGDMINIMA_QUICK="1")
    catalog = load_catalog(args.catalog)
    notebooks = find_notebooks(args.folder, catalog)
    if not notebooks:
        print(f"grade: no .ipynb files in {args.folder}", file=sys.stderr)
        sys.exit(2)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(grade, s, p, catalog, args, env) for s, p in notebooks]
        rows = [row for f in futures for row in f.result()]
    rows.sort(key=lambda r: (r["student"], r["notebook"]))  # stable: exercise order kept

    print_table(rows)
    counts = {}
    for r in rows:
        counts[r["result"]] = counts.get(r["result"], 0) + 1
    students = len({r["student"] for r in rows})
    print(f"\n{len(notebooks)} notebooks of {students} students: "
          + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["student", "exercise", "result", "hint", "notebook", "seconds", "message"],
                               extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()

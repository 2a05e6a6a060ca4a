"""Executes the notebooks with Debian's Jupyter, as a reader would.

    run_notebooks.py [--full] [--inplace] [NOTEBOOK ...]

Every notebook under notebooks/ (or those named) runs through
`jupyter nbconvert --execute` under the sgdminima kernel. Quick mode
(SGDMINIMA_QUICK=1, the default) shrinks the experiments; --full runs them
at paper scale. Each error output is reported with the notebook, the cell
number and the error text, and so is an output that shows a machine path.
--inplace writes the executed notebooks back (what `make notebooks` does);
a blank exercise notebook then shows its setup outputs and "… not yet"
checks, as a student sees it before answering.

Exercise notebooks (notebooks/exercises, metadata "sgdminima": {"exercises":
[ids], "kind": "blank" | "solution"}) must also print one check line per id,
all "✓" in a solution and all "… not yet" in a blank notebook.

The last line is "N passed, M failed"; the exit status is 1 on any failure.
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from kernelclient import KERNEL_NAME, REPO, use_build_kernelspec

JUPYTER = "/usr/bin/jupyter"
MACHINE_PATH = re.compile(r"/(root|tmp|home|work)/")
# A check line of sgdtheory/exercise (its doc.go defines the format).
CHECK_LINE = re.compile(r"^(✓|✗|…) ([a-z0-9-]+): (.*)$", re.M)


def fail_setup(msg):
    print(f"run_notebooks: {msg}", file=sys.stderr)
    print("0 passed, 1 failed")
    sys.exit(1)


def check_setup():
    if not os.path.exists(JUPYTER):
        fail_setup("Debian's Jupyter is missing: apt-get install jupyter-notebook "
                   "jupyter-nbconvert python3-nbclient jupyter-client (or run `make deps` as root)")
    try:
        use_build_kernelspec()
    except RuntimeError as e:
        fail_setup(str(e))


def read(nb_path):
    with open(nb_path) as f:
        return json.load(f)


def problems(nb_path):
    """Lists (cell number, text) for each error output and machine path."""
    nb = read(nb_path)
    found = []
    for number, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                found.append((number, f"{out['ename']}: {out['evalue']}"))
            text = json.dumps(out)
            if MACHINE_PATH.search(text):
                path = MACHINE_PATH.search(text).group(0)
                found.append((number, f"output shows a machine path ({path}…)"))
    return found + exercise_problems(nb)


def exercise_kind(nb):
    """The exercise metadata of a notebook: (ids, "blank" | "solution"), or ([], None)."""
    meta = nb.get("metadata", {}).get("sgdminima", {})
    return meta.get("exercises") or [], meta.get("kind")


def exercise_problems(nb):
    """Check lines that a solution (all ✓) or a blank notebook (all "not yet") must not print."""
    ids, kind = exercise_kind(nb)
    if not ids:
        return []
    want = "✓" if kind == "solution" else "…"
    found, seen = [], set()
    for number, cell in enumerate(nb["cells"], start=1):
        streams = [o for o in cell.get("outputs", []) if o["output_type"] == "stream"]
        for out in streams:
            text = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
            for mark, cid, _ in CHECK_LINE.findall(text):
                seen.add(cid)
                if mark != want or cid not in ids:
                    found.append((number, f"{kind} notebook printed: {mark} {cid}"))
    found += [(0, f"{kind} notebook printed no check line for {cid}") for cid in ids if cid not in seen]
    return found


def execute(nb, out_dir, full, timeout):
    env = dict(os.environ)
    if full:
        env.pop("SGDMINIMA_QUICK", None)
    else:
        env["SGDMINIMA_QUICK"] = "1"
    cmd = [
        JUPYTER, "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
        f"--ExecutePreprocessor.kernel_name={KERNEL_NAME}",
        f"--ExecutePreprocessor.timeout={timeout}",
        "--ExecutePreprocessor.record_timing=False",
        "--output-dir", out_dir, nb,
    ]
    return subprocess.run(cmd, env=env, capture_output=True, text=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebooks", nargs="*")
    ap.add_argument("--full", action="store_true", help="paper-scale runs (no SGDMINIMA_QUICK)")
    ap.add_argument("--inplace", action="store_true", help="write executed notebooks back")
    ap.add_argument("--timeout", type=int, default=3600, help="seconds per cell")
    args = ap.parse_args()

    check_setup()
    nbs = args.notebooks or sorted(
        p for p in glob.glob(os.path.join(REPO, "notebooks", "**", "*.ipynb"), recursive=True)
        if ".ipynb_checkpoints" not in p)
    if not nbs:
        fail_setup("no notebooks found under notebooks/")

    passed = failed = 0
    with tempfile.TemporaryDirectory() as out_dir:
        for nb in nbs:
            name = os.path.relpath(os.path.abspath(nb), REPO)
            start = time.monotonic()
            run = execute(nb, out_dir, args.full, args.timeout)
            secs = time.monotonic() - start
            executed = os.path.join(out_dir, os.path.basename(nb))
            if run.returncode != 0 or not os.path.exists(executed):
                failed += 1
                print(f"FAIL {name} ({secs:.1f}s): nbconvert exited {run.returncode}")
                print("  " + run.stderr.strip().replace("\n", "\n  ")[-3000:])
                continue
            found = problems(executed)
            if found:
                failed += 1
                print(f"FAIL {name} ({secs:.1f}s)")
                for number, text in found:
                    print(f"  cell {number}: {text}")
            else:
                passed += 1
                print(f"ok   {name} ({secs:.1f}s)")
            if args.inplace:
                shutil.copyfile(executed, nb)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

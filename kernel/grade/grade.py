"""Grades a folder of student exercise notebooks, headless, each in a sandbox.

    grade.py [--timeout S] [--jobs N] [--csv FILE] [--json FILE] [--save DIR]
             [--image IMAGE] [--memory 1g] [--cpus 1] [--pids 256] [--unsafe-local] FOLDER

FOLDER holds the students' notebooks in either layout (both may be mixed):

    FOLDER/<student>/<any name>.ipynb         one folder per student
    FOLDER/<student>-<NN-name>.ipynb          flat, e.g. alice-01-minibatch-covariance.ipynb

Each notebook is matched to its exercise (its metadata, else its file name)
and graded against the teacher's master, the blank exercise notebook of the
catalog (--catalog, default notebooks/exercises): the master's setup and
check cells run, whatever the student did to them; the student's answer
cells and added cells run in their place (assemble.py). Each check runs
sealed: its verdict is read only from its own cell's result, authenticated
with a key made for this run, and function answers are also tested at
hidden inputs. Stream text, such as a printed "✓", never counts.

Each student's notebooks run in a container of the project's image
(--image, default sgdminima), one after another, each from a clean slate
(every process the last one left killed, the scratch emptied; a notebook
that times out or dies takes its container with it): no network, read-only
root, a private scratch, the submission alone (no other student's files, no
solutions), non-root, with limits on memory, CPU and processes, and wall
time (--timeout seconds per notebook, default 120). --jobs students are
graded at once. Without a Docker engine the grader refuses, unless
--unsafe-local is given: then notebooks run here, as you, --jobs at once,
and the report says so.

The table has one row per student and exercise:

    student  exercise  result  hint

result is pass, fail, not yet, library (the student's cells call a library
function that computes the answer: named in the hint), timeout, killed (the
memory limit), kernel died, error (the check did not run: the hint names the
cell and the error; or the file is not a notebook) or missing. --csv and
--json also write the rows, with the ✓ messages, the sandbox used and, in
a container, the container's name (a student's notebooks share one until a
timeout or a kill ends it). The
exit status is 0 once the folder is graded (whatever the students'
results) and 2 for a usage error.
"""

import argparse
import concurrent.futures
import csv
import json
import os
import sys
import time

import assemble
import runner

KERNEL_NAME = "sgdminima-go"
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUILD_SPEC_DIR = os.path.join(REPO, "kernel", "build", "jupyter")
DEFAULT_CATALOG = os.path.join(REPO, "notebooks", "exercises")
UNSAFE = "none (--unsafe-local: ran on the grading machine, unsandboxed)"


def use_kernelspec():
    """Prefers the kernelspec of this checkout's build (make kernel) to an
    installed one, for --unsafe-local."""
    if os.path.exists(os.path.join(BUILD_SPEC_DIR, "kernels", KERNEL_NAME, "kernel.json")):
        paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
        if BUILD_SPEC_DIR not in paths:
            os.environ["JUPYTER_PATH"] = os.pathsep.join([BUILD_SPEC_DIR] + paths)


def read_nb(path):
    """(notebook dict, None) or (None, why it cannot be read)."""
    try:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
    except OSError as e:
        return None, f"cannot read the file: {e.strerror}"
    except (ValueError, UnicodeDecodeError) as e:
        return None, f"not a readable notebook: {e}"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, "not a readable notebook: no cells"
    return nb, None


def load_catalog(folder):
    """Maps each master notebook's name (without .ipynb) to the notebook."""
    catalog = {}
    if folder and os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".ipynb"):
                nb, _ = read_nb(os.path.join(folder, name))
                if nb and nb.get("metadata", {}).get("sgdminima", {}).get("exercises"):
                    catalog[name[:-len(".ipynb")]] = nb
    return catalog


def exercises(nb):
    return list((nb or {}).get("metadata", {}).get("sgdminima", {}).get("exercises") or [])


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


def master_of(path, nb, catalog):
    """The catalog name of the exercise a submission answers, or None."""
    ids = exercises(nb)
    for name, master in catalog.items():
        if ids and exercises(master) == ids:
            return name
    stem = os.path.basename(path)[:-len(".ipynb")]
    for name in catalog:
        if stem == name or stem.endswith("-" + name):
            return name
    return None


def problem_of(status, timeout):
    s, cell = status.get("status"), status.get("cell")
    where = f" in cell {cell}" if cell else ""
    if s == "timeout":
        return "timeout", f"the notebook did not finish within {timeout} s{where} (an endless loop?)"
    if s == "killed":
        return "killed", f"the notebook was stopped{where}: {status.get('detail')}"
    if s == "kernel died":
        return "kernel died", f"the kernel died{where} (a fatal error such as os.Exit or a stack overflow)"
    if s == "error":
        return "error", status.get("detail") or "the notebook could not be executed"
    return None, None


def first_student_error(nb):
    for number, cell in enumerate((nb or {}).get("cells", []), start=1):
        if (cell.get("metadata") or {}).get("sgdminima", {}).get("role") != "student":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return f"cell {number}: {out.get('ename', '')}: {out.get('evalue', '')}".strip()
    return None


def grade(student, path, catalog, args, env, sandbox=None):
    base = {"student": student, "notebook": os.path.relpath(path, args.folder),
            "sandbox": UNSAFE if args.unsafe_local else f"docker ({args.image})", "seconds": 0}
    nb, unreadable = read_nb(path)
    name = master_of(path, nb, catalog)
    ids = exercises(catalog[name]) if name else []
    if unreadable:
        return [{**base, "exercise": cid, "result": "error", "hint": unreadable} for cid in ids or ["-"]]
    if not name:
        return [{**base, "exercise": "-", "result": "error",
                 "hint": "not an exercise notebook of the catalog (no sgdminima metadata, and its name matches none)"}]
    master = catalog[name]
    job = assemble.assemble(master, nb)
    started = time.monotonic()
    if args.unsafe_local:
        run = runner.run_local(job.nb, args.timeout, args.kernel, env)
    else:
        try:
            run = sandbox.run(job.nb)
        except Exception as e:  # the engine failed this notebook: its rows say so, the class goes on
            sandbox.close()
            return [{**base, "exercise": cid, "result": "error",
                     "hint": f"the sandbox failed: {type(e).__name__}: {e}"} for cid in ids]
        base["container"] = run.container
    base["seconds"] = round(time.monotonic() - started, 1)
    found, problems = assemble.verdicts(run.nb, job)
    problem, detail = problem_of(run.status, args.timeout)
    student_error = first_student_error(run.nb)
    forbidden = master.get("metadata", {}).get("sgdminima", {}).get("library_answers", {})

    rows = []
    for cid in ids:
        calls = assemble.library_calls(job.student_code, forbidden.get(cid, []))
        seal_problem = next((p for n, p in problems.items() if cid in job.seals[n][1]), None)
        if cid in found:
            result, msg = found[cid]
            notes = []
            if result != "pass" and student_error:
                notes.append(f"[{student_error}]")
            if problem:
                notes.append(f"[then: {detail}]")
            hint = " ".join([msg] + notes) if result != "pass" else ""
            row = {**base, "exercise": cid, "result": result, "hint": hint, "message": msg}
        elif problem:
            row = {**base, "exercise": cid, "result": problem, "hint": detail}
        elif seal_problem:
            where = f"{student_error}; " if student_error else ""
            row = {**base, "exercise": cid, "result": "error", "hint": f"{where}the check failed: {seal_problem}"}
        else:
            row = {**base, "exercise": cid, "result": "missing", "hint": "the check gave no verdict"}
        if calls:
            row.update(result="library", hint=f"your cells call {', '.join(calls)}, which computes the answer: "
                                               "derive it instead")
        rows.append(row)
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        with open(os.path.join(args.save, f"{student}--{os.path.basename(path)}"), "w") as f:
            json.dump(assemble.redact(run.nb, job.key), f, indent=1, ensure_ascii=False)
    return rows


def grade_student(student, paths, catalog, args, env):
    sandbox = runner.Sandbox(args.image, args.timeout, args.kernel, args.limits)
    try:
        return [row for path in paths for row in grade(student, path, catalog, args, env, sandbox)]
    finally:
        sandbox.close()


def mark_duplicates(rows):
    """Notes rows of a student graded twice for one exercise."""
    seen = {}
    for r in rows:
        seen.setdefault((r["student"], r["exercise"]), []).append(r)
    dups = []
    for (student, cid), rs in seen.items():
        if len(rs) > 1 and cid != "-":
            names = ", ".join(r["notebook"] for r in rs)
            for r in rs:
                r["hint"] = (r["hint"] + " " if r["hint"] else "") + f"[duplicate: {student} handed in {names}]"
            dups.append(f"{student} has {len(rs)} notebooks for {cid}: {names}")
    return dups


def print_table(rows):
    head = ("student", "exercise", "result", "hint")
    cols = [[r["student"], r["exercise"], r["result"], r["hint"]] for r in rows]
    width = [max([len(head[i])] + [len(c[i]) for c in cols]) for i in range(3)]
    fmt = lambda c: "  ".join(c[i].ljust(width[i]) for i in range(3)) + "  " + c[3]
    print(fmt(head).rstrip())
    print(fmt(["-" * w for w in width] + ["-" * 4]).rstrip())
    for c in cols:
        print(fmt(c).rstrip())


def usage_error(msg):
    print(f"grade: {msg}", file=sys.stderr)
    sys.exit(2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per notebook (default 120)")
    ap.add_argument("--jobs", type=int, default=1, help="students (sandboxed) or notebooks (--unsafe-local) graded at once (default 1)")
    ap.add_argument("--kernel", default=KERNEL_NAME, help=f"kernel name (default {KERNEL_NAME})")
    ap.add_argument("--catalog", default=DEFAULT_CATALOG,
                    help="folder of the master (blank) exercise notebooks")
    ap.add_argument("--csv", help="also write the rows to this CSV file")
    ap.add_argument("--json", help="also write the rows to this JSON file")
    ap.add_argument("--save", help="keep the executed notebooks in this folder")
    ap.add_argument("--image", default="sgdminima", help="the sandbox's Docker image (default sgdminima)")
    ap.add_argument("--memory", default="1g", help="memory per sandbox (default 1g)")
    ap.add_argument("--cpus", default="1", help="CPUs per sandbox (default 1)")
    ap.add_argument("--pids", type=int, default=256, help="processes per sandbox (default 256)")
    ap.add_argument("--unsafe-local", action="store_true",
                    help="run student code on this machine, as you, without a sandbox")
    args = ap.parse_args()

    if not args.folder or not os.path.isdir(args.folder):
        usage_error(f"{args.folder or 'FOLDER'} is not a folder of student notebooks (see --help)")
    catalog = load_catalog(args.catalog)
    if not catalog:
        usage_error(f"no master exercise notebooks in {args.catalog} (--catalog)")
    notebooks = find_notebooks(args.folder, catalog)
    if not notebooks:
        usage_error(f"no .ipynb files in {args.folder}")
    args.limits = runner.Limits(args.memory, args.cpus, args.pids)
    if args.unsafe_local:
        use_kernelspec()
        try:
            from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
            KernelSpecManager().get_kernel_spec(args.kernel)
        except ImportError:
            usage_error("Jupyter is missing: apt-get install python3-nbclient jupyter-client")
        except NoSuchKernel:
            usage_error(f"no kernel named {args.kernel}: run `make kernel`")
        print("grade: --unsafe-local: the students' code runs on this machine, as you, unsandboxed",
              file=sys.stderr)
    else:
        why = runner.docker_ready(args.image)
        if why:
            usage_error(f"{why}.\nStudent code is only run in a sandbox; "
                        "pass --unsafe-local to run it on this machine instead (not for untrusted code)")
    env = dict(os.environ, SGDMINIMA_QUICK="1")

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        if args.unsafe_local:
            futures = [pool.submit(grade, s, p, catalog, args, env) for s, p in notebooks]
        else:  # a sandbox per student, their notebooks one after another
            by_student = {}
            for s, p in notebooks:
                by_student.setdefault(s, []).append(p)
            futures = [pool.submit(grade_student, s, paths, catalog, args, env) for s, paths in by_student.items()]
        rows = [row for f in futures for row in f.result()]
    rows.sort(key=lambda r: (r["student"], r["notebook"]))  # stable: exercise order kept
    for d in mark_duplicates(rows):
        print(f"grade: duplicate: {d}", file=sys.stderr)

    print_table(rows)
    counts = {}
    for r in rows:
        counts[r["result"]] = counts.get(r["result"], 0) + 1
    students = len({r["student"] for r in rows})
    print(f"\n{len(notebooks)} notebooks of {students} students: "
          + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    print("sandbox: " + (UNSAFE if args.unsafe_local else
                         f"a Docker container of {args.image} per student, a clean slate per notebook (no network, read-only root, "
                         f"memory {args.memory}, {args.cpus} CPU, {args.pids} processes, {args.timeout} s)"))
    fields = ["student", "exercise", "result", "hint", "notebook", "seconds", "message", "sandbox", "container"]
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()

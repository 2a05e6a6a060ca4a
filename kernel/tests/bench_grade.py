"""Grading throughput, sandboxed vs --unsafe-local, in the same run.

    BENCH name=grade_sandboxed ours=<notebooks/min> anchor=<unsafe-local notebooks/min> unit=nb/min ratio=…

A class of 16 students, each handing in the 8 solved exercise notebooks
(128 notebooks), graded with --jobs 2 both ways. Run by docker/test.sh under
`make bench` (SGDMINIMA_BENCH=1), with the engine and image it built; the
sandbox should cost less than 30 % over the local run.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

from kernelclient import REPO, use_build_kernelspec

GRADE = os.path.join(REPO, "kernel", "grade", "grade.py")
SOLUTIONS = os.path.join(REPO, "notebooks", "exercises", "solutions")
STUDENTS = 16


def grade(folder, *flags):
    t = time.monotonic()
    run = subprocess.run([sys.executable, GRADE, "--jobs", "2", *flags, folder],
                         capture_output=True, text=True)
    secs = time.monotonic() - t
    if run.returncode != 0 or " pass" not in run.stdout:
        raise RuntimeError(run.stdout[-2000:] + run.stderr[-2000:])
    return secs


def main():
    use_build_kernelspec()
    cls = tempfile.mkdtemp(prefix="sgdminima-bench-class-")
    try:
        names = sorted(n for n in os.listdir(SOLUTIONS) if n.endswith(".ipynb"))
        for i in range(STUDENTS):
            os.makedirs(os.path.join(cls, f"s{i:02d}"))
            for n in names:
                shutil.copy(os.path.join(SOLUTIONS, n), os.path.join(cls, f"s{i:02d}", n))
        count = STUDENTS * len(names)
        local = grade(cls, "--unsafe-local")
        sandboxed = grade(cls, "--image", os.environ["SGDMINIMA_GRADE_IMAGE"])
        ours, anchor = count / sandboxed * 60, count / local * 60
        print(f"BENCH name=grade_sandboxed ours={ours:.3g} anchor={anchor:.3g} unit=nb/min "
              f"ratio={ours / anchor:.3g}", flush=True)
    finally:
        shutil.rmtree(cls, ignore_errors=True)


if __name__ == "__main__":
    main()

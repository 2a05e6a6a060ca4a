"""The exercises: which are released, handing them out to a home (as its
owner, never overwriting) and collecting them (never through a link)."""

import errno
import io
import json
import os
import re
import stat
import subprocess
import sys
import tarfile

from accounts import Accounts, passwd_entries
from common import (CATALOG, EXERCISES, HERE, HOMES, MAX_NOTEBOOK, SERVER_CONFIG, STATE, Locked, Problem, say,
                    write_atomic)


# ---- the catalog and the released exercises --------------------------------

def catalog():
    """The names (without .ipynb) of the blank exercise notebooks in the image."""
    try:
        return sorted(n[:-len(".ipynb")] for n in os.listdir(CATALOG) if n.endswith(".ipynb"))
    except FileNotFoundError:
        return []


def resolve(names):
    """Catalog names for NAME arguments: 'all', full names, or unique prefixes ('03')."""
    known, out = catalog(), []
    for arg in re.split(r"[\s,]+", " ".join(names).strip()):
        if not arg or arg == "none":
            continue
        if arg == "all":
            out += known
            continue
        arg = arg[:-len(".ipynb")] if arg.endswith(".ipynb") else arg
        match = [n for n in known if n == arg] or [n for n in known if n.startswith(arg)]
        if len(match) != 1:
            raise Problem(f"no single exercise named {arg!r}; the exercises are: {', '.join(known)}")
        out += match
    return sorted(set(out))


def released():
    try:
        with open(os.path.join(STATE, "released.txt")) as f:
            return sorted({line.strip() for line in f if line.strip()} & set(catalog()))
    except FileNotFoundError:
        return []


def add_released(names):
    now = sorted(set(released()) | set(names))
    write_atomic(os.path.join(STATE, "released.txt"), "".join(n + "\n" for n in now), 0o600)
    return now


# ---- hand-out -----------------------------------------------------------------

def handout_self(names, home):
    """Creates ~/exercises/NAME.ipynb for each released NAME that is missing,
    as the current user: never overwrites, never follows a link. Returns a
    report {handed, kept, problem}."""
    report = {"handed": [], "kept": [], "problem": ""}
    folder = os.path.join(home, EXERCISES)
    try:
        os.mkdir(folder, 0o755)
    except FileExistsError:
        pass
    except OSError as e:
        report["problem"] = f"cannot create {folder}: {e.strerror}"
        return report
    st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode):
        report["problem"] = f"{folder} is not a folder"
        return report
    missing = []
    for name in names:
        src = os.path.join(CATALOG, name + ".ipynb")
        try:
            with open(src, "rb") as f:
                body = f.read()
            fd = os.open(os.path.join(folder, name + ".ipynb"),
                         os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            report["kept"].append(name)
            continue
        except OSError as e:
            missing.append(name)
            report["problem"] = f"{folder} is not writable ({e.strerror})"
            continue
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        report["handed"].append(name)
    if missing:
        report["problem"] += f": not handed out: {', '.join(missing)}"
    # The project's editor style sheet (Go's tabs shown as indentation), once.
    css = os.path.join(SERVER_CONFIG, "custom", "custom.css")
    if os.path.exists(css):
        try:
            os.makedirs(os.path.join(home, ".jupyter", "custom"), exist_ok=True)
            fd = os.open(os.path.join(home, ".jupyter", "custom", "custom.css"),
                         os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as f, open(css, "rb") as src:
                f.write(src.read())
        except OSError:
            pass
    return report


def handout_command(name, names):
    """The command that hands names out to account name, as that account."""
    return [sys.executable, os.path.join(HERE, "classroom.py"), "handout", "--self", "--json", "--home",
            os.path.join(HOMES, name), *names]


def handout_env(name):
    return {"HOME": os.path.join(HOMES, name), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
            "CLASSROOM_CATALOG": CATALOG, "CLASSROOM_SERVER_CONFIG": SERVER_CONFIG}


def account_ids(name):
    entry = passwd_entries()[name]
    return int(entry[2]), int(entry[3])


def read_report(name, code, out, err):
    try:
        return json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"handed": [], "kept": [], "problem": f"hand-out failed (exit {code}): {err.strip()[-300:]}"}


def handout_to(name, names):
    uid, gid = account_ids(name)
    r = subprocess.run(handout_command(name, names), user=uid, group=gid, extra_groups=[], cwd="/",
                       env=handout_env(name), capture_output=True, text=True, timeout=120)
    return read_report(name, r.returncode, r.stdout, r.stderr)


async def handout_async(name):
    """The hub's pre-spawn hook: hands the released exercises out to name
    without blocking the hub. Returns the report."""
    import asyncio
    names = released()
    uid, gid = account_ids(name)
    proc = await asyncio.create_subprocess_exec(
        *handout_command(name, names), user=uid, group=gid, extra_groups=[], cwd="/", env=handout_env(name),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return read_report(name, proc.returncode, out.decode(), err.decode())


def describe(name, report):
    parts = []
    if report["handed"]:
        parts.append("handed out " + ", ".join(report["handed"]))
    if report["kept"]:
        parts.append(f"{len(report['kept'])} already there (kept as they are)")
    if report["problem"]:
        parts.append("PROBLEM: " + report["problem"])
    return f"{name}: " + ("; ".join(parts) or "nothing to hand out")


def release(settings, names):
    with Locked():
        now = add_released(resolve(names))
        accounts = Accounts()
        failed = 0
        for name in sorted(n for n, a in accounts.data.items() if a["active"]):
            report = handout_to(name, now)
            failed += bool(report["problem"])
            say(describe(name, report))
    say(f"released: {', '.join(now) or 'none'}")
    if failed:
        raise Problem(f"{failed} home{'s' if failed > 1 else ''} could not receive every exercise (PROBLEM above): "
                      "the exercises they lack are handed out at the student's next start once the folder is writable")


# ---- collection -----------------------------------------------------------------

def read_submission(folder_fd, name, uid):
    """The bytes of a student's notebook, or why it was skipped. Opened
    relative to the student's folder, without following links."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder_fd)
    except FileNotFoundError:
        return None, "missing"
    except OSError as e:
        return None, "a link, not a notebook: skipped" if e.errno == errno.ELOOP else f"unreadable: {e.strerror}"
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            return None, "not a regular file: skipped"
        if st.st_uid != uid:
            return None, f"belongs to uid {st.st_uid}, not the student: skipped"
        if st.st_size > MAX_NOTEBOOK:
            return None, f"larger than {MAX_NOTEBOOK >> 20} MiB: skipped"
        return f.read(MAX_NOTEBOOK + 1), st.st_mtime


def collect(out):
    """Writes a tar of STUDENT/NAME.ipynb for every student on the roster and
    every released exercise to the binary stream out; reports to stderr."""
    accounts = Accounts()
    names = released()
    students = accounts.students()
    if not students:
        raise Problem("no students on the roster")
    counted = 0
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for student in students:
            uid = accounts.data[student]["uid"]
            got, notes = [], []
            try:
                home_fd = os.open(os.path.join(HOMES, student), os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
                try:
                    folder_fd = os.open(EXERCISES, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=home_fd)
                finally:
                    os.close(home_fd)
            except OSError as e:
                say(f"{student}: no exercises folder ({e.strerror}): nothing collected")
                continue
            try:
                for name in names:
                    body, when = read_submission(folder_fd, name + ".ipynb", uid)
                    if body is None:
                        notes.append(f"{name} {when}")
                        continue
                    info = tarfile.TarInfo(f"{student}/{name}.ipynb")
                    info.size, info.mtime, info.mode = len(body), int(when), 0o644
                    tar.addfile(info, io.BytesIO(body))
                    got.append(name)
            finally:
                os.close(folder_fd)
            counted += len(got)
            say(f"{student}: {len(got)} notebook{'s' if len(got) != 1 else ''}"
                + (f" ({'; '.join(notes)})" if notes else ""))
    say(f"collected {counted} notebooks of {len(students)} students ({', '.join(names)})")

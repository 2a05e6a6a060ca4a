#!/usr/bin/python3
"""The classroom's accounts, hand-out and collection (docker/classroom.yaml).

    sgdminima-classroom hub                 accounts from the roster, then JupyterHub (the image's command)
    sgdminima-classroom sync                re-read the roster: add new students, disable removed ones
    sgdminima-classroom release NAME...|all hand exercises out to every home now and at every later start
    sgdminima-classroom password USER       a new password for USER (in passwords.csv)
    sgdminima-classroom collect             every student's exercise notebooks, as a tar on standard output
    sgdminima-classroom handout USER        hand the released exercises out to USER (the hub does it at each start)
    sgdminima-classroom handout --self [NAME...]  the same, as the current user (Kubernetes: a postStart hook)
    sgdminima-classroom COMMAND [ARG...]    anything else runs as given (Zero to JupyterHub: jupyterhub-singleuser)

The teacher's folder (CLASSROOM_TEACHER_DIR, mounted from the host) holds
roster.csv, one student a line: username,display name. The hub writes
passwords.csv there, readable by the folder's owner alone. Everything else
(accounts with their uids and password hashes, the released exercises, the
hub's database) is kept in CLASSROOM_STATE, readable by root alone, so that
a new container of a newer image recreates the same accounts for the homes
kept in their volume. Nothing here overwrites a student's file: hand-out
runs as the student and creates only notebooks that are missing; collection
only reads.
"""

import csv
import errno
import fcntl
import io
import json
import os
import re
import secrets
import stat
import subprocess
import sys
import tarfile

STATE = os.environ.get("CLASSROOM_STATE", "/srv/classroom/state")
TEACHER_DIR = os.environ.get("CLASSROOM_TEACHER_DIR", "/srv/classroom/teacher")
CATALOG = os.environ.get("CLASSROOM_CATALOG", "/opt/sgdminima/exercises")
HOMES = os.environ.get("CLASSROOM_HOMES", "/home")
SERVER_CONFIG = os.environ.get("CLASSROOM_SERVER_CONFIG", "/etc/sgdminima/jupyter")
HERE = os.path.dirname(os.path.realpath(__file__))

LOGIN_GROUP = "classroom"  # who may log in: the students on the roster and the teacher
STUDENT_GROUP = "students"
FIRST_UID = 2000  # above the image's own accounts (reader is 1000)
NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
NAME_RULE = "1 to 32 lowercase letters, digits, '-' or '_', starting with a letter"
EXERCISES = "exercises"  # the folder in each home
MAX_NOTEBOOK = 64 << 20  # collection skips larger files
PASSWORDS = "passwords.csv"
ROSTER = "roster.csv"


class Problem(Exception):
    """A message for the teacher; the command exits with status 2."""


def say(msg):
    print(f"classroom: {msg}", file=sys.stderr, flush=True)


# ---- settings ---------------------------------------------------------------

def memory_bytes(text):
    """'1g', '1500m', '512MiB', '0' (no limit) → bytes."""
    m = re.fullmatch(r"\s*(\d+)\s*([kmgt]?)(i?b)?\s*", text.lower())
    if not m:
        raise Problem(f"CLASSROOM_STUDENT_MEMORY={text!r}: want a size such as 1g, 1500m or 0 (no limit)")
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30, "t": 40}[m.group(2)]


class Settings:
    """The classroom's settings, from the environment (docker/classroom.yaml)."""

    def __init__(self, env=os.environ):
        self.teacher = env.get("CLASSROOM_TEACHER", "teacher").strip()
        if not NAME.match(self.teacher):
            raise Problem(f"CLASSROOM_TEACHER={self.teacher!r} is not a valid account name: {NAME_RULE}")
        try:
            self.idle_timeout = int(env.get("CLASSROOM_IDLE_TIMEOUT", "3600"))
            if self.idle_timeout < 0:
                raise ValueError
        except ValueError:
            raise Problem(f"CLASSROOM_IDLE_TIMEOUT={env.get('CLASSROOM_IDLE_TIMEOUT')!r}: "
                          "want seconds, a whole number (0: never cull)") from None
        self.memory = memory_bytes(env.get("CLASSROOM_STUDENT_MEMORY", "1g"))
        if 0 < self.memory < 256 << 20:
            raise Problem(f"CLASSROOM_STUDENT_MEMORY={env.get('CLASSROOM_STUDENT_MEMORY')!r}: "
                          "below 256m the notebook server itself cannot start")
        self.release = env.get("CLASSROOM_RELEASE", "all")
        self.api_token = env.get("CLASSROOM_API_TOKEN", "")


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


# ---- files ------------------------------------------------------------------

def write_atomic(path, text, mode, owner=None):
    tmp = f"{path}.tmp{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, mode)
        if owner:
            os.chown(tmp, *owner)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class Locked:
    """Serialises the commands that change accounts (the hub's start, sync,
    release, password) through a lock file in the state folder."""

    def __enter__(self):
        os.makedirs(STATE, mode=0o700, exist_ok=True)
        os.chmod(STATE, 0o700)
        self.f = open(os.path.join(STATE, ".lock"), "w")
        fcntl.flock(self.f, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        self.f.close()


# ---- the roster ---------------------------------------------------------------

def read_roster(path, teacher, reserved):
    """[(username, display name)] from the roster CSV, or Problem listing every
    bad line. The first line may be a header (username,display name); blank
    lines and lines starting with # are skipped."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except FileNotFoundError:
        raise Problem(f"no roster: write {path} on the host, one student a line: username,display name") from None
    except UnicodeDecodeError as e:
        raise Problem(f"{path} is not UTF-8 text: {e}") from None
    except csv.Error as e:
        raise Problem(f"{path} is not valid CSV: {e}") from None
    errors, seen, students = [], {}, []
    for number, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() in ("username", "user", "login"):
            continue
        if len(cells) != 2 or not cells[1]:
            errors.append(f"line {number}: expected 2 columns (username,display name), found "
                          f"{len(cells) if len(cells) != 2 else 'an empty display name'}: {','.join(row)!r}")
            continue
        name, display = cells
        if not NAME.match(name):
            errors.append(f"line {number}: {name!r} is not a valid account name: {NAME_RULE}")
        elif name == teacher:
            errors.append(f"line {number}: {name!r} is the teacher's account (CLASSROOM_TEACHER), not a student")
        elif name in reserved:
            errors.append(f"line {number}: {name!r} is a system account of the image; choose another name")
        elif name in seen:
            errors.append(f"line {number}: {name!r} is already on line {seen[name]}")
        elif any(ord(ch) < 32 for ch in display):
            errors.append(f"line {number}: the display name of {name!r} holds a control character")
        else:
            seen[name] = number
            students.append((name, display))
    if errors:
        raise Problem(f"{path} has {len(errors)} bad line{'s' if len(errors) > 1 else ''}; nothing was changed:\n  "
                      + "\n  ".join(errors))
    if not students:
        raise Problem(f"{path} lists no students (one a line: username,display name)")
    return students


# ---- accounts -----------------------------------------------------------------

def run(*cmd, stdin=None):
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise Problem(f"{' '.join(cmd[:2])}: {(r.stderr or r.stdout).strip()}")
    return r.stdout


def passwd_entries():
    with open("/etc/passwd") as f:
        return {line.split(":")[0]: line.split(":") for line in f if line.count(":") >= 6}


def groups():
    with open("/etc/group") as f:
        return {line.split(":")[0]: line.rstrip("\n").split(":") for line in f if line.count(":") >= 3}


def shadow_hash(name):
    with open("/etc/shadow") as f:
        for line in f:
            fields = line.split(":")
            if fields[0] == name:
                return fields[1]
    return None


def new_password():
    """About 62 bits from /dev/urandom, in three groups easy to read aloud."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def gecos(display):
    return re.sub(r"[:,=\\]", " ", display)


class Accounts:
    """The accounts of the classroom, kept in STATE/accounts.json:
    {name: {uid, display, hash, role: student|teacher, active}}."""

    def __init__(self):
        self.path = os.path.join(STATE, "accounts.json")
        try:
            with open(self.path) as f:
                self.data = json.load(f)
        except FileNotFoundError:
            self.data = {}

    def save(self):
        write_atomic(self.path, json.dumps(self.data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", 0o600)

    def reserved(self):
        """Accounts of the image (root, reader, …): not usable as students."""
        return {n for n in passwd_entries() if n not in self.data}

    def students(self, active=True):
        return sorted(n for n, a in self.data.items() if a["role"] == "student" and (a["active"] or not active))

    def free_uid(self, home):
        """The uid for a new account: that of the home it finds (a volume kept
        from an earlier class state), else the next free one."""
        taken = {int(p[2]) for p in passwd_entries().values()} | {int(g[2]) for g in groups().values()} \
            | {a["uid"] for a in self.data.values()}
        try:
            owner = os.lstat(home).st_uid
            if owner >= FIRST_UID and owner not in taken:
                return owner
        except FileNotFoundError:
            pass
        uid = FIRST_UID
        while uid in taken:
            uid += 1
        return uid

    def ensure_system_account(self, name, password=None):
        """Creates the system account of a known classroom account (a new
        container of the image has none), its home 0700, its groups, its
        password: the one given, else the kept hash; locked if inactive."""
        a = self.data[name]
        uid, home = a["uid"], os.path.join(HOMES, name)
        if name not in groups():
            run("groupadd", "--gid", str(uid), name)
        if name not in passwd_entries():
            run("useradd", "--uid", str(uid), "--gid", str(uid), "--no-create-home", "--home-dir", home,
                "--shell", "/bin/bash", "--comment", gecos(a["display"]), name)
        else:
            run("usermod", "--comment", gecos(a["display"]), name)
        if not os.path.lexists(home):
            os.mkdir(home, 0o700)
            os.chown(home, uid, uid)
        st = os.lstat(home)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid:
            raise Problem(f"{home} is not {name}'s folder (it belongs to uid {st.st_uid}); "
                          f"move it aside and run sync again")
        os.chmod(home, 0o700)  # no student reads another's files
        if password is not None:
            run("chpasswd", stdin=f"{name}:{password}\n")
            a["hash"] = shadow_hash(name)
        else:
            run("chpasswd", "--encrypted", stdin=f"{name}:{a['hash']}\n")
        membership = []
        if a["active"]:
            membership = [LOGIN_GROUP, STUDENT_GROUP] if a["role"] == "student" else [LOGIN_GROUP]
        for group in (LOGIN_GROUP, STUDENT_GROUP):
            members = groups()[group][3].split(",")
            if group in membership and name not in members:
                run("gpasswd", "--add", name, group)
            elif group not in membership and name in members:
                run("gpasswd", "--delete", name, group)
        if not a["active"]:
            run("usermod", "--lock", name)

    def create(self, name, display, role):
        """A new account with a password from /dev/urandom; returns the password."""
        home = os.path.join(HOMES, name)
        password = new_password()
        self.data[name] = {"uid": self.free_uid(home), "display": display, "role": role, "active": True, "hash": "!"}
        try:
            self.ensure_system_account(name, password)
        except BaseException:
            del self.data[name]
            raise
        self.save()
        return password

    def set_password(self, name):
        password = new_password()
        self.ensure_system_account(name, password)
        self.save()
        return password


def ensure_groups():
    for group in (LOGIN_GROUP, STUDENT_GROUP):
        if group not in groups():
            run("groupadd", "--system", group)


def teacher_dir_owner():
    st = os.stat(TEACHER_DIR)
    return st.st_uid, st.st_gid


def record_passwords(entries):
    """Adds or replaces rows (username, display name, password) in the
    teacher's passwords.csv, readable by the owner of the teacher's folder
    alone."""
    path = os.path.join(TEACHER_DIR, PASSWORDS)
    rows = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as f:
            for row in list(csv.reader(f))[1:]:
                if len(row) == 3:
                    rows[row[0]] = row
    for name, display, password in entries:
        rows[name] = [name, display, password]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["username", "display name", "password"])
    w.writerows(rows[n] for n in sorted(rows))
    try:
        write_atomic(path, out.getvalue(), 0o600, owner=teacher_dir_owner())
    except OSError as e:
        raise Problem(f"cannot write {path}: {e.strerror}: make the teacher's folder writable "
                      f"(the passwords of {', '.join(e[0] for e in entries)} are not recorded; "
                      f"run `password USER` for each once it is)") from None


def sync(settings, quiet=False):
    """Makes the accounts match the roster: new students get an account and a
    password (written to passwords.csv), students no longer listed lose their
    login (their files stay), every known account exists in this container."""
    if not os.path.isdir(TEACHER_DIR):
        raise Problem(f"the teacher's folder {TEACHER_DIR} is missing: mount the host folder "
                      f"that holds {ROSTER} there (CLASSROOM_DIR)")
    accounts = Accounts()
    roster = read_roster(os.path.join(TEACHER_DIR, ROSTER), settings.teacher, accounts.reserved())
    ensure_groups()
    new_passwords, report = [], []
    for name, a in accounts.data.items():  # a fresh container: recreate what the state knows
        if a["role"] == "teacher" and name != settings.teacher:
            a["active"] = False
        accounts.ensure_system_account(name)
    teacher = accounts.data.get(settings.teacher)
    if teacher is None:
        new_passwords.append((settings.teacher, "teacher (hub admin)",
                              accounts.create(settings.teacher, "teacher (hub admin)", "teacher")))
        report.append(f"created the teacher's account {settings.teacher}")
    elif teacher["role"] != "teacher":
        raise Problem(f"CLASSROOM_TEACHER={settings.teacher!r} is a student's account")
    elif not teacher["active"]:
        teacher["active"] = True
        accounts.ensure_system_account(settings.teacher)
    listed = dict(roster)
    for name, display in roster:
        a = accounts.data.get(name)
        if a is None:
            new_passwords.append((name, display, accounts.create(name, display, "student")))
            report.append(f"added {name} ({display})")
        elif a["role"] != "student":
            raise Problem(f"{name} is the teacher's account, not a student")
        elif not a["active"] or a["display"] != display:
            if not a["active"]:
                report.append(f"{name} is back on the roster: login enabled again")
            a["active"], a["display"] = True, display
            accounts.ensure_system_account(name)
    for name in accounts.students():
        if name not in listed:
            accounts.data[name]["active"] = False
            accounts.ensure_system_account(name)
            report.append(f"{name} is not on the roster any more: login disabled, files kept")
    accounts.save()
    if new_passwords:
        record_passwords(new_passwords)
        report.append(f"new passwords are in {PASSWORDS} in the teacher's folder (readable by its owner only)")
    if not quiet or report:
        for line in report or ["the accounts match the roster"]:
            say(line)
    say(f"{len(accounts.students())} students on the roster")
    return accounts


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
    return [sys.executable, os.path.realpath(__file__), "handout", "--self", "--json", "--home",
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


# ---- the hub ---------------------------------------------------------------------

def hub(settings):
    if os.getuid() != 0:
        raise Problem("the hub runs as root (it checks passwords and starts each student's server as the student)")
    with Locked():
        accounts = sync(settings)
        now = add_released(resolve([settings.release]))
    say(f"released: {', '.join(now) or 'none'} (sgdminima-classroom release NAME hands out more)")
    del accounts
    os.chdir(STATE)
    config = os.path.join(HERE, "jupyterhub_config.py")
    sys.stdout.flush()
    os.execv("/usr/bin/jupyterhub", ["jupyterhub", "-f", config])


def main(argv):
    if not argv:
        argv = ["hub"]
    command, args = argv[0], argv[1:]
    commands = {"hub", "sync", "release", "password", "collect", "handout"}
    if command not in commands:
        if command in ("-h", "--help", "help"):
            print(__doc__)
            return 0
        os.execvp(command, argv)  # e.g. jupyterhub-singleuser on Kubernetes
    try:
        if command == "handout" and args[:1] == ["--self"]:
            args = args[1:]
            as_json = args[:1] == ["--json"]
            args = args[1:] if as_json else args
            home = os.path.expanduser("~")
            if args[:1] == ["--home"]:
                home, args = args[1], args[2:]
            report = handout_self(resolve(args or ["all"]), home)
            # The report says what went wrong; the exit status stays 0, so
            # that a Kubernetes postStart hook never kills the server over it.
            print(json.dumps(report) if as_json else describe(os.environ.get("USER", "you"), report))
            return 0
        if os.getuid() != 0:
            raise Problem(f"`{command}` changes accounts or reads every home: run it as root in the hub's container "
                          "(docker compose -f docker/classroom.yaml exec hub sgdminima-classroom …)")
        settings = Settings()
        if command == "hub":
            hub(settings)
        elif command == "sync":
            with Locked():
                sync(settings)
        elif command == "release":
            if not args:
                raise Problem(f"usage: release NAME...|all; the exercises are: {', '.join(catalog())}")
            release(settings, args)
        elif command == "password":
            if len(args) != 1:
                raise Problem("usage: password USER")
            with Locked():
                accounts = Accounts()
                a = accounts.data.get(args[0])
                if a is None:
                    raise Problem(f"no account {args[0]!r}: add the student to {ROSTER} and run sync")
                password = accounts.set_password(args[0])
                record_passwords([(args[0], a["display"], password)])
            say(f"new password for {args[0]} written to {PASSWORDS} in the teacher's folder")
        elif command == "collect":
            if sys.stdout.isatty():
                raise Problem("collect writes a tar to standard output: pipe it (make collect OUT=folder does)")
            collect(sys.stdout.buffer)
        elif command == "handout":
            if len(args) != 1:
                raise Problem("usage: handout USER")
            report = handout_to(args[0], released())
            say(describe(args[0], report))
            return 1 if report["problem"] else 0
    except Problem as e:
        say(str(e))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

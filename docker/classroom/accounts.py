"""The roster and the accounts: a system account, a 0700 home and a
password for every student on the roster and for the teacher."""

import csv
import io
import json
import os
import re
import secrets
import stat
import subprocess

from common import (FIRST_UID, HOMES, LOGIN_GROUP, NAME, NAME_RULE, PASSWORDS, ROSTER, STATE, STUDENT_GROUP,
                    TEACHER_DIR, Problem, say, write_atomic)


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

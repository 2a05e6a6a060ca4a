"""What the classroom's commands share: where things are, the settings from
the environment, the teacher's messages, atomic writes and the lock."""

import fcntl
import os
import re
import sys

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


def whole(env, name, default, want):
    try:
        value = int(env.get(name, default))
        if value < 0:
            raise ValueError
        return value
    except ValueError:
        raise Problem(f"{name}={env.get(name)!r}: want {want}") from None


class Settings:
    """The classroom's settings, from the environment (docker/classroom.yaml)."""

    def __init__(self, env=os.environ):
        self.teacher = env.get("CLASSROOM_TEACHER", "teacher").strip()
        if not NAME.match(self.teacher):
            raise Problem(f"CLASSROOM_TEACHER={self.teacher!r} is not a valid account name: {NAME_RULE}")
        self.idle_timeout = whole(env, "CLASSROOM_IDLE_TIMEOUT", "3600", "seconds, a whole number (0: never cull)")
        # Processes and threads per student (RLIMIT_NPROC): a fork bomb stops
        # there, not at the container's limit that every student shares. A Go
        # kernel runs about two threads per core (its runtime and OpenBLAS).
        self.processes = whole(env, "CLASSROOM_STUDENT_PROCESSES", "1024", "a whole number (0: no limit)")
        if 0 < self.processes < 64:
            raise Problem(f"CLASSROOM_STUDENT_PROCESSES={self.processes}: below 64 the notebook server "
                          "and a kernel cannot start their threads")
        self.memory = memory_bytes(env.get("CLASSROOM_STUDENT_MEMORY", "1g"))
        if 0 < self.memory < 256 << 20:
            raise Problem(f"CLASSROOM_STUDENT_MEMORY={env.get('CLASSROOM_STUDENT_MEMORY')!r}: "
                          "below 256m the notebook server itself cannot start")
        self.release = env.get("CLASSROOM_RELEASE", "all")
        self.api_token = env.get("CLASSROOM_API_TOKEN", "")


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

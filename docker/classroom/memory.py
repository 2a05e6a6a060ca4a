"""Each student's memory, summed over all their processes (the notebook
server and every kernel), held to CLASSROOM_STUDENT_MEMORY by the hub.

A cgroup per student would need a privileged container, so the hub
measures instead: every second it adds up the anonymous resident memory
(RssAnon in /proc/PID/status: heaps and stacks, not the program text the
Go kernels share) of each classroom account's processes, and when an
account is over the limit it kills that account's largest process. A
kernel killed so is restarted by the student's server (the page says the
kernel restarted); the other students never notice. Between two readings a
student can go over by what one process allocates in a second; RLIMIT_DATA,
the same limit set on each process by the spawner, bounds that process.
"""

import os
import pwd
import signal
import threading
import time

from common import say

INTERVAL = 1.0  # seconds between two readings


def usage(first_uid):
    """{uid: [(bytes, pid, command name)]}: the anonymous resident memory of
    every process whose real uid is first_uid or above."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            uid = int(fields["Uid"].split()[0])
            anon = int(fields.get("RssAnon", "0 kB").split()[0]) << 10
        except (OSError, KeyError, ValueError):
            continue  # ended while read
        if uid >= first_uid:
            out.setdefault(uid, []).append((anon, int(pid), fields["Name"].strip()))
    return out


def account(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def mib(n):
    return n >> 20


def enforce(limit, first_uid, kill=os.kill):
    """One reading: kills the largest process of each account over limit.
    Returns [(account, total bytes, pid killed)]."""
    killed = []
    for uid, procs in sorted(usage(first_uid).items()):
        total = sum(p[0] for p in procs)
        if total <= limit:
            continue
        anon, pid, name = max(procs)
        try:
            kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue  # it ended on its own
        say(f"memory: {account(uid)} used {mib(total)} MiB in {len(procs)} processes, over the limit of "
            f"{mib(limit)} MiB: killed the largest, {name} (pid {pid}, {mib(anon)} MiB)")
        killed.append((account(uid), total, pid))
    return killed


def watch(limit, first_uid):
    """Starts the hub's watcher thread: enforce(limit, first_uid) every
    INTERVAL seconds for as long as the hub runs. An error in one reading
    is reported and the next goes on: the watcher never stops the hub."""

    def loop():
        while True:
            try:
                enforce(limit, first_uid)
            except Exception as e:  # noqa: BLE001 — report, never end the hub
                say(f"memory: a reading failed: {e!r}")
            time.sleep(INTERVAL)

    say(f"memory: each account is held to {mib(limit)} MiB in all its processes (checked every {INTERVAL:g} s)")
    threading.Thread(target=loop, name="classroom-memory", daemon=True).start()

"""The classroom hub (docker/classroom.yaml) end to end, with a real Docker
engine: `make classroom-test` (CI: inside the same .ci/docker-engine run as
make docker-test, so the image's layers are shared).

It builds the classroom image (docker/Dockerfile, --target classroom),
brings a class of three up with the teacher's own command
(docker/classroom/classroom.sh up) on a free port of 127.0.0.1, and then,
as browsers would: two students log in through the hub's login form, start
their servers through /hub/spawn, open a kernel and run a Go cell through
the hub's proxied websocket. Then what must hold: only the Go kernel; the
blank exercises handed out and no solution anywhere in the image; one
student gets 403/404 for the other's server, kernels and files through the
hub, cannot read the other's files or the teacher's from a cell, and gets
403 from the other's server port; a memory hog is stopped while the other
student's kernel goes on, and so is a student whose two kernels together
pass the limit; each process has the memory and process rlimits; an
exercise released later appears without overwriting work, also at the next
start, and a folder that is not writable is reported; a student added to the roster logs in without a restart; a
malformed roster, a used port and a wrong password get clear messages and
change nothing; collection copies every student's notebooks (never through
a link) in the layout `make grade` reads and grades them in the sandbox; a
new container keeps accounts and passwords; an idle server is culled.
Every container and volume it started is removed, also on failure.

Prints BENCH lines: the memory (PSS) of an idle student's server with a
started Go kernel, the hub's and proxy's, the time from login to a ready
kernel, and the students that 24 GiB hold.

The Zero to JupyterHub values file is checked offline against the fields
of the chart's schema it uses (no engine needed).
"""

import csv
import json
import os
import re
import secrets
import shutil
import socket
import stat
import subprocess
import tempfile
import time

import pytest
import requests
import yaml

from hubclient import Browser, execute
from kernelclient import REPO

SCRIPT = os.path.join(REPO, "docker", "classroom", "classroom.sh")
COMPOSE_FILE = os.path.join(REPO, "docker", "classroom.yaml")
IMAGE = os.environ.get("SGDMINIMA_CLASSROOM_IMAGE", "sgdminima-classroom:test")
PROJECT = "sgdminima-classroom-test"
ROSTER = [("ana", "Ana Lima"), ("ben", "Ben O'Neil, Jr."), ("cleo", "Cléo Durand")]
RELEASED = ["01-minibatch-covariance", "04-laplace-ratio"]
STUDENT_MEMORY = "1g"
EXERCISES = os.path.join(REPO, "notebooks", "exercises")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def compose_command():
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


class Class:
    """The running class: its settings, the teacher's folder, helpers."""

    def __init__(self, work):
        self.work = work
        self.dir = os.path.join(work, "class")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        self.env = dict(os.environ, CLASS=PROJECT, CLASSROOM_DIR=self.dir, CLASSROOM_PORT=str(self.port),
                        CLASSROOM_IMAGE=IMAGE, CLASSROOM_NO_BUILD="1", CLASSROOM_API_TOKEN=self.token,
                        CLASSROOM_RELEASE=" ".join(RELEASED), CLASSROOM_STUDENT_MEMORY=STUDENT_MEMORY,
                        CLASSROOM_IDLE_TIMEOUT="3600", CLASSROOM_MEMORY="8g")
        self.kernels = {}  # user -> kernel id
        self.browsers = {}
        self.bench = {}

    def script(self, *args, env=None, timeout=600):
        return subprocess.run(["bash", SCRIPT, *args], env=env or self.env, capture_output=True, text=True,
                              timeout=timeout)

    def compose(self, *args):
        return subprocess.run(compose_command() + ["-f", COMPOSE_FILE, "-p", PROJECT, *args], env=self.env,
                              capture_output=True, text=True, timeout=300)

    def container(self):
        cid = self.compose("ps", "-q", "hub").stdout.strip()
        assert cid, "the hub's container is gone"
        return cid

    def exec(self, *cmd, user="root"):
        return subprocess.run(["docker", "exec", "--user", user, self.container(), *cmd], capture_output=True,
                              text=True, timeout=120)

    def passwords(self):
        with open(os.path.join(self.dir, "passwords.csv"), encoding="utf-8") as f:
            return {row[0]: row for row in list(csv.reader(f))[1:]}

    def write_roster(self, rows, extra=""):
        with open(os.path.join(self.dir, "roster.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["username", "display name"])
            w.writerows(rows)
            f.write(extra)

    def api(self, path, method="GET"):
        r = requests.request(method, f"{self.base}/hub/api/{path}", headers={"Authorization": f"token {self.token}"},
                             timeout=60)
        return r

    def wait_ready(self, user, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.api(f"users/{user}").json()["servers"].get("", {})
            if server.get("ready"):
                return
            time.sleep(0.1)
        raise AssertionError(f"{user}'s server was not ready within {timeout} s")

    def browser(self, user):
        if user not in self.browsers:
            self.browsers[user] = Browser(self.base, user, self.passwords()[user][2])
        return self.browsers[user]

    def memory(self, user):
        """PSS in KiB of user's processes in the hub's container (read as that
        user: the container's root may not read another uid's memory maps),
        or of the hub and its proxy for user "hub"."""
        script = r"""
import os, sys
hub = sys.argv[1] == "hub"
total = 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode()
        if hub != ("jupyterhub -f" in cmd or "configurable-http-proxy" in cmd):
            continue
        if not hub and os.stat(f"/proc/{pid}").st_uid != os.getuid():
            continue
        total += sum(int(l.split()[1]) for l in open(f"/proc/{pid}/smaps_rollup") if l.startswith("Pss:"))
    except (OSError, ValueError):
        continue
print(total)
"""
        r = self.exec("python3", "-c", script, user, user="root" if user == "hub" else user)
        assert r.returncode == 0, r.stderr
        return int(r.stdout)


    def anon(self, user):
        """The anonymous resident memory in bytes of user's processes: what
        the hub's memory watcher adds up (docker/classroom/memory.py)."""
        script = r"""
import os, pwd, sys
uid, total = pwd.getpwnam(sys.argv[1]).pw_uid, 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        fields = dict(l.split(":", 1) for l in open(f"/proc/{pid}/status") if ":" in l)
        if int(fields["Uid"].split()[0]) == uid:
            total += int(fields.get("RssAnon", "0 kB").split()[0]) << 10
    except (OSError, KeyError, ValueError):
        continue
print(total)
"""
        r = self.exec("python3", "-c", script, user)
        assert r.returncode == 0, r.stderr
        return int(r.stdout)


@pytest.fixture(scope="module")
def cls(request):
    compose = compose_command()
    if not shutil.which("docker") or not compose or subprocess.run(["docker", "info"], capture_output=True).returncode:
        pytest.fail("the classroom test needs a Docker engine with compose (CI: .ci/docker-engine make classroom-test)")
    work = tempfile.mkdtemp(prefix="sgdminima-classroom.")
    os.chmod(work, 0o755)
    c = Class(work)
    os.mkdir(c.dir)
    c.write_roster(ROSTER)
    try:
        if not os.environ.get("SGDMINIMA_CLASSROOM_NO_BUILD"):
            t0 = time.monotonic()
            with open(os.path.join(work, "build.log"), "w") as log:
                r = subprocess.run(["docker", "build", "-f", os.path.join(REPO, "docker", "Dockerfile"),
                                    "--target", "classroom", "-t", IMAGE, REPO], stdout=log, stderr=subprocess.STDOUT)
            if r.returncode:
                pytest.fail("docker build --target classroom failed:\n"
                            + "".join(open(os.path.join(work, "build.log")).readlines()[-40:]))
            print(f"\nclassroom image built in {time.monotonic() - t0:.0f} s", flush=True)
        r = c.script("up")
        assert r.returncode == 0, f"classroom.sh up failed:\n{r.stdout}\n{r.stderr}"
        assert "is up at" in r.stdout
        yield c
    finally:
        logs = c.compose("logs", "--no-color", "--tail", "60", "hub")
        down = c.compose("down", "-v", "--remove-orphans")
        left = subprocess.run(["docker", "ps", "-aq", "--filter", f"label=com.docker.compose.project={PROJECT}"],
                              capture_output=True, text=True).stdout.split()
        volumes = subprocess.run(["docker", "volume", "ls", "-q", "--filter",
                                  f"label=com.docker.compose.project={PROJECT}"],
                                 capture_output=True, text=True).stdout.split()
        for name in left:
            subprocess.run(["docker", "rm", "-f", name], capture_output=True)
        for name in volumes:
            subprocess.run(["docker", "volume", "rm", "-f", name], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
        if request.session.testsfailed or os.environ.get("SGDMINIMA_CLASSROOM_SHOW_LOG"):
            print("\n--- the hub's log (tail) ---\n" + logs.stdout[-6000:], flush=True)
        assert down.returncode == 0, f"compose down failed: {down.stderr}"
        assert not left and not volumes, f"left behind: containers {left}, volumes {volumes}"


def test_roster_accounts_and_passwords_for_the_teacher_only(cls):
    rows = cls.passwords()
    assert sorted(rows) == sorted([u for u, _ in ROSTER] + ["teacher"])
    assert rows["ben"][1] == "Ben O'Neil, Jr." and rows["cleo"][1] == "Cléo Durand"
    passwords = [r[2] for r in rows.values()]
    assert len(set(passwords)) == len(passwords) and all(len(p) >= 14 for p in passwords)
    st = os.stat(os.path.join(cls.dir, "passwords.csv"))
    assert stat.S_IMODE(st.st_mode) == 0o600
    assert st.st_uid == os.stat(cls.dir).st_uid


def test_wrong_password_is_refused(cls):
    r = Browser(cls.base, "ana", "not-her-password").login()
    assert r.status_code != 302 and "Invalid username or password" in r.text
    r = Browser(cls.base, "root", "").login()
    assert r.status_code != 302


def start_student(cls, user):
    """Log in, spawn, open, start a kernel, run a cell, as a browser; returns
    the seconds from the login form to the kernel's first reply."""
    b = cls.browser(user)
    t0 = time.monotonic()
    r = b.login()
    assert r.status_code == 302 and r.headers["Location"].endswith("/hub/spawn"), (r.status_code, r.text[:300])
    r = b.spawn()
    assert r.status_code == 302, r.text[:300]
    cls.wait_ready(user)
    r = b.open_server()
    assert r.status_code == 200 and r.url.endswith(f"/user/{user}/tree"), r.url
    specs = b.api("GET", "kernelspecs").json()
    assert list(specs["kernelspecs"]) == ["sgdminima-go"] and specs["default"] == "sgdminima-go"
    r = b.api("POST", "kernels", json={"name": "sgdminima-go"})
    assert r.status_code == 201, r.text
    cls.kernels[user] = r.json()["id"]
    info = b.kernel(cls.kernels[user], [("kernel_info_request", {})])
    ready = time.monotonic() - t0
    assert info[0]["reply"]["implementation"] == "sgdminima"
    out = b.kernel(cls.kernels[user], [execute(f'import "fmt"\nfmt.Println("{user}:", 6*7)')])
    assert out[0]["stream"] == f"{user}: 42\n" and out[0]["reply"]["status"] == "ok", out
    return ready


def test_students_run_go_through_the_hub(cls):
    seconds = [start_student(cls, user) for user in ("ana", "ben")]
    cls.bench["login"] = seconds
    # The idle server with its started kernel, once the kernel's start-up
    # imports are done: until two readings 3 s apart agree within 2 %.
    last, now = 0, cls.memory("ana")
    for _ in range(10):
        if abs(now - last) < 0.02 * now:
            break
        time.sleep(3)
        last, now = now, cls.memory("ana")
    cls.bench["memory"] = {"ana": now, "hub": cls.memory("hub")}


def test_teacher_is_the_hubs_admin(cls):
    teacher = cls.browser("teacher")
    r = teacher.login()
    assert r.status_code == 302
    r = teacher.hub_api("users")
    assert r.status_code == 200 and {"ana", "ben"} <= {u["name"] for u in r.json()}
    assert teacher.s.get(f"{cls.base}/hub/admin", timeout=60).status_code == 200
    # The admin may open a student's server, to look at their work with
    # them, once they confirm on the hub's "Authorize" page (a student gets
    # 403 there: see below).
    r = teacher.open_server("ana")
    assert r.status_code == 200 and "/hub/api/oauth2/authorize" in r.url and 'value="Authorize"' in r.text
    assert teacher.api("GET", "contents/exercises", owner="ana").status_code == 403
    scopes = re.findall(r'name="scopes" value="([^"]+)"', r.text)
    r = teacher.s.post(r.url, data={"scopes": scopes}, headers={"Referer": r.url}, timeout=60)
    assert r.status_code == 200 and r.url.endswith("/user/ana/tree"), r.url
    assert teacher.api("GET", "contents/exercises", owner="ana").status_code == 200
    # A student has no admin page and sees no one else.
    assert cls.browser("ana").hub_api("users").status_code in (403, 404)


def test_handout_is_the_blank_exercises_and_no_solution_is_in_the_image(cls):
    listing = cls.browser("ana").api("GET", "contents/exercises").json()["content"]
    assert sorted(c["name"] for c in listing) == [n + ".ipynb" for n in RELEASED]
    nb = cls.browser("ana").api("GET", f"contents/exercises/{RELEASED[0]}.ipynb").json()["content"]
    assert nb["metadata"]["sgdminima"]["kind"] == "blank"
    # No notebook of the project anywhere in the container is a solution.
    scan = r"""
import json, os
found = []
for top in ("/opt", "/home", "/srv", "/usr", "/etc", "/tmp", "/root", "/var"):
    for root, dirs, files in os.walk(top):
        for name in files:
            if name.endswith(".ipynb"):
                path = os.path.join(root, name)
                try:
                    kind = json.load(open(path)).get("metadata", {}).get("sgdminima", {}).get("kind")
                except (OSError, ValueError):
                    continue
                if kind not in (None, "blank") or "/solutions/" in path:
                    found.append(path)
print(json.dumps(found))
"""
    r = cls.exec("python3", "-c", scan)
    assert r.returncode == 0 and json.loads(r.stdout) == [], r.stdout + r.stderr


def test_hub_keeps_each_student_out_of_the_others_server(cls):
    ana = cls.browser("ana")
    ben_kernel = cls.kernels["ben"]
    for path in ("contents", "contents/exercises", "kernels", f"kernels/{ben_kernel}", "sessions"):
        r = ana.api("GET", path, owner="ben")
        assert r.status_code in (403, 404), (path, r.status_code)
    r = ana.api("DELETE", f"kernels/{ben_kernel}", owner="ben")
    assert r.status_code in (403, 404)
    for page in ("tree", f"files/exercises/{RELEASED[0]}.ipynb", f"notebooks/exercises/{RELEASED[0]}.ipynb"):
        r = ana.s.get(f"{cls.base}/user/ben/{page}", timeout=60)
        assert r.status_code in (403, 404), (page, r.status_code, r.url)
    assert ana.hub_api("users/ben").status_code in (403, 404)
    with pytest.raises(Exception) as refused:
        ana.kernel(ben_kernel, [execute("1")], owner="ben", timeout=30)
    assert getattr(refused.value, "code", None) in (403, 404), repr(refused.value)


def test_files_and_ports_of_another_student_are_out_of_reach(cls):
    # Ben leaves notes in /tmp, shared by all: his umask keeps them his.
    notes = 'import "os"\nfmt.Println(os.WriteFile("/tmp/ben-notes.txt", []byte("mine"), 0644))'
    assert cls.browser("ben").kernel(cls.kernels["ben"], [execute(notes)])[0]["stream"] == "<nil>\n"
    cell = r'''
import ("fmt"; "io"; "net/http"; "os"; "os/user"; "strconv"; "strings")
for _, path := range []string{"/home/ben/exercises/01-minibatch-covariance.ipynb", "/home/ben", "/tmp/ben-notes.txt",
	"/srv/classroom/teacher/passwords.csv", "/srv/classroom/state/accounts.json", "/home/reader"} {
	if _, err := os.ReadFile(path); err != nil && strings.Contains(err.Error(), "is a directory") {
		_, err = os.ReadDir(path)
		fmt.Println("read", path, err)
	} else {
		fmt.Println("read", path, err)
	}
}
ben, _ := user.Lookup("ben")
ports := []int{}
for _, file := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
	data, _ := os.ReadFile(file)
	for _, line := range strings.Split(string(data), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) > 7 && f[3] == "0A" && f[7] == ben.Uid {
			port, _ := strconv.ParseInt(f[1][strings.LastIndex(f[1], ":")+1:], 16, 32)
			ports = append(ports, int(port))
		}
	}
}
fmt.Println("ports", len(ports))
for _, port := range ports {
	req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/user/ben/api/contents/exercises", port), nil)
	req.Header.Set("Authorization", "token "+os.Getenv("JUPYTERHUB_API_TOKEN"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println("port error", err)
		continue
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	fmt.Println("port status", resp.StatusCode)
}
'''
    out = cls.browser("ana").kernel(cls.kernels["ana"], [execute(cell)])[0]
    assert out["reply"]["status"] == "ok", out
    lines = out["stream"].splitlines()
    reads = [line for line in lines if line.startswith("read ")]
    assert len(reads) == 6 and all(line.endswith("permission denied") for line in reads), lines
    # Ben's server is the one port he listens on (his kernels use Unix
    # sockets in his private runtime folder), and it refuses Ana's token.
    assert "ports 1" in lines, lines
    assert [line for line in lines if line.startswith("port ")] == ["port status 403"], lines


def test_memory_hog_is_stopped_while_others_go_on(cls):
    ana, ben = cls.browser("ana"), cls.browser("ben")
    hog = 'b := make([]byte, 2<<30)\nfor i := 0; i < len(b); i += 4096 { b[i] = 1 }\nfmt.Println("allocated", len(b))'
    out = ana.kernel(cls.kernels["ana"], [execute(hog)])[0]
    assert "allocated" not in out["stream"], out
    assert out["status"][-1:] in (["restarting"], ["dead"]), out
    # Ben's kernel, untouched, and Ana's, restarted by her server.
    out = ben.kernel(cls.kernels["ben"], [execute('fmt.Println("ben still here")')])[0]
    assert out["stream"] == "ben still here\n", out
    out = ana.kernel(cls.kernels["ana"], [execute('import "fmt"\nfmt.Println("ana again")')])[0]
    assert out["stream"] == "ana again\n", out


def test_a_students_memory_is_summed_over_their_kernels(cls):
    """Two kernels of Ana's, each well under the limit, together over it:
    the hub kills the larger and Ana's other kernel, her server and Ben go on."""
    ana, ben = cls.browser("ana"), cls.browser("ben")
    first = cls.kernels["ana"]
    r = ana.api("POST", "kernels", json={"name": "sgdminima-go"})
    assert r.status_code == 201, r.text
    second = r.json()["id"]
    try:
        limits = 'import ("fmt"; "os")\nb, _ := os.ReadFile("/proc/self/limits")\nfmt.Print(string(b))'
        out = ana.kernel(second, [execute(limits)])[0]["stream"]
        assert re.search(r"Max processes +1024 +1024", out) and re.search(r"Max data size +1073741824 ", out), out
        # Each kernel holds 60 % of what is left under the limit: either
        # alone fits, the two together do not.
        used = cls.anon("ana")
        mib = int(0.6 * ((1 << 30) - used)) >> 20
        hold = (f'import "fmt"\nhold := make([]byte, {mib}<<20)\nfor i := 0; i < len(hold); i += 4096 {{ hold[i] = 1 }}\n'
                'fmt.Println("holding", len(hold)>>20)')
        out = ana.kernel(first, [execute(hold)])[0]
        log = cls.compose("logs", "--no-color", "hub").stdout
        assert out["stream"] == f"holding {mib}\n", (used >> 20, out, [l for l in log.splitlines() if "memory" in l][-5:])
        ana.kernel(second, [execute(hold)])  # its reply may be cut short: either kernel may be the one killed
        deadline, alive = time.monotonic() + 30, None
        while time.monotonic() < deadline:
            time.sleep(1)
            replies = [ana.kernel(k, [execute('import "fmt"\nfmt.Println(len(hold)>>20)')])[0] for k in (first, second)]
            alive = [r["stream"] == f"{mib}\n" for r in replies]
            if alive.count(True) == 1:
                break
        assert alive is not None and alive.count(True) == 1, replies
        log = cls.compose("logs", "--no-color", "hub").stdout
        assert re.search(r"classroom: memory: ana used \d+ MiB in \d+ processes, over the limit of 1024 MiB: "
                         r"killed the largest", log), log[-3000:]
        out = ben.kernel(cls.kernels["ben"], [execute('fmt.Println("ben still here")')])[0]
        assert out["stream"] == "ben still here\n", out
    finally:
        ana.api("DELETE", f"kernels/{second}")
        ana.api("POST", f"kernels/{first}/restart")
    out = ana.kernel(first, [execute('import "fmt"\nfmt.Println("ana again")')])[0]
    assert out["stream"] == "ana again\n", out

def answered(nb, source):
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("sgdminima", {}).get("role") == "answer":
            cell["source"] = source
            return nb
    raise AssertionError("no answer cell")


def solution_answer(name):
    with open(os.path.join(EXERCISES, "solutions", name + ".ipynb")) as f:
        nb = json.load(f)
    return next(c["source"] for c in nb["cells"] if c.get("metadata", {}).get("sgdminima", {}).get("role") == "answer")


def test_release_later_hands_out_without_overwriting(cls):
    ana = cls.browser("ana")
    path = f"contents/exercises/{RELEASED[0]}.ipynb"
    nb = answered(ana.api("GET", path).json()["content"], solution_answer(RELEASED[0]))
    r = ana.api("PUT", path, json={"type": "notebook", "format": "json", "content": nb})
    assert r.status_code == 200, r.text
    saved = ana.api("GET", path).json()["content"]
    # Cleo (who has not logged in yet) made her folder read-only: she is
    # named, the others get the exercise.
    r = cls.exec("sh", "-c", "mkdir /home/cleo/exercises && chmod 0555 /home/cleo/exercises", user="cleo")
    assert r.returncode == 0, r.stderr
    r = cls.script("release", "02")
    assert r.returncode != 0
    assert re.search(r"cleo: .*PROBLEM: /home/cleo/exercises is not writable", r.stderr), r.stderr
    assert re.search(r"ana: handed out 02-euler-maruyama-step; 2 already there", r.stderr), r.stderr
    assert "released: 01-minibatch-covariance, 02-euler-maruyama-step, 04-laplace-ratio" in r.stderr
    assert cls.exec("chmod", "0755", "/home/cleo/exercises", user="cleo").returncode == 0
    names = sorted(c["name"] for c in ana.api("GET", "contents/exercises").json()["content"])
    assert names == ["01-minibatch-covariance.ipynb", "02-euler-maruyama-step.ipynb", "04-laplace-ratio.ipynb"]
    assert ana.api("GET", path).json()["content"] == saved
    # The next start hands out again (the hub's pre-spawn hook): still hers.
    assert cls.api("users/ana/server", method="DELETE").status_code in (202, 204)
    deadline = time.monotonic() + 120
    while cls.api("users/ana").json()["servers"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ana.spawn().status_code == 302
    cls.wait_ready("ana")
    assert ana.open_server().status_code == 200
    assert ana.api("GET", path).json()["content"] == saved
    assert len(ana.api("GET", "contents/exercises").json()["content"]) == 3


def test_a_student_added_later_logs_in_without_restart(cls):
    started = subprocess.run(["docker", "inspect", "-f", "{{.State.StartedAt}}", cls.container()],
                             capture_output=True, text=True).stdout
    cls.write_roster(ROSTER + [("dora", "Dora Dias")])
    r = cls.script("sync")
    assert r.returncode == 0 and "added dora (Dora Dias)" in r.stderr, r.stderr
    assert "dora" in cls.passwords()
    r = cls.browser("dora").login()
    assert r.status_code == 302 and r.headers["Location"].endswith("/hub/spawn")
    assert subprocess.run(["docker", "inspect", "-f", "{{.State.StartedAt}}", cls.container()],
                          capture_output=True, text=True).stdout == started


def test_malformed_roster_is_named_and_changes_nothing(cls):
    before = cls.passwords()
    cls.write_roster(ROSTER + [("dora", "Dora Dias"), ("ana", "Ana again"), ("Eve Smith", "Eve")], extra="frank\n")
    r = cls.script("sync")
    assert r.returncode != 0
    for expected in ("line 6: 'ana' is already on line 2", "line 7: 'Eve Smith' is not a valid account name",
                     "line 8: expected 2 columns (username,display name), found 1", "nothing was changed"):
        assert expected in r.stderr, r.stderr
    assert cls.passwords() == before
    cls.write_roster(ROSTER + [("dora", "Dora Dias")])
    # At start, the same roster stops the hub with the same message.
    bad = os.path.join(cls.work, "bad")
    os.mkdir(bad)
    with open(os.path.join(bad, "roster.csv"), "w") as f:
        f.write("ana,Ana\nana,Ana\nroot,Root\n")
    r = subprocess.run(["docker", "run", "--rm", "-v", f"{bad}:/srv/classroom/teacher", IMAGE],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "line 2: 'ana' is already on line 1" in r.stderr, r.stderr
    assert "'root' is a system account" in r.stderr
    assert not os.path.exists(os.path.join(bad, "passwords.csv"))


def test_a_used_port_is_named(cls):
    env = dict(cls.env, CLASS=PROJECT + "-second")
    r = cls.script("up", env=env)
    assert r.returncode != 0 and f"port {cls.port} on 127.0.0.1 is in use" in r.stderr, r.stderr
    assert not subprocess.run(["docker", "ps", "-aq", "--filter", f"label=com.docker.compose.project={PROJECT}-second"],
                              capture_output=True, text=True).stdout.strip()


def test_collect_and_grade(cls):
    # Ben replaces a notebook by a link to Ana's: collection skips it.
    link = ('import "os"\nos.Remove("/home/ben/exercises/04-laplace-ratio.ipynb")\n'
            'fmt.Println(os.Symlink("/home/ana/exercises/01-minibatch-covariance.ipynb", '
            '"/home/ben/exercises/04-laplace-ratio.ipynb"))')
    out = cls.browser("ben").kernel(cls.kernels["ben"], [execute(link)])[0]
    assert out["stream"] == "<nil>\n", out
    dest = os.path.join(cls.work, "collected")
    env = dict(cls.env, GRADE_FLAGS="--jobs 2 --timeout 120")
    r = cls.script("collect", dest, env=env, timeout=900)
    print("\n" + r.stderr + r.stdout, flush=True)
    assert r.returncode == 0, r.stdout + r.stderr
    files = sorted(os.path.relpath(os.path.join(root, n), dest) for root, _, names in os.walk(dest) for n in names)
    assert files == ["ana/01-minibatch-covariance.ipynb", "ana/02-euler-maruyama-step.ipynb",
                     "ana/04-laplace-ratio.ipynb", "ben/01-minibatch-covariance.ipynb",
                     "ben/02-euler-maruyama-step.ipynb"], files
    assert "ben: 2 notebooks (04-laplace-ratio a link, not a notebook: skipped)" in r.stderr, r.stderr
    assert "cleo: 0 notebooks (01-minibatch-covariance missing" in r.stderr
    assert "dora: no exercises folder" in r.stderr
    rows = {tuple(line.split()[:3]) for line in r.stdout.splitlines()}
    assert ("ana", "covariance", "pass") in rows, r.stdout
    assert ("ben", "covariance", "not") in rows, r.stdout  # "not yet"
    assert "sandbox: a Docker container of " + IMAGE in r.stdout
    # A second collection into the same folder is refused: nothing is overwritten.
    r = cls.script("collect", dest, env=env)
    assert r.returncode != 0 and "is not empty" in r.stderr


def test_new_container_keeps_accounts_and_culls_idle_servers(cls):
    # A new container (other settings): the same accounts and passwords.
    env = dict(cls.env, CLASSROOM_IDLE_TIMEOUT="10")
    r = cls.script("up", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    cls.env = env
    assert Browser(cls.base, "ben", cls.passwords()["ben"][2]).login().status_code == 302
    cleo = Browser(cls.base, "cleo", cls.passwords()["cleo"][2])
    assert cleo.login().status_code == 302 and cleo.spawn().status_code == 302
    cls.wait_ready("cleo")
    assert cleo.open_server().status_code == 200
    kid = cleo.api("POST", "kernels", json={"name": "sgdminima-go"}).json()["id"]
    assert cleo.kernel(kid, [execute('import "fmt"\nfmt.Println("cleo")')])[0]["stream"] == "cleo\n"
    # Idle: the kernel is culled after 10 s, then the server stops itself
    # (it checks once a minute) and the hub notices.
    deadline = time.monotonic() + 300
    while cls.api("users/cleo").json()["servers"]:
        assert time.monotonic() < deadline, "cleo's idle server was not culled within 5 minutes"
        time.sleep(2)
    log = cls.compose("logs", "--no-color", "hub").stdout
    assert re.search(r"Culling 'idle' kernel 'sgdminima-go'", log), log[-3000:]


def test_bench_lines(cls):
    """After the others: prints what they measured."""
    mem = cls.bench.get("memory")
    assert mem and cls.bench.get("login"), "test_students_run_go_through_the_hub did not run"
    student = mem["ana"] / 1024
    hub = mem["hub"] / 1024
    print(f"\nBENCH name=classroom_idle_student_server_with_go_kernel_pss ours={student:.0f} anchor=- unit=MiB ratio=-")
    print(f"BENCH name=classroom_hub_and_proxy_pss ours={hub:.0f} anchor=- unit=MiB ratio=-")
    print(f"BENCH name=classroom_login_to_kernel_ready ours={max(cls.bench['login']):.2f} anchor=- unit=s ratio=-")
    print(f"BENCH name=classroom_students_per_24GiB_by_memory ours={int((24 * 1024 - hub) // student)} "
          "anchor=- unit=students ratio=-", flush=True)


# ---- Zero to JupyterHub ----------------------------------------------------

# The fields of the JupyterHub Helm chart's values schema
# (jupyterhub/values.schema.yaml of zero-to-jupyterhub-k8s, 3.x and 4.x)
# that docker/classroom/z2jh-values.yaml uses, with the types the schema
# gives them. Objects the schema closes (additionalProperties: false) list
# their keys; "object*" is an open object (hub.config, extraEnv, postStart).
Z2JH = {
    "hub": {"config": "object*", "loadRoles": "object*"},
    "singleuser": {
        "image": {"name": "string", "tag": "string", "pullPolicy": ("enum", [None, "", "IfNotPresent", "Always", "Never"])},
        "cmd": ("array", "string", "null"),
        "defaultUrl": ("string", "null"),
        "uid": ("integer", "null"),
        "fsGid": ("integer", "null"),
        "memory": {"limit": ("number", "string", "null"), "guarantee": ("number", "string", "null")},
        "cpu": {"limit": ("number", "null"), "guarantee": ("number", "null")},
        "storage": {"type": ("enum", ["dynamic", "static", "none"]), "capacity": ("string", "null"),
                    "homeMountPath": "string"},
        "extraEnv": "object*",
        "lifecycleHooks": {"postStart": "object*", "preStop": "object*"},
        "networkPolicy": {"enabled": "boolean"},
    },
    "cull": {"enabled": "boolean", "users": ("boolean", "null"), "timeout": ("integer", "null"),
             "every": ("integer", "null")},
}
TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list,
         "null": type(None), "object*": dict}


def check_schema(values, schema, where=""):
    problems = []
    for key, value in values.items():
        at = f"{where}.{key}" if where else key
        if key not in schema:
            problems.append(f"{at}: not a field of the chart's schema (or not one this test knows)")
            continue
        want = schema[key]
        if isinstance(want, dict):
            if not isinstance(value, dict):
                problems.append(f"{at}: want an object")
            else:
                problems += check_schema(value, want, at)
        elif isinstance(want, tuple) and want[0] == "enum":
            if value not in want[1]:
                problems.append(f"{at}: {value!r} is not one of {want[1]}")
        else:
            kinds = want if isinstance(want, tuple) else (want,)
            ok = any(isinstance(value, TYPES[k]) and not (k in ("integer", "number") and isinstance(value, bool))
                     for k in kinds)
            if not ok:
                problems.append(f"{at}: {value!r} is not {' or '.join(kinds)}")
    return problems


def test_z2jh_values_follow_the_chart_schema():
    path = os.path.join(REPO, "docker", "classroom", "z2jh-values.yaml")
    with open(path) as f:
        values = yaml.safe_load(f)
    assert check_schema(values, Z2JH) == []
    su = values["singleuser"]
    # The project's classroom image, as compose builds it, started as the
    # image's entrypoint expects: the single-user server, the Go kernel only.
    with open(COMPOSE_FILE) as f:
        compose = yaml.safe_load(f)
    assert su["image"]["name"].endswith(compose["services"]["hub"]["image"].split(":-")[1].rstrip("}"))
    assert su["cmd"] == "jupyterhub-singleuser" and su["defaultUrl"] == "/tree/exercises"
    args = values["hub"]["config"]["KubeSpawner"]["args"]
    assert "--KernelSpecManager.allowed_kernelspecs=sgdminima-go" in args
    assert "--KernelSpecManager.ensure_native_kernel=False" in args
    assert su["lifecycleHooks"]["postStart"]["exec"]["command"][:3] == ["sgdminima-classroom", "handout", "--self"]
    assert su["uid"] == 1000 and su["storage"]["homeMountPath"] == "/home/reader"
    assert re.fullmatch(r"\d+(\.\d+)?[MG]i?", str(su["memory"]["limit"]))
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    auth = values["hub"]["config"]
    assert auth["Authenticator"]["admin_users"] and auth["Authenticator"]["allowed_users"]

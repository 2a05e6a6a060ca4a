"""jupyter-console (Debian's) with the sgdminima kernel, typed into as a
person would, in a real terminal (tmux): complete cells run on Enter, an
open brace continues the cell, and Ctrl-D or `exit` ends the session and
its kernel.
"""

import os
import shutil
import subprocess
import tempfile
import time

import pytest

from kernelclient import BUILD_SPEC_DIR, KERNEL_NAME, use_build_kernelspec

TMUX = shutil.which("tmux")
CONSOLE = "/usr/bin/jupyter-console"
pytestmark = pytest.mark.skipif(not TMUX or not os.path.exists(CONSOLE),
                                reason="needs tmux and jupyter-console (make deps)")


class Console:
    """A jupyter-console session in a detached tmux pane."""

    def __init__(self, tmp):
        self.name = "sgdminima-console-" + os.path.basename(tmp)
        self.tmp = tmp
        env = {
            "JUPYTER_PATH": BUILD_SPEC_DIR,
            "JUPYTER_RUNTIME_DIR": os.path.join(tmp, "runtime"),
            "JUPYTER_CONFIG_DIR": os.path.join(tmp, "config"),
            "JUPYTER_DATA_DIR": os.path.join(tmp, "data"),
            "IPYTHONDIR": os.path.join(tmp, "ipython"),
            "HOME": tmp,
        }
        command = ["env"] + [f"{k}={v}" for k, v in env.items()] + [CONSOLE, "--kernel", KERNEL_NAME]
        subprocess.run([TMUX, "new-session", "-d", "-s", self.name, "-x", "120", "-y", "50"]
                       + command, check=True)

    def screen(self):
        out = subprocess.run([TMUX, "capture-pane", "-p", "-t", self.name],
                             capture_output=True, text=True)
        return out.stdout if out.returncode == 0 else None

    def alive(self):
        return subprocess.run([TMUX, "has-session", "-t", self.name],
                              capture_output=True).returncode == 0

    def type(self, *keys):
        for k in keys:
            literal = k not in ("Enter", "C-d", "C-c")
            subprocess.run([TMUX, "send-keys", "-t", self.name] + (["-l", k] if literal else [k]), check=True)
            time.sleep(0.05)

    def wait(self, text, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.screen()
            if s is not None and text in s:
                return s
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on the screen within {timeout}s:\n{self.screen()}")

    def wait_closed(self, timeout=30):
        deadline = time.monotonic() + timeout
        while self.alive():
            if time.monotonic() > deadline:
                raise AssertionError(f"the console did not exit:\n{self.screen()}")
            time.sleep(0.1)

    def kill(self):
        subprocess.run([TMUX, "kill-session", "-t", self.name], capture_output=True)


def kernels_running(tmp):
    """Kernel processes whose connection file lies in this test's folder."""
    out = subprocess.run(["pgrep", "-f", os.path.join(tmp, "runtime")], capture_output=True, text=True)
    return out.stdout.split()


@pytest.fixture
def console():
    use_build_kernelspec()
    tmp = tempfile.mkdtemp(prefix="sgdminima-console-")
    c = Console(tmp)
    try:
        c.wait("In [1]:")
        yield c
    finally:
        c.kill()
        for pid in kernels_running(tmp):
            subprocess.run(["kill", "-9", pid])
        shutil.rmtree(tmp, ignore_errors=True)


def test_cells_run_on_enter_and_ctrl_d_exits(console):
    console.type("θ := 21", "Enter")
    console.wait("In [2]:")
    console.type("θ * 2", "Enter")
    console.wait("Out[2]: 42")
    # An open brace continues the cell instead of running it.
    console.type("func f() int {", "Enter")
    time.sleep(0.5)
    assert "In [3]:" in console.screen() and "In [4]:" not in console.screen()
    console.type("return 7", "Enter", "}", "Enter")
    console.wait("In [4]:")
    console.type("f()", "Enter")
    console.wait("Out[4]: 7")
    console.type("C-d")
    console.wait("exit")  # "Do you really want to exit ([y]/n)?"
    console.type("y", "Enter")
    console.wait_closed()
    deadline = time.monotonic() + 10
    while kernels_running(console.tmp) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert kernels_running(console.tmp) == [], "the console's kernel outlived it"


def test_exit_ends_the_session(console):
    console.type("1 + 1", "Enter")
    console.wait("Out[1]: 2")
    console.type("exit", "Enter")
    console.wait_closed()
    screen = console.screen() or ""
    assert "undefined identifier" not in screen

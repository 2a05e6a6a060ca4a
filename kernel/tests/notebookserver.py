"""A real classic Notebook server and a real headless Chromium, for the
browser tests.

The server is Debian's `jupyter notebook`, started as `make notebook`
starts it (same configuration folder, kernel "Go (sgdminima)"), but on a
free loopback port, with a token of its own, in quick mode, on a copy of the
notebooks (so that nothing a test runs is saved into the repository), and
with every Jupyter folder in a temporary directory. Chromium is Debian's,
driven by Debian's chromedriver through Selenium. Both are stopped, and
their folders removed, on every path.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

from kernelclient import BUILD_SPEC_DIR, REPO, use_build_kernelspec

JUPYTER = "/usr/bin/jupyter"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The server configuration `make notebook` and the image use.
CONFIG_DIR = os.path.join(REPO, "notebooks", ".jupyter")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def notebook_server(notebooks):
    """Serves copies of the named notebooks; yields (base_url, token, dir)."""
    use_build_kernelspec()
    tmp = tempfile.mkdtemp(prefix="sgdminima-browser-")
    proc = None
    try:
        root = os.path.join(tmp, "notebooks")
        os.makedirs(root)
        for nb in notebooks:
            shutil.copy(os.path.join(REPO, "notebooks", nb), root)
        config = os.path.join(tmp, "config")
        shutil.copytree(CONFIG_DIR, config)
        port, token = free_port(), secrets.token_hex(16)
        env = {
            **os.environ,
            "SGDMINIMA_QUICK": "1",
            "JUPYTER_CONFIG_DIR": config,
            "JUPYTER_DATA_DIR": os.path.join(tmp, "data"),
            "JUPYTER_RUNTIME_DIR": os.path.join(tmp, "runtime"),
            "JUPYTER_PATH": BUILD_SPEC_DIR,
            "HOME": tmp,
        }
        args = [JUPYTER, "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                "--port-retries=0", f"--NotebookApp.token={token}",
                f"--notebook-dir={root}"]
        if os.getuid() == 0:
            args.append("--allow-root")
        log = open(os.path.join(tmp, "server.log"), "w")
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("notebook server did not start:\n" + server_log(tmp))
                time.sleep(0.2)
        yield url, token, tmp
    finally:
        if proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)  # the server and its kernels
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def server_log(tmp):
    try:
        with open(os.path.join(tmp, "server.log")) as f:
            return f.read()[-4000:]
    except OSError:
        return ""


@contextlib.contextmanager
def chromium(width=1280, height=1024, logs=False):
    """Yields a Selenium driver of headless Chromium, quit on every path.

    logs=True records the console and the network, for
    driver.get_log("browser") and driver.get_log("performance").
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="sgdminima-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                f"--window-size={width},{height}"):
        opts.add_argument(arg)
    if logs:
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = None
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        yield driver
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver, script, timeout, what):
    """Polls a JavaScript expression until it is truthy; returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script("return " + script)
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout}s")
        time.sleep(0.2)

"""Jupyter messaging tests of the sgdminima kernel, through jupyter_client.

Each test starts its own kernel and shuts it down on every path.
"""

import base64
import os
import time

import pytest

from kernelclient import execute, running_kernel


@pytest.fixture
def kernel():
    with running_kernel() as (km, kc):
        yield km, kc


def test_kernel_info(kernel):
    _, kc = kernel
    reply = kc.kernel_info(reply=True, timeout=10)["content"]
    assert reply["status"] == "ok"
    assert reply["language_info"]["name"] == "go"
    assert reply["language_info"]["file_extension"] == ".go"


def test_stream_and_execute_result(kernel):
    _, kc = kernel
    r = execute(kc, 'import "fmt"\nx := 21\nfmt.Println("twice", x*2)')
    assert r.status == "ok"
    assert r.stdout == "twice 42\n"
    # a print call as the last line shows no byte count and nil error
    assert r.of_type("execute_result") == []
    r = execute(kc, "x * 2")
    assert r.status == "ok" and r.text == "42"


def test_compile_error(kernel):
    _, kc = kernel
    r = execute(kc, "y := undefinedThing + 1")
    assert r.status == "error"
    assert "undefinedThing" in r.reply["content"]["evalue"]
    errors = r.of_type("error")
    assert len(errors) == 1 and "undefinedThing" in errors[0]["evalue"]


def test_panic_keeps_session(kernel):
    _, kc = kernel
    assert execute(kc, "kept := 7").status == "ok"
    r = execute(kc, 'panic("boom")')
    assert r.status == "error" and "boom" in r.reply["content"]["evalue"]
    assert len(r.of_type("error")) == 1
    r = execute(kc, "var s []int\n_ = s[3]")
    assert r.status == "error"
    r = execute(kc, "kept + 1")
    assert r.status == "ok" and r.text == "8"


def test_display_png_from_gonum_plot(kernel):
    _, kc = kernel
    code = """import (
	"github.com/sgdminima/sgdminima/sgdtheory/figure"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)
p := plot.New()
line, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
p.Add(line)
img, err := figure.PNG(p)
Display(display.Auto(img))
img"""
    r = execute(kc, code)
    assert r.status == "ok", r.reply["content"]
    shown = r.of_type("display_data") + r.of_type("execute_result")
    assert len(shown) == 2
    for data in (c["data"] for c in shown):
        png = base64.b64decode(data["image/png"])
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        # the text fallback describes the image instead of dumping its bytes
        assert data["text/plain"] == f"<image/png, {len(png)} bytes>"


def test_complete(kernel):
    _, kc = kernel
    execute(kc, 'import "fmt"')
    reply = kc.complete("fmt.Pri", reply=True, timeout=10)["content"]
    assert reply["status"] == "ok"
    assert {"Print", "Printf", "Println"} <= set(reply["matches"])
    reply = kc.complete("zzzNoSuchName", reply=True, timeout=10)["content"]
    assert reply["status"] == "ok" and reply["matches"] == []


def test_is_complete(kernel):
    _, kc = kernel
    kc.is_complete("func f() {")
    assert kc.get_shell_msg(timeout=10)["content"]["status"] == "incomplete"
    kc.is_complete("func f() {}")
    assert kc.get_shell_msg(timeout=10)["content"]["status"] == "complete"


def test_inspect_history_comm_info(kernel):
    _, kc = kernel
    execute(kc, 'import "gonum.org/v1/gonum/mat"')
    execute(kc, "n := 5")
    reply = kc.inspect("mat.NewDense", reply=True, timeout=10)["content"]
    assert reply["status"] == "ok" and reply["found"]
    assert "func(int, int, []float64)" in reply["data"]["text/plain"]
    reply = kc.inspect("n", reply=True, timeout=10)["content"]
    assert reply["found"] and reply["data"]["text/plain"] == "n: int = 5"
    reply = kc.inspect("noSuchName", reply=True, timeout=10)["content"]
    assert reply["status"] == "ok" and not reply["found"]

    reply = kc.history(hist_access_type="tail", n=1, reply=True, timeout=10)["content"]
    assert reply["status"] == "ok"
    assert [h[2] for h in reply["history"]] == ["n := 5"]

    reply = kc.comm_info(reply=True, timeout=10)["content"]
    assert reply == {"status": "ok", "comms": {}}


def test_import_not_prebuilt_is_a_clear_error(kernel):
    _, kc = kernel
    r = execute(kc, 'import "slices"')
    assert r.status == "error"
    evalue = r.reply["content"]["evalue"]
    assert "not prebuilt" in evalue and "packages.txt" in evalue
    assert execute(kc, "1 + 1").text == "2"  # the kernel lives on


def test_interrupt_keeps_variables(kernel):
    km, kc = kernel
    assert execute(kc, "survivor := 41").status == "ok"
    msg_id = kc.execute("for {}")
    time.sleep(1)
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=20)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    assert "interrupt" in reply["content"]["evalue"]
    r = execute(kc, "survivor + 1")
    assert r.status == "ok" and r.text == "42"
    # an interrupt while idle must not stop the next cell
    km.interrupt_kernel()
    time.sleep(0.5)
    assert execute(kc, "survivor").text == "41"


def test_shutdown():
    with running_kernel() as (km, kc):
        kc.shutdown()  # on the control channel, where the reply comes
        reply = kc.get_control_msg(timeout=10)
        assert reply["msg_type"] == "shutdown_reply"
        deadline = time.monotonic() + 10
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not km.is_alive()


def test_ipc_transport(tmp_path):
    """Over Unix sockets (transport ipc), as the classroom hub starts kernels:
    the sockets are files beside the connection file, and the kernel listens
    on no TCP port that another local user could reach."""
    with running_kernel(transport="ipc", connection_file=str(tmp_path / "kernel-x.json")) as (km, kc):
        assert execute(kc, 'import "fmt"\nfmt.Println(6 * 7)').stdout == "42\n"
        sockets = sorted(p.name for p in tmp_path.iterdir() if p.is_socket())
        assert sockets == [f"kernel-x-ipc-{n}" for n in range(1, 6)]
        pid = km.provisioner.process.pid
        inodes = set()
        for fd in os.listdir(f"/proc/{pid}/fd"):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.startswith("socket:["):
                inodes.add(target[len("socket:["):-1])
        listening = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with open(table) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if fields[3] == "0A":  # LISTEN
                        listening.add(fields[9])
        assert inodes and not inodes & listening

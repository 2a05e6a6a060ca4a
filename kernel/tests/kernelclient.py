"""A small client for the sgdminima kernel over the real jupyter_client.

Shared by the protocol tests and the kernel benchmark. The kernelspec is
looked up on JUPYTER_PATH; the Makefile points it at kernel/build/jupyter,
where `make kernel` writes a spec for the freshly built binary.
"""

import contextlib
import os
import queue
import time

import jupyter_client

KERNEL_NAME = "sgdminima-go"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD_SPEC_DIR = os.path.join(REPO, "kernel", "build", "jupyter")


def use_build_kernelspec():
    """Puts the build's kernelspec first on JUPYTER_PATH, or fails saying why."""
    spec = os.path.join(BUILD_SPEC_DIR, "kernels", KERNEL_NAME, "kernel.json")
    if not os.path.exists(spec):
        raise RuntimeError(f"{spec} is missing: run `make kernel` first")
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if BUILD_SPEC_DIR not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([BUILD_SPEC_DIR] + [p for p in paths if p])


@contextlib.contextmanager
def running_kernel(env=None, stderr=None, **manager):
    """Starts a kernel, yields (manager, client), and always shuts it down.
    env adds to the environment; stderr, a file, receives the kernel's
    terminal output; manager goes to the KernelManager (transport="ipc")."""
    use_build_kernelspec()
    km = jupyter_client.KernelManager(kernel_name=KERNEL_NAME, **manager)
    kwargs = {"env": {**os.environ, **env}} if env else {}
    if stderr is not None:
        kwargs["stderr"] = stderr
    km.start_kernel(**kwargs)
    kc = None
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=30)
        yield km, kc
    finally:
        if kc is not None:
            kc.stop_channels()
        km.shutdown_kernel(now=False)
        if km.is_alive():
            km.shutdown_kernel(now=True)


class Result:
    """What one execute_request produced."""

    def __init__(self, reply, messages):
        self.reply = reply
        self.status = reply["content"]["status"]
        self.messages = messages

    def of_type(self, msg_type):
        return [m["content"] for m in self.messages if m["msg_type"] == msg_type]

    @property
    def stdout(self):
        return "".join(c["text"] for c in self.of_type("stream") if c["name"] == "stdout")

    @property
    def text(self):
        """text/plain of the execute_result, or None."""
        results = self.of_type("execute_result")
        return results[0]["data"]["text/plain"] if results else None


def execute(kc, code, timeout=60):
    """Runs code and collects its iopub messages until the kernel is idle."""
    msg_id = kc.execute(code)
    messages = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError(f"no idle status within {timeout}s for {code!r}")
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        messages.append(msg)
    # Skip replies to earlier requests: wait_for_ready may have sent more
    # than one kernel_info_request, and every one of them gets a reply.
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return Result(reply, messages)

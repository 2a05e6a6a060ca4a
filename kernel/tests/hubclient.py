"""A browser's view of a JupyterHub, for test_classroom.py: a cookie session
per user that logs in through the hub's login form, starts the user's
server through /hub/spawn, follows the OAuth round trip, calls the
single-user server's REST API with the xsrf header the notebook page sends,
and talks to a kernel through the hub's proxied websocket, as the notebook
page does. Uses Debian's python3-requests and python3-tornado only.
"""

import asyncio
import json
import time
import uuid

import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


class Browser:
    """One user's cookie session with the hub at base (http://127.0.0.1:PORT)."""

    def __init__(self, base, name, password):
        self.base, self.name, self.password = base, name, password
        self.s = requests.Session()

    def login(self):
        """Posts the hub's login form; returns the response (302 to /hub/spawn
        when the password is right)."""
        self.s.get(self.base + "/hub/login", timeout=30)
        return self.s.post(self.base + "/hub/login?next=",
                           data={"username": self.name, "password": self.password},
                           allow_redirects=False, timeout=60)

    def spawn(self):
        """What the browser does after login: GET /hub/spawn, which starts the
        server and redirects to its pending page."""
        return self.s.get(self.base + "/hub/spawn", allow_redirects=False, timeout=60)

    def open_server(self, owner=None):
        """Opens a page of owner's server (the user's own by default), which
        does the OAuth round trip that the server's API needs first."""
        return self.s.get(f"{self.base}/user/{owner or self.name}/tree", timeout=60)

    def xsrf(self):
        for c in self.s.cookies:
            if c.name == "_xsrf":
                return c.value
        return None

    def api(self, method, path, owner=None, **kw):
        """A call to owner's single-user server API (the user's own by
        default), with the xsrf header of the notebook page."""
        headers = kw.pop("headers", {})
        if method != "GET" and self.xsrf():
            headers["X-XSRFToken"] = self.xsrf()
        return self.s.request(method, f"{self.base}/user/{owner or self.name}/api/{path}", headers=headers,
                              allow_redirects=False, timeout=60, **kw)

    def hub_api(self, path):
        """A call to the hub's REST API with this user's cookie (the hub wants
        a Referer of its own then)."""
        return self.s.get(f"{self.base}/hub/api/{path}", headers={"Referer": self.base + "/hub/home"},
                          allow_redirects=False, timeout=60)

    def cookie_header(self, path):
        return "; ".join(f"{c.name}={c.value}" for c in self.s.cookies if path.startswith(c.path))

    def kernel(self, kernel_id, requests_, owner=None, timeout=180):
        """Runs requests_ on a kernel of owner's server through the hub's
        websocket; returns one dict per request (see _session)."""
        path = f"/user/{owner or self.name}/api/kernels/{kernel_id}/channels"
        url = "ws" + self.base[len("http"):] + path
        return asyncio.run(_session(url, self.cookie_header(path), requests_, self.base, timeout))


def execute(code):
    return ("execute_request", {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                                "allow_stdin": False, "stop_on_error": True})


def _message(msg_type, content, session):
    msg_id = uuid.uuid4().hex
    return msg_id, json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": session, "msg_type": msg_type,
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [], "content": content})


async def _session(url, cookie, requests_, origin, timeout):
    """Runs requests_ ([(msg_type, content)]) over one websocket, as the
    notebook page does: first kernel_info requests until iopub answers too
    (the server skips its own nudge of a kernel it believes busy, and an
    iopub subscription made late misses the first messages), then each
    request in turn, done at its reply and its idle status. Each result is
    {"stream", "errors", "reply", "status"}; a request during which the
    kernel died ends with status "restarting" or "dead", and the session
    ends there."""
    conn = await websocket_connect(HTTPRequest(url, headers={"Cookie": cookie, "Origin": origin},
                                               connect_timeout=30))
    session = uuid.uuid4().hex
    deadline = time.monotonic() + timeout

    async def read():
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no answer from the kernel within {timeout} s")
        raw = await asyncio.wait_for(conn.read_message(), left)
        if raw is None:
            raise ConnectionError("the server closed the websocket")
        return json.loads(raw)

    results = []
    try:
        iopub = False
        while not iopub:
            _, text = _message("kernel_info_request", {}, session)
            conn.write_message(text)
            nudge = time.monotonic() + 2
            while not iopub and time.monotonic() < nudge:
                try:
                    m = await asyncio.wait_for(read(), max(0.05, nudge - time.monotonic()))
                except asyncio.TimeoutError:
                    break
                iopub = m.get("channel") == "iopub"
        for msg_type, content in requests_:
            msg_id, text = _message(msg_type, content, session)
            conn.write_message(text)
            got = {"stream": "", "errors": [], "reply": None, "status": []}
            results.append(got)
            idle = False
            while got["reply"] is None or not idle:
                m = await read()
                state = m.get("content", {}).get("execution_state")
                if m.get("msg_type") == "status" and state in ("restarting", "dead"):
                    got["status"].append(state)
                    return results
                if m.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = m["msg_type"]
                if kind == "stream":
                    got["stream"] += m["content"]["text"]
                elif kind == "error":
                    got["errors"].append(f"{m['content']['ename']}: {m['content']['evalue']}")
                elif kind.endswith("_reply"):
                    got["reply"] = m["content"]
                elif kind == "status":
                    got["status"].append(state)
                    idle = state == "idle"
    finally:
        conn.close()
    return results

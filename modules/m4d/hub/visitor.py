"""A visitor of a workshop hub: logs in and works over HTTP as a browser and JupyterLab would.

A trainer's rehearsal (``m4d hub check``), the hub tests and the load benchmark use
it: a :class:`Person` logs in with the login form (and its xsrf cookie), asks the
hub for an API token, waits for their server, calls their server's REST API, and
runs code in a kernel over the kernel websocket protocol (:class:`Kernel`), and types
commands in a JupyterLab terminal over the terminal websocket (:class:`Terminal`).
"""
from __future__ import annotations

import json
import re
import socket
import time
import uuid
from dataclasses import dataclass, field

import requests
import websocket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_hub(url: str, timeout: float, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the hub exited with status {process.returncode}")
        try:
            if requests.get(url + "hub/api/", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # not listening yet, or the proxy is up and the hub is still starting (a busy machine)
        time.sleep(0.5)
    raise TimeoutError(f"the hub at {url} did not answer within {timeout} s")


def stop_hub(process, timeout: float = 60) -> None:
    """Stop a hub started in its own session: ask politely, then kill the whole group.

    JupyterHub stops its proxy and the participants' servers on SIGTERM; if it has
    not finished in `timeout` seconds, everything in its process group is killed.
    """
    import os
    import signal
    import subprocess

    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


@dataclass
class Person:
    hub: str  # e.g. http://127.0.0.1:8000/
    name: str
    password: str
    session: requests.Session = field(default_factory=requests.Session)
    token: str | None = None

    def login(self) -> requests.Response:
        """Fill in the login form; JupyterHub then starts the server (the spawn page)."""
        self.session.get(self.hub + "hub/login", timeout=30)
        xsrf = self.session.cookies.get("_xsrf", path="/hub/")
        return self.session.post(self.hub + "hub/login?next=", timeout=300, allow_redirects=True,
                                 data={"username": self.name, "password": self.password, "_xsrf": xsrf})

    def create_token(self) -> str:
        """An API token, as the hub's token page makes one (cookie plus xsrf header)."""
        xsrf = self.session.cookies.get("_xsrf", path="/hub/")
        r = self.session.post(self.hub + f"hub/api/users/{self.name}/tokens", timeout=30,
                              headers={"X-XSRFToken": xsrf}, json={"note": "test", "expires_in": 3600})
        r.raise_for_status()
        self.token = r.json()["token"]
        return self.token

    @property
    def headers(self) -> dict:
        return {"Authorization": f"token {self.token}"}

    def hub_api(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, self.hub + "hub/api/" + path, headers=self.headers, timeout=60, **kw)

    def wait_until_running(self, timeout: float = 180) -> float:
        """Seconds until the hub reports this person's server as ready."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            r = self.hub_api("GET", f"users/{self.name}")
            if r.status_code == 200 and r.json().get("servers", {}).get("", {}).get("ready"):
                return time.monotonic() - start
            time.sleep(0.5)
        raise TimeoutError(f"{self.name}'s server was not ready within {timeout} s")

    def follow_spawn(self, timeout: float = 180) -> float:
        """Seconds until this person's server is ready, learnt as the hub's spawn page
        learns it: one event stream of the spawn's progress (``.../server/progress``),
        rather than asking the hub again and again (which, for a room, loads the hub)."""
        start = time.monotonic()
        url = self.hub + f"hub/api/users/{self.name}/server/progress"
        with requests.get(url, headers=self.headers, stream=True, timeout=(30, timeout)) as r:
            if r.status_code != 200:
                raise RuntimeError(f"{self.name}'s spawn progress: HTTP {r.status_code} {r.text[:200]}")
            for line in r.iter_lines(decode_unicode=True):
                if time.monotonic() - start > timeout:
                    break
                if not line or not line.startswith("data:"):
                    continue
                event = json.loads(line[len("data:"):])
                if event.get("ready"):
                    return time.monotonic() - start
                if event.get("failed"):
                    raise RuntimeError(f"{self.name}'s server failed to start: {event.get('message')}")
        # The stream ended without saying (the server was already up, or the hub restarted).
        self.wait_until_running(timeout=max(1.0, timeout - (time.monotonic() - start)))
        return time.monotonic() - start

    def server(self, method: str, path: str, token: str | None = None, **kw) -> requests.Response:
        """A call to this person's own server (``/user/<name>/<path>``)."""
        headers = {"Authorization": f"token {token or self.token}"}
        return requests.request(method, self.hub + f"user/{self.name}/{path}", headers=headers,
                                timeout=kw.pop("timeout", 300), **kw)

    def kernel(self, path: str) -> "Kernel":
        return Kernel(self, path)


class Kernel:
    """A kernel session on a notebook of a person's server, driven over its websocket."""

    def __init__(self, person: Person, path: str):
        self.person = person
        r = person.server("POST", "api/sessions",
                          json={"path": path, "type": "notebook", "name": path.rsplit("/", 1)[-1],
                                "kernel": {"name": "python3"}})
        r.raise_for_status()
        self.session_id = r.json()["id"]
        self.kernel_id = r.json()["kernel"]["id"]
        url = person.hub.replace("http://", "ws://") + f"user/{person.name}/api/kernels/{self.kernel_id}/channels"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {person.token}"], timeout=300)

    def run(self, code: str, timeout: float = 300) -> dict:
        """Run ``code``; returns its text output, its error (or None) and the comm targets it opened."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.person.name, "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        result = {"text": "", "error": None, "comm_targets": [], "mimetypes": set(), "data": []}
        done_shell = done_iopub = False
        deadline = time.monotonic() + timeout
        while not (done_shell and done_iopub):
            if time.monotonic() > deadline:
                raise TimeoutError(f"code did not finish within {timeout} s: {code[:80]!r}")
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == "stream":
                result["text"] += content["text"]
            elif kind in ("execute_result", "display_data"):
                result["mimetypes"].update(content["data"])
                result["data"].append(content["data"])
                result["text"] += content["data"].get("text/plain", "") + "\n"
            elif kind == "error":
                result["error"] = f"{content['ename']}: {content['evalue']}"
            elif kind == "comm_open":
                result["comm_targets"].append(content["target_name"])
            elif kind == "status" and content["execution_state"] == "idle":
                done_iopub = True
            elif kind == "execute_reply":
                done_shell = True
                if content["status"] == "error" and not result["error"]:
                    result["error"] = f"{content.get('ename')}: {content.get('evalue')}"
        return result

    def close(self) -> None:
        self.ws.close()
        self.person.server("DELETE", f"api/sessions/{self.session_id}")


class Terminal:
    """A JupyterLab terminal of a person's server, driven over its websocket (terminado)."""

    def __init__(self, person: Person):
        self.person = person
        r = person.server("POST", "api/terminals")
        r.raise_for_status()
        self.name = r.json()["name"]
        url = person.hub.replace("http://", "ws://") + f"user/{person.name}/terminals/websocket/{self.name}"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {person.token}"], timeout=600)

    def run(self, command: str, timeout: float = 600) -> tuple[int, str]:
        """Type ``command`` as a person would and wait for it; returns its exit status and
        what the terminal showed meanwhile."""
        marker = uuid.uuid4().hex[:12]
        # The marker is split in the typed line so that only the shell's answer contains it whole.
        self.ws.send(json.dumps(["stdin", f"{command}\r"]))
        self.ws.send(json.dumps(["stdin", f"echo \"{marker[:6]}\"\"{marker[6:]} $?\"\r"]))
        shown = ""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.ws.settimeout(max(1.0, deadline - time.monotonic()))
            msg = json.loads(self.ws.recv())
            if msg[0] == "stdout":
                shown += msg[1]
                found = re.search(marker + r" (\d+)", shown)
                if found:
                    return int(found.group(1)), shown[:found.start()]
        raise TimeoutError(f"{command!r} did not finish within {timeout} s; the terminal showed:\n{shown[-2000:]}")

    def close(self) -> None:
        self.ws.close()
        self.person.server("DELETE", f"api/terminals/{self.name}")

"""A fork server: every participant's server starts from a process that has already
imported the Jupyter stack.

Measured with ``benchmarks/hub_load.py`` (2 cores), a server took about 3 CPU
seconds to start, two of them importing Jupyter Server, JupyterLab, JupyterHub's
single-user code and the server extensions; thirty participants arriving within
half a minute queued for that CPU. The hub starts this process once, in the
servers' own environment and as root; it imports those modules once and then, for
each server, forks. The child becomes the participant (``setgroups``, ``setgid``,
``setuid``, a session of its own, umask 022, their home as working folder, exactly
the environment the spawner computed) and runs :func:`m4d.hub.singleuser.main`.

What the design keeps out of reach:

- **No participant's secret ever enters the fork server**, since every later server
  is a copy of its memory. The hub writes each request (environment with the
  server's API token, account, arguments) into a pipe of its own and hands the fork
  server only the pipe's file descriptor (``SCM_RIGHTS``); the fork server forks
  without reading it, and the child reads it. ``tests/test_hub_workshop.py`` scans
  the fork server's memory for the participants' tokens.
- The fork server takes requests only on a socket that the hub made for it; each
  child closes that socket and every other descriptor but 0-2 before it reads its
  request, so no participant's code can ask the root process for anything.
- Preloading must not capture who the person is: modules that compute something
  from ``HOME`` at import time (:data:`PER_PERSON_MODULES`) are imported again in
  the child once its environment is in place; ``tests/test_hub_settings.py``
  imports the preload list with marked variables and looks for the marks.

If the fork server cannot start, :class:`m4d.hub.spawner.WorkshopSpawner` starts
servers the ordinary way (a new process each) and says so in the hub's log; if it
stops during a workshop (killed), running servers go on (each is in a session of
its own) and the next spawn starts it again. ``tests/test_hub_forkserver.py`` tries
these paths on the spawner itself.
"""
from __future__ import annotations

import asyncio
import atexit
import gc
import importlib
import json
import os
import signal
import socket
import subprocess
import sys

# What every workshop server imports (its server extensions for both roles); an
# import that fails is left to the server itself, which reports it as it always did.
PRELOAD = (
    "jupyterhub.singleuser", "jupyterhub.singleuser.extension", "jupyter_server.serverapp",
    "jupyter_server_terminals", "jupyterlab_jupytext", "jupyterlab_myst", "nbgitpuller", "notebook",
    "notebook_shim", "nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.validate_assignment",
    "nbgrader.server_extensions.formgrader", "m4d.hub.lab_assets", "m4d.hub.formgrader",
)
# Modules that read the person's home folder at import time (send2trash: where
# deleted files go); imported again in each child.
PER_PERSON_MODULES = ("send2trash.plat_other",)
# The environment the fork server imports in: no home of anyone (so a module that
# captured it would point nowhere rather than at root's home).
NEUTRAL_HOME = "/nonexistent"
# A request is written into a pipe whole before the fork server sees it.
MAX_REQUEST = 60_000


def preload() -> dict[str, list[str]]:
    """Import what a server imports; returns {"preloaded": [...], "failed": [...]}."""
    from m4d.hub.singleuser import prepare_imports

    prepare_imports()
    done, failed = [], []
    for name in PRELOAD:
        try:
            importlib.import_module(name)
            done.append(name)
        except Exception as err:  # noqa: BLE001 - the server itself will say what is wrong
            failed.append(f"{name}: {type(err).__name__}: {err}")
    return {"preloaded": done, "failed": failed}


def refresh_per_person_state() -> None:
    """In a child whose environment is the person's: redo what preloading computed from
    the fork server's environment."""
    for name in PER_PERSON_MODULES:
        module = sys.modules.get(name)
        if module is not None:
            importlib.reload(module)


# --- the fork server's process ------------------------------------------------------------

def _reap(signum, frame) -> None:
    # A server that exits must disappear at once: the hub polls it by pid, and a zombie
    # would look alive.
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _become(request: dict) -> None:
    """Turn this child into the participant's server process (still root on entry)."""
    os.setsid()
    os.setgroups(request["groups"])
    os.setgid(request["gid"])
    os.setuid(request["uid"])
    if (os.getuid(), os.geteuid(), os.getgid(), os.getegid()) != (request["uid"],) * 2 + (request["gid"],) * 2:
        raise PermissionError("could not become the participant")
    os.umask(0o022)
    os.environ.clear()
    os.environ.update(request["env"])
    try:
        os.chdir(request["cwd"])
    except OSError as err:
        print(f"m4d fork server: cannot enter {request['cwd']} ({err}); starting in /", file=sys.stderr, flush=True)
        os.chdir("/")
    refresh_per_person_state()
    sys.argv = ["m4d.hub.singleuser", *request["args"]]


def _child(sock: socket.socket, request_fd: int) -> None:
    """The forked child: never returns."""
    code = 1
    try:
        os.close(sock.detach())  # detached: the object must not close a reused number later
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        keep = {0, 1, 2, request_fd}
        for name in os.listdir("/proc/self/fd"):
            fd = int(name)
            if fd not in keep:
                try:
                    os.close(fd)
                except OSError:
                    pass
        request = json.loads(_read_all(request_fd))
        os.close(request_fd)
        _become(request)
        del request
        gc.collect()
        from m4d.hub.singleuser import run

        code = run()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:  # noqa: BLE001 - say why, then leave as a process would
        import traceback

        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code if isinstance(code, int) else 1)


def serve(sock: socket.socket) -> None:
    """Answer the hub's requests on ``sock`` until the hub closes it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the hub, which closes the socket
    signal.signal(signal.SIGCHLD, _reap)
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, 64, 4)
        except InterruptedError:
            continue
        if not message:
            return
        if len(fds) != 1:
            for fd in fds:
                os.close(fd)
            sock.sendall(b'{"error": "a request needs exactly one pipe"}\n')
            continue
        pid = os.fork()
        if pid == 0:
            _child(sock, fds[0])
        os.close(fds[0])
        sock.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    fd = int(argv[argv.index("--socket-fd") + 1])
    sock = socket.socket(fileno=fd)
    # Children write to the hub's log, as servers started the ordinary way do; they
    # read nothing from the hub.
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    report = preload()
    gc.collect()
    gc.freeze()  # the preloaded objects stay shared between servers instead of copied
    sock.sendall(json.dumps({"ready": True, **report}).encode() + b"\n")
    serve(sock)


# --- the hub's side ----------------------------------------------------------------------

class ForkServer:
    """The hub's handle on its fork server (one per hub process).

    :meth:`launch` starts the process (the hub's configuration does it, and waits
    until it has imported, so that the hub answers once servers can start quickly);
    if it stops, the next :meth:`spawn` starts it again.
    """

    def __init__(self, python: str, env: dict[str, str], log):
        self.python, self.env, self.log = python, env, log
        self.process = None
        self.sock = None
        self.ready = False
        self.buffer = b""
        self.lock = asyncio.Lock()

    def launch(self, wait: bool = False, timeout: float = 300) -> "ForkServer":
        """Start the fork server; with ``wait``, return once it has imported everything."""
        if self.sock is not None:  # the socket of a fork server that stopped
            self.sock.close()
            self.sock = None
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            # -s: no user site folder (the servers' Python is a virtual environment,
            # which has none anyway).
            self.process = subprocess.Popen(
                [self.python, "-s", "-m", "m4d.hub.forkserver", "--socket-fd", str(theirs.fileno())],
                pass_fds=[theirs.fileno()], env={**self.env, "HOME": NEUTRAL_HOME}, cwd="/",
                stdin=subprocess.DEVNULL)
        finally:
            theirs.close()
        self.sock, self.buffer, self.ready = ours, b"", False
        if wait:
            ours.settimeout(timeout)
            try:
                while b"\n" not in self.buffer:
                    chunk = ours.recv(4096)
                    if not chunk:
                        raise ConnectionError(f"the fork server stopped while importing (status {self.process.wait()})")
                    self.buffer += chunk
            finally:
                ours.settimeout(None)
            line, self.buffer = self.buffer.split(b"\n", 1)
            self._ready(json.loads(line))
        ours.setblocking(False)
        return self

    def _ready(self, report: dict) -> None:
        self.ready = True
        self.log.info("m4d fork server %s ready (%d modules preloaded)", self.process.pid, len(report["preloaded"]))
        for failure in report.get("failed", []):
            self.log.warning("m4d fork server could not preload %s", failure)

    async def _line(self, timeout: float) -> dict:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while b"\n" not in self.buffer:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("the fork server did not answer")
            chunk = await asyncio.wait_for(loop.sock_recv(self.sock, 4096), remaining)
            if not chunk:
                raise ConnectionError("the fork server has stopped")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def _alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    async def spawn(self, request: dict) -> int:
        """Start a server for ``request`` (uid, gid, groups, cwd, env, args); its pid."""
        data = json.dumps(request).encode()
        if len(data) > MAX_REQUEST:
            raise ValueError(f"a server's environment is too large for the fork server ({len(data)} bytes)")
        async with self.lock:
            if not self._alive():
                if self.process is not None:
                    self.log.warning("m4d fork server %s stopped (status %s); starting it again",
                                     self.process.pid, self.process.returncode)
                self.launch()
            if not self.ready:
                self._ready(await self._line(timeout=300))
            read_end, write_end = os.pipe()
            try:
                try:
                    os.write(write_end, data)  # fits in the pipe's buffer: never blocks
                finally:
                    os.close(write_end)
                socket.send_fds(self.sock, [b"S"], [read_end])
            finally:
                os.close(read_end)
            answer = await self._line(timeout=60)
        if "pid" not in answer:
            raise RuntimeError(f"the fork server refused: {answer.get('error')}")
        return int(answer["pid"])


if __name__ == "__main__":
    main()

"""How the workshop hub starts a participant's server: JupyterHub's local-process
spawner, with three changes a room logging in at once needs.

- Servers start from the hub's fork server (:mod:`m4d.hub.forkserver`), which has
  imported the Jupyter stack once: a server's start then costs a fraction of the
  CPU it did (figures in deploy/hub/README.md). If the fork server cannot start, servers start the ordinary way (a
  new process each) and the hub's log says why.
- The hub itself runs with a private umask (its database and pid files are made
  readable by root only); servers get the usual 022 back, so what participants and
  the trainer share through the exchange (releases, submissions, feedback) stays
  readable to those nbgrader means it for.
- JupyterHub learns that a server is up by polling it with a back-off that grows
  to 5 s between tries; under load most servers were ready for seconds before the
  hub looked. :meth:`WorkshopSpawner.start` polls the server's own port every
  0.2 s itself and returns once it answers, so the hub's first check succeeds.
"""
from __future__ import annotations

import asyncio
import os
import pwd
import time

from jupyterhub.spawner import LocalProcessSpawner
from jupyterhub.utils import random_port
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from traitlets import Bool

from m4d.hub.forkserver import ForkServer

# The variables of a server's environment that are the same for every server and
# carry nothing personal: the fork server imports with these (and no others).
SHARED_VARIABLES = ("PATH", "JUPYTER_PATH", "JUPYTERLAB_DIR", "LANG", "LC_ALL", "LD_LIBRARY_PATH",
                    "PYTHONPATH", "VIRTUAL_ENV")
SERVER_MODULE = "m4d.hub.singleuser"


def _collect(pid: int) -> bool:
    """Collect ``pid``'s exit if it is a child of this process that has exited."""
    try:
        return os.waitpid(pid, os.WNOHANG)[0] == pid
    except ChildProcessError:
        return False  # not this process's child


async def _has_exited(pid: int) -> bool:
    """True if ``pid`` is a zombie: it has exited, but no one has collected its status.

    A server forked by the fork server is the fork server's child; if the fork server
    was killed, the server belongs to whichever process adopts orphans, and if that
    one never collects them (the hub as a container's first process, or a machine
    without a reaping init), the exited server stays a zombie, which a signal 0 takes
    for a live process: the hub would wait for it to stop forever and never start
    that participant a new one. If the hub itself adopted it, it is collected here.
    """
    if _collect(pid):
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False  # no /proc: trust the signal
    if state != "Z":
        return False
    # A process whose last threads are still ending is a zombie that cannot be collected
    # yet: give it a moment, so that an adopted one does not stay a zombie of the hub.
    for _ in range(20):
        await asyncio.sleep(0.05)
        if _collect(pid):
            break
    return True


class WorkshopSpawner(LocalProcessSpawner):
    ready_poll_interval = 0.2
    fork_server = Bool(True, help="Start servers from the hub's fork server (m4d.hub.forkserver).").tag(config=True)

    # One fork server per hub process, shared by every spawner.
    _fork_server: ForkServer | None = None
    _fork_server_failed: str | None = None

    @classmethod
    def launch_fork_server(cls, python: str, environment: dict[str, str], log, wait: bool = False) -> ForkServer:
        """Start the hub's fork server now (the hub's configuration does, and waits, so
        that it has imported by the time the first person logs in)."""
        shared = {name: environment[name] for name in SHARED_VARIABLES if name in environment}
        server = ForkServer(str(python), shared, log)
        try:
            cls._fork_server = server.launch(wait=wait)
        except (OSError, ValueError) as err:  # ConnectionError and TimeoutError are OSErrors
            cls._fork_server_failed = f"{type(err).__name__}: {err}"
            log.warning("m4d fork server unusable (%s); servers start as new processes", cls._fork_server_failed)
            if server.process is not None and server.process.poll() is None:
                server.process.kill()
        return cls._fork_server

    async def _signal(self, sig):
        alive = await super()._signal(sig)
        if alive and sig == 0 and await _has_exited(self.pid):
            return False
        return alive

    def make_preexec_fn(self, name):
        become = super().make_preexec_fn(name)

        def preexec():
            os.umask(0o022)
            become()

        return preexec

    def _forkable(self) -> bool:
        return (self.fork_server and WorkshopSpawner._fork_server_failed is None and not self.shell_cmd
                and not self.popen_kwargs and list(self.cmd[1:]) == ["-m", SERVER_MODULE])

    async def _start_forked(self):
        if self.port == 0:
            self.port = random_port()
        env = self.get_env()
        server = WorkshopSpawner._fork_server
        if server is None:
            server = self.launch_fork_server(self.cmd[0], env, self.log)
        entry = pwd.getpwnam(self.user.name)
        request = {"uid": entry.pw_uid, "gid": entry.pw_gid, "cwd": entry.pw_dir, "env": env,
                   "groups": os.getgrouplist(self.user.name, entry.pw_gid), "args": list(self.get_args())}
        self.log.info("Spawning %s's server from the fork server", self.user.name)
        self.proc = None
        self.pid = await server.spawn(request)
        return (self.ip or "127.0.0.1", self.port)

    async def start(self):
        if self._forkable():
            try:
                ip, port = await self._start_forked()
            except (OSError, ValueError) as err:  # ConnectionError and TimeoutError are OSErrors
                if self.pid:
                    raise  # a server was started: never start a second one
                # The fork server itself failed: say so once, and start servers as processes of their own.
                WorkshopSpawner._fork_server_failed = f"{type(err).__name__}: {err}"
                self.log.warning("m4d fork server unusable (%s); servers start as new processes",
                                 WorkshopSpawner._fork_server_failed)
                ip, port = await super().start()
        else:
            ip, port = await super().start()
        await self._wait_until_answering(ip, port)
        return ip, port

    async def _wait_until_answering(self, ip, port) -> None:
        url = f"http://{ip}:{port}{self.server.base_url}api"
        client = AsyncHTTPClient()
        deadline = time.monotonic() + self.http_timeout
        while time.monotonic() < deadline:
            status = await self.poll()
            if status is not None:
                # Say so now: the hub itself would wait for its time-out before noticing.
                raise RuntimeError(f"{self.user.name}'s server stopped while starting (exit status "
                                   f"{status}); the hub's log has its messages")
            try:
                await client.fetch(url, request_timeout=2, connect_timeout=1)
                return
            except HTTPClientError as err:
                if err.code != 599:  # 599: tornado's own time-out, no answer yet
                    return  # it answers (even 403 or 404): it is up
            except (OSError, asyncio.TimeoutError):
                pass
            except Exception:  # noqa: BLE001 - any other failure to connect means "not yet"
                pass
            await asyncio.sleep(self.ready_poll_interval)

"""The hub's fork server when things go wrong, tried on the spawner itself (no hub, no
browser): real workshop accounts, the course's server environment, JupyterHub's own
spawner objects, and a stand-in for the hub's API that only says which version it is
(what a participant's server asks before it serves).

What must hold in a room: if the fork server cannot start, the hub says so and servers
start as ordinary processes; if it is killed mid-workshop, running servers keep running
and the next participant still gets one; a server it starts runs as that participant on
the course's Python, and the fork server never holds a participant's token.
Needs root (it creates system accounts and starts servers as them).
"""
from __future__ import annotations

import asyncio
import http.server
import json
import logging
import os
import pwd
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.process_memory import readable_pages

pytestmark = [pytest.mark.hub, pytest.mark.slow]


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[tuple[str, str]] = []

    def emit(self, record):
        self.lines.append((record.levelname, record.getMessage()))

    def warnings(self) -> list[str]:
        return [text for level, text in self.lines if level == "WARNING"]


class _HubVersion(http.server.BaseHTTPRequestHandler):
    """The hub's API as far as a starting server needs it: its version (and a 200 for
    the activity reports servers send)."""

    def _answer(self):
        import jupyterhub
        body = json.dumps({"version": jupyterhub.__version__}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-JupyterHub-Version", jupyterhub.__version__)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@dataclass
class Room:
    base: Path
    group: str
    participants: list[str]
    python: str
    cmd: list[str]
    environment: dict[str, str]
    site_packages: Path
    hub_port: int


@pytest.fixture(scope="module")
def room():
    if os.geteuid() != 0:
        pytest.fail("the fork server tests must run as root: they create system accounts and start servers as them")
    from m4d.hub.accounts import ensure_participant, remove_workshop
    from m4d.hub.environment import server_environment, site_packages_of

    tag = secrets.token_hex(3)
    base = Path(tempfile.mkdtemp(prefix="m4d-forkserver-test-"))
    base.chmod(0o755)  # participants enter their homes through it
    group = f"m4df{tag}"
    names = [f"f{tag}{i}" for i in range(3)]
    hub = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HubVersion)
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    try:
        for name in names:
            ensure_participant(name, group, base / "homes")
        # The servers' environment exactly as the hub computes it (m4d.hub.config).
        server_env = server_environment(Path(sys.prefix), base / "state")
        environment = {"PATH": f"{server_env.bin}:/usr/local/bin:/usr/bin:/bin",
                       **{k: v for k, v in server_env.variables.items() if not k.startswith("M4D_")}}
        yield Room(base, group, names, str(server_env.python), list(server_env.server_command), environment,
                   site_packages_of(Path(sys.prefix)), hub.server_address[1])
    finally:
        hub.shutdown()
        remove_workshop(group)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def hub_process(room):
    """What one hub process holds: the spawner class's fork server (reset before and
    after each test), and its log."""
    from m4d.hub.spawner import WorkshopSpawner
    records = _Records()
    log = logging.getLogger(f"m4d-forkserver-test-{secrets.token_hex(2)}")
    log.setLevel(logging.INFO)
    log.addHandler(records)
    log.propagate = False
    WorkshopSpawner._fork_server, WorkshopSpawner._fork_server_failed = None, None
    spawners = []
    yield log, records, spawners
    for spawner in spawners:
        if spawner.pid:
            asyncio.run(spawner.stop(now=True))
    server = WorkshopSpawner._fork_server
    if server is not None and server.process is not None and server.process.poll() is None:
        server.process.kill()
        server.process.wait(10)
    WorkshopSpawner._fork_server, WorkshopSpawner._fork_server_failed = None, None


def _spawner(room, hub_process, name, **traits):
    """A WorkshopSpawner for ``name`` as the hub makes one (the hub's settings of
    m4d.hub.config for command, environment and time-outs)."""
    from jupyterhub import orm
    from jupyterhub.objects import Hub, Server
    from jupyterhub.user import User

    from m4d.hub.spawner import WorkshopSpawner

    log, _, spawners = hub_process
    db = orm.new_session_factory("sqlite:///:memory:")()
    orm_user = orm.User(name=name)
    db.add(orm_user)
    db.commit()
    user = User(orm_user, {})
    spawner = user._new_spawner(
        "", spawner_class=WorkshopSpawner, log=log, cmd=room.cmd, environment=room.environment,
        hub=Hub(ip="127.0.0.1", port=room.hub_port, base_url="/hub/"), default_url="/lab",
        oauth_client_id=f"jupyterhub-user-{name}", http_timeout=120, start_timeout=180,
        interrupt_timeout=5, term_timeout=5, kill_timeout=5, **traits)
    orm_server = orm.Server(base_url=f"/user/{name}/")
    db.add(orm_server)
    db.commit()
    spawner.server = Server(orm_server=orm_server)
    db.commit()
    spawner.api_token = secrets.token_hex(16)
    spawners.append(spawner)
    return spawner


def _answers(spawner, ip, port) -> bool:
    try:
        return requests.get(f"http://{ip}:{port}/user/{spawner.user.name}/api", timeout=10).status_code == 200
    except requests.ConnectionError:
        return False


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _ids(pid: int) -> dict[str, list[int]]:
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {key: [int(v) for v in status[key].split()] for key in ("Uid", "Gid", "Groups")}


def _quits_at_once(room) -> str:
    script = room.base / "python-that-quits"
    script.write_text("#!/bin/sh\nexit 3\n")
    script.chmod(0o755)
    return str(script)


# --- the fork server cannot start -------------------------------------------------------------

@pytest.mark.parametrize("python", ["missing", "quits"])
def test_when_the_fork_server_cannot_start_the_hub_warns_and_servers_start_as_processes(room, hub_process, python):
    from m4d.hub.spawner import WorkshopSpawner
    log, records, _ = hub_process
    interpreter = str(room.base / "no-such-python") if python == "missing" else _quits_at_once(room)
    # As the hub's configuration does while the hub starts: launch and wait for it.
    assert WorkshopSpawner.launch_fork_server(interpreter, room.environment, log, wait=True) is None
    assert any("fork server unusable" in w for w in records.warnings()), records.lines

    spawner = _spawner(room, hub_process, room.participants[0])
    ip, port = asyncio.run(spawner.start())
    assert spawner.proc is not None, "the server was not started as a process of its own"
    assert _parent(spawner.pid) == os.getpid()
    assert _ids(spawner.pid)["Uid"] == [pwd.getpwnam(spawner.user.name).pw_uid] * 4
    assert _answers(spawner, ip, port)


def test_a_fork_server_that_stops_before_it_is_ready_makes_the_first_spawn_fall_back(room, hub_process):
    from m4d.hub.spawner import WorkshopSpawner
    log, records, _ = hub_process
    # Launched without waiting (the hub went on starting), it exits before its first request.
    server = WorkshopSpawner.launch_fork_server(_quits_at_once(room), room.environment, log, wait=False)
    assert server is not None
    server.process.wait(30)

    spawner = _spawner(room, hub_process, room.participants[0])
    ip, port = asyncio.run(spawner.start())
    assert spawner.proc is not None and _parent(spawner.pid) == os.getpid()
    assert _answers(spawner, ip, port)
    assert any("fork server unusable" in w for w in records.warnings()), records.lines
    # ... and later servers go straight to processes (the hub does not retry at every login).
    second = _spawner(room, hub_process, room.participants[1])
    asyncio.run(second.start())
    assert second.proc is not None


# --- the fork server dies mid-workshop ----------------------------------------------------------

@pytest.fixture
def adopts_orphans_and_never_collects_them():
    """This process adopts the orphans of its descendants (as the hub does when it is a
    container's first process) and, like such a hub, never collects their exit."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_CHILD_SUBREAPER = 36
    assert libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0, ctypes.get_errno()
    try:
        yield
    finally:
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def test_when_the_fork_server_is_killed_running_servers_go_on_and_the_next_participant_gets_one(
        room, hub_process, adopts_orphans_and_never_collects_them):
    from m4d.hub.spawner import WorkshopSpawner
    log, records, _ = hub_process
    first_server = WorkshopSpawner.launch_fork_server(room.python, room.environment, log, wait=True)
    first_pid = first_server.process.pid

    running = _spawner(room, hub_process, room.participants[0])
    ip, port = asyncio.run(running.start())
    assert running.proc is None and _parent(running.pid) == first_pid, "not started from the fork server"

    first_server.process.send_signal(signal.SIGKILL)
    first_server.process.wait(30)
    assert _answers(running, ip, port), "a running server stopped with the fork server"

    newcomer = _spawner(room, hub_process, room.participants[1])
    new_ip, new_port = asyncio.run(newcomer.start())
    assert _answers(newcomer, new_ip, new_port)
    # A new fork server started it (the hub said so), not the hub itself.
    second_server = WorkshopSpawner._fork_server
    assert second_server.process.pid != first_pid and second_server.process.poll() is None
    assert newcomer.proc is None and _parent(newcomer.pid) == second_server.process.pid
    assert any(f"fork server {first_pid} stopped" in w for w in records.warnings()), records.lines
    assert asyncio.run(running.poll()) is None and _answers(running, ip, port)
    assert _parent(running.pid) == os.getpid()  # adopted

    # The orphaned server still stops when the hub stops it (idle culler, trainer), and
    # the hub then knows it has stopped (so the participant can get a new one), though
    # no one else collects its exit.
    pid = running.pid
    asyncio.run(running.stop())
    assert asyncio.run(running.poll()) is not None
    assert not _answers(running, ip, port)
    assert not Path(f"/proc/{pid}").exists(), \
        f"the stopped server was left: {Path(f'/proc/{pid}/stat').read_text() if Path(f'/proc/{pid}').exists() else ''}"


# --- who a forked server is, and what the fork server knows ----------------------------------

def test_a_forked_server_runs_as_its_participant_on_the_courses_python_and_its_token_never_enters_the_fork_server(
        room, hub_process):
    from m4d.hub.spawner import WorkshopSpawner
    log, _, _ = hub_process
    fork = WorkshopSpawner.launch_fork_server(room.python, room.environment, log, wait=True).process.pid

    spawners = [_spawner(room, hub_process, name) for name in room.participants[:2]]
    for spawner in spawners:
        ip, port = asyncio.run(spawner.start())
        assert _answers(spawner, ip, port)
    for spawner in spawners:
        entry = pwd.getpwnam(spawner.user.name)
        assert spawner.proc is None and _parent(spawner.pid) == fork
        ids = _ids(spawner.pid)
        assert ids["Uid"] == [entry.pw_uid] * 4 and ids["Gid"] == [entry.pw_gid] * 4
        assert sorted(ids["Groups"]) == sorted(set(os.getgrouplist(entry.pw_name, entry.pw_gid)))
        assert Path(f"/proc/{spawner.pid}/cwd").resolve() == Path(entry.pw_dir).resolve()
        # The course's Python, with the course's packages loaded from its environment.
        assert Path(f"/proc/{spawner.pid}/exe").resolve() == Path(room.python).resolve()
        mapped = {line.split()[-1] for line in Path(f"/proc/{spawner.pid}/maps").read_text().splitlines()
                  if len(line.split()) >= 6}
        assert any(path.startswith(str(room.site_packages)) for path in mapped), sorted(mapped)[:20]
        # The token is in the server (where it belongs) ...
        token = spawner.api_token.encode()
        assert any(token in region for region in readable_pages(spawner.pid)), "the scan does not see the token"
    # ... and in no page of the root process every later server is a copy of.
    for spawner in spawners:
        assert not any(spawner.api_token.encode() in region for region in readable_pages(fork)), \
            f"the fork server holds {spawner.user.name}'s token"

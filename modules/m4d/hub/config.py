"""The JupyterHub configuration of a workshop hub, built from :class:`WorkshopSettings`.

``configure(c, settings)`` is called from a ``jupyterhub_config.py`` (the one that
``m4d hub start`` writes, or ``deploy/hub/jupyterhub_config.py``). It prepares
the machine as well (the workshop group, the trainers' accounts and course folder,
the nbgrader exchange, each role's Jupyter configuration), so the hub is ready
when it starts.
"""
from __future__ import annotations

import asyncio
import logging
import os
import pwd
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from m4d.hub.accounts import ensure_group, ensure_participant
from m4d.hub.authenticator import WorkshopAuthenticator
from m4d.hub.environment import ServerEnvironment, server_environment
from m4d.hub.exchange import prepare_exchange
from m4d.hub.link import trust_local_repositories
from m4d.hub.passwords import WorkshopPasswords, load_or_create
from m4d.hub.roles import prepare_course, write_role_configs
from m4d.hub.settings import WorkshopSettings
from m4d.hub.spawner import WorkshopSpawner


# Accounts are made one at a time (useradd locks /etc/passwd), in a thread of their
# own: useradd, git config and the trainer's course copy are subprocesses that would
# otherwise stop the hub answering the rest of the room while each one runs.
_ACCOUNT_MAKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="m4d-accounts")


def _prepare_account(settings: WorkshopSettings, name: str, role: str) -> None:
    home = ensure_participant(name, settings.group, settings.homes)
    entry = pwd.getpwnam(name)
    trust_local_repositories(home, entry.pw_uid, entry.pw_gid, settings.trusted_repositories)
    if role == "trainer":
        prepare_course(settings.course, name)


async def prepare_server(settings: WorkshopSettings, role_folders: dict[str, Path], server_env: ServerEnvironment,
                         spawner) -> None:
    """Before a server starts: the account and its home exist, and the role is chosen.

    JupyterHub calls this (``Spawner.pre_spawn_hook``) with the spawner of the user
    whose server is about to start; the first time, it creates their account.
    """
    name = spawner.user.name
    role = "trainer" if name in settings.admins else "participant"
    await asyncio.get_running_loop().run_in_executor(_ACCOUNT_MAKER, _prepare_account, settings, name, role)
    config_path = [str(role_folders[role])]
    if "M4D_COURSE_JUPYTER_CONFIG" in server_env.variables:
        config_path.append(server_env.variables["M4D_COURSE_JUPYTER_CONFIG"])
    spawner.environment = {**spawner.environment, "JUPYTER_CONFIG_PATH": os.pathsep.join(config_path),
                           "M4D_WORKSHOP_ROLE": role}


def _private_state(state: Path) -> None:
    """The hub's own files in the state folder are root's alone: the database (users,
    servers, token hashes), cookie secret, passwords, configuration and pid files.
    Participants reach only what their servers need: environment/, python/,
    jupyter-config/ and the exchange, whose own permissions nbgrader relies on."""
    # Whatever the hub writes from now on (SQLite and its journal, pid files) is 600;
    # WorkshopSpawner gives servers the usual 022 back.
    os.umask(0o077)
    for path in state.iterdir():
        if path.is_file() and not path.is_symlink():
            path.chmod(0o600)


def configure(c, settings: WorkshopSettings, passwords: WorkshopPasswords | None = None,
              fork_server: bool | None = None) -> None:
    """Fill the JupyterHub config object ``c`` for a workshop on this machine (and start
    the hub's fork server, unless ``fork_server`` is false; by default it is on unless
    the variable ``M4D_HUB_FORK_SERVER`` is ``0``, which the load benchmark uses to
    compare)."""
    if fork_server is None:
        fork_server = os.environ.get("M4D_HUB_FORK_SERVER", "1").strip() != "0"
    state = Path(settings.state)
    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o711)  # participants' servers reach exchange/ and jupyter-config/, nothing else
    _private_state(state)
    passwords = passwords or load_or_create(state)

    ensure_group(settings.group)
    for trainer in settings.admins:
        ensure_participant(trainer, settings.group, settings.homes)
        prepare_course(settings.course, trainer)
    prepare_exchange(settings.exchange, settings.course_id, settings.admins[0])
    # Servers and kernels: one process per participant, as their own account, in the
    # course's environment (the same Python the course was installed with; refused
    # here with a message if a package does not support it).
    server_env = server_environment(settings.environment, state)
    role_folders = write_role_configs(settings.role_config, settings.exchange, settings.course_id,
                                      python=str(server_env.python))

    # Network: the public proxy on settings.host (127.0.0.1 unless exposed on purpose);
    # the hub and the proxy's API only ever on loopback.
    c.JupyterHub.ip = settings.host
    c.JupyterHub.port = settings.port
    c.JupyterHub.base_url = settings.base_url
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = settings.proxy_command
    c.ConfigurableHTTPProxy.should_start = True
    c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")

    # State: SQLite and the cookie secret in the state folder, readable by root only.
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")

    # Login: the room's password for participants, a long one for the trainers.
    c.JupyterHub.authenticator_class = WorkshopAuthenticator
    c.WorkshopAuthenticator.workshop_group = settings.group
    c.SharedPasswordAuthenticator.user_password = passwords.participant
    c.SharedPasswordAuthenticator.admin_password = passwords.trainer
    c.Authenticator.admin_users = set(settings.admins)
    c.Authenticator.allow_all = True
    c.Authenticator.username_pattern = r"^[a-z][a-z0-9_-]{0,30}$"

    c.JupyterHub.spawner_class = WorkshopSpawner
    c.Spawner.cmd = server_env.server_command
    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    # The hub's data folder first: its kernel (with m4d.hub.kernel) wins over the
    # environment's plain one.
    data_path = [str(role_folders["data"]), *filter(None, [server_env.variables.get("JUPYTER_PATH")])]
    c.Spawner.environment = {
        "PATH": f"{server_env.bin}:/usr/local/bin:/usr/bin:/bin",
        **{k: v for k, v in server_env.variables.items() if not k.startswith("M4D_")},
        "JUPYTER_PATH": os.pathsep.join(data_path),
    }
    c.Spawner.pre_spawn_hook = partial(prepare_server, settings, role_folders, server_env)
    # The fork server imports the Jupyter stack while the hub starts (m4d.hub.forkserver).
    c.WorkshopSpawner.fork_server = fork_server
    if fork_server:
        WorkshopSpawner.launch_fork_server(server_env.python, {**os.environ, **c.Spawner.environment},
                                           logging.getLogger("JupyterHub"), wait=True)
    # A room logging in at once shares the machine's cores: give servers time to start.
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 120
    c.JupyterHub.concurrent_spawn_limit = 60

    # Idle culler: servers with no activity for idle_timeout seconds are stopped
    # (their files stay), which frees memory when participants leave.
    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [str(Path(settings.environment) / "bin" / "python"), "-m", "jupyterhub_idle_culler",
                    f"--timeout={settings.idle_timeout}", "--cull-every=60"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }]

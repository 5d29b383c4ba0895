"""``m4d hub``: run a workshop JupyterHub on this machine.

    m4d hub start [--host 127.0.0.1] [--port 8000] [--state /srv/m4d-hub] ...
    m4d hub link --hub https://hub.example.org/ [--repo URL] [--branch main] [--open PATH]
    m4d hub accounts [--group m4d-workshop]
    m4d hub remove-accounts [--group m4d-workshop] (NAME ... | --all)
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from m4d.errors import InputError
from m4d.hub.settings import WorkshopSettings



def _settings(args) -> WorkshopSettings:
    kwargs = dict(host=args.host, port=args.port, hub_port=args.hub_port, proxy_api_port=args.proxy_api_port,
                  state=Path(args.state).resolve(), homes=Path(args.homes).resolve(), group=args.group,
                  admins=tuple(args.trainer or ("trainer",)), course_id=args.course_id,
                  idle_timeout=args.idle_timeout, base_url=args.base_url,
                  local_repositories=tuple(Path(p).resolve() for p in args.local_repo or ()))
    if args.course:
        kwargs["course"] = Path(args.course).resolve()
    return WorkshopSettings(**kwargs)


def write_config(settings: WorkshopSettings) -> Path:
    """Write ``STATE/jupyterhub_config.py``, which builds this hub from these settings."""
    state = Path(settings.state)
    state.mkdir(parents=True, exist_ok=True)
    path = state / "jupyterhub_config.py"
    env = json.dumps(settings.to_environment(), indent=4)
    path.write_text(
        '"""Written by `m4d hub start`: change the command\'s options rather than this file."""\n'
        "from m4d.hub.config import configure\n"
        "from m4d.hub.settings import WorkshopSettings\n\n"
        f"configure(c, WorkshopSettings.from_environment({env}))  # noqa: F821\n")
    path.chmod(0o600)
    return path


def room_link(settings: WorkshopSettings) -> str:
    """The link the start banner prints: pulled from the repository the hub runs from,
    so it works in a room without internet; the course on GitHub if workshop accounts
    cannot read that repository."""
    from m4d.hub.environment import reachable_by_everyone
    from m4d.hub.link import current_branch, git_folders, pull_link
    from m4d.hub.settings import REPOSITORY

    if all(reachable_by_everyone(folder) for folder in git_folders(REPOSITORY)):
        return pull_link(settings.public_url, str(REPOSITORY), current_branch(REPOSITORY), open_path="book/intro.md")
    return (pull_link(settings.public_url, open_path="book/intro.md") +
            f"\n    (from GitHub: workshop accounts cannot read {REPOSITORY}; needs internet)")


def _start(args) -> int:
    from m4d.hub.accounts import require_root
    from m4d.hub.passwords import load_or_create

    require_root("m4d hub start")
    settings = _settings(args)
    settings.proxy_command  # fails now, with a clear message, if the proxy is missing
    from m4d.hub.environment import server_environment
    Path(settings.state).mkdir(parents=True, exist_ok=True)
    server_environment(settings.environment, settings.state)  # refuses a Python a package does not support
    passwords = load_or_create(settings.state)
    config = write_config(settings)
    trainer_file = Path(settings.state) / "trainer-password"
    print(f"Workshop hub on {settings.public_url}\n"
          f"  participants: any name, password {passwords.participant}\n"
          f"  trainer{'s' if len(settings.admins) > 1 else ''}: {', '.join(settings.admins)}, "
          f"password in {trainer_file} (root only)\n"
          f"  course notebooks: {room_link(settings)}\n"
          f"  state: {settings.state} (SQLite, exchange, passwords); stop with Ctrl-C", flush=True)
    if settings.host not in ("127.0.0.1", "::1"):
        print("  warning: the hub listens on a network address over plain HTTP; put a TLS reverse "
              "proxy in front of it (see deploy/hub/README.md)", file=sys.stderr, flush=True)
    jupyterhub = str(Path(sys.prefix) / "bin" / "jupyterhub")
    argv = [jupyterhub, "-f", str(config)]
    if args.debug:
        argv.append("--debug")
    os.chdir(settings.state)
    os.execv(jupyterhub, argv)
    return 0  # not reached


def _link(args) -> int:
    from m4d.hub.link import pull_link
    print(pull_link(args.hub, args.repo, args.branch, args.open, args.folder, args.interface))
    return 0


def _accounts(args) -> int:
    from m4d.hub.accounts import members
    for name in members(args.group):
        print(name)
    return 0


def _remove_accounts(args) -> int:
    from m4d.hub.accounts import remove_participant, remove_workshop, require_root
    require_root("removing workshop accounts")
    if args.all:
        removed = remove_workshop(args.group)
    elif args.names:
        for name in args.names:
            remove_participant(name, args.group)
        removed = args.names
    else:
        raise InputError("name the accounts to remove, or pass --all to remove the whole workshop")
    print(f"removed {len(removed)} account(s) and their home folders")
    return 0


def _role_config(args) -> int:
    from m4d.hub.roles import write_role_configs
    folders = write_role_configs(Path(args.folder), Path(args.exchange), args.course_id,
                                 owner_check=not args.no_owner_check)
    for role, folder in folders.items():
        print(f"{role}: {folder}")
    return 0


def register(subparsers) -> None:
    hub = subparsers.add_parser("hub", help="run a workshop JupyterHub on this machine",
                                description="A workshop JupyterHub on one machine: shared-password login, "
                                "one system account per participant, nbgrader, nbgitpuller, idle culler.")
    sub = hub.add_subparsers(title="hub commands", metavar="ACTION")
    hub.set_defaults(func=lambda args: hub.print_help() or 2)

    p = sub.add_parser("start", help="start the hub (as root); Ctrl-C stops it",
                       description="Start JupyterHub with configurable-http-proxy and SQLite. Listens on "
                       "127.0.0.1 unless --host says otherwise; see deploy/hub/README.md to expose it safely.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="public port (default: 8000)")
    p.add_argument("--hub-port", type=int, default=8081, help="the hub's internal port on 127.0.0.1 (default: 8081)")
    p.add_argument("--proxy-api-port", type=int, default=8001, help="the proxy's API port on 127.0.0.1 (default: 8001)")
    p.add_argument("--state", default="/srv/m4d-hub", help="folder for the database, passwords and nbgrader exchange")
    p.add_argument("--homes", default="/home", help="where participants' home folders are made (default: /home)")
    p.add_argument("--group", default="m4d-workshop", help="system group of the workshop's accounts")
    p.add_argument("--trainer", action="append", metavar="NAME",
                   help="a trainer (admin and nbgrader instructor); repeat for more (default: trainer)")
    p.add_argument("--course", help="the nbgrader course folder to copy for the trainer (default: exercises/)")
    p.add_argument("--course-id", default="m4d", help="nbgrader course id (default: m4d)")
    p.add_argument("--idle-timeout", type=int, default=3600, help="stop servers idle this many seconds (default: 3600)")
    p.add_argument("--base-url", default="/", help="URL prefix, when a reverse proxy serves the hub under a path")
    p.add_argument("--local-repo", action="append", metavar="PATH",
                   help="a course repository on this machine that nbgitpuller links may point to "
                   "(the repository the hub runs from always may); repeat for more")
    p.add_argument("--debug", action="store_true", help="JupyterHub's debug log")
    p.set_defaults(func=_start)

    p = sub.add_parser("link", help="print the nbgitpuller link that delivers the course notebooks")
    p.add_argument("--hub", required=True, help="the hub's public address, e.g. https://hub.example.org/")
    p.add_argument("--repo", default="https://github.com/m4d-course/migration-local-development",
                   help="repository to pull: any URL git can clone, or a path on the hub machine")
    p.add_argument("--branch", default="main")
    p.add_argument("--open", default="book/intro.md", help="file to open, relative to the repository")
    p.add_argument("--folder", help="folder in each home (default: migration-local-development)")
    p.add_argument("--interface", choices=["lab", "tree"], default="lab")
    p.set_defaults(func=_link)

    p = sub.add_parser("role-config", help="write the participant and trainer Jupyter configurations "
                       "(for an image, e.g. on Kubernetes)")
    p.add_argument("folder", help="where to write participant/ and trainer/")
    p.add_argument("--exchange", default="/srv/nbgrader/exchange", help="nbgrader exchange folder")
    p.add_argument("--course-id", default="m4d")
    p.add_argument("--no-owner-check", action="store_true",
                   help="collect with stock nbgrader (when students' accounts are not known to the trainer's server)")
    p.set_defaults(func=_role_config)

    p = sub.add_parser("accounts", help="list the workshop's accounts")
    p.add_argument("--group", default="m4d-workshop")
    p.set_defaults(func=_accounts)

    p = sub.add_parser("remove-accounts", help="delete workshop accounts and their home folders (as root)")
    p.add_argument("names", nargs="*", metavar="NAME")
    p.add_argument("--all", action="store_true", help="every account of the workshop, and its group")
    p.add_argument("--group", default="m4d-workshop")
    p.set_defaults(func=_remove_accounts)

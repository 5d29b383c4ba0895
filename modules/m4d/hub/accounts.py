"""One system account per participant, made the first time they log in.

Every account the hub makes belongs to the workshop's group; that membership is
how the hub tells its participants from the machine's own accounts (root, daemon,
a colleague's login), which nobody may use through the hub. Home folders are
mode 700, so participants cannot read each other's work.
"""
from __future__ import annotations

import grp
import os
import pwd
import signal
import subprocess
import time
from pathlib import Path

from m4d.errors import InputError
from m4d.hub.settings import check_account_name


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, capture_output=True, text=True)
    if result.returncode != 0:
        raise InputError(f"{' '.join(argv)} failed: {result.stderr.strip() or result.stdout.strip()}")


def require_root(action: str) -> None:
    if os.geteuid() != 0:
        raise InputError(f"{action} needs root, because the hub creates one system account per "
                         "participant and starts their servers as that account: run it with sudo")


def ensure_group(group: str) -> int:
    check_account_name(group, "group name")
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        _run(["groupadd", "--system", group])
        return grp.getgrnam(group).gr_gid


def members(group: str) -> list[str]:
    """The accounts that belong to the workshop, by name."""
    try:
        g = grp.getgrnam(group)
    except KeyError:
        return []
    names = set(g.gr_mem)
    names.update(p.pw_name for p in pwd.getpwall() if p.pw_gid == g.gr_gid)
    return sorted(names)


def is_foreign_account(name: str, group: str) -> bool:
    """True when ``name`` is a system account the workshop did not make (root, daemon, ...)."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return name not in members(group)


def ensure_participant(name: str, group: str, homes: Path) -> Path:
    """The participant's home folder; the account and folder are made if missing.

    The account's primary group is the workshop's group, its home is ``homes/name``
    with mode 700, and it has no password (it is only ever used through the hub).
    """
    check_account_name(name, "participant name")
    if is_foreign_account(name, group):
        raise InputError(f"{name!r} is an account of this machine, not of the workshop; choose another name")
    ensure_group(group)
    home = Path(homes) / name
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        if not Path(homes).exists():
            Path(homes).mkdir(parents=True)
            Path(homes).chmod(0o755)  # everyone enters their own home through it
        _run(["useradd", "--create-home", "--home-dir", str(home), "--gid", group,
              "--shell", "/bin/bash", "--comment", "m4d workshop participant", name])
        entry = pwd.getpwnam(name)
    home = Path(entry.pw_dir)
    if not home.exists():
        home.mkdir(parents=True)
        os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    return home


def processes_of(uid: int) -> list[int]:
    """The ids of the processes that run as ``uid``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                continue
    return pids


def remove_participant(name: str, group: str) -> None:
    """Delete a workshop account and its home folder (never a machine account)."""
    if is_foreign_account(name, group):
        raise InputError(f"{name!r} is not a workshop account; it is left alone")
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    # A process still running as the account would stop userdel; the hub stops the
    # servers first, so only leftovers (a kernel) are ended here, one by one.
    uid = pwd.getpwnam(name).pw_uid
    for pid in processes_of(uid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    # userdel refuses while a killed process has not finished exiting.
    deadline = time.monotonic() + 10
    while processes_of(uid) and time.monotonic() < deadline:
        time.sleep(0.1)
    _run(["userdel", "--remove", name])


def remove_workshop(group: str) -> list[str]:
    """Delete every account of the workshop and then its group; the names removed."""
    removed = members(group)
    for name in removed:
        remove_participant(name, group)
    try:
        grp.getgrnam(group)
        _run(["groupdel", group])
    except KeyError:
        pass
    return removed

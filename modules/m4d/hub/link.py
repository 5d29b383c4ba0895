"""The nbgitpuller link that gives every participant the course notebooks.

Opening the link logs the participant in, starts their server, clones the course
repository into their home folder on the first visit (later visits merge new
commits without overwriting their own edits) and opens the chosen page.
"""
from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlencode, urlsplit

from m4d.errors import InputError

COURSE_REPOSITORY = "https://github.com/m4d-course/migration-local-development"
# The folder the course arrives in, in every home: named after the course, whatever
# the repository it is pulled from is called (a bare clone "course.git", a worktree).
# Not the trainer's nbgrader folder (m4d-course), so the link never touches it.
COURSE_FOLDER = "migration-local-development"


def default_folder(repo: str) -> str:
    """The folder nbgitpuller clones into: the repository's name without ``.git``."""
    name = PurePosixPath(urlsplit(repo).path.rstrip("/")).name
    return name[:-4] if name.endswith(".git") else name


def pull_link(hub_url: str, repo: str = COURSE_REPOSITORY, branch: str = "main",
              open_path: str = "book/intro.md", folder: str | None = None, interface: str = "lab") -> str:
    """The link to hand out: ``hub_url`` is the hub's public address (``https://hub.example.org/``).

    ``repo`` may be any URL git can clone (https, ssh, ``file://`` or a local path of
    the hub machine); ``open_path`` is the file to open, relative to the repository;
    ``folder`` the folder it arrives in (:data:`COURSE_FOLDER` unless given).
    """
    if not hub_url.startswith(("http://", "https://")):
        raise InputError(f"hub address {hub_url!r} must start with http:// or https://")
    if not repo:
        raise InputError("give the repository to pull (a URL or a path on the hub machine)")
    if interface not in ("lab", "tree"):
        raise InputError(f"interface must be 'lab' (JupyterLab) or 'tree' (classic view), not {interface!r}")
    folder = folder or COURSE_FOLDER
    if not folder or "/" in folder or folder in (".", ".."):
        raise InputError(f"folder {folder!r} must be a single folder name in the participant's home")
    open_path = open_path.strip("/")
    urlpath = f"{interface}/tree/{folder}/{open_path}" if open_path else f"{interface}/tree/{folder}"
    query = urlencode({"repo": repo, "branch": branch, "targetpath": folder, "urlpath": urlpath})
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


@lru_cache(maxsize=64)
def _git_folders(repo: Path) -> tuple[Path, ...]:
    # git names the work tree's .git (a folder, or a worktree's .git file) when it
    # serves a clone, and the repository folders themselves when it reads them.
    folders = [repo, *([repo / ".git"] if (repo / ".git").exists() else [])]
    for option in ("--absolute-git-dir", "--git-common-dir"):
        found = subprocess.run(["git", "-c", f"safe.directory={repo}", "-C", str(repo), "rev-parse", option],
                               capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip():
            path = Path(found.stdout.strip())
            folders.append((repo / path).resolve() if not path.is_absolute() else path.resolve())
    return tuple(dict.fromkeys(folders))


def git_folders(repo: Path) -> list[Path]:
    """The folders git checks the owner of when it reads ``repo``: the work tree, and the
    repository folder itself (``.git``, or a worktree's folder and the common one it shares)."""
    return list(_git_folders(Path(repo).resolve()))


def current_branch(repo: Path) -> str:
    """The branch checked out in ``repo`` (what a clone of it gets), ``main`` if none."""
    found = subprocess.run(["git", "-c", f"safe.directory={Path(repo).resolve()}", "-C", str(repo),
                            "rev-parse", "--abbrev-ref", "HEAD"], capture_output=True, text=True)
    branch = found.stdout.strip()
    return branch if found.returncode == 0 and branch and branch != "HEAD" else "main"


def trust_local_repositories(home: Path, uid: int, gid: int, repositories) -> None:
    """Let a participant's git pull from course repositories on the hub machine.

    git refuses to read a repository that belongs to another account ("dubious
    ownership") unless the reader's own configuration names it as safe; the hub
    names the local course repositories it was given, and nothing else. git checks
    the repository folder (``.git``) when it serves a clone, not the work tree, so
    both are named (:func:`git_folders`).
    """
    config = Path(home) / ".gitconfig"
    present = set()
    if config.exists():
        found = subprocess.run(["git", "config", "--file", str(config), "--get-all", "safe.directory"],
                               capture_output=True, text=True)
        present = set(found.stdout.split())
    for repo in repositories:
        for folder in git_folders(repo):
            if str(folder) not in present:
                subprocess.run(["git", "config", "--file", str(config), "--add", "safe.directory", str(folder)],
                               check=True)
                present.add(str(folder))
    if config.exists():
        os.chown(config, uid, gid)

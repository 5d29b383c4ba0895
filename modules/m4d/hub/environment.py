"""The Python environment that participants' servers and kernels run in.

The course's environment (``.venv``, with the toolbox, JupyterLab, the widgets and
nbgrader) serves every participant, so each workshop account must be able to run
its interpreter. When that interpreter sits where other accounts cannot enter (a
virtual environment made from a Python installed in root's home, as pyenv does),
the hub makes a *shared environment* in its state folder: a virtual environment
of the machine's own Python of the same version that loads the course
environment's packages, plus a launcher for each of its commands (``jupyter``,
``nbgrader``, ``alembic``, ``m4d``, ...). Nothing is installed twice.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from m4d.errors import InputError



@dataclass(frozen=True)
class ServerEnvironment:
    """How to start a participant's server: the interpreter and the variables it needs."""

    python: Path
    bin: Path
    variables: dict[str, str] = field(default_factory=dict)

    @property
    def server_command(self) -> list[str]:
        return [str(self.python), "-m", "jupyterhub.singleuser"]


def reachable_by_everyone(path: Path) -> bool:
    """True when an account with no special rights can run or read ``path``."""
    real = Path(os.path.realpath(path))
    for folder in list(real.parents)[::-1]:
        if not os.stat(folder).st_mode & stat.S_IXOTH:
            return False
    return bool(os.stat(real).st_mode & stat.S_IROTH)


def _system_python(version: tuple[int, int]) -> Path:
    name = f"python{version[0]}.{version[1]}"
    for folder in ("/usr/bin", "/usr/local/bin"):
        candidate = Path(folder) / name
        if candidate.exists() and reachable_by_everyone(candidate):
            return candidate
    raise InputError(
        f"the course environment's Python ({os.path.realpath(sys.executable)}) is in a folder that "
        f"workshop accounts cannot enter, and there is no {name} in /usr/bin to share it: make the "
        f"environment with a Python installed for all users (make env PYTHON=/usr/bin/{name})")


def _write_launchers(course_bin: Path, shared_bin: Path, shared_python: Path) -> None:
    """A launcher in ``shared_bin`` for every Python command of ``course_bin``: the same
    script, run by the shared interpreter (the scripts' own first line names one that
    workshop accounts cannot run)."""
    for script in sorted(course_bin.iterdir()):
        if not script.is_file() or script.name.startswith(("python", "activate", "pip")):
            continue
        with open(script, "rb") as fh:
            first = fh.readline()
        if not first.startswith(b"#!") or b"python" not in first:
            continue
        launcher = shared_bin / script.name
        launcher.write_text(f'#!/bin/sh\nexec "{shared_python}" "{script}" "$@"\n')
        launcher.chmod(0o755)


def server_environment(course_env: Path, state: Path) -> ServerEnvironment:
    """The environment participants' servers use: ``course_env`` itself if everyone can
    run it, otherwise a shared environment in ``state/environment`` (made if missing)."""
    course_env = Path(course_env)
    python = course_env / "bin" / "python"
    if reachable_by_everyone(python):
        return ServerEnvironment(python=python, bin=course_env / "bin")
    site_packages = course_env / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    if not reachable_by_everyone(site_packages):
        raise InputError(f"workshop accounts cannot read {site_packages}: make the repository readable by all")
    shared = Path(state) / "environment"
    shared_python = shared / "bin" / "python"
    if not shared_python.exists():
        base = _system_python(sys.version_info[:2])
        subprocess.run([str(base), "-m", "venv", "--without-pip", str(shared)], check=True)
        pth = shared / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages" / "m4d_course_environment.pth"
        # addsitedir also runs the course environment's own .pth files (the editable m4d install).
        pth.write_text(f"import site; site.addsitedir({str(site_packages)!r})\n")
    _write_launchers(course_env / "bin", shared / "bin", shared_python)
    for folder, _, files in os.walk(shared):
        os.chmod(folder, 0o755)
    data = course_env / "share" / "jupyter"
    return ServerEnvironment(python=shared_python, bin=shared / "bin", variables={
        # The shared environment has no share/ or etc/ of its own: point Jupyter at the
        # course environment's kernels, JupyterLab extensions (widgets, nbgrader) and
        # server-extension settings (nbgitpuller, nbgrader).
        "JUPYTER_PATH": str(data),
        "JUPYTERLAB_DIR": str(data / "lab"),
        "M4D_COURSE_JUPYTER_CONFIG": str(course_env / "etc" / "jupyter"),
    })

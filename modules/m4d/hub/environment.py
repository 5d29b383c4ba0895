"""The Python environment that participants' servers and kernels run in.

The course's environment (``.venv``, with the toolbox, JupyterLab, the widgets and
nbgrader) serves every participant, so each workshop account must be able to run
its interpreter. When that interpreter sits where other accounts cannot enter (a
virtual environment made from a Python installed in root's home, as pyenv does),
the hub makes a *shared environment* in its state folder:

- ``STATE/python``: a copy of the course environment's own interpreter (the same
  build and version, its standard library without the test suite), readable by
  everyone. A copy rather than the machine's other Python, because the course's
  packages were installed for that version: Debian's 3.11.2 beside a pyenv 3.11.7
  breaks soupsieve (it needs 3.11.5), and with it nbconvert's HTML export, the
  formgrader's grading page and every feedback file.
- ``STATE/environment``: a virtual environment of that copy that loads the course
  environment's packages, plus a launcher for each of its commands (``jupyter``,
  ``nbgrader``, ``m4d``, ...). Nothing is installed twice.

Whatever the servers run, :func:`unsupported_packages` compares its version with
what every installed package declares (``Requires-Python``), and the hub refuses
to start when one does not fit.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from importlib.metadata import distributions
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from m4d.errors import InputError

# Parts of the standard library a server or kernel never imports; leaving them out
# keeps the copy small (about 60 MB instead of 200 MB).
_STDLIB_LEFT_OUT = ("site-packages", "test", "idlelib", "tkinter", "turtledemo", "ensurepip", "lib2to3")


@dataclass(frozen=True)
class ServerEnvironment:
    """How to start a participant's server: the interpreter and the variables it needs."""

    python: Path
    bin: Path
    variables: dict[str, str] = field(default_factory=dict)

    @property
    def server_command(self) -> list[str]:
        return [str(self.python), "-m", "m4d.hub.singleuser"]


def reachable_by_everyone(path: Path) -> bool:
    """True when an account with no special rights can run or read ``path``."""
    real = Path(os.path.realpath(path))
    for folder in list(real.parents)[::-1]:
        if not os.stat(folder).st_mode & stat.S_IXOTH:
            return False
    return bool(os.stat(real).st_mode & stat.S_IROTH)


def site_packages_of(env: Path) -> Path:
    return Path(env) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"


def unsupported_packages(python_version: str, site_packages: Path) -> list[tuple[str, str]]:
    """The packages in ``site_packages`` whose ``Requires-Python`` excludes ``python_version``,
    as (name and version, the requirement)."""
    version = Version(python_version)
    found = []
    for dist in distributions(path=[str(site_packages)]):
        spec = dist.metadata.get("Requires-Python")
        if not spec:
            continue
        try:
            allowed = SpecifierSet(spec)
        except InvalidSpecifier:
            continue
        if not allowed.contains(version, prereleases=True):
            found.append((f"{dist.metadata['Name']} {dist.version}", spec.strip()))
    return sorted(set(found))


def check_python_supported(python: Path, site_packages: Path) -> str:
    """The version of ``python``; refuses with a clear message when a package of the
    course environment does not support it."""
    result = subprocess.run([str(python), "-c", "import platform; print(platform.python_version())"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise InputError(f"the servers' Python ({python}) does not start: {result.stderr.strip()[-500:]}")
    version = result.stdout.strip()
    bad = unsupported_packages(version, site_packages)
    if bad:
        listed = "; ".join(f"{name} needs Python {spec}" for name, spec in bad[:8])
        more = f" (and {len(bad) - 8} more)" if len(bad) > 8 else ""
        raise InputError(
            f"participants' servers would run Python {version} ({python}), which packages of the course "
            f"environment do not support: {listed}{more}. Make the course environment with a Python that "
            "they support (for example `rm -rf .venv && make env PYTHON=/path/to/python3.11`), then start "
            "the hub again")
    return version


def _needed_libraries(executable: Path) -> list[Path]:
    """The shared libraries of the interpreter's own build (libpython), which a copy needs beside it."""
    result = subprocess.run(["ldd", str(executable)], capture_output=True, text=True)
    base = Path(os.path.realpath(executable)).parent.parent
    found = []
    for line in result.stdout.splitlines():
        parts = line.split("=>")
        if len(parts) == 2 and parts[1].strip().startswith(str(base)):
            found.append(Path(parts[1].split("(")[0].strip()))
    return found


def shared_interpreter(target: Path) -> Path:
    """A copy of the running interpreter in ``target`` that every account can run; made once.

    The copy's library search path is its own ``lib`` (``$ORIGIN/../lib``, set with
    patchelf), so it can never pick up another build's libpython (Debian's 3.11.2).
    """
    executable = Path(os.path.realpath(sys.executable))
    base = executable.parent.parent
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    marker = target / "m4d-copied-from"
    stamp = f"{executable} {sys.version.split()[0]}\n"
    copied = target / "bin" / f"python{version}"
    if marker.exists() and marker.read_text() == stamp and copied.exists():
        return copied
    libraries = _needed_libraries(executable)
    if libraries and shutil.which("patchelf") is None:
        raise InputError("the course environment's Python is in a folder that workshop accounts cannot enter, "
                         "and copying it for them needs patchelf: install the hub's Debian packages "
                         "(sudo make hub does it, or apt-get install patchelf)")
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    (fresh / "bin").mkdir(parents=True)
    shutil.copy2(executable, fresh / "bin" / executable.name)
    for library in libraries:
        (fresh / "lib").mkdir(exist_ok=True)
        shutil.copy2(library, fresh / "lib" / library.name)
    stdlib = base / "lib" / f"python{version}"
    shutil.copytree(stdlib, fresh / "lib" / f"python{version}", symlinks=True,
                    ignore=lambda folder, names: [n for n in names if Path(folder) == stdlib and
                                                  (n in _STDLIB_LEFT_OUT or n.startswith("config-"))])
    (fresh / "lib" / f"python{version}" / "site-packages").mkdir()
    if libraries:
        subprocess.run(["patchelf", "--set-rpath", "$ORIGIN/../lib", str(fresh / "bin" / executable.name)],
                       check=True, capture_output=True)
    if executable.name != f"python{version}":
        (fresh / "bin" / f"python{version}").symlink_to(executable.name)
    _open_to_everyone(fresh)
    (fresh / "m4d-copied-from").write_text(stamp)
    shutil.rmtree(target, ignore_errors=True)
    fresh.rename(target)
    return copied


def _open_to_everyone(root: Path) -> None:
    for folder, _, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                mode = os.stat(path).st_mode
                os.chmod(path, 0o755 if mode & stat.S_IXUSR else 0o644)


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
    run it, otherwise a shared environment in ``state/environment`` (made if missing).
    Refuses (``InputError``) when its Python is one that a package does not support."""
    course_env = Path(course_env)
    python = course_env / "bin" / "python"
    site_packages = site_packages_of(course_env)
    # Servers import m4d's hub modules as accounts that cannot write its __pycache__:
    # compile them once here, so no server compiles them at every start.
    import compileall
    import m4d
    compileall.compile_dir(str(Path(m4d.__file__).resolve().parent), quiet=1)
    if reachable_by_everyone(python):
        check_python_supported(python, site_packages)
        return ServerEnvironment(python=python, bin=course_env / "bin")
    if not reachable_by_everyone(site_packages):
        raise InputError(f"workshop accounts cannot read {site_packages}: make the repository readable by all")
    interpreter = shared_interpreter(Path(state) / "python")
    shared = Path(state) / "environment"
    shared_python = shared / "bin" / "python"
    cfg = shared / "pyvenv.cfg"
    if not shared_python.exists() or f"home = {interpreter.parent}\n" not in (cfg.read_text() if cfg.exists() else ""):
        shutil.rmtree(shared, ignore_errors=True)
        subprocess.run([str(interpreter), "-m", "venv", "--without-pip", str(shared)], check=True)
        pth = site_packages_of(shared) / "m4d_course_environment.pth"
        # addsitedir also runs the course environment's own .pth files (the editable m4d install).
        pth.write_text(f"import site; site.addsitedir({str(site_packages)!r})\n")
    _write_launchers(course_env / "bin", shared / "bin", shared_python)
    for folder, _, files in os.walk(shared):
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755 if os.stat(path).st_mode & stat.S_IXUSR else 0o644)
    check_python_supported(shared_python, site_packages)
    data = course_env / "share" / "jupyter"
    return ServerEnvironment(python=shared_python, bin=shared / "bin", variables={
        # The shared environment has no share/ or etc/ of its own: point Jupyter at the
        # course environment's kernels, JupyterLab extensions (widgets, nbgrader) and
        # server-extension settings (nbgitpuller, nbgrader).
        "JUPYTER_PATH": str(data),
        "JUPYTERLAB_DIR": str(data / "lab"),
        "M4D_COURSE_JUPYTER_CONFIG": str(course_env / "etc" / "jupyter"),
    })

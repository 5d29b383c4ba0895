"""What each kind of workshop account loads when its server starts.

Two roles, each a Jupyter configuration folder in the hub's state that the spawner
puts on the server's ``JUPYTER_CONFIG_PATH``:

- a **participant** is an nbgrader student: the assignment list (fetch, submit,
  feedback) through the shared exchange, with the formgrader and the
  assignment-authoring tools switched off;
- a **trainer** is the nbgrader instructor: the formgrader, over the course folder
  ``~/m4d-course`` (a copy of the repository's ``exercises/`` made on first start,
  so sources, solutions and the gradebook live in the trainer's private home),
  whose autograde and feedback buttons go through the course's sandboxed grader
  (:mod:`m4d.hub.formgrader`).

Both roles share what makes JupyterLab fit a room: lessons (MyST Markdown) open as
rendered notebooks, no Jupyter news pop-up and no request to the internet for news
or updates, plotly's world outlines served by the server itself
(:mod:`m4d.hub.lab_assets`, :mod:`m4d.hub.kernel`), and a terminal that keeps the
course's commands on its ``PATH`` (a login shell would reset it from /etc/profile).
"""
from __future__ import annotations

import json
import os
import pwd
import shutil
from pathlib import Path

COURSE_FOLDER = "m4d-course"
# What a course copy leaves behind: work of earlier runs, never the sources.
_NOT_COPIED = ("gradebook.db", "release", "submitted", "autograded", "feedback", "grades", ".m4d",
               "__pycache__", ".ipynb_checkpoints")

# nbgrader's JupyterLab parts that only an instructor needs.
_INSTRUCTOR_ONLY_LAB = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
                        "@jupyter/nbgrader:create-assignment"]
_INSTRUCTOR_ONLY_SERVER = ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"]
# Both roles: the language-server bridge looks for a dozen servers at every start
# and none is installed; the course's own assets for JupyterLab.
_EVERY_ROLE_SERVER = {"jupyter_lsp": False, "m4d.hub.lab_assets": True}

# JupyterLab settings for every account (an overrides file: people can still change them).
LAB_SETTINGS = {
    # Markdown files open as notebooks (jupytext), whose text cells jupyterlab-myst renders.
    "@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook"}},
    # No "Would you like to receive official Jupyter news?" for every new account, and no
    # request to the internet for news or new versions.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}

TERMINAL_RC = """\
# Written by m4d hub. A workshop terminal is an interactive bash that is not a login
# shell: a login shell reads /etc/profile, which resets PATH and loses the course's
# commands (m4d, nbgrader, jupyter). The usual start-up files still run.
[ -r /etc/bash.bashrc ] && . /etc/bash.bashrc
[ -r "$HOME/.bashrc" ] && . "$HOME/.bashrc"
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o644)


def kernel_spec(python: str) -> dict:
    """The course's Python kernel: ipykernel, with the hub's IPython extension loaded."""
    return {
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--InteractiveShellApp.extra_extensions=m4d.hub.kernel"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "metadata": {"debugger": True},
        "kernel_protocol_version": "5.5",
    }


def write_role_configs(role_config: Path, exchange: Path, course_id: str,
                       owner_check: bool = True, python: str = "python") -> dict[str, Path]:
    """Write both roles' configuration folders and their shared data folder; returns
    {role: folder, "data": folder}.

    ``owner_check`` makes the trainer's collect refuse submissions filed under another
    student's name; it needs the students' accounts on the trainer's machine, so a
    Kubernetes image (one container per person) turns it off. ``python`` is the
    interpreter of the kernel (by default the first ``python`` on the PATH).
    """
    role_config = Path(role_config)
    role_config.mkdir(parents=True, exist_ok=True)
    role_config.chmod(0o755)
    shared = (f"c.Exchange.root = {str(exchange)!r}\n"
              f"c.CourseDirectory.course_id = {course_id!r}\n")

    data = role_config / "data"
    _write(data / "kernels" / "python3" / "kernel.json", json.dumps(kernel_spec(python), indent=1))
    lab_settings = role_config / "lab-settings"
    _write(lab_settings / "overrides.json", json.dumps(LAB_SETTINGS, indent=2))
    terminal_rc = role_config / "terminal-bashrc"
    _write(terminal_rc, TERMINAL_RC)

    def server_config(extensions: dict) -> str:
        return json.dumps({
            "ServerApp": {
                "jpserver_extensions": extensions,
                "terminado_settings": {"shell_command": ["/bin/bash", "--rcfile", str(terminal_rc), "-i"]},
            },
            "LabApp": {"app_settings_dir": str(lab_settings), "news_url": None,
                       "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"},
        }, indent=2)

    page_config = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}

    participant = role_config / "participant"
    _write(participant / "nbgrader_config.py",
           '"""nbgrader for a workshop participant (written by m4d hub)."""\n'
           "c = get_config()  # noqa: F821\n" + shared)
    _write(participant / "jupyter_server_config.json",
           server_config({**_EVERY_ROLE_SERVER, **{name: False for name in _INSTRUCTOR_ONLY_SERVER}}))
    _write(participant / "labconfig" / "page_config.json", json.dumps(
        {"disabledExtensions": {**page_config["disabledExtensions"], **{name: True for name in _INSTRUCTOR_ONLY_LAB}}},
        indent=2))

    trainer = role_config / "trainer"
    _write(trainer / "nbgrader_config.py",
           '"""nbgrader for the workshop trainer (written by m4d hub)."""\n'
           "import os\n"
           "c = get_config()  # noqa: F821\n" + shared +
           f"c.CourseDirectory.root = os.path.join(os.path.expanduser('~'), {COURSE_FOLDER!r})\n" +
           ("# Collect only submissions made by the account they name.\n"
            "c.ExchangeFactory.collect = 'm4d.hub.exchange.OwnerCheckedCollect'\n" if owner_check else ""))
    _write(trainer / "jupyter_server_config.json", server_config({**_EVERY_ROLE_SERVER, "m4d.hub.formgrader": True}))
    _write(trainer / "labconfig" / "page_config.json", json.dumps(page_config, indent=2))
    for folder, _, _ in os.walk(role_config):
        os.chmod(folder, 0o755)
    return {"participant": participant, "trainer": trainer, "data": data}


def prepare_course(course: Path, trainer: str) -> Path:
    """The trainer's course folder, ``~trainer/m4d-course``; copied from ``course`` if missing.

    The copy's nbgrader configuration gets absolute paths, so the formgrader (which
    runs from the home folder) and ``m4d grade`` (run from the course folder) use
    the same gradebook.
    """
    entry = pwd.getpwnam(trainer)
    target = Path(entry.pw_dir) / COURSE_FOLDER
    if target.exists():
        return target
    shutil.copytree(course, target, ignore=shutil.ignore_patterns(*_NOT_COPIED), symlinks=False)
    config = target / "nbgrader_config.py"
    existing = config.read_text() if config.exists() else "c = get_config()  # noqa: F821\n"
    config.write_text(
        existing.rstrip("\n") + "\n\n"
        "# Added by m4d hub: the course folder and its gradebook, whatever the working directory.\n"
        "import os as _os\n"
        "c.CourseDirectory.root = _os.path.dirname(_os.path.abspath(__file__))\n"
        "c.CourseDirectory.db_url = 'sqlite:///' + _os.path.join(c.CourseDirectory.root, 'gradebook.db')\n")
    for folder, dirs, files in os.walk(target):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.chown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)
    target.chmod(0o700)
    return target

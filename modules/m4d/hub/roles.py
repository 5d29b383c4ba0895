"""What each kind of workshop account loads when its server starts.

Two roles, each a Jupyter configuration folder in the hub's state that the spawner
puts on the server's ``JUPYTER_CONFIG_PATH``:

- a **participant** is an nbgrader student: the assignment list (fetch, submit,
  feedback) through the shared exchange, with the formgrader and the
  assignment-authoring tools switched off;
- a **trainer** is the nbgrader instructor: the formgrader, over the course folder
  ``~/m4d-course`` (a copy of the repository's ``exercises/`` made on first start,
  so sources, solutions and the gradebook live in the trainer's private home).
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


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o644)


def write_role_configs(role_config: Path, exchange: Path, course_id: str,
                       owner_check: bool = True) -> dict[str, Path]:
    """Write both roles' configuration folders; returns {role: folder}.

    ``owner_check`` makes the trainer's collect refuse submissions filed under another
    student's name; it needs the students' accounts on the trainer's machine, so a
    Kubernetes image (one container per person) turns it off.
    """
    role_config = Path(role_config)
    role_config.mkdir(parents=True, exist_ok=True)
    role_config.chmod(0o755)
    shared = (f"c.Exchange.root = {str(exchange)!r}\n"
              f"c.CourseDirectory.course_id = {course_id!r}\n")

    participant = role_config / "participant"
    _write(participant / "nbgrader_config.py",
           '"""nbgrader for a workshop participant (written by m4d hub)."""\n'
           "c = get_config()  # noqa: F821\n" + shared)
    _write(participant / "jupyter_server_config.json", json.dumps(
        {"ServerApp": {"jpserver_extensions": {name: False for name in _INSTRUCTOR_ONLY_SERVER}}}, indent=2))
    _write(participant / "labconfig" / "page_config.json", json.dumps(
        {"disabledExtensions": {name: True for name in _INSTRUCTOR_ONLY_LAB}}, indent=2))

    trainer = role_config / "trainer"
    _write(trainer / "nbgrader_config.py",
           '"""nbgrader for the workshop trainer (written by m4d hub)."""\n'
           "import os\n"
           "c = get_config()  # noqa: F821\n" + shared +
           f"c.CourseDirectory.root = os.path.join(os.path.expanduser('~'), {COURSE_FOLDER!r})\n" +
           ("# Collect only submissions made by the account they name.\n"
            "c.ExchangeFactory.collect = 'm4d.hub.exchange.OwnerCheckedCollect'\n" if owner_check else ""))
    for folder in (participant, trainer, participant / "labconfig"):
        folder.chmod(0o755)
    return {"participant": participant, "trainer": trainer}


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

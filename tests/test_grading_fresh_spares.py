"""A fresh sandbox per notebook, with a spare started ahead: still one sandbox per notebook.

In the fresh mode (M4D_SANDBOX_FRESH=1) every notebook runs in a new bubblewrap sandbox, and to
keep loading the libraries off the notebook's path the next notebook's sandbox is
started while the current one is graded. A spare has never run student code; these
tests prove that no sandbox serves two notebooks (a file in /tmp, a module's
global, the PID namespace and the uid of each notebook), that the spares end with
the grading, whether it ends well, fails or is interrupted, and that their uids are
freed. The default, forked mode (``fresh=False``) forks every notebook from one sandbox's template into
namespaces of its own: the same probe shows that no notebook sees anything of the one before it there either.

The sandboxes here load no library (preload=()), so each starts in a fraction of a second.
"""
from __future__ import annotations

import dataclasses
import fcntl
import os
import shutil

import pytest

from m4d.grading import sandbox as sandbox_module
from m4d.grading.judge import NotebookJudge
from m4d.grading.sandbox import Limits, Sandbox, SandboxUnavailable, fresh_from_environment

LIMITS = Limits(cell_timeout_s=30, notebook_timeout_s=60)

# Each notebook says what it found of the one before it, then leaves its own traces.
PROBE = (
    "import os, json\n"
    "seen = {'file': os.path.exists('/tmp/left-by-a-notebook'),\n"
    "        'global': hasattr(json, 'left_by_a_notebook'),\n"
    "        'pidns': os.readlink('/proc/self/ns/pid'), 'uid': os.getuid(), 'me': os.getpid(),\n"
    "        'visible': sorted(int(p) for p in os.listdir('/proc') if p.isdigit())}\n"
    "open('/tmp/left-by-a-notebook', 'w').write('x')\n"
    "json.left_by_a_notebook = True\n"
    "print(json.dumps(seen))\n"
)
CELLS = [{"role": "student", "grade_id": "probe", "source": PROBE},
         {"role": "test", "grade_id": "check", "released": "", "source": "assert seen['file'] is False\n"}]


@pytest.fixture(autouse=True)
def _own_uid_claims(tmp_path, monkeypatch):
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test`")
    monkeypatch.setenv("M4D_SANDBOX_UID_DIR", str(tmp_path / "uids"))


def _grade(sandbox) -> dict:
    import json
    run = NotebookJudge(sandbox, {"cells": CELLS, "files": {}, "limits": dataclasses.asdict(LIMITS)}).run()
    assert run["stopped"] is None, run
    assert run["cells"][1]["error"] is None, run["cells"]
    return json.loads(run["cells"][0]["out"][0][1])


def _boxes_made(sandbox, monkeypatch) -> list:
    made = []
    original = sandbox._new_box

    def recording():
        box = original()
        made.append(box)
        return box
    monkeypatch.setattr(sandbox, "_new_box", recording)
    return made


def _bwrap_children() -> list[int]:
    """Processes of bubblewrap this test process started and that still run."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    name, rest = fh.read().split(") ", 1)
                if int(rest.split()[1]) == os.getpid() and name.endswith("(bwrap") and rest[0] not in "ZX":
                    found.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return found


def _held_uid_claims(folder) -> list[str]:
    held = []
    for lock in sorted(folder.glob("*.lock")) if folder.is_dir() else []:
        with open(lock, "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                held.append(lock.name)
    return held


@pytest.mark.parametrize("value,fresh", [(None, False), ("", False), ("0", False), ("false", False), (" NO ", False),
                                         ("off", False), ("1", True), ("yes", True), ("TRUE", True), ("on", True)])
def test_the_forked_mode_is_the_default_and_one_selects_a_sandbox_per_notebook(monkeypatch, value, fresh):
    if value is None:
        monkeypatch.delenv("M4D_SANDBOX_FRESH", raising=False)
    else:
        monkeypatch.setenv("M4D_SANDBOX_FRESH", value)
    assert fresh_from_environment() is fresh
    sandbox = Sandbox(limits=LIMITS)
    try:
        assert sandbox.fresh is fresh
        assert Sandbox(limits=LIMITS, fresh=not fresh).fresh is (not fresh)
    finally:
        sandbox.close()


@pytest.mark.parametrize("value", ["maybe", "2", "fresh"])
def test_a_mode_setting_that_is_not_yes_or_no_is_refused_with_a_message(monkeypatch, value):
    monkeypatch.setenv("M4D_SANDBOX_FRESH", value)
    with pytest.raises(SandboxUnavailable, match="M4D_SANDBOX_FRESH .*use 1 for a new sandbox per notebook"):
        fresh_from_environment()


def _three_notebooks(monkeypatch, fresh: bool):
    """Three notebooks graded one after the other; what each saw of the one before, and the sandboxes made."""
    sandbox = Sandbox(limits=LIMITS, preload=(), fresh=fresh)
    made = _boxes_made(sandbox, monkeypatch)
    try:
        seen = [_grade(sandbox) for _ in range(3)]
    finally:
        sandbox.close()
    assert [s["file"] for s in seen] == [False] * 3
    assert [s["global"] for s in seen] == [False] * 3
    # A PID namespace made for the notebook: its init is 1, the student's process the next one, and no
    # other process is there to be seen. (A namespace's inode number is reused once it is freed, so
    # it cannot tell two namespaces apart over time; pids within one namespace only go up.)
    assert [(s["me"], s["visible"]) for s in seen] == [(2, [1, 2])] * 3
    if os.geteuid() == 0:
        uids = [s["uid"] for s in seen]
        assert all(64000 <= u < 65000 for u in uids)
        assert uids[0] != uids[1] != uids[2]  # a notebook's uid is never the one graded just before
    return sandbox, made


def test_no_notebook_sees_anything_of_the_notebook_before_it(monkeypatch):
    sandbox, made = _three_notebooks(monkeypatch, fresh=True)
    # Every sandbox served one notebook at most; the spare started during the last one served none.
    assert [box.notebooks for box in made] == [1, 1, 1] + [0] * sandbox.spare_count
    assert sandbox.spare_count >= 1


def test_the_forked_mode_gives_every_notebook_new_namespaces_and_uid_in_one_sandbox(monkeypatch):
    """The default mode: one bubblewrap sandbox whose template forks every notebook into namespaces of its
    own, so each starts in a new PID namespace (pid 2, only its own init to be seen: not the template, not
    the notebook before), with an empty /tmp, no module global of the one before, and (with root) not
    the uid of the notebook graded just before it."""
    sandbox, made = _three_notebooks(monkeypatch, fresh=False)
    assert len(made) == 1 and not sandbox.spares


def test_a_spare_is_ready_before_the_next_notebook_and_never_given_to_a_second_one(monkeypatch):
    sandbox = Sandbox(limits=LIMITS, preload=(), fresh=True, spares=1)
    made = _boxes_made(sandbox, monkeypatch)
    try:
        _grade(sandbox)
        assert len(sandbox.spares) == 1 and sandbox.spares[0].notebooks == 0
        spare = sandbox.spares[0]
        _grade(sandbox)
        assert spare.notebooks == 1 and spare not in sandbox.spares
        # The sandbox of the first notebook is gone before the second one started.
        assert made[0].proc is None
    finally:
        sandbox.close()


def test_closing_ends_every_sandbox_spares_too_and_frees_their_uids(tmp_path):
    sandbox = Sandbox(limits=LIMITS, preload=(), fresh=True, spares=2)
    _grade(sandbox)
    assert len(sandbox.spares) == 2 and _bwrap_children()
    sandbox.close()
    assert _bwrap_children() == []
    assert _held_uid_claims(tmp_path / "uids") == []


def test_an_error_while_grading_leaves_no_sandbox_behind(tmp_path):
    with pytest.raises(RuntimeError, match="the grader stopped"):
        with Sandbox(limits=LIMITS, preload=(), fresh=True) as sandbox:
            _grade(sandbox)
            assert sandbox.spares
            raise RuntimeError("the grader stopped")
    assert _bwrap_children() == []
    assert _held_uid_claims(tmp_path / "uids") == []


def test_ctrl_c_while_a_sandbox_starts_leaves_no_sandbox_behind(tmp_path, monkeypatch):
    sandbox = Sandbox(limits=LIMITS, preload=(), fresh=True)
    _grade(sandbox)

    def interrupted(self):
        raise KeyboardInterrupt
    monkeypatch.setattr(sandbox_module._Box, "wait_ready", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _grade(sandbox)
    assert sandbox.spares == [] and sandbox.box is None
    assert _bwrap_children() == []
    assert _held_uid_claims(tmp_path / "uids") == []


def test_a_sandbox_that_is_not_ready_in_time_is_refused_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox_module, "STARTUP_TIMEOUT_S", 0.0)
    sandbox = Sandbox(limits=LIMITS, preload=(), fresh=True)
    with pytest.raises(SandboxUnavailable, match="did not start within"):
        _grade(sandbox)
    assert _bwrap_children() == []
    assert _held_uid_claims(tmp_path / "uids") == []


def test_a_spares_setting_that_is_not_a_small_whole_number_is_refused_with_a_message(monkeypatch):
    monkeypatch.setenv("M4D_SANDBOX_SPARES", "lots")
    with pytest.raises(SandboxUnavailable, match="whole number from 0 to 4"):
        Sandbox(limits=LIMITS, fresh=True)
    monkeypatch.setenv("M4D_SANDBOX_SPARES", "0")
    assert Sandbox(limits=LIMITS, fresh=True).spare_count == 0


def test_a_course_folder_that_the_sandbox_would_show_is_refused(tmp_path):
    """The sandbox shows the Python it runs at its own paths (under its /tmp too, when the
    course's clone lives in /tmp). A course folder inside one of those folders would show the
    student the hidden tests and the gradebook: refused before any sandbox starts, saying why."""
    import m4d
    inside = os.path.join(os.path.dirname(m4d.__file__), "course")
    for fresh in (True, False):
        with pytest.raises(SandboxUnavailable, match="hidden tests") as refused:
            Sandbox(limits=LIMITS, fresh=fresh, private=(inside,))
        assert os.path.realpath(inside) in str(refused.value)
        Sandbox(limits=LIMITS, fresh=fresh, private=(str(tmp_path),)).close()

"""The forked mode (the default): every notebook is forked from one sandbox's clean template into
namespaces of its own, and nothing a notebook does reaches the template, the notebook's own
first process, or the next notebook.

Two notebooks are graded one after the other in one sandbox, as a grading worker does. The first
tries what a hostile student would against the processes that outlive it or watch over it: signal,
ptrace and read the memory of its namespace's first process (pid 1), look for the template, keep a
capability, and leave things for the next notebook (a System V shared memory segment, a file in
/dev/shm and in /tmp, a process started in a session of its own). The second reports what it finds.
The sandboxes load no library (preload=()), so the two notebooks take about a second.
"""
from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from m4d.grading.judge import NotebookJudge
from m4d.grading.sandbox import Limits, Sandbox

LIMITS = Limits(cell_timeout_s=30, notebook_timeout_s=60)
KEY = 0x4D3444AA

ATTACK = f"""
import ctypes, json, os, signal, subprocess
libc = ctypes.CDLL(None, use_errno=True)
found = {{}}
status = dict(line.split(':', 1) for line in open('/proc/self/status'))
found['capabilities'] = [int(status[k], 16) for k in ('CapInh', 'CapPrm', 'CapEff', 'CapAmb')]
found['processes_seen'] = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())
try:
    os.kill(1, signal.SIGKILL)
    os.kill(1, signal.SIGTERM)
except OSError:
    pass
try:
    found['init_memory'] = len(open('/proc/1/mem', 'rb').read(1))
except OSError as err:
    found['init_memory'] = type(err).__name__
found['ptrace_init'] = libc.ptrace(16, 1, 0, 0)  # PTRACE_ATTACH: -1 when refused
found['sethostname'] = libc.sethostname(b'mine', 4)
found['shm'] = libc.shmget({KEY}, 4096, 0o1000 | 0o666)
open('/dev/shm/left-by-a-notebook', 'w').write('x')
open('/tmp/left-by-a-notebook', 'w').write('x')
daemon = subprocess.Popen(['sleep', '600'], start_new_session=True)
found['daemon'] = daemon.pid
print(json.dumps(found))
"""
AFTER = "import os\nfound['init_still_there'] = os.path.exists('/proc/1')\nprint(json.dumps(found))\n"
LOOK = f"""
import ctypes, json, os, socket
libc = ctypes.CDLL(None, use_errno=True)
print(json.dumps({{
    'shm': libc.shmget({KEY}, 0, 0),
    'dev_shm': os.path.exists('/dev/shm/left-by-a-notebook'),
    'tmp': os.path.exists('/tmp/left-by-a-notebook'),
    'processes_seen': sorted(int(p) for p in os.listdir('/proc') if p.isdigit()),
    'hostname': socket.gethostname(),
}}))
"""


def _run(sandbox, *sources) -> list[dict]:
    cells = [{"role": "student", "grade_id": f"c{i}", "source": source} for i, source in enumerate(sources)]
    run = NotebookJudge(sandbox, {"cells": cells, "files": {}, "limits": dataclasses.asdict(LIMITS)}).run()
    assert run["stopped"] is None, run
    return [json.loads(cell["out"][-1][1]) for cell in run["cells"]]


@pytest.fixture(scope="module")
def two_notebooks(tmp_path_factory):
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test`")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("M4D_SANDBOX_UID_DIR", str(tmp_path_factory.mktemp("uids")))
        sandbox = Sandbox(limits=LIMITS, preload=(), fresh=False)
        try:
            attacker = _run(sandbox, ATTACK, AFTER)
            victim = _run(sandbox, LOOK)
        finally:
            sandbox.close()
    return attacker, victim[0]


def test_the_students_process_holds_no_capability(two_notebooks):
    attacker, _ = two_notebooks
    assert attacker[0]["capabilities"] == [0, 0, 0, 0]


def test_a_notebook_sees_only_its_own_processes_never_the_template(two_notebooks):
    attacker, victim = two_notebooks
    # pid 1 is the notebook's own first process; the student's process is pid 2; nothing else is there.
    assert attacker[0]["processes_seen"] == [1, 2]
    assert victim["processes_seen"] == [1, 2]


def test_the_namespaces_first_process_cannot_be_signalled_traced_or_read(two_notebooks):
    attacker, _ = two_notebooks
    assert attacker[1]["init_still_there"] is True
    assert attacker[0]["ptrace_init"] == -1
    assert attacker[0]["init_memory"] == "PermissionError"
    assert attacker[0]["sethostname"] == -1


def test_nothing_a_notebook_leaves_reaches_the_next_one(two_notebooks):
    attacker, victim = two_notebooks
    assert attacker[0]["shm"] >= 0 and attacker[0]["daemon"] > 2  # it did leave them
    assert victim["shm"] == -1  # no such segment: a new IPC namespace
    assert victim["dev_shm"] is False and victim["tmp"] is False
    assert victim["hostname"] == "grading"

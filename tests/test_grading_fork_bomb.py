"""A fork bomb fails the same way on a quiet machine and a loaded one.

Its processes, once their cell has ended, wait holding their process slots (they do not
go on with the notebook), so the bomb fills the notebook's process limit and stays
there: the cell's own fork fails at once, whatever the load. Before the next test's
snapshot every process the cells left is killed, so the later tests run as they would
after any other failed cell. (When the bomb's processes exited instead, each exit freed
a slot for the loop to fill again, and whether the cell ended within its time limit,
and so whether the notebook's later tests ran at all, depended on the load: a test of
the corpus once got 1 point and once 0 for the same notebook.)
"""
from __future__ import annotations

import dataclasses
import os
import shutil

import pytest

from m4d.grading.judge import NotebookJudge
from m4d.grading.sandbox import Limits, Sandbox

LIMITS = Limits(cell_timeout_s=30, notebook_timeout_s=60, processes=16)
COUNT_THE_GROUP = (
    "import os\n"
    "left = 0\n"
    "for entry in os.listdir('/proc'):\n"
    "    if entry.isdigit() and int(entry) != os.getpid():\n"
    "        try:\n"
    "            fields = open(f'/proc/{entry}/stat').read().rsplit(')', 1)[1].split()\n"
    "        except OSError:\n"
    "            continue\n"
    "        left += int(fields[2]) == os.getpgrp() and fields[0] not in 'ZX'\n"
)
CELLS = [
    {"role": "student", "grade_id": "bomb", "source": "import os\nwhile True:\n    os.fork()"},
    {"role": "student", "grade_id": "count", "source": COUNT_THE_GROUP},
    # As root the notebook's uid is its own: the slots are held by waiting bomb processes, never more
    # than the limit. Not exactly every slot: the kernel counts a fork against RLIMIT_NPROC before it
    # checks the limit and uncounts it when it fails, so a fork racing a failing one can be refused
    # with a slot free (measured: 12 or 14 of 15 in 7 of 16 runs, in both sandbox modes).
    {"role": "test", "grade_id": "after_the_bomb", "released": "",
     "source": f"assert {LIMITS.processes // 2} <= left <= {LIMITS.processes - 1}, left" if os.geteuid() == 0
     else "assert left >= 1, left"},
    {"role": "student", "grade_id": "answer", "source": COUNT_THE_GROUP.replace("left", "after") + "value = 3"},
    {"role": "test", "grade_id": "check", "released": "", "source": "assert value == 3 and after == 0"},
]


def test_a_fork_bomb_fills_the_process_limit_and_the_later_tests_still_run(tmp_path, monkeypatch):
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test`")
    monkeypatch.setenv("M4D_SANDBOX_UID_DIR", str(tmp_path / "uids"))
    sandbox = Sandbox(limits=LIMITS, preload=())
    try:
        run = NotebookJudge(sandbox, {"cells": CELLS, "files": {}, "limits": dataclasses.asdict(LIMITS)}).run()
    finally:
        sandbox.close()
    assert run["stopped"] is None, run
    cells = run["cells"]
    assert cells[0]["error"][0] == "BlockingIOError"  # the bomb's own cell fails, as in a kernel
    assert cells[1]["error"] is None, cells
    assert cells[2]["ok"], cells[2]  # the bomb's processes hold the limit's every slot, waiting
    assert cells[4]["ok"], cells[4]  # killed before the snapshot: the later test ran, and saw none

"""The judge gives each test the student's state as the notebook left it at that test's cell.

A student's cells may change a name between two test cells (a value reassigned, a
function redefined); the second test must see the new one, as it would in a kernel,
not the copy or stand-in the first test got from an earlier snapshot.
"""
from __future__ import annotations

import dataclasses
import shutil

import pytest

from m4d.grading.judge import NotebookJudge
from m4d.grading.sandbox import Limits, Sandbox

CELLS = [
    {"role": "student", "grade_id": "first", "source": "share = 0.25\ndef label(x):\n    return 'old'\n"},
    {"role": "test", "grade_id": "test_first", "released": "",
     "source": "assert share == 0.25 and label(1) == 'old'\n"},
    {"role": "student", "grade_id": "second", "source": "share = 0.5\ndef label(x):\n    return 'new'\n"},
    {"role": "test", "grade_id": "test_second", "released": "",
     "source": "assert share == 0.5, share\nassert label(1) == 'new', label(1)\n"},
]


def test_a_later_test_sees_the_students_names_as_its_own_cell_left_them():
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test`")
    limits = Limits(cell_timeout_s=60, notebook_timeout_s=120)
    sandbox = Sandbox(limits=limits)
    try:
        run = NotebookJudge(sandbox, {"cells": CELLS, "files": {}, "limits": dataclasses.asdict(limits)}).run()
    finally:
        sandbox.close()
    assert run["stopped"] is None
    assert [run["cells"][i]["error"] for i in (1, 3)] == [None, None]

"""The sandbox runs pandas without pyarrow, and the judge still sees the kernel's tables.

pandas 3 stores text columns by pyarrow where it is installed (the student's kernel);
the sandbox refuses pyarrow (loading it cost a quarter of a fresh sandbox's start), so
pandas there stores them in Python objects. The judge must rebuild what the kernel
would hold: the same strings and missing values with the kernel's own dtype, so that a
test comparing dtypes (``assert_frame_equal``) gives the kernel's verdict, both for a
name the student's cells left and for what a student's function returns. A notebook
that imports pyarrow gets a message that says why it is missing.
"""
from __future__ import annotations

import dataclasses
import shutil

import pytest

from m4d.grading.judge import NotebookJudge
from m4d.grading.sandbox import Limits, Sandbox

CELLS = [
    {"role": "student", "grade_id": "tables", "source": (
        "import sys\nimport pandas as pd\n"
        "partners = pd.DataFrame({'partner': ['Kasserine', None, 'Firenze'], 'share': [0.5, 0.25, 0.25]})\n"
        "labels = pd.Series(['a', None], dtype='string')\n"
        "def shout(names):\n    return names.str.upper()\n"
        "pyarrow_loaded = 'pyarrow' in sys.modules\n")},
    {"role": "test", "grade_id": "test_tables", "released": "", "source": (
        "import pandas as pd\n"
        "assert pyarrow_loaded is False\n"
        "pd.testing.assert_frame_equal(partners, pd.DataFrame({'partner': ['Kasserine', None, 'Firenze'],"
        " 'share': [0.5, 0.25, 0.25]}))\n"
        "pd.testing.assert_series_equal(labels, pd.Series(['a', None], dtype='string'))\n"
        "pd.testing.assert_series_equal(shout(pd.Series(['tunis', None])), pd.Series(['TUNIS', None]))\n")},
    {"role": "student", "grade_id": "arrow", "source": "import pyarrow\n"},
]


def test_tables_made_without_pyarrow_reach_the_judge_as_the_kernel_holds_them():
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test`")
    limits = Limits(cell_timeout_s=60, notebook_timeout_s=120)
    sandbox = Sandbox(limits=limits, preload=("numpy", "pandas"))
    try:
        run = NotebookJudge(sandbox, {"cells": CELLS, "files": {}, "limits": dataclasses.asdict(limits)}).run()
    finally:
        sandbox.close()
    assert run["stopped"] is None
    assert run["cells"][0]["error"] is None
    assert run["cells"][1]["error"] is None, run["cells"][1]
    kind, message, _ = run["cells"][2]["error"]
    assert kind == "ModuleNotFoundError" and "not available while grading" in message, message

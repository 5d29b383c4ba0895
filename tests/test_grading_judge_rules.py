"""Which names a test takes from the student, and which test cells `m4d generate` refuses.

The expected sets are what a Python kernel would look up in the student's
namespace when it runs the cell (checked here against CPython itself: running
the cell in a namespace that records every lookup it misses)."""
from __future__ import annotations

import builtins
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from m4d.grading.judge_rules import check_notebook, released_source, student_names

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


class _Recording(dict):
    """A namespace that records the names a cell reads before it binds them."""

    def __init__(self):
        super().__init__(__builtins__=builtins)
        self.missed = set()

    def __getitem__(self, name):
        if not dict.__contains__(self, name):
            if name in dir(builtins):
                raise KeyError(name)  # on to the builtins, as a kernel does
            self.missed.add(name)
            dict.__setitem__(self, name, _Anything())
        return dict.__getitem__(self, name)


class _Anything:
    def __call__(self, *a, **k):
        return _Anything()

    def __getattr__(self, name):
        return _Anything()

    def __iter__(self):
        return iter([1, 2])

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __bool__(self):
        return True

    def __add__(self, other):
        return 1

    __radd__ = __sub__ = __mul__ = __add__

    def __getitem__(self, key):
        return 1


CELLS = [
    "result = normalise([2, 4, 6])\nassert result == 1",
    "x = x + 1",
    "total += 1",
    "for weights in ([0, 0], [1, -1]):\n    try:\n        score(weights)\n        ok = False\n    except ValueError:\n        ok = True\n    assert ok",
    "orig = squares\ndel squares\ntry:\n    sum_of_squares(1)\nexcept NameError:\n    pass\nfinally:\n    squares = orig",
    "kept = [share(i, 10) for i in range(3)]",
    "with open(path) as fh:\n    text = fh.read()",
    "import numbers\nassert isinstance(flip_weight, numbers.Real)",
]


@pytest.mark.parametrize("source", CELLS)
def test_student_names_are_the_names_a_kernel_looks_up_in_the_students_namespace(source):
    ns = _Recording()
    try:
        exec(compile(source, "<cell>", "exec"), ns)
    except Exception:  # a stand-in value made the cell stop: the names read so far count
        pass
    assert set(student_names(source, owned=set())) == ns.missed


def test_names_an_instructor_cell_bound_are_the_judges_own():
    assert student_names("assert case.shape[0] == len(ranking)", owned={"case", "np"}) == ["ranking"]
    # Builtins are always Python's own, even if an answer rebinds one.
    assert student_names("assert type(total) is int and abs(total) == 10", owned=set()) == ["total"]


def test_released_source_leaves_out_the_hidden_tests():
    source = "assert f(1) == 1\n### BEGIN HIDDEN TESTS\nassert f(2) == 4\n### END HIDDEN TESTS\nassert True\n"
    assert released_source(source) == "assert f(1) == 1\nassert True\n"


def _notebook(*cells):
    nb = new_notebook()
    for i, (kind, source) in enumerate(cells):
        meta = {"grade_id": f"{kind}_{i}", "schema_version": 3, "locked": kind != "answer",
                "solution": kind == "answer", "grade": kind == "test"}
        if kind == "test":
            meta["points"] = 1
        nb.cells.append(new_code_cell(source, metadata={"nbgrader": meta}))
    return nb


REFUSED = {
    "bare except": [("answer", "def f(x):\n    return x"), ("test", "try:\n    f(0)\nexcept:\n    pass")],
    "except BaseException": [("answer", "def f(x):\n    return x"), ("test", "try:\n    f(0)\nexcept (ValueError, BaseException):\n    pass")],
    "eval": [("answer", "x = 1"), ("test", "assert eval('x') == 1")],
    "globals()": [("answer", "x = 1"), ("test", "assert globals()['x'] == 1")],
    "magic": [("answer", "x = 1"), ("test", "%time x\nassert x == 1")],
    "global in a test's function": [("answer", "x = 1"), ("test", "def g():\n    global x\n    x = 2\ng()\nassert x == 2")],
    "name rebound by an answer after an instructor cell": [
        ("locked", "scores = [1, 2]"), ("answer", "scores = [3, 4]"), ("test", "assert scores == [3, 4]")],
    "builtin redefined by an answer": [("answer", "def round(x):\n    return 1"), ("test", "assert round(2.5) == 1")],
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_check_names_the_cell_the_judge_cannot_run(case):
    problems = check_notebook(_notebook(*REFUSED[case]), "a.ipynb")
    assert problems, case
    assert any(f"test_{len(REFUSED[case]) - 1}" in p for p in problems), problems


def test_course_assignments_and_nbgrader_samples_pass_the_check():
    import nbgrader
    samples = Path(nbgrader.__file__).parent / "tests" / "apps" / "files"
    paths = sorted((ROOT / "exercises" / "source").glob("*/*.ipynb")) + \
        [samples / n for n in ("submitted-unchanged.ipynb", "test-hidden-tests.ipynb",
                               "validating-environment-variable.ipynb", "timeout.ipynb")]
    for path in paths:
        assert check_notebook(nbformat.read(path, as_version=4), path.name) == [], path


def test_generate_refuses_a_test_cell_the_judge_cannot_run_and_names_it(tmp_path):
    course = tmp_path / "course"
    (course / "source" / "bad").mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course)
    nbformat.write(_notebook(*REFUSED["bare except"]), course / "source" / "bad" / "bad.ipynb")
    done = subprocess.run([str(BIN / "m4d"), "generate", "bad", "--course", str(course)], capture_output=True,
                          text=True, env={"PATH": f"{BIN}:/usr/bin:/bin"})
    assert done.returncode != 0
    assert "test_1" in done.stderr and "except" in done.stderr and "Traceback" not in done.stderr
    assert not (course / "release" / "bad").exists()

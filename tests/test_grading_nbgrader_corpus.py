"""nbgrader's own sample submissions, graded by the course's pipeline.

nbgrader ships the notebooks of its test suite inside the installed package
(nbgrader/tests/apps/files and nbgrader/tests/preprocessors/files). Its tests
(test_nbgrader_autograde.py, preprocessors/test_overwritecells.py, ...) say
what each should give; here the same notebooks go through `m4d grade`
(pre-check + sandboxed autograde), one batch per assignment, and the outcomes
nbgrader expects are asserted where they apply.

Where the course's pipeline deliberately differs from stock nbgrader, the test
says so and asserts the course's behaviour (see README.md in m4d/grading):
- a submission nbgrader refuses with an error (retcode 1, no autograded folder)
  is quarantined with a reason and still gets a row, and the batch goes on;
- files a notebook writes while graded stay in the sandbox (nbgrader's
  test_side_effects expects them in autograded/);
- a warning on stderr during a correct answer costs nothing.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import nbgrader

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
APPS = Path(nbgrader.__file__).parent / "tests" / "apps" / "files"
PREPROCESSORS = Path(nbgrader.__file__).parent / "tests" / "preprocessors" / "files"

pytestmark = pytest.mark.slow

# Assignment ps1: nbgrader's test_grade uses submitted-unchanged.ipynb as the source.
# student: (file, expected status, expected score, what nbgrader's test says)
PS1 = {
    # test_grade: foo (unchanged) scores 1 of 7, bar (changed) 2 of 7.
    "unchanged": (APPS / "submitted-unchanged.ipynb", "graded", 1.0),
    "changed": (APPS / "submitted-changed.ipynb", "graded", 2.0),
    # test_showtraceback_exploit: patching IPython's traceback display earns nothing: 1.
    "cheat_attempt": (APPS / "submitted-cheat-attempt.ipynb", "graded", 1.0),
    "cheat_attempt_alternative": (APPS / "submitted-cheat-attempt-alternative.ipynb", "graded", 1.0),
    # test_overwritecells: a changed locked cell, test cell or cell type is put back,
    # so these score as the unchanged notebook does.
    "locked_cell_changed": (PREPROCESSORS / "submitted-locked-cell-changed.ipynb", "graded", 1.0),
    "grade_cell_changed": (PREPROCESSORS / "submitted-grade-cell-changed.ipynb", "graded", 1.0),
    "grade_cell_type_changed": (PREPROCESSORS / "submitted-grade-cell-type-changed.ipynb", "graded", 1.0),
    "answer_cell_type_changed": (PREPROCESSORS / "submitted-answer-cell-type-changed.ipynb", "graded", 1.0),
    # nbgrader refuses these (schema too new; no metadata of this assignment; not
    # valid v0 metadata); the pipeline quarantines them with a reason instead.
    "too_new": (APPS / "too-new.ipynb", "quarantined", 0.0),
    "other_assignment": (APPS / "test.ipynb", "quarantined", 0.0),
    "invalid_v0": (APPS / "test-v0-invalid.ipynb", "quarantined", 0.0),
    "no_metadata_infinite_loop": (APPS / "infinite-loop.ipynb", "quarantined", 0.0),
}
# Notes the pre-check must leave in the reason column.
PS1_NOTES = {
    "locked_cell_changed": "locked cell ro1 had been edited",
    "answer_cell_type_changed": "answer cell set_a had been changed to markdown",
    "grade_cell_changed": "test cell bar had been edited",
    "grade_cell_type_changed": "test cell bar had been changed to markdown",
    "too_new": "no answer cell of this assignment",
}

# One-notebook assignments: (source file, submitted file, expected status, expected score).
SINGLES = {
    # test_hidden_tests_single_notebook: the release, handed in as it is, passes the
    # visible tests but fails the hidden ones: 1.5.
    "ps_hidden": (APPS / "test-hidden-tests.ipynb", None, "graded", 1.5),
    # test_grade_with_validating_envvar: NBGRADER_EXECUTION is set while autograding: 0.
    "ps_envvar": (APPS / "validating-environment-variable.ipynb", APPS / "validating-environment-variable.ipynb",
                  "graded", 0.0),
    # test_autograde_timeout: a 5-second cell passes with the default time limit: 1.
    "ps_timeout": (APPS / "timeout.ipynb", APPS / "timeout.ipynb", "graded", 1.0),
}


def _env() -> dict:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _m4d(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "m4d"), *args], capture_output=True, text=True, timeout=900, env=_env())


def _rows(course: Path, assignment: str) -> dict:
    with (course / "grades" / f"{assignment}.csv").open(newline="", encoding="utf-8") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not APPS.is_dir() or not PREPROCESSORS.is_dir():
        pytest.fail(f"nbgrader's sample notebooks are missing from {APPS.parent.parent}: reinstall nbgrader")
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test`")
    course = tmp_path_factory.mktemp("nbgrader_course")
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course)
    with (course / "nbgrader_config.py").open("a") as fh:
        # As nbgrader's test_hidden_tests_single_notebook configures it.
        fh.write('\nc.ClearSolutions.code_stub = dict(python="# YOUR CODE HERE")\n')
    (course / "source" / "ps1").mkdir(parents=True)
    shutil.copy(APPS / "submitted-unchanged.ipynb", course / "source" / "ps1" / "p1.ipynb")
    for name, (source, _, _, _) in SINGLES.items():
        (course / "source" / name).mkdir(parents=True)
        shutil.copy(source, course / "source" / name / "p1.ipynb")
    done = _m4d("generate", "--course", str(course))
    assert done.returncode == 0, done.stderr[-3000:]

    for student, (path, _, _) in PS1.items():
        folder = course / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        shutil.copy(path, folder / "p1.ipynb")
    # test_skip_extra_notebooks: an extra copy of the notebook is not graded.
    extra = course / "submitted" / "extra_notebook" / "ps1"
    extra.mkdir(parents=True)
    shutil.copy(APPS / "submitted-unchanged.ipynb", extra / "p1 copy.ipynb")
    shutil.copy(APPS / "submitted-changed.ipynb", extra / "p1.ipynb")
    # An empty file and an empty notebook (nbgrader's test_handle_failure: a
    # notebook that does not match the source is not graded, the batch goes on).
    (course / "submitted" / "empty_file" / "ps1").mkdir(parents=True)
    (course / "submitted" / "empty_file" / "ps1" / "p1.ipynb").write_bytes(b"")
    (course / "submitted" / "empty_notebook" / "ps1").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), course / "submitted" / "empty_notebook" / "ps1" / "p1.ipynb")

    for name, (_, submitted, _, _) in SINGLES.items():
        folder = course / "submitted" / "foo" / name
        folder.mkdir(parents=True)
        shutil.copy(submitted or course / "release" / name / "p1.ipynb", folder / "p1.ipynb")

    results = {"ps1": _m4d("grade", "ps1", "--course", str(course), "--jobs", "2", "--quiet")}
    # The one-notebook assignments are graded at the same time, into the same gradebook.
    runs = {name: subprocess.Popen([str(BIN / "m4d"), "grade", name, "--course", str(course), "--jobs", "1", "--quiet"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
            for name in SINGLES}
    for name, run in runs.items():
        out, err = run.communicate(timeout=600)
        results[name] = subprocess.CompletedProcess(run.args, run.returncode, out, err)
    rows = {name: _rows(course, name) for name in results if (course / "grades" / f"{name}.csv").exists()}
    return course, results, rows


def test_every_batch_exits_zero_and_every_submission_gets_a_row(graded):
    _, results, rows = graded
    assert {n: r.returncode for n, r in results.items()} == {n: 0 for n in results}, \
        {n: r.stderr[-1500:] for n, r in results.items() if r.returncode}
    assert set(rows["ps1"]) == set(PS1) | {"extra_notebook", "empty_file", "empty_notebook"}
    assert all(r["max_score"] == "7" for r in rows["ps1"].values())


@pytest.mark.parametrize("student", sorted(PS1))
def test_nbgrader_sample_gets_the_outcome_nbgrader_expects(graded, student):
    _, _, rows = graded
    _, status, score = PS1[student]
    row = rows["ps1"][student]
    assert (row["status"], float(row["score"])) == (status, score), row["reason"]
    if status == "quarantined":
        assert len(row["reason"]) > 15
    if student in PS1_NOTES:
        assert PS1_NOTES[student] in row["reason"]


def test_extra_copy_of_a_notebook_is_not_graded(graded):
    course, _, rows = graded
    assert (rows["ps1"]["extra_notebook"]["status"], float(rows["ps1"]["extra_notebook"]["score"])) == ("graded", 2.0)
    assert sorted(p.name for p in (course / "autograded" / "extra_notebook" / "ps1").glob("*.ipynb")) == ["p1.ipynb"]


def test_empty_file_and_empty_notebook_are_quarantined_and_the_batch_goes_on(graded):
    _, _, rows = graded
    for student in ("empty_file", "empty_notebook"):
        assert rows["ps1"][student]["status"] == "quarantined", rows["ps1"][student]
        assert rows["ps1"][student]["reason"]
    assert rows["ps1"]["changed"]["status"] == "graded"


@pytest.mark.parametrize("assignment", sorted(SINGLES))
def test_single_notebook_assignment_gets_the_score_nbgrader_expects(graded, assignment):
    _, _, rows = graded
    _, _, status, score = SINGLES[assignment]
    row = rows[assignment]["foo"]
    assert (row["status"], float(row["score"])) == (status, score), row["reason"]


def test_hidden_tests_are_back_in_the_autograded_notebook_but_not_in_the_release(graded):
    course, _, _ = graded
    assert "BEGIN HIDDEN TESTS" not in (course / "release" / "ps_hidden" / "p1.ipynb").read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" in (course / "autograded" / "foo" / "ps_hidden" / "p1.ipynb").read_text(encoding="utf-8")


def test_cheat_attempts_leave_the_test_failing_in_the_autograded_notebook(graded):
    """nbgrader's test_showtraceback_exploit: the error of `assert a == 1` must stay visible."""
    course, _, _ = graded
    for student in ("cheat_attempt", "cheat_attempt_alternative"):
        nb = nbformat.read(course / "autograded" / student / "ps1" / "p1.ipynb", as_version=4)
        bar = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "bar")
        assert any(o.output_type == "error" for o in bar.outputs), student

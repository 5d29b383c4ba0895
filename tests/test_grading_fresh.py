"""A new sandbox per notebook (M4D_SANDBOX_FRESH=1) grades exactly as the default, forked mode does.

The fresh mode starts bubblewrap and loads the libraries again for every notebook,
so that nothing of one student's sandbox can outlive their notebook; it must give
every student the same points, per graded cell, as the template mode, which forks
each notebook from one clean template. Checked on the real assignment A1 with the
instructor's solution (full marks on every autograded part), the plausible wrong answer (its own score) and
the blank release (0), in one `m4d grade` run per mode with two workers.
"""
from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.grading_corpus.submission import submit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ASSIGNMENT = "a1_partner_matching"
SOURCE = ROOT / "exercises" / "source" / ASSIGNMENT
SOLUTION_MARK = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")

pytestmark = pytest.mark.slow


def _env(**extra) -> dict:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **extra}


def _answers(kind: str, source_nb) -> dict | None:
    solution = {c.metadata["nbgrader"]["grade_id"]: "\n".join(l for l in c.source.splitlines()
                                                             if not SOLUTION_MARK.match(l))
                for c in source_nb.cells if c.metadata.get("nbgrader", {}).get("solution")}
    if kind == "blank":
        return None
    if kind == "wrong":
        from tests.assignments.a1_partner_matching_wrong import WRONG_ANSWERS
        return {**solution, **WRONG_ANSWERS}
    return solution


def _course(base: Path) -> Path:
    course = base / "course"
    course.mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course)
    shutil.copytree(SOURCE, course / "source" / ASSIGNMENT)
    done = subprocess.run([str(BIN / "m4d"), "generate", ASSIGNMENT, "--course", str(course)],
                          capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr[-3000:]
    notebook = sorted(SOURCE.glob("*.ipynb"))[0]
    source_nb = nbformat.read(notebook, as_version=4)
    for student in ("honest", "wrong", "blank"):
        submit(course, ASSIGNMENT, notebook.name, student, _answers(student, source_nb))
    return course


def _grades(course: Path) -> tuple[dict, dict]:
    from nbgrader.api import Gradebook
    with (course / "grades" / f"{ASSIGNMENT}.csv").open(newline="", encoding="utf-8") as fh:
        rows = {r["student_id"]: (float(r["score"]), float(r["max_score"]), r["status"])
                for r in csv.DictReader(fh)}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="m4d") as gb:
        cells = {sub.student.id: {g.name: (g.auto_score, g.max_score) for nb in sub.notebooks for g in nb.grades
                                  if g.auto_score is not None}
                 for sub in gb.assignment_submissions(ASSIGNMENT)}
    return rows, cells


@pytest.fixture(scope="module")
def both_modes(tmp_path_factory):
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test`")
    out = {}
    # The fresh mode is the default: it runs with the variable unset.
    for mode, extra in (("forked", {}), ("fresh", {"M4D_SANDBOX_FRESH": "1"})):
        course = _course(tmp_path_factory.mktemp(mode))
        env = _env(**extra)
        if not extra:
            env.pop("M4D_SANDBOX_FRESH", None)  # the default
        done = subprocess.run([str(BIN / "m4d"), "grade", ASSIGNMENT, "--course", str(course), "--jobs", "2",
                               "--quiet"], capture_output=True, text=True, env=env, timeout=1800)
        assert done.returncode == 0, f"{mode}: {done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        out[mode] = _grades(course)
    return out


def test_fresh_sandbox_gives_every_student_the_points_the_forked_template_gives(both_modes):
    forked_rows, forked_cells = both_modes["forked"]
    fresh_rows, fresh_cells = both_modes["fresh"]
    assert fresh_rows == forked_rows
    assert fresh_cells == forked_cells


def test_fresh_sandbox_gives_the_solution_full_marks_and_the_blank_nothing(both_modes):
    rows, cells = both_modes["fresh"]
    assert all(rows[s][2] == "graded" for s in rows), rows
    # Full marks on every autograded part (A1's written answers are graded by hand).
    assert cells["honest"] and all(points == most > 0 for points, most in cells["honest"].values())
    # The blank is scored on every part the solution is, and on its unchanged written answer
    # too (nbgrader gives an unanswered written answer 0 without a grader).
    assert set(cells["honest"]) <= set(cells["blank"])
    assert all(points == 0 for points, _ in cells["blank"].values())
    assert 0 < rows["wrong"][0] < rows["honest"][0]

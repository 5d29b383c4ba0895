"""Every nbgrader assignment of the course generates with nbgrader's own
`generate_assignment`, and its release holds no solution and no hidden test; its
wrong answer (tests/assignments/<assignment>_wrong.py) names only solution cells.

That each assignment is gradable end to end (the instructor's solution scores full marks,
the unanswered release 0 on every autograded part with the failed tests named, the wrong
answer loses marks) is proved by tests/test_grading_hostile.py, which grades exactly those
three submissions of every assignment with `m4d grade` among its corpus
(test_solution_blank_and_wrong_answer_get_the_grades_a_grader_expects). This file graded
the same three submissions in a second `m4d grade` batch per assignment, with its own judge
and sandbox template, until the suite passed 30 minutes (CONTRIBUTING.md, "Test suite timing").
"""
from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "exercises" / "source"
BIN = Path(sys.executable).parent
SOLUTION_RE = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")

ASSIGNMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir()) if SOURCE.exists() else []


def _env() -> dict:
    # nbgrader runs the `alembic` program when it creates a gradebook: the
    # virtual environment's bin folder must be on PATH.
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _run(course: Path, program: str, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([str(BIN / program), *args], cwd=course, capture_output=True, text=True, timeout=900,
                            env=_env())
    assert result.returncode == 0, f"{program} {' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    return _run(course, "nbgrader", *args)


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def course(request, tmp_path_factory):
    """A fresh copy of the nbgrader course with one assignment generated."""
    name = request.param
    course = tmp_path_factory.mktemp(name)
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course)
    shutil.copytree(SOURCE / name, course / "source" / name)
    _nbgrader(course, "generate_assignment", name, "--force")
    return name, course


def _notebooks(course: Path, folder: str, name: str) -> list[Path]:
    return sorted((course / folder / name).glob("*.ipynb"))


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _solutions(source_nb) -> dict[str, str]:
    """The instructor's answer of every solution cell, markers removed."""
    answers = {}
    for cell in source_nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            lines = [l for l in cell.source.splitlines() if not SOLUTION_RE.match(l)]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def test_assignment_generates_a_student_version(course):
    name, path = course
    assert _notebooks(path, "release", name), "generate_assignment wrote no notebook"


def test_release_holds_no_solution_and_no_hidden_test(course):
    name, path = course
    for release in _notebooks(path, "release", name):
        text = release.read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in text, f"{release.name} contains {marker}"
        source_nb = nbformat.read(path / "source" / name / release.name, as_version=4)
        released = "\n".join(c.source for c in nbformat.read(release, as_version=4).cells)
        for cell in source_nb.cells:
            hidden = re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, flags=re.S)
            for block in hidden:
                for line in block.splitlines():
                    if len(line.strip()) > 12:
                        assert line.strip() not in released, f"hidden test line leaked: {line.strip()}"
        for gid, answer in _solutions(source_nb).items():
            for line in answer.splitlines():
                stripped = line.strip()
                if len(stripped) > 25 and not stripped.startswith("#"):
                    assert stripped not in released, f"solution line of {gid} leaked: {stripped}"


def test_wrong_answer_names_only_solution_cells(course):
    name, path = course
    wrong = importlib.import_module(f"tests.assignments.{name}_wrong").WRONG_ANSWERS
    assert wrong, "the wrong-answer file names at least one answer"
    solution_cells = set()
    for release in _notebooks(path, "release", name):
        solution_cells |= set(_solutions(nbformat.read(path / "source" / name / release.name, as_version=4)))
    unknown = set(wrong) - solution_cells
    assert not unknown, f"WRONG_ANSWERS names cells that are not solution cells: {unknown}"

"""Every nbgrader assignment of the course proves, end to end, that it is gradable:
it generates; the instructor's solution scores full marks; the unanswered release
scores 0 on every autograded part; a plausible wrong answer loses marks; and the
release holds no solution and no hidden test.

Assignments are found in exercises/source/; each has a wrong answer in
tests/assignments/<assignment>_wrong.py. The three submissions of an assignment
(solution, blank, wrong) are graded together in one batch by the course's
pipeline, `m4d grade` (pre-check, sandbox, nbgrader's autograde), exactly as a
grader runs it.
"""
from __future__ import annotations

import csv
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


STUDENTS = ("solution", "blank", "wrong")


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


@pytest.fixture(scope="module")
def graded(course):
    """The solution, the blank release and the wrong answer, graded in one `m4d grade` batch."""
    name, path = course
    wrong = importlib.import_module(f"tests.assignments.{name}_wrong").WRONG_ANSWERS

    def wrong_answers(source_nb):
        merged = _solutions(source_nb)
        unknown = set(wrong) - set(merged)
        assert not unknown, f"WRONG_ANSWERS names cells that are not solution cells: {unknown}"
        merged.update(wrong)
        return merged

    _submit(path, name, "solution", _solutions)
    _submit(path, name, "blank", lambda source_nb: {})
    _submit(path, name, "wrong", wrong_answers)
    _run(path, "m4d", "grade", name, "--course", str(path), "--jobs", "2", "--quiet")
    with (path / "grades" / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    return name, path, wrong, rows


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


def _submit(course: Path, name: str, student: str, answers_for) -> None:
    """Put a submission in submitted/<student>/<name>/: the release with answers filled in."""
    for release in _notebooks(course, "release", name):
        source_nb = nbformat.read(course / "source" / name / release.name, as_version=4)
        nb = nbformat.read(release, as_version=4)
        answers = answers_for(source_nb)
        for cell in nb.cells:
            gid = _grade_id(cell)
            if gid in answers:
                cell.source = answers[gid]
        target = course / "submitted" / student / name
        target.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target / release.name)


def _autograded_scores(course: Path, name: str, student: str) -> list[tuple[str, float, float]]:
    """(grade cell, auto score, max score) of every autograded part, from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="m4d") as gb:
        submission = gb.find_submission(name, student)
        return [(g.name, float(g.auto_score), float(g.max_score))
                for nb in submission.notebooks for g in nb.grades if g.auto_score is not None]


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


def test_every_submission_is_graded_not_quarantined(graded):
    _, _, _, rows = graded
    assert {s: rows[s]["status"] for s in STUDENTS} == {s: "graded" for s in STUDENTS}
    # The solution has nothing to report; the others only the tests their answers failed.
    assert rows["solution"]["reason"] == ""
    for student in ("blank", "wrong"):
        assert rows[student]["reason"].startswith("tests failed on the answer: test"), rows[student]["reason"]
        assert "boundary" not in rows[student]["reason"]


def test_instructor_solution_scores_full_marks(graded):
    name, path, _, rows = graded
    scores = _autograded_scores(path, name, "solution")
    assert scores, "the assignment has autograded parts"
    lost = [(n, s, m) for n, s, m in scores if s < m]
    assert lost == [], f"the solution loses marks on {lost}"
    assert float(rows["solution"]["score"]) == sum(m for _, _, m in scores)


def test_unanswered_release_scores_zero_on_every_autograded_part(graded):
    name, path, _, rows = graded
    scores = _autograded_scores(path, name, "blank")
    earned = [(n, s) for n, s, _ in scores if s > 0]
    assert earned == [], f"an unanswered notebook earns marks on {earned}"
    assert float(rows["blank"]["score"]) == 0.0


def test_plausible_wrong_answer_loses_marks(graded):
    name, path, wrong, _ = graded
    assert wrong, "the wrong-answer file names at least one answer"
    scores = _autograded_scores(path, name, "wrong")
    total, maximum = sum(s for _, s, _ in scores), sum(m for _, _, m in scores)
    assert total < maximum, "a wrong answer still earns full marks"

"""A PostgreSQL gradebook gets the same grades as SQLite, even with several graders at once.

The tests start a real PostgreSQL server (Debian's postgresql package, see
tests/postgres_server.py), grade a few submissions of the corpus assignment
once into SQLite (one `m4d grade` run) and once into PostgreSQL with three
`m4d grade --db URL --student ...` runs started at the same moment on
different students of the same course (the SQLite run goes at the same time),
and compare the two gradebooks.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.postgres_server import PostgresMissing, PostgresServer
from tests.test_grading_corpus import ANSWER_CASES, ASSIGNMENT, CORPUS, GOOD, _answered, _release, _write

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

# Three graders, each with its own share of the students.
SHARES = [["honest", "wrong_total"], ["always_equal", "blank"], ["os_exit", "invalid_json"]]
STUDENTS = sorted(s for share in SHARES for s in share)


def _env() -> dict:
    # nbgrader runs `alembic` as a program: the venv's bin must be on PATH.
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _make_course(base: Path) -> Path:
    course = base
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course)
    with (course / "nbgrader_config.py").open("a") as fh:
        fh.write("\nc.Execute.timeout = 4\n")
    shutil.copytree(CORPUS / "source", course / "source")
    return course


def _submit_all(course: Path) -> None:
    for student in STUDENTS:
        if student == "blank":
            _write(course, student, _release(course))
        elif student == "invalid_json":
            folder = course / "submitted" / student / ASSIGNMENT
            folder.mkdir(parents=True)
            (folder / f"{ASSIGNMENT}.ipynb").write_text('{"cells": [', encoding="utf-8")
        else:
            _write(course, student, _answered(course, {**GOOD, **ANSWER_CASES[student][0]}))


def _gradebook_scores(url: str) -> dict:
    """student -> (total score, {grade cell: auto score})."""
    from nbgrader.api import Gradebook
    out = {}
    with Gradebook(url, course_id="m4d") as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            cells = {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}
            out[sub.student.id] = (float(sub.score), cells)
    return out


def _csv(course: Path) -> dict:
    with (course / "grades" / f"{ASSIGNMENT}.csv").open(newline="", encoding="utf-8") as fh:
        return {r["student_id"]: (r["status"], float(r["score"])) for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def postgres():
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test`")
    try:
        server = PostgresServer()
    except PostgresMissing as err:
        pytest.fail(str(err))
    try:
        server.start()
        yield server
    finally:
        server.stop()
    assert not server.folder.exists()


@pytest.fixture(scope="module")
def graded(postgres, tmp_path_factory):
    """The same submissions graded into SQLite (one run) and PostgreSQL (three runs at once)."""
    env = _env()
    sqlite_course = _make_course(tmp_path_factory.mktemp("sqlite_course"))
    subprocess.run([str(BIN / "m4d"), "generate", ASSIGNMENT, "--course", str(sqlite_course)],
                   check=True, capture_output=True, env=env)
    _submit_all(sqlite_course)
    pg_course = _make_course(tmp_path_factory.mktemp("pg_course"))
    # The release is copied to write the submissions; the PostgreSQL gradebook stays
    # empty, so the three graders race to create its tables and the assignment.
    shutil.copytree(sqlite_course / "release", pg_course / "release")
    _submit_all(pg_course)
    url = postgres.create_database("gradebook")
    runs = [subprocess.Popen([str(BIN / "m4d"), "grade", ASSIGNMENT, "--course", str(sqlite_course), "--jobs", "1",
                              "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)]
    for i, share in enumerate(SHARES):
        cmd = [str(BIN / "m4d"), "grade", ASSIGNMENT, "--course", str(pg_course), "--db", url, "--quiet",
               "--jobs", "2" if i == 0 else "1"]
        for student in share:
            cmd += ["--student", student]
        runs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
    outcomes = []
    for run in runs:
        out, err = run.communicate(timeout=600)
        outcomes.append((run.returncode, out, err))
    return sqlite_course, pg_course, url, outcomes


def test_sqlite_run_and_concurrent_graders_all_exit_zero(graded):
    *_, outcomes = graded
    assert [code for code, _, _ in outcomes] == [0, 0, 0, 0], [err[-2000:] for _, _, err in outcomes]


def test_postgres_gradebook_holds_the_same_scores_as_sqlite(graded):
    sqlite_course, _, url, _ = graded
    in_sqlite = _gradebook_scores(f"sqlite:///{sqlite_course / 'gradebook.db'}")
    in_postgres = _gradebook_scores(url)
    # Quarantined submissions never reach the gradebook; every other one does, in both.
    assert set(in_sqlite) == set(STUDENTS) - {"invalid_json"}
    assert in_postgres == in_sqlite
    assert in_postgres["honest"][0] == 4.0 and in_postgres["wrong_total"][0] == 3.0


def test_concurrent_graders_leave_every_submission_a_row(graded):
    sqlite_course, pg_course, _, _ = graded
    rows = _csv(pg_course)
    assert sorted(rows) == STUDENTS
    assert rows == _csv(sqlite_course)
    assert rows["invalid_json"] == ("quarantined", 0.0)
    assert rows["os_exit"][0] == "failed"


def test_postgres_gradebook_has_one_submission_per_student_and_no_stray_rows(graded):
    from sqlalchemy import create_engine, text
    _, _, url, _ = graded
    engine = create_engine(url)
    with engine.connect() as conn:
        per_student = conn.execute(text(
            "SELECT student_id, count(*) FROM submitted_assignment GROUP BY student_id")).all()
        assignments = conn.execute(text("SELECT name FROM assignment")).scalars().all()
        courses = conn.execute(text("SELECT id FROM course")).scalars().all()
    engine.dispose()
    assert sorted(per_student) == [(s, 1) for s in STUDENTS if s != "invalid_json"]
    assert assignments == [ASSIGNMENT]
    # nbgrader's own preprocessors open the gradebook as "default_course".
    assert sorted(courses) == ["default_course", "m4d"]


def test_export_reads_the_postgres_gradebook(graded):
    _, pg_course, url, _ = graded
    target = pg_course / "grades" / "moodle.csv"
    done = subprocess.run([str(BIN / "m4d"), "export", "--course", str(pg_course), "--db", url, "--format", "moodle",
                           "--output", str(target)], capture_output=True, text=True, env=_env(), timeout=300)
    assert done.returncode == 0, done.stderr
    with target.open(newline="", encoding="utf-8") as fh:
        rows = {r["ID number"]: float(r[ASSIGNMENT]) for r in csv.DictReader(fh)}
    assert rows["honest"] == 4.0 and rows["blank"] == 0.0

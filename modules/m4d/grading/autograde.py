"""Autograde every submission of an assignment: pre-checked, judged, in parallel.

nbgrader stays the engine: its ``Autograde`` converter copies each submission to
``autograded/``, overwrites the test and locked cells from the gradebook and saves
the scores. Two of its steps are replaced: submissions are read from the
pre-check's staging folder (in the run's private folder) instead of ``submitted/``,
and nbgrader's ``Execute`` (a kernel with the grader's own rights, where the tests
run beside the student's code) is replaced by the judged run
(:mod:`m4d.grading.judged_run`): the student's cells run in a sandbox process, the
test cells in a judge process that never runs student code.

Each worker process keeps one judge and one sandbox and grades one student at a time,
each notebook forked from the sandbox's clean template into namespaces and a uid of its
own (M4D_SANDBOX_FRESH=1: a new sandbox per notebook, the next ones started ahead; see
:mod:`m4d.grading.sandbox`); each student's grades are written in one gradebook transaction by nbgrader,
retried when the database is busy, so parallel workers never mix two students' rows.

The gradebook is SQLite (``gradebook.db`` in the course folder) unless a URL is
given: ``m4d grade --db URL``, else the environment variable
``M4D_GRADEBOOK_URL``, else ``c.CourseDirectory.db_url`` in the course's
``nbgrader_config.py``. A PostgreSQL URL such as
``postgresql://grader@db.example.org/m4d`` lets several graders (or several
``m4d grade --student ...`` runs) write into one gradebook at once.
"""
from __future__ import annotations

import ast
import contextlib
import csv
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from m4d.errors import InputError
from m4d.grading.judge_rules import check_notebook
from m4d.grading.judged_run import JUDGED_RUN, imported_modules, report as _run_report, trusted_imports  # noqa: F401
from m4d.grading.precheck import stage_submission

CSV_COLUMNS = ["student_id", "score", "max_score", "status", "reason"]



def load_config(course: Path, db_url: str | None = None) -> Config:
    """The course's nbgrader configuration, with paths made absolute.

    The gradebook's URL is, in this order: ``db_url`` (``m4d ... --db URL``), the
    environment variable ``M4D_GRADEBOOK_URL``, ``c.CourseDirectory.db_url`` in
    ``nbgrader_config.py``, and ``sqlite:///gradebook.db`` in the course folder.
    """
    # nbgrader runs `alembic` as a program to create or upgrade a gradebook.
    bindir = os.path.join(sys.prefix, "bin")
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
    config_file = course / "nbgrader_config.py"
    cfg = PyFileConfigLoader(str(config_file)).load_config() if config_file.exists() else Config()
    cfg.CourseDirectory.root = str(course.resolve())
    url = db_url or os.environ.get("M4D_GRADEBOOK_URL") or cfg.CourseDirectory.get("db_url", "sqlite:///gradebook.db")
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        url = "sqlite:///" + str((course / url[len("sqlite:///"):]).resolve())
    if not url.startswith(("sqlite:", "postgresql:", "postgresql+")):
        raise InputError(f"the gradebook URL {url!r} is neither SQLite nor PostgreSQL: use "
                         "sqlite:///gradebook.db or postgresql://USER@HOST/DATABASE")
    cfg.CourseDirectory.db_url = url
    cfg.Exchange.root = str((course / "exchange").resolve())
    return cfg


def course_id(cfg: Config) -> str:
    """The course's id in the gradebook (one gradebook may hold several courses)."""
    return cfg.CourseDirectory.get("course_id", "default_course") or "default_course"


def open_gradebook(cfg: Config):
    from nbgrader.api import Gradebook
    return Gradebook(cfg.CourseDirectory.db_url, course_id=course_id(cfg))


@contextlib.contextmanager
def lock_file(path: Path):
    """Open a lock file that graders of several accounts share.

    A lock needs no write access (flock works on a file opened for reading), so a
    lock file made by another grader is opened read-only; a new one is made
    readable by all. A folder this grader may not use gets a message saying so.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:
            fd = os.open(path, os.O_RDONLY)
    except OSError as err:
        raise InputError(f"cannot use the lock file {path}: {err.strerror}. Every grader of this course "
                         f"needs to read it: ask its owner to run `chmod a+r {path}`, or grade in a "
                         "course folder of your own.") from None
    with os.fdopen(fd, "rb") as fh:
        yield fh


@contextlib.contextmanager
def gradebook_lock(course: Path, db_url: str):
    """Serialise the steps that create things every grader shares.

    Creating the gradebook's tables, its course row and an assignment are not safe
    to run twice at once. A lock file in the course folder orders the graders
    working in that folder; for PostgreSQL an advisory lock in the database also
    orders graders on other machines sharing the gradebook.
    """
    with lock_file(course / ".m4d" / "gradebook.lock") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            if db_url.startswith("postgresql"):
                from sqlalchemy import create_engine, text
                key = int.from_bytes(hashlib.sha256(b"m4d-gradebook").digest()[:7], "big")
                engine = create_engine(db_url, future=True)
                try:
                    with engine.connect() as conn:
                        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
                        try:
                            yield
                        finally:
                            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                finally:
                    engine.dispose()
            else:
                yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_generated(course: Path, assignment: str, db_url: str | None = None) -> None:
    """Generate the assignment when the gradebook or release/ does not know it."""
    from nbgrader.api import MissingEntry
    cfg = load_config(course, db_url)
    with gradebook_lock(course, cfg.CourseDirectory.db_url):
        known = True
        from nbgrader.api import Gradebook
        # Creates the tables and the course rows once, before any worker: nbgrader's
        # own preprocessors open the gradebook as course "default_course".
        Gradebook(cfg.CourseDirectory.db_url).close()
        with open_gradebook(cfg) as gb:
            try:
                gb.find_assignment(assignment)
            except MissingEntry:
                known = False
        if known and (course / "release" / assignment).is_dir():
            return
        if not (course / "source" / assignment).is_dir():
            raise InputError(f"there is no assignment {assignment!r} in {course / 'source'}: "
                             "check the name (m4d generate lists the assignments)")
        _generate(course, assignment, cfg)


def generate(course: Path, assignment: str, db_url: str | None = None) -> None:
    """Write the student version of one assignment into release/ and the gradebook."""
    cfg = load_config(course, db_url)
    with gradebook_lock(course, cfg.CourseDirectory.db_url):
        _generate(course, assignment, cfg)


def _generate(course: Path, assignment: str, cfg: Config) -> None:
    import nbformat
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    problems = []
    for path in sorted((course / "source" / assignment).glob("*.ipynb")):
        problems += check_notebook(nbformat.read(path, as_version=4), path.name)
    if problems:
        raise InputError(f"{assignment} has cells the judge cannot run as a kernel would (see CONTRIBUTING, "
                         "'Test cells under the judge'):\n- " + "\n- ".join(problems))
    cfg.GenerateAssignment.force = True
    cfg.GenerateAssignment.create_assignment = True
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    GenerateAssignment(coursedir=coursedir, config=cfg).start()


def _grade_one(course: str, assignment: str, student: str, db_url: str | None = None,
               run_dir: str | None = None) -> tuple[str, str | None, str]:
    """Worker: autograde one staged submission.

    Returns (student, why it stopped early, tests that failed at the boundary).

    nbgrader writes the autograded notebooks into the run's private folder; only
    when it has finished do they replace ``autograded/<student>/<assignment>``,
    so a run that fails leaves what an earlier run produced (the formgrader's
    notebooks) in place.
    """
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata as StockCheckCellMetadata,
                                        IgnorePattern, LimitOutput, SaveAutoGrades)
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from m4d.grading.cell_metadata import CheckCellMetadata
    from m4d.grading.gradebook import one_engine_per_process
    import warnings
    warnings.filterwarnings("ignore")
    run = Path(run_dir)
    cfg = load_config(Path(course), db_url)
    cfg.CourseDirectory.submitted_directory = str(run / "staged")
    cfg.CourseDirectory.autograded_directory = str(run / "autograded")
    # nbgrader's own sanitising steps, with its metadata check's schema checked once per process.
    cfg.Autograde.sanitize_preprocessors = [CheckCellMetadata if step is StockCheckCellMetadata else step for step
                                            in Autograde.class_traits()["sanitize_preprocessors"].default()]
    cfg.Autograde.autograde_preprocessors = [*JUDGED_RUN, IgnorePattern, ClearMetadataPreprocessor,
                                             LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    cfg.Autograde.create_student = True
    cfg.Autograde.force = True
    cfg.NbGraderApp.logfile = ""
    with one_engine_per_process():
        return _autograde_with_retries(cfg, course, assignment, student, run)


def _autograde_with_retries(cfg, course: str, assignment: str, student: str, run: Path):
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.exc import IntegrityError, InternalError, OperationalError
    for attempt in range(8):
        _run_report.clear()
        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id = assignment
        coursedir.student_id = student
        converter = Autograde(coursedir=coursedir, config=cfg)
        converter.log.setLevel("CRITICAL")
        try:
            converter.start()
            _publish(run / "autograded" / student / assignment, Path(course) / "autograded" / student / assignment)
            stopped = _run_report.get("stopped")
            return student, ("; ".join(stopped) if stopped else None), _boundary_reason()
        except (OperationalError, IntegrityError, InternalError):
            # SQLite busy, or a PostgreSQL serialisation conflict: nbgrader rolled
            # this student's transaction back, so grading again is safe.
            time.sleep(0.2 * (attempt + 1))
        except Exception as err:  # nbgrader's own refusal: the student still gets a row
            if _run_report.get("unavailable"):
                return student, UNAVAILABLE + _run_report["unavailable"], ""
            return student, f"nbgrader could not grade it: {str(err)[:200]}", ""
    return student, "the gradebook stayed busy; grade this student again", ""


def _boundary_reason() -> str:
    """For the CSV: tests that failed at the boundary, not on a wrong answer; the tests that
    failed on the answer (by name and exception class); judge notes."""
    parts = []
    if _run_report.get("boundary"):
        parts.append("failed at the boundary (not a wrong answer): " + "; ".join(_run_report["boundary"])[:600])
    if _run_report.get("failed"):
        parts.append("tests failed on the answer: " + ", ".join(_run_report["failed"])[:400])
    parts += _run_report.get("notes", [])
    return "; ".join(parts)


UNAVAILABLE = "not graded, earlier results kept: "


def _publish(new: Path, target: Path) -> None:
    """Put a finished autograded folder in place of the earlier one, in two renames."""
    if not new.is_dir():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.replaced-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


@dataclass
class Row:
    student_id: str
    score: float
    max_score: float
    status: str
    reason: str


def grade_assignment(course: Path, assignment: str, jobs: int = 2, students: list[str] | None = None,
                     progress: bool = True, db_url: str | None = None) -> list[Row]:
    """Pre-check, autograde and report every submission of one assignment.

    With ``students``, only those submissions are graded (a re-grade after a late
    fix, or one grader's share of the batch); the CSV keeps every other
    student's row as it was.
    """
    from nbgrader.api import MissingEntry
    course = course.resolve()
    submissions = sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir())
    if students:
        missing = sorted(set(students) - set(submissions))
        if missing:
            raise InputError(f"no submission of {assignment} for {', '.join(missing)} under "
                             f"{course / 'submitted'}: check the student ids (the folder names there)")
        submissions = [s for s in submissions if s in set(students)]
    ensure_generated(course, assignment, db_url)
    cfg = load_config(course, db_url)
    db_url = cfg.CourseDirectory.db_url
    release_dir = course / "release" / assignment
    with open_gradebook(cfg) as gb:
        max_score = float(gb.find_assignment(assignment).max_score)
    # This run's own folder (mode 0700, in the course folder so that finished
    # notebooks move into autograded/ by a rename): staged submissions and
    # nbgrader's output. Several graders sharing a course folder never meet in it.
    run_dir = Path(tempfile.mkdtemp(prefix=".m4d-grading-", dir=course))
    try:
        rows = _grade_batch(course, assignment, submissions, jobs, progress, db_url, cfg, release_dir,
                            max_score, run_dir)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    unavailable = [r for r in rows if r.reason.startswith(UNAVAILABLE)]
    if rows and len(unavailable) == len([r for r in rows if r.status != "quarantined"]) and unavailable:
        # Nothing could be graded (no sandbox, no permission ...): change nothing.
        raise InputError(f"grading {assignment} is not possible on this machine: "
                         f"{unavailable[0].reason[len(UNAVAILABLE):]}. No grade and no file was changed.")
    update_csv(course / "grades" / f"{assignment}.csv", rows, replace_all=not students)
    return rows


def _grade_batch(course, assignment, submissions, jobs, progress, db_url, cfg, release_dir, max_score,
                 run_dir) -> list[Row]:
    from nbgrader.api import MissingEntry
    prechecks = {}
    for student in submissions:
        staged = run_dir / "staged" / student / assignment
        prechecks[student] = stage_submission(course / "submitted" / student / assignment, release_dir, staged, student)
    todo = [s for s in submissions if not prechecks[s].quarantined]
    stopped: dict[str, str | None] = {}
    boundary: dict[str, str] = {}
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=len(submissions), desc=f"grading {assignment}", unit="notebook")
        bar.update(len(submissions) - len(todo))
    if jobs <= 1 or len(todo) <= 1:
        from m4d.grading.gradebook import dispose_engines
        try:
            for student in todo:
                _, stopped[student], boundary[student] = _grade_one(str(course), assignment, student, db_url,
                                                                    str(run_dir))
                if bar:
                    bar.update(1)
        finally:
            # Graded here, in the grader's own process: no connection outlives the batch.
            dispose_engines()
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
            futures = [pool.submit(_grade_one, str(course), assignment, s, db_url, str(run_dir)) for s in todo]
            for future in as_completed(futures):
                student, stopped[student], boundary[student] = future.result()
                if bar:
                    bar.update(1)
    if bar:
        bar.close()
    rows = []
    with open_gradebook(cfg) as gb:
        for student in submissions:
            check = prechecks[student]
            if check.quarantined:
                rows.append(Row(student, 0.0, max_score, "quarantined", check.reason))
                continue
            why = stopped.get(student)
            try:
                score = float(gb.find_submission(assignment, student).score)
            except MissingEntry:
                rows.append(Row(student, 0.0, max_score, "failed", why or "no grade was recorded"))
                continue
            reasons = [r for r in (why, boundary.get(student), check.reason) if r]
            rows.append(Row(student, round(score, 6), max_score, "failed" if why else "graded", "; ".join(reasons)))
    return rows


def read_csv(path: Path) -> list[Row]:
    """The rows of a grades CSV written by :func:`write_csv` (none if it is missing)."""
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return [Row(r["student_id"], float(r["score"]), float(r["max_score"]), r["status"], r["reason"])
                for r in csv.DictReader(fh)]


def update_csv(path: Path, rows: list[Row], replace_all: bool = True) -> None:
    """Write rows into the grades CSV; unless replace_all, other students' rows stay.

    A lock file orders graders that finish at the same time, so none loses
    another's rows.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with lock_file(path.with_suffix(".csv.lock")) as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            merged = {} if replace_all else {r.student_id: r for r in read_csv(path)}
            merged.update({r.student_id: r for r in rows})
            write_csv(path, [merged[s] for s in sorted(merged)])
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_csv(path: Path, rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".csv.{os.getpid()}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for r in rows:
            writer.writerow([r.student_id, f"{r.score:g}", f"{r.max_score:g}", r.status, r.reason])
    tmp.replace(path)

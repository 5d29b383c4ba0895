"""Autograde every submission of an assignment: pre-checked, sandboxed, in parallel.

nbgrader stays the engine: its ``Autograde`` converter copies each submission to
``autograded/``, overwrites the test and locked cells from the gradebook and saves
the scores. Two of its steps are replaced: submissions are read from the
pre-check's staging folder (``.m4d/staged``) instead of ``submitted/``, and
nbgrader's ``Execute`` (a kernel with the grader's own rights) is replaced by
:class:`SandboxedExecute`, which runs the cells in :mod:`m4d.grading.sandbox`.

Each worker process keeps one sandbox and grades one student at a time; each
student's grades are written in one gradebook transaction by nbgrader, retried
when the database is busy, so parallel workers never mix two students' rows.
"""
from __future__ import annotations

import ast
import csv
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from nbformat.notebooknode import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from m4d.errors import InputError
from m4d.grading.precheck import stage_submission
from m4d.grading.sandbox import Limits, Sandbox

STAGED = os.path.join(".m4d", "staged")
CSV_COLUMNS = ["student_id", "score", "max_score", "status", "reason"]

_sandbox: Sandbox | None = None
_run_report: dict = {}


def _is_test(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def trusted_imports(nb) -> str:
    """The import lines of the instructor's locked cells, re-run before every test
    so that names like ``np`` point at the real modules whatever the student rebound."""
    lines = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("solution") or not (meta.get("locked") or meta.get("grade")):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                line = ast.unparse(node)
                if line not in lines:
                    lines.append(line)
    return "\n".join(lines)


def _strip_magics(source: str) -> str:
    """Notebook magics and shell escapes do not run while grading."""
    return "\n".join("pass  # " + line if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


class SandboxedExecute(NbGraderPreprocessor):
    """Run a notebook's code cells in the worker's sandbox and write their outputs.

    A test cell scores when the sandbox reports, over the nonce-checked channel,
    that it ran to its end. What it printed on stderr (warnings) is shown as
    plain output, so a warning during a correct answer costs nothing.
    """

    def preprocess(self, nb: NotebookNode, resources: dict):
        global _sandbox
        if _sandbox is None:
            timeout = self.config.Execute.get("timeout", 60) or 60
            _sandbox = Sandbox(worker=os.getpid() % 1000,
                               limits=Limits(cell_timeout_s=float(timeout), notebook_timeout_s=float(timeout) * 5))
        imports = trusted_imports(nb)
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        plan = []
        for cell in code_cells:
            test = _is_test(cell)
            source = _strip_magics(cell.source)
            plan.append(((imports + "\n" + source) if test and imports else source, test))
        files = {}
        folder = Path(resources.get("metadata", {}).get("path", "."))
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.suffix != ".ipynb" and path.name != "timestamp.txt":
                files[str(path.relative_to(folder))] = path.read_bytes()
        run = _sandbox.run_notebook(plan, files)
        for cell, result in zip(code_cells, run.results):
            cell.outputs = []
            cell.execution_count = None
            if result is None:
                if _is_test(cell):
                    cell.outputs.append(new_output("error", ename="NotRun", evalue=run.stopped or "not run",
                                                   traceback=[f"This test did not run: {run.stopped}"]))
                continue
            test = _is_test(cell)
            for name, text in result.outputs:
                stream = "stdout" if test else name
                cell.outputs.append(new_output("stream", name=stream, text=text))
            if result.truncated:
                cell.outputs.append(new_output("stream", name="stdout", text="\n[output truncated: over the limit]\n"))
            if not result.ok:
                ename, evalue, *rest = (list(result.error or []) + ["Error", ""])[:3]
                where = f" (line {rest[0]})" if rest and isinstance(rest[0], int) else ""
                cell.outputs.append(new_output("error", ename=str(ename), evalue=str(evalue),
                                               traceback=[f"{ename}: {evalue}{where}"]))
        if run.stopped:
            _run_report.setdefault("stopped", []).append(run.stopped)
        return nb, resources


def load_config(course: Path) -> Config:
    """The course's nbgrader configuration, with paths made absolute."""
    # nbgrader runs `alembic` as a program to create or upgrade a gradebook.
    bindir = os.path.join(sys.prefix, "bin")
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
    config_file = course / "nbgrader_config.py"
    cfg = PyFileConfigLoader(str(config_file)).load_config() if config_file.exists() else Config()
    cfg.CourseDirectory.root = str(course.resolve())
    url = cfg.CourseDirectory.get("db_url", "sqlite:///gradebook.db")
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        url = "sqlite:///" + str((course / url[len("sqlite:///"):]).resolve())
    cfg.CourseDirectory.db_url = os.environ.get("M4D_GRADEBOOK_URL", url)
    cfg.Exchange.root = str((course / "exchange").resolve())
    return cfg


def ensure_generated(course: Path, assignment: str) -> None:
    """Generate the assignment when the gradebook or release/ does not know it."""
    from nbgrader.api import Gradebook, MissingEntry
    cfg = load_config(course)
    known = True
    with Gradebook(cfg.CourseDirectory.db_url, course_id=cfg.CourseDirectory.get("course_id", "default_course")) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            known = False
    if known and (course / "release" / assignment).is_dir():
        return
    if not (course / "source" / assignment).is_dir():
        raise InputError(f"there is no assignment {assignment!r} in {course / 'source'}: "
                         "check the name (m4d generate lists the assignments)")
    generate(course, assignment)


def generate(course: Path, assignment: str) -> None:
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    cfg = load_config(course)
    cfg.GenerateAssignment.force = True
    cfg.GenerateAssignment.create_assignment = True
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    GenerateAssignment(coursedir=coursedir, config=cfg).start()


def _grade_one(course: str, assignment: str, student: str) -> tuple[str, str | None]:
    """Worker: autograde one staged submission. Returns (student, why it stopped early)."""
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern,
                                        LimitOutput, SaveAutoGrades)
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from sqlalchemy.exc import OperationalError
    import warnings
    warnings.filterwarnings("ignore")
    cfg = load_config(Path(course))
    cfg.CourseDirectory.submitted_directory = STAGED
    cfg.Autograde.autograde_preprocessors = [SandboxedExecute, IgnorePattern, ClearMetadataPreprocessor,
                                             LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    cfg.Autograde.create_student = True
    cfg.Autograde.force = True
    cfg.NbGraderApp.logfile = ""
    for attempt in range(8):
        _run_report.clear()
        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id = assignment
        coursedir.student_id = student
        converter = Autograde(coursedir=coursedir, config=cfg)
        converter.log.setLevel("ERROR")
        try:
            converter.start()
            stopped = _run_report.get("stopped")
            return student, ("; ".join(stopped) if stopped else None)
        except OperationalError:
            time.sleep(0.2 * (attempt + 1))
        except Exception as err:  # nbgrader's own refusal: the student still gets a row
            return student, f"nbgrader could not grade it: {str(err)[:200]}"
    return student, "the gradebook stayed busy; grade this student again"


@dataclass
class Row:
    student_id: str
    score: float
    max_score: float
    status: str
    reason: str


def grade_assignment(course: Path, assignment: str, jobs: int = 2, students: list[str] | None = None,
                     progress: bool = True) -> list[Row]:
    """Pre-check, autograde and report every submission of one assignment."""
    from nbgrader.api import Gradebook, MissingEntry
    course = course.resolve()
    ensure_generated(course, assignment)
    release_dir = course / "release" / assignment
    submissions = sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir())
    if students:
        submissions = [s for s in submissions if s in set(students)]
    cfg = load_config(course)
    with Gradebook(cfg.CourseDirectory.db_url) as gb:
        max_score = float(gb.find_assignment(assignment).max_score)
    prechecks = {}
    for student in submissions:
        staged = course / STAGED / student / assignment
        prechecks[student] = stage_submission(course / "submitted" / student / assignment, release_dir, staged, student)
    todo = [s for s in submissions if not prechecks[s].quarantined]
    stopped: dict[str, str | None] = {}
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=len(submissions), desc=f"grading {assignment}", unit="notebook")
        bar.update(len(submissions) - len(todo))
    if jobs <= 1:
        for student in todo:
            stopped.update([_grade_one(str(course), assignment, student)])
            if bar:
                bar.update(1)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_grade_one, str(course), assignment, s) for s in todo]
            for future in as_completed(futures):
                student, why = future.result()
                stopped[student] = why
                if bar:
                    bar.update(1)
    if bar:
        bar.close()
    rows = []
    with Gradebook(cfg.CourseDirectory.db_url) as gb:
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
            reasons = [r for r in (why, check.reason) if r]
            rows.append(Row(student, round(score, 6), max_score, "failed" if why else "graded", "; ".join(reasons)))
    write_csv(course / "grades" / f"{assignment}.csv", rows)
    return rows


def write_csv(path: Path, rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for r in rows:
            writer.writerow([r.student_id, f"{r.score:g}", f"{r.max_score:g}", r.status, r.reason])
    tmp.replace(path)

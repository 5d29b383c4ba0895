"""The grading worker's speed-ups change no grade: the independent result is stock nbgrader.

`m4d grade` opens nbgrader's gradebook on one engine per process
(m4d.grading.gradebook) and checks cell metadata with a schema validator built
once (m4d.grading.cell_metadata). Here nbgrader's own `Autograde` converter
grades the same submissions twice, once as nbgrader ships it and once with
those two replacements, into two copies of one gradebook, and every row must
agree. The judge is replaced by a stand-in step that fails the test cells a
table names, so the test needs no sandbox and stays fast.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

import nbformat
import pytest
from jsonschema import ValidationError as SchemaError
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbgrader.api import Gradebook
from nbgrader.preprocessors import CheckCellMetadata as StockCheckCellMetadata, NbGraderPreprocessor

from m4d.grading import gradebook as worker_gradebook
from m4d.grading.cell_metadata import CheckCellMetadata
from m4d.grading.gradebook import WorkerGradebook, one_engine_per_process

ASSIGNMENT = "s1"
# Which test cells each student fails (the stand-in for the judge's verdicts).
FAILS = {"amina": set(), "bruno": {"test_share"}, "chen": {"test_total", "test_share"}}


def _meta(**fields) -> dict:
    base = {"schema_version": 3, "grade": False, "solution": False, "locked": False}
    return {"nbgrader": {**base, **fields}}


def _source_notebook():
    return new_notebook(cells=[
        new_markdown_cell("Illustrative exercise.", metadata=_meta(locked=True, grade_id="intro")),
        new_code_cell("### BEGIN SOLUTION\ntotal = 3\n### END SOLUTION", metadata=_meta(solution=True, grade_id="answer")),
        new_code_cell("assert total == 3", metadata=_meta(grade=True, locked=True, points=2, grade_id="test_total")),
        new_code_cell("assert total / 6 == 0.5", metadata=_meta(grade=True, locked=True, points=1, grade_id="test_share")),
        new_markdown_cell("YOUR ANSWER HERE", metadata=_meta(grade=True, solution=True, points=3, grade_id="why")),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


class VerdictsFromTable(NbGraderPreprocessor):
    """Fails (an error output, as nbgrader's scoring reads it) the test cells FAILS names."""

    def preprocess(self, nb, resources):
        failing = FAILS[resources["nbgrader"]["student"]]
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") in failing:
                cell.outputs = [new_output("error", ename="AssertionError", evalue="", traceback=[])]
        return nb, resources


def _config(course: Path, check):
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import AssignLatePenalties, IgnorePattern, LimitOutput, SaveAutoGrades
    from traitlets.config import Config
    cfg = Config()
    cfg.CourseDirectory.root = str(course)
    cfg.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
    cfg.Autograde.create_student = True
    cfg.Autograde.sanitize_preprocessors = [check if step is StockCheckCellMetadata else step
                                            for step in Autograde.class_traits()["sanitize_preprocessors"].default()]
    cfg.Autograde.autograde_preprocessors = [VerdictsFromTable, IgnorePattern, LimitOutput, SaveAutoGrades,
                                             AssignLatePenalties, check]
    cfg.NbGraderApp.logfile = ""
    return cfg


@pytest.fixture(scope="module", autouse=True)
def alembic_on_path():
    # nbgrader runs `alembic` as a program when it makes a new gradebook.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATH", os.path.join(sys.prefix, "bin") + os.pathsep + os.environ.get("PATH", ""))
        yield


@pytest.fixture(scope="module")
def generated(tmp_path_factory, alembic_on_path) -> Path:
    """A course whose assignment nbgrader generated (gradebook and release) and four submissions."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    course = tmp_path_factory.mktemp("course")
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(_source_notebook(), course / "source" / ASSIGNMENT / "part1.ipynb")
    cfg = _config(course, StockCheckCellMetadata)
    cfg.GenerateAssignment.create_assignment = True
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = ASSIGNMENT
    GenerateAssignment(coursedir=coursedir, config=cfg).start()
    release = nbformat.read(course / "release" / ASSIGNMENT / "part1.ipynb", as_version=4)
    for student in FAILS:
        nb = nbformat.from_dict(release)
        nb.cells[1].source = "total = 3"
        nb.cells[4].source = f"Written answer of {student}."
        (course / "submitted" / student / ASSIGNMENT).mkdir(parents=True)
        nbformat.write(nb, course / "submitted" / student / ASSIGNMENT / "part1.ipynb")
    return course


def _autograde(course: Path, check, students) -> None:
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    cfg = _config(course, check)
    for student in students:
        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id = ASSIGNMENT
        coursedir.student_id = student
        converter = Autograde(coursedir=coursedir, config=cfg)
        converter.log.setLevel("CRITICAL")
        converter.start()


def _rows(course: Path) -> dict:
    """Every gradebook row that says something about a student, keyed by natural keys, read by stock nbgrader."""
    rows = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            rows[(sub.student.id, "score")] = (sub.score, sub.max_score, sub.late_submission_penalty,
                                               sub.needs_manual_grade)
            for nb in sub.notebooks:
                for grade in nb.grades:
                    rows[(sub.student.id, grade.name)] = (grade.auto_score, grade.manual_score, grade.extra_credit,
                                                          grade.needs_manual_grade, grade.max_score)
                for comment in nb.comments:
                    rows[(sub.student.id, "comment", comment.name)] = (comment.auto_comment, comment.manual_comment)
    with sqlite3.connect(course / "gradebook.db") as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows["row counts"] = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    return rows


def _copy(course: Path, to: Path) -> Path:
    shutil.copytree(course, to)
    return to


def test_shared_engine_writes_the_rows_stock_nbgrader_writes(generated, tmp_path):
    stock = _copy(generated, tmp_path / "stock")
    ours = _copy(generated, tmp_path / "ours")
    _autograde(stock, StockCheckCellMetadata, FAILS)
    with one_engine_per_process():
        _autograde(ours, CheckCellMetadata, FAILS)
        # Graded again (a re-grade): still the rows a stock re-grade leaves.
        _autograde(ours, CheckCellMetadata, ["bruno"])
    worker_gradebook.dispose_engines()
    _autograde(stock, StockCheckCellMetadata, ["bruno"])
    expected = _rows(stock)
    assert expected[("chen", "test_total")][0] == 0 and expected[("amina", "test_total")][0] == 2
    assert _rows(ours) == expected


def test_one_engine_serves_every_open_of_one_database_and_only_in_its_process(generated, tmp_path):
    course = _copy(generated, tmp_path / "c")
    url = f"sqlite:///{course / 'gradebook.db'}"
    # A second database (copied: making one runs nbgrader's `alembic`, seconds of start-up).
    shutil.copy(course / "gradebook.db", tmp_path / "other.db")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    try:
        with WorkerGradebook(url) as first, WorkerGradebook(url) as second, WorkerGradebook(other) as third:
            assert first.engine is second.engine and first.db is not second.db
            assert third.engine is not first.engine
            assert third.find_assignment(ASSIGNMENT).name == ASSIGNMENT
        parent_engine = first.engine
        pid = os.fork()
        if pid == 0:  # the child: a forked worker must build its own engine
            code = 0
            try:
                with WorkerGradebook(url) as child:
                    code = 0 if child.engine is not parent_engine and child.find_assignment(ASSIGNMENT) else 1
            except BaseException:
                code = 2
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        with WorkerGradebook(url) as again:  # the parent's engine is still its own, and still works
            assert again.engine is parent_engine and again.find_assignment(ASSIGNMENT).name == ASSIGNMENT
    finally:
        worker_gradebook.dispose_engines()


def test_the_block_restores_nbgraders_own_gradebook():
    import importlib
    modules = [importlib.import_module(name) for name in worker_gradebook.AUTOGRADE_MODULES]
    with one_engine_per_process():
        assert all(m.Gradebook is WorkerGradebook for m in modules)
    assert all(m.Gradebook is Gradebook for m in modules)


def test_every_nbgrader_step_of_autograde_that_opens_the_gradebook_is_covered():
    """A new nbgrader release that opens the gradebook from another module must be noticed."""
    import inspect
    from nbgrader.converters import Autograde
    steps = [Autograde, *Autograde.class_traits()["sanitize_preprocessors"].default(),
             *Autograde.class_traits()["autograde_preprocessors"].default()]
    opening = {inspect.getmodule(step).__name__ for step in steps
               if "Gradebook(" in inspect.getsource(inspect.getmodule(step))}
    assert opening and opening <= set(worker_gradebook.AUTOGRADE_MODULES)


def _broken(kind: str):
    nb = _source_notebook()
    meta = nb.cells[2].metadata["nbgrader"]
    if kind == "too old":
        meta["schema_version"] = 1
    elif kind == "too new":
        meta["schema_version"] = 4
    elif kind == "wrong type":
        meta["points"] = "two"
    elif kind == "no points":
        del meta["points"]
    elif kind == "duplicate id":
        meta["grade_id"] = "answer"
    return nb


@pytest.mark.parametrize("kind", ["valid", "too old", "too new", "wrong type", "no points", "duplicate id"])
def test_metadata_check_gives_stock_nbgraders_verdict(kind):
    verdicts = []
    for step in (StockCheckCellMetadata, CheckCellMetadata):
        try:
            step().preprocess(_broken(kind), {})
            verdicts.append("valid")
        except SchemaError as err:
            verdicts.append((type(err), str(err)))
        except Exception as err:  # nbgrader's schema-version errors
            verdicts.append((type(err), str(err)))
    assert verdicts[0] == verdicts[1]
    assert (verdicts[0] == "valid") == (kind == "valid")


@pytest.mark.parametrize("kind", ["too old", "too new", "wrong type", "duplicate id"])
def test_metadata_validator_raises_what_nbgrader_raises_for_each_cell(kind):
    from nbgrader.nbgraderformat import MetadataValidator as Stock
    from m4d.grading.cell_metadata import MetadataValidator
    raised = []
    for validator in (Stock(), MetadataValidator()):
        with pytest.raises(Exception) as caught:
            validator.validate_nb(_broken(kind))
        raised.append((type(caught.value), str(caught.value)))
    assert raised[0] == raised[1]

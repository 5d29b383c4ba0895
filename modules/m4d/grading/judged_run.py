"""nbgrader preprocessors that replace ``Execute`` in autograde: the judged run.

Composed in this order (:data:`JUDGED_RUN`), in nbgrader's style of small steps:

1. :class:`PlanJudgedRun`: which cells run where (student cells in the student's
   sandbox; locked cells in both; test cells, hidden tests included, in the judge,
   while the sandbox runs only their released part) and which files the sandbox
   gets (the released ones and the student's own, never the source folder's);
2. :class:`JudgeNotebook`: runs that plan (:mod:`m4d.grading.judge`);
3. :class:`WriteCellOutputs`: the student's and locked cells' outputs, all made
   before any test ran;
4. :class:`WriteTestVerdicts`: each test cell's verdict from the judge, written as
   nbgrader's own scoring reads it (an error output fails the cell), so that
   nbgrader's points, SaveAutoGrades and manual grading stay as they are.
"""
from __future__ import annotations

import ast
import base64
import dataclasses
from pathlib import Path

from nbformat.notebooknode import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor

from m4d.grading.judge_rules import released_source, role, strip_magics
from m4d.grading.sandbox import STARTUP_TIMEOUT_S, Limits, fresh_from_environment

NOT_FOR_THE_SANDBOX = ("timestamp.txt", "submission_secret.txt")
_judge = None  # this worker's judge process (m4d.grading.judge.JudgeClient)
report: dict = {}  # what the last notebook's run says for the grades CSV


def trusted_imports(nb) -> str:
    """The import lines of the instructor's locked and test cells."""
    lines = []
    for cell in nb.cells:
        if role(cell) not in ("locked", "test"):
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


def imported_modules(imports: str) -> tuple[str, ...]:
    """The modules named by the instructor's import lines (loaded by the sandbox's template up front)."""
    names = []
    for node in ast.parse(imports).body if imports else []:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return tuple(dict.fromkeys(names))


# Loaded by the template besides the assignment's own imports: what the course's
# assignments and toolbox use, so a notebook does not pay for loading them.
PRELOAD = ("numpy", "pandas", "m4d")


class PlanJudgedRun(NbGraderPreprocessor):
    """Says who runs each code cell, and which files the student's sandbox gets."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        cells = []
        for cell in nb.cells:
            kind = role(cell)
            if kind == "text":
                continue
            entry = {"role": kind, "source": strip_magics(cell.source),
                     "grade_id": cell.metadata.get("nbgrader", {}).get("grade_id")}
            if kind == "test":
                entry["released"] = strip_magics(released_source(cell.source))
            cells.append(entry)
        directory = self.config.CourseDirectory
        course = Path(directory.get("root", "."))
        assignment = resources["nbgrader"]["assignment"]
        source = course / directory.get("source_directory", "source") / assignment
        release = course / directory.get("release_directory", "release") / assignment
        folder = Path(resources.get("metadata", {}).get("path", "."))
        files = {}
        # The student's own files (nbgrader copied the source folder's over them:
        # those are left out), then the released ones.
        for root, skip in ((folder, source), (release, None)):
            for path in sorted(root.rglob("*")) if root.is_dir() else []:
                rel = str(path.relative_to(root))
                if not path.is_file() or path.is_symlink() or path.suffix == ".ipynb" or \
                        path.name in NOT_FOR_THE_SANDBOX or (skip is not None and (skip / rel).exists()):
                    continue
                files[rel] = base64.b64encode(path.read_bytes()).decode()
        timeout = float(self.config.Execute.get("timeout", 60) or 60)
        limits = Limits(cell_timeout_s=timeout, notebook_timeout_s=timeout * 5)
        preload = tuple(dict.fromkeys(PRELOAD + imported_modules(trusted_imports(nb))))
        resources["m4d_job"] = {"cells": cells, "files": files, "judge_files": str(source), "preload": list(preload),
                                "limits": dataclasses.asdict(limits),
                                "fresh": fresh_from_environment(),
                                # The hidden tests (source/) and the gradebook: no readable root may show them.
                                "private": sorted({str(course.resolve()), str(source.resolve())})}
        return nb, resources


class JudgeNotebook(NbGraderPreprocessor):
    """Runs the plan: the student's cells in a sandbox process, the tests in the judge."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        global _judge
        from m4d.grading.judge import JudgeClient
        if _judge is None:
            from multiprocessing.util import Finalize
            _judge = JudgeClient()
            # Runs when this process ends, a grading worker of a pool included.
            Finalize(_judge, _judge.finish, exitpriority=10)
        job = resources["m4d_job"]
        run = _judge.grade(job, timeout=job["limits"]["notebook_timeout_s"] + STARTUP_TIMEOUT_S + 60)
        if "unavailable" in run:
            # Not the student's fault: nbgrader must not score this notebook.
            report["unavailable"] = run["unavailable"]
            raise RuntimeError(run["unavailable"])
        if "lost" in run:
            run = {"cells": [None] * len(job["cells"]), "stopped": run["lost"], "boundary": [], "notes": [], "failed": []}
        resources["m4d_run"] = run
        for key in ("boundary", "notes", "failed"):
            report.setdefault(key, []).extend(run.get(key) or [])
        if run.get("stopped"):
            report.setdefault("stopped", []).append(run["stopped"])
        return nb, resources


def _with_results(nb, resources):
    return zip([c for c in nb.cells if c.cell_type == "code"], resources["m4d_run"]["cells"])


def _error(result) -> list:
    ename, evalue, line = result["error"]
    return [new_output("error", ename=ename, evalue=evalue, traceback=[line])]


class WriteCellOutputs(NbGraderPreprocessor):
    """The student's and locked cells' outputs, as the sandbox ran them before any test."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        for cell, result in _with_results(nb, resources):
            if role(cell) == "test":
                continue
            cell.outputs, cell.execution_count = [], None
            if result is None:
                continue
            cell.outputs = [new_output("stream", name=name, text=text) for name, text in result["out"]]
            if result["truncated"]:
                cell.outputs.append(new_output("stream", name="stdout", text="\n[output truncated: over the limit]\n"))
            if result["error"]:
                cell.outputs += _error(result)
        return nb, resources


class WriteTestVerdicts(NbGraderPreprocessor):
    """Each test cell's verdict from the judge, as nbgrader's scoring reads it.

    A passed test shows what the test printed, on stdout (so a warning costs
    nothing); a failed one also gets an error output, which nbgrader scores 0; a
    test that did not run says why.
    """

    def preprocess(self, nb: NotebookNode, resources: dict):
        stopped = resources["m4d_run"].get("stopped") or "not run"
        for cell, result in _with_results(nb, resources):
            if role(cell) != "test":
                continue
            cell.execution_count = None
            if result is None:
                cell.outputs = [new_output("error", ename="NotRun", evalue=stopped,
                                           traceback=[f"This test did not run: {stopped}"])]
                continue
            cell.outputs = [new_output("stream", name="stdout", text=text) for _, text in result["out"]]
            if result["error"]:
                cell.outputs += _error(result)
        return nb, resources


JUDGED_RUN = [PlanJudgedRun, JudgeNotebook, WriteCellOutputs, WriteTestVerdicts]

"""Feedback for students that never shows hidden tests.

nbgrader's ``generate_feedback`` renders the autograded notebook, which holds
the hidden tests (they were put back for grading) and their tracebacks. Before
rendering, every test cell's source is replaced by the released version (hidden
tests removed), its outputs are replaced by one line saying whether it passed,
and any line of a hidden test that a student's code printed elsewhere is
blanked out.

The notebooks in ``autograded/`` are never written, moved or chmod-ed: the
formgrader and manual grading read them, and on a hub they belong to whoever
graded. The scrubbed copies are made in a private folder of the grader's own
(with the files nbgrader's ``release_feedback`` needs: ``timestamp.txt`` and
``submission_secret.txt``), rendered into ``feedback/``, and the private folder
is removed.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import nbformat

from m4d.grading.autograde import load_config

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n?(.*?)### END HIDDEN TESTS\n?", re.S)


def hidden_lines(source_nb) -> list[str]:
    lines = []
    for cell in source_nb.cells:
        for block in HIDDEN.findall(cell.source):
            lines += [l.strip() for l in block.splitlines() if len(l.strip()) >= 8]
    return lines


def scrub_notebook(nb, release_nb, source_nb):
    """Return nb with no hidden test in any source or output."""
    released = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in release_nb.cells}
    secret = hidden_lines(source_nb)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            rel = released.get(meta.get("grade_id"))
            cell.source = HIDDEN.sub("", rel.source if rel is not None else cell.source)
            failed = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
            cell.outputs = [nbformat.v4.new_output(
                "stream", name="stdout",
                text="Some tests in this cell did not pass.\n" if failed else "All tests in this cell passed.\n")]
        for out in cell.get("outputs", []):
            for key in ("text",):
                if key in out:
                    out[key] = _blank(out[key], secret)
            if "traceback" in out:
                out["traceback"] = [_blank(t, secret) for t in out["traceback"]]
            if "evalue" in out:
                out["evalue"] = _blank(out["evalue"], secret)
            for mime, value in list(out.get("data", {}).items()):
                if isinstance(value, str):
                    out["data"][mime] = _blank(value, secret)
    return nb


def _blank(text, secret):
    text = "".join(text) if isinstance(text, list) else str(text)
    for line in secret:
        text = text.replace(line, "[hidden test]")
    return text


def generate_feedback(course: Path, assignment: str, students: list[str] | None = None,
                      db_url: str | None = None) -> list[Path]:
    """Write feedback/<student>/<assignment>/*.html for every autograded student.

    Reads autograded/ and never changes it (see the module's docstring).
    """
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    course = course.resolve()
    written = []
    with tempfile.TemporaryDirectory(prefix="m4d-feedback-") as private:
        staging = Path(private)
        for folder in sorted((course / "autograded").glob(f"*/{assignment}")):
            student = folder.parent.name
            if students and student not in students:
                continue
            copy = staging / student / assignment
            # Every file nbgrader's feedback steps read, as plain copies (no modes kept).
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    target = copy / path.relative_to(folder)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
            for path in sorted(copy.glob("*.ipynb")):
                nb = nbformat.read(path, as_version=4)
                release = nbformat.read(course / "release" / assignment / path.name, as_version=4)
                source = nbformat.read(course / "source" / assignment / path.name, as_version=4)
                nbformat.write(scrub_notebook(nb, release, source), path)
            cfg = load_config(course, db_url)
            cfg.GenerateFeedback.force = True
            cfg.CourseDirectory.autograded_directory = str(staging)
            coursedir = CourseDirectory(config=cfg)
            coursedir.assignment_id, coursedir.student_id = assignment, student
            GenerateFeedback(coursedir=coursedir, config=cfg).start()
            written += sorted((course / "feedback" / student / assignment).glob("*.html"))
    return written

"""A student's submission as nbgrader's exchange leaves it: the released notebook with some answers."""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat


def submit(course: Path, assignment: str, notebook: str, student: str, answers: dict | None) -> None:
    """Write ``student``'s copy of the released ``notebook`` into ``submitted/``, with ``answers``
    (grade id -> cell source; None hands the notebook in blank) and the assignment's data files."""
    released = course / "release" / assignment
    nb = nbformat.read(released / notebook, as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if answers is not None and gid in answers:
            cell.source = answers[gid]
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / notebook)
    for extra in released.iterdir():
        if extra.is_file() and extra.suffix != ".ipynb":
            shutil.copy(extra, folder / extra.name)

"""Grades out of the gradebook: plain CSV, Moodle's and Canvas's import formats.

- plain: student_id, assignment, score, max_score
- moodle: a CSV for Moodle's "Import grades from CSV" (an identifier column that
  maps to the user's ID number, then one column per assignment with the score)
- canvas: a CSV in the shape of Canvas's gradebook export (Student, ID, SIS User
  ID, Section, then one "name (id)" column per assignment, with a "Points
  Possible" row), which Canvas imports back.
"""
from __future__ import annotations

import csv
from pathlib import Path

from m4d.errors import InputError
from m4d.grading.autograde import load_config, open_gradebook

FORMATS = ("plain", "moodle", "canvas")


def gradebook_scores(course: Path, db_url: str | None = None
                     ) -> tuple[list[str], dict[str, float], dict[str, dict[str, float]]]:
    from nbgrader.api import MissingEntry
    cfg = load_config(course, db_url)
    scores: dict[str, dict[str, float]] = {}
    with open_gradebook(cfg) as gb:
        assignments = [a.name for a in gb.assignments]
        maxima = {a.name: float(a.max_score) for a in gb.assignments}
        for student in gb.students:
            row = scores.setdefault(student.id, {})
            for name in assignments:
                try:
                    row[name] = float(gb.find_submission(name, student.id).score)
                except MissingEntry:
                    row[name] = 0.0
    return assignments, maxima, scores


def export_grades(course: Path, fmt: str, out: Path, db_url: str | None = None) -> Path:
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    assignments, maxima, scores = gradebook_scores(course.resolve(), db_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        if fmt == "plain":
            w.writerow(["student_id", "assignment", "score", "max_score"])
            for sid in sorted(scores):
                for a in assignments:
                    w.writerow([sid, a, f"{scores[sid][a]:g}", f"{maxima[a]:g}"])
        elif fmt == "moodle":
            w.writerow(["ID number"] + assignments)
            for sid in sorted(scores):
                w.writerow([sid] + [f"{scores[sid][a]:g}" for a in assignments])
        else:
            w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + assignments)
            w.writerow(["    Points Possible", "", "", "", ""] + [f"{maxima[a]:g}" for a in assignments])
            for sid in sorted(scores):
                w.writerow([sid, "", sid, sid, ""] + [f"{scores[sid][a]:g}" for a in assignments])
    return out

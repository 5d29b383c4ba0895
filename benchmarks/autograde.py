"""Stock `nbgrader autograde` against `m4d grade` on 40 realistic submissions.

Both grade the same 40 submissions of one assignment (a real course assignment
when one exists in exercises/source, else the grading corpus assignment): a mix
of complete, partly wrong and unanswered notebooks. Prints stock_s, ours_s and,
last, ratio: ours/stock. The scores of both must agree.
"""
from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SOLUTION_MARK = ("### BEGIN SOLUTION", "### END SOLUTION")
# nbgrader runs `alembic` as a program when it creates a gradebook.
os.environ["PATH"] = str(BIN) + os.pathsep + os.environ.get("PATH", "")


def pick_assignment() -> tuple[Path, str]:
    """The first real assignment that generates, else the corpus assignment."""
    real = ROOT / "exercises" / "source"
    for folder in sorted(real.iterdir()) if real.exists() else []:
        if folder.is_dir() and any(folder.glob("*.ipynb")):
            with tempfile.TemporaryDirectory() as tmp:
                shutil.copy(ROOT / "exercises" / "nbgrader_config.py", tmp)
                shutil.copytree(folder, Path(tmp) / "source" / folder.name)
                done = subprocess.run([str(BIN / "nbgrader"), "generate_assignment", folder.name, "--force"],
                                      cwd=tmp, capture_output=True)
            if done.returncode == 0:
                return real, folder.name
    return ROOT / "tests" / "grading_corpus" / "source", "g1_corpus"


def make_course(base: Path, source_root: Path, name: str) -> Path:
    course = base / "course"
    course.mkdir()
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course)
    shutil.copytree(source_root / name, course / "source" / name)
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", name, "--force"], cwd=course, check=True,
                   capture_output=True)
    rng = random.Random(2024)
    for i in range(40):
        student = f"s{i:02d}"
        for release in (course / "release" / name).glob("*.ipynb"):
            source = nbformat.read(course / "source" / name / release.name, as_version=4)
            answers = {}
            for cell in source.cells:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("solution"):
                    body = "\n".join(l for l in cell.source.splitlines() if l.strip() not in SOLUTION_MARK)
                    roll = rng.random()
                    answers[meta["grade_id"]] = body if roll < 0.7 else (body + "\nraise ValueError('wrong')" if roll < 0.85 else None)
            nb = nbformat.read(release, as_version=4)
            for cell in nb.cells:
                gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                if answers.get(gid):
                    cell.source = answers[gid]
            target = course / "submitted" / student / name
            target.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, target / release.name)
        for extra in (course / "release" / name).iterdir():
            if extra.is_file() and extra.suffix != ".ipynb":
                shutil.copy(extra, course / "submitted" / student / name / extra.name)
    return course


def stock_scores(course: Path, name: str) -> dict[str, float]:
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(name)}


def main() -> None:
    source_root, name = pick_assignment()
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "stock", Path(tmp) / "ours"
        a.mkdir(), b.mkdir()
        stock_course = make_course(a, source_root, name)
        our_course = make_course(b, source_root, name)
        t0 = time.perf_counter()
        subprocess.run([str(BIN / "nbgrader"), "autograde", name], cwd=stock_course, check=True, capture_output=True)
        stock_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([str(BIN / "m4d"), "grade", name, "--course", str(our_course), "--jobs", "2", "--quiet"],
                       check=True, capture_output=True)
        ours_s = time.perf_counter() - t0
        stock = stock_scores(stock_course, name)
        with (our_course / "grades" / f"{name}.csv").open(newline="") as fh:
            ours = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}
        differ = {s: (stock.get(s), ours.get(s)) for s in set(stock) | set(ours) if stock.get(s) != ours.get(s)}
        print(f"assignment: {name}")
        print(f"submissions: {len(ours)}")
        print(f"scores_agree: {not differ}")
        if differ:
            print(f"differences: {differ}")
        print(f"stock_s: {stock_s:.2f}")
        print(f"ours_s: {ours_s:.2f}")
        print(f"ratio: {ours_s / stock_s:.3f}")
        if differ:
            sys.exit(1)


if __name__ == "__main__":
    main()

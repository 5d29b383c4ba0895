"""Stock `nbgrader autograde` against `m4d grade` on 40 realistic submissions.

Both grade the same 40 submissions of one assignment (``--assignment NAME``, else
the first real course assignment in exercises/source, else the grading corpus
assignment): a mix
of complete, partly wrong and unanswered notebooks, in the same run. `m4d grade`
runs every notebook's tests in the judge; `ratio` times it in the default, forked mode
(M4D_SANDBOX_FRESH unset: each notebook forked from one sandbox's clean template into
namespaces and a uid of its own, the figure the grading issue's goal is about); with
--fresh it is timed a second time with a new bubblewrap sandbox for every notebook
(M4D_SANDBOX_FRESH=1, with spare sandboxes started ahead: ratio_bwrap_per_notebook). The scores must agree. CPU seconds (*_cpu_s) are printed too,
since wall time on a shared machine depends on the load; they are what the benchmark's
waited children used: nbgrader or `m4d grade`, its workers and the judges, but NOT any
process inside a bubblewrap sandbox (templates, the students' processes, snapshots): none
of them reaches this process's children's time (measured: importing numpy and pandas in a
sandbox adds 0.0 s to it, 1.1 s outside one; the templates reap the notebooks' processes
without waiting). `cpu_covers:` says so in the output. The benchmark also prints
the wall time per notebook of the batch with that rate for a class of 30
(ours_per_notebook_s, ours_class_of_30_s).

Also: judge_call_p95_ms (and its median), the time a test in the judge waits for
one call of a student's function that returns a 1,000-row DataFrame (the call,
both codecs and the pipes), over 300 calls; the same for a 10,000-row DataFrame
with a column of distinct text (judge_call_10k_rows_with_text_*); and the 1-minute
load average, since these times depend on what else the machine runs.
"""
from __future__ import annotations

import csv
import os
import random
import resource
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
    """The assignment named by --assignment NAME, else the first real one that generates,
    else the corpus assignment."""
    real = ROOT / "exercises" / "source"
    if "--assignment" in sys.argv:
        wanted = sys.argv[sys.argv.index("--assignment") + 1]
        if not (real / wanted).is_dir():
            raise SystemExit(f"--assignment {wanted}: no such folder in {real}")
        return real, wanted
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


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def call_notebook(rows: int = 1000, names: bool = False) -> list[dict]:
    """A student's function that returns a table of ``rows`` households (with a column of
    distinct names, text, when ``names``), and a test that calls it 300 times."""
    columns = 6 if names else 5
    return [
        {"role": "student", "grade_id": "answer", "source": (
            "import numpy as np, pandas as pd\n"
            f"rng = np.random.default_rng(1)\nN = {rows}\n"
            "TABLE = pd.DataFrame({'household': np.arange(N), 'stratum': rng.choice(['city', 'town', 'rural'], N),\n"
            "                      'weight': rng.random(N) * 50, 'abroad': rng.random(N) < 0.2,\n"
            "                      'members': rng.integers(1, 9, N)})\n"
            + ("TABLE['name'] = [f'household {i} of the survey' for i in range(N)]\n" if names else "")
            + "def households():\n    return TABLE\n")},
        {"role": "test", "grade_id": "timing", "released": "", "source": (
            "import time\nimport numpy as np\nimport pandas as pd\n"
            "times = []\n"
            "for _ in range(300):\n"
            "    start = time.perf_counter()\n"
            "    table = households()\n"
            "    times.append((time.perf_counter() - start) * 1000)\n"
            f"assert type(table) is pd.DataFrame and table.shape == ({rows}, {columns})\n"
            "print(f'{np.percentile(times, 95):.3f} {np.median(times):.3f}')\n")},
    ]


CALL_NOTEBOOK = call_notebook()


def judge_call_ms(rows: int = 1000, names: bool = False) -> tuple[float, float]:
    """p95 and median (ms) of one call from a test to a student's function returning ``rows`` rows."""
    import dataclasses
    from m4d.grading.judge import NotebookJudge
    from m4d.grading.sandbox import Limits, Sandbox
    limits = Limits(cell_timeout_s=120, notebook_timeout_s=300)
    sandbox = Sandbox(limits=limits, preload=("numpy", "pandas"))
    cells = CALL_NOTEBOOK if (rows, names) == (1000, False) else call_notebook(rows, names)
    try:
        run = NotebookJudge(sandbox, {"cells": cells, "files": {}, "limits": dataclasses.asdict(limits)}).run()
    finally:
        sandbox.close()
    test = run["cells"][1]
    if not test or not test["ok"]:
        raise SystemExit(f"the timing test failed: {test}")
    p95, median = test["out"][0][1].split()
    return float(p95), float(median)


def timed_grade(course: Path, name: str, env: dict, label: str) -> tuple[float, float, dict[str, float]]:
    """Wall and CPU seconds of one `m4d grade` run, and the scores of its grades CSV.

    What `m4d grade` printed is shown when it fails or writes no CSV, so that a
    failure says why instead of ending in a missing file.
    """
    cpu0, t0 = _cpu_of_children(), time.perf_counter()
    done = subprocess.run([str(BIN / "m4d"), "grade", name, "--course", str(course), "--jobs", "2", "--quiet"],
                          capture_output=True, text=True, env=env)
    wall, cpu = time.perf_counter() - t0, _cpu_of_children() - cpu0
    grades = course / "grades" / f"{name}.csv"
    if done.returncode != 0 or not grades.exists():
        raise SystemExit(f"m4d grade ({label}) failed with exit code {done.returncode}"
                         f"{'' if grades.exists() else ' and wrote no ' + str(grades)}:\n"
                         f"--- stdout ---\n{done.stdout[-4000:]}\n--- stderr ---\n{done.stderr[-4000:]}")
    with grades.open(newline="") as fh:
        return wall, cpu, {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}


def main() -> None:
    fresh = "--fresh" in sys.argv
    p95, median = judge_call_ms()
    print(f"judge_call_median_ms: {median:.3f}")
    print(f"judge_call_p95_ms: {p95:.3f}")
    p95, median = judge_call_ms(rows=10_000, names=True)
    print(f"judge_call_10k_rows_with_text_median_ms: {median:.3f}")
    print(f"judge_call_10k_rows_with_text_p95_ms: {p95:.3f}")
    print(f"load_average_1min: {os.getloadavg()[0]:.2f}")
    source_root, name = pick_assignment()
    with tempfile.TemporaryDirectory() as tmp:
        courses = {}
        for label in ("stock", "ours", "fresh")[: 3 if fresh else 2]:
            (Path(tmp) / label).mkdir()
            courses[label] = make_course(Path(tmp) / label, source_root, name)
        cpu0, t0 = _cpu_of_children(), time.perf_counter()
        subprocess.run([str(BIN / "nbgrader"), "autograde", name], cwd=courses["stock"], check=True, capture_output=True)
        stock_s, stock_cpu = time.perf_counter() - t0, _cpu_of_children() - cpu0
        default = {k: v for k, v in os.environ.items() if k != "M4D_SANDBOX_FRESH"}  # the default: forked
        ours_s, ours_cpu, ours = timed_grade(courses["ours"], name, default, "forked (the default)")
        stock = stock_scores(courses["stock"], name)
        differ = {("ours", s): (stock.get(s), ours.get(s)) for s in set(stock) | set(ours)
                  if stock.get(s) != ours.get(s)}
        if fresh:
            # Read only once it has run: its grades CSV does not exist before.
            fresh_s, fresh_cpu, again = timed_grade(courses["fresh"], name, {**os.environ, "M4D_SANDBOX_FRESH": "1"},
                                                    "a new sandbox per notebook")
            differ.update({("fresh", s): (stock.get(s), again.get(s)) for s in set(stock) | set(again)
                           if stock.get(s) != again.get(s)})
        print(f"assignment: {name}")
        print(f"submissions: {len(ours)}")
        print(f"scores_agree: {not differ}")
        if differ:
            print(f"differences: {differ}")
        print(f"stock_s: {stock_s:.2f}")
        print(f"stock_cpu_s: {stock_cpu:.2f}")
        print(f"ours_s: {ours_s:.2f}")
        print(f"ours_cpu_s: {ours_cpu:.2f}")
        # Wall time per notebook of this batch (2 workers), and that rate for a class of 30.
        print(f"ours_per_notebook_s: {ours_s / len(ours):.3f}")
        print(f"ours_class_of_30_s: {ours_s / len(ours) * 30:.1f}")
        if fresh:
            print(f"bwrap_per_notebook_s: {fresh_s:.2f}")
            print(f"bwrap_per_notebook_cpu_s: {fresh_cpu:.2f}")
            print(f"ratio_bwrap_per_notebook: {fresh_s / stock_s:.3f}")
        print(f"ratio: {ours_s / stock_s:.3f}")
        print(f"load_average_1min: {os.getloadavg()[0]:.2f}")
        print("cpu_covers: stock: nbgrader and its kernels (student code included); ours and fresh: m4d grade, "
              "its workers and judges only, no process inside a sandbox (so not comparable with stock_cpu_s)")
        if differ:
            sys.exit(1)


if __name__ == "__main__":
    main()

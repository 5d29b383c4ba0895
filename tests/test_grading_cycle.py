"""The grading cycle leaves graders' work intact and works for every grader account.

Built from the small corpus assignment (tests/grading_corpus/source/g1_corpus):
- `m4d feedback` (also with --return) reads autograded/ and never writes, moves or
  chmods anything in it: the formgrader and manual grading read those notebooks;
- a grading run that cannot grade (no sandbox on this machine) says why in one
  clear line and changes no grade, no CSV row and no autograded notebook;
- a second account grades on the same machine after root has graded: the sandbox
  state that root made (uid claims) is not in its way;
- an honest student who uses the course's own toolbox (`from m4d.survey import ...`)
  gets, while graded, the same result as in their own kernel.
"""
from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ASSIGNMENT = "g1_corpus"
NOBODY = 65534

pytestmark = pytest.mark.slow

HONEST = {
    "answer_share": "def share(part, whole):\n    return part / whole",
    "answer_total": "total = 10",
    "answer_mean": "def mean_of(values):\n    return float(np.mean(values))",
}


def _survey_answer() -> str:
    """An answer that earns the 'total' mark only if m4d.survey gives, while graded,
    exactly what it gives here (in the student's own kernel)."""
    from m4d.survey import sample_size_proportion
    expected = repr(sample_size_proportion(0.05, proportion=0.3, design_effect=1.5, response_rate=0.8))
    return ("from m4d.survey import sample_size_proportion\n"
            "plan = sample_size_proportion(0.05, proportion=0.3, design_effect=1.5, response_rate=0.8)\n"
            f"total = 10 if repr(plan) == {expected!r} else 11")


def _env(**extra) -> dict:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **extra}


def _m4d(course: Path, *args: str, env=None, user: int | None = None) -> subprocess.CompletedProcess:
    cmd = [str(BIN / "m4d"), *args, "--course", str(course)]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env or _env(), cwd=course)


def _submit(course: Path, student: str, answers: dict | None) -> None:
    nb = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if answers and gid in answers:
            cell.source = answers[gid]
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")
    if student != "blank":
        # What nbgrader's submit writes; the blank one was put here by hand.
        (folder / "timestamp.txt").write_text("2026-03-02 10:00:00.000000 UTC")
        (folder / "submission_secret.txt").write_text(hashlib.sha256(student.encode()).hexdigest())


def _new_course(base: Path) -> Path:
    course = base / "course"
    course.mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course)
    with (course / "nbgrader_config.py").open("a") as fh:
        # The exchange of this course only (a hub configures the machine's own).
        fh.write(f"\nc.Exchange.root = {str(course / 'exchange')!r}\n")
    (course / "exchange").mkdir(mode=0o777)
    shutil.copytree(ROOT / "tests" / "grading_corpus" / "source", course / "source")
    done = _m4d(course, "generate", ASSIGNMENT)
    assert done.returncode == 0, done.stderr[-2000:]
    _submit(course, "honest", HONEST)
    _submit(course, "survey_user", {**HONEST, "answer_total": _survey_answer()})
    _submit(course, "blank", None)
    return course


def _rows(course: Path) -> dict:
    with (course / "grades" / f"{ASSIGNMENT}.csv").open(newline="", encoding="utf-8") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh)}


def _state(folder: Path) -> dict:
    """Every file under a folder: content hash, mode and modification time."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode,
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test`")
    course = _new_course(tmp_path_factory.mktemp("cycle"))
    done = _m4d(course, "grade", ASSIGNMENT, "--jobs", "2", "--quiet")
    assert done.returncode == 0, done.stderr[-3000:]
    return course


def test_toolbox_import_gives_the_same_result_while_graded_as_in_the_kernel(graded):
    rows = _rows(graded)
    assert (rows["survey_user"]["status"], float(rows["survey_user"]["score"])) == ("graded", 4.0), \
        rows["survey_user"]["reason"]
    assert float(rows["honest"]["score"]) == 4.0 and float(rows["blank"]["score"]) == 0.0


def test_feedback_never_writes_or_chmods_autograded_notebooks(graded):
    autograded = graded / "autograded"
    # As on a hub, where the autograded notebooks are read-only for the trainer.
    for path in autograded.rglob("*"):
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = _state(autograded)
    try:
        done = _m4d(graded, "feedback", ASSIGNMENT, "--return")
        assert done.returncode == 0, done.stderr[-3000:]
        assert _state(autograded) == before
    finally:
        for path in autograded.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
    pages = sorted((graded / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert {p.parts[-3] for p in pages} == {"honest", "survey_user", "blank"}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "share(3, 4)" not in text and "mean_of([2, 4])" not in text, page
    # --return put the page of every student who handed in through the exchange
    # there, and named the one who did not.
    released = list((graded / "exchange").rglob("feedback/*.html"))
    assert len(released) == 2
    assert "not returned" in done.stderr and "blank" in done.stderr


def test_a_run_that_cannot_grade_says_why_and_keeps_earlier_results(graded):
    autograded_before = _state(graded / "autograded")
    csv_before = (graded / "grades" / f"{ASSIGNMENT}.csv").read_bytes()
    gradebook_before = hashlib.sha256((graded / "gradebook.db").read_bytes()).hexdigest()
    # No bubblewrap on the PATH: nothing can be graded safely.
    done = _m4d(graded, "grade", ASSIGNMENT, "--jobs", "2", "--quiet", env=_env(PATH=str(BIN)))
    assert done.returncode != 0
    assert "bubblewrap" in done.stderr and "Traceback" not in done.stderr and "above traceback" not in done.stderr
    assert _state(graded / "autograded") == autograded_before
    assert (graded / "grades" / f"{ASSIGNMENT}.csv").read_bytes() == csv_before
    assert hashlib.sha256((graded / "gradebook.db").read_bytes()).hexdigest() == gradebook_before
    assert not list(graded.glob(".m4d-grading-*")), "the run's private folder is removed"


def _usable_by_another_account() -> bool:
    """Can another account run this virtual environment's Python (not when it lives under /root)?"""
    probe = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable,
                            "-c", "import subprocess, sys; subprocess.run([sys.executable, '-c', '0'], check=True)"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as a second account")
def test_another_account_grades_after_root_has_graded(graded):
    """Root graded first (its sandboxes claimed uids); an ordinary account grades its own course."""
    import tempfile
    if not _usable_by_another_account():
        pytest.skip(f"{sys.executable} resolves into a folder other accounts cannot enter; "
                    "tests/test_grading_sandbox_identity.py covers the claim logic")
    # Outside pytest's own folder, which only root may enter.
    top = Path(tempfile.mkdtemp(prefix="m4d-second-grader-"))
    try:
        home = top / "home"
        home.mkdir()
        course = _new_course(top / "theirs")
        for path in [top, *top.rglob("*")]:
            os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
        done = _m4d(course, "grade", ASSIGNMENT, "--jobs", "2", "--quiet", user=NOBODY,
                    env=_env(HOME=str(home), TMPDIR=str(home)))
        assert done.returncode == 0, done.stderr[-3000:]
        rows = _rows(course)
    finally:
        shutil.rmtree(top, ignore_errors=True)
    assert {s: (r["status"], float(r["score"])) for s, r in rows.items()} == \
        {"honest": ("graded", 4.0), "survey_user": ("graded", 4.0), "blank": ("graded", 0.0)}

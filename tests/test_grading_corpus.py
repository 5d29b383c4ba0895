"""The grading pipeline holds against broken and hostile submissions.

A corpus of submissions is built from a small assignment
(tests/grading_corpus/source/g1_corpus: 2 points for share, 1 for total, 1 for
mean_of; 4 in all) and graded in one batch by `m4d grade`. Each case states the
status and score it must get: a hostile notebook never earns more than its
honest answers, and one broken notebook never stops the batch.

The real assignments are attacked in tests/test_grading_hostile.py.

Since tests run in the judge, a notebook that kills its own process (os._exit,
SIGKILL) or writes into the grader's channel stops the run there (status
`failed`): tests before it keep their marks, later ones earn 0. A thread left
running no longer costs marks, since it cannot touch the tests.
"""
from __future__ import annotations

import copy
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "grading_corpus"
ASSIGNMENT = "g1_corpus"
BIN = Path(sys.executable).parent

GOOD = {
    "answer_share": "def share(part, whole):\n    return part / whole",
    "answer_total": "total = 10",
    # A correct answer that prints a warning on stderr: it must not cost marks.
    "answer_mean": "def mean_of(values):\n    import warnings\n    warnings.warn('check your values')\n    return float(np.mean(values))",
}
WITHOUT_TOTAL = 3.0  # share (2) + mean (1)

# name: (answers replacing GOOD's, expected status, expected score)
ANSWER_CASES = {
    "honest": ({}, "graded", 4.0),
    "wrong_total": ({"answer_total": "total = 11"}, "graded", WITHOUT_TOTAL),
    "always_equal": ({"answer_total": "class Anything(int):\n    def __eq__(self, other):\n        return True\ntotal = Anything(3)"}, "graded", WITHOUT_TOTAL),
    # Breaks the notebook's own process (its runner uses type()): the run stops there.
    "patched_builtins": ({"answer_total": "import builtins\nbuiltins.type = lambda obj: int\nbuiltins.isinstance = lambda *a: True\ntotal = 'ten'"}, "failed", 2.0),
    "patched_assert_helper": ({"answer_mean": "import math\nmath.isclose = lambda *a, **k: True\ndef mean_of(values):\n    return 0.0"}, "graded", 3.0),
    "shadowed_builtin_in_namespace": ({"answer_total": "type = lambda obj: int\ntotal = 'ten'"}, "graded", WITHOUT_TOTAL),
    "rebound_module_name": ({"answer_mean": "class FakeMath:\n    def isclose(self, *a, **k):\n        return True\nmath = FakeMath()\ndef mean_of(values):\n    return 0.0"}, "graded", 3.0),
    "patched_error_display": ({"answer_total": "import sys\nsys.excepthook = lambda *a: None\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "frame_introspection": ({"answer_share": "import sys\ndef share(part, whole):\n    frame = sys._getframe(1)\n    print(frame.f_code.co_consts)\n    return 0.25"}, "graded", 2.0),
    "traceback_introspection": ({"answer_share": "def share(part, whole):\n    try:\n        raise ValueError\n    except ValueError as e:\n        print(e.__traceback__.tb_frame.f_back.f_code.co_consts)\n    return 0.25"}, "graded", 2.0),
    "gc_introspection": ({"answer_total": "import gc\nfound = [o for o in gc.get_objects() if isinstance(o, list)]\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "settrace_skips_asserts": ({"answer_total": "import sys\nsys.settrace(lambda *a: None)\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "sys_exit": ({"answer_total": "import sys\nsys.exit(0)"}, "graded", WITHOUT_TOTAL),
    "os_exit": ({"answer_total": "import os\nos._exit(0)"}, "failed", 2.0),
    "kill_kernel": ({"answer_total": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\ntotal = 11"}, "failed", 2.0),
    "infinite_loop": ({"answer_total": "while True:\n    pass"}, "failed", 2.0),
    "runaway_recursion": ({"answer_total": "def down(n):\n    return down(n + 1)\ntotal = down(0)"}, "graded", WITHOUT_TOTAL),
    "memory_bomb": ({"answer_total": "hog = bytearray(50 * 1024**3)\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "fork_bomb": ({"answer_total": "import os\nwhile True:\n    os.fork()"}, "graded", WITHOUT_TOTAL),
    "subprocess": ({"answer_total": "import subprocess\nsubprocess.run(['sh', '-c', 'echo hi'])\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "thread_left_running": ({"answer_total": "import threading, time\nthreading.Thread(target=time.sleep, args=(30,)).start()\ntotal = 10"}, "graded", 4.0),
    "huge_output": ({"answer_total": "print('x' * 50_000_000)\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "reads_course_files": ({"answer_total": "import glob\nstolen = glob.glob('/work/**/gradebook.db', recursive=True) + glob.glob('/tmp/**/source/**', recursive=True)\ntotal = 10 if not stolen else 11"}, "graded", 4.0),
    "writes_gradebook": ({"answer_total": "import glob\nfor path in glob.glob('/work/**/gradebook.db', recursive=True) + glob.glob('/tmp/**/gradebook.db', recursive=True):\n    open(path, 'w').write('')\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "network": ({"answer_total": "import urllib.request\nurllib.request.urlopen('http://127.0.0.1:1', timeout=2)\ntotal = 10"}, "graded", WITHOUT_TOTAL),
    "input": ({"answer_total": "total = int(input('how many? '))"}, "graded", WITHOUT_TOTAL),
    "writes_grader_channel": ({"answer_total": "import os\nfor fd in range(3, 64):\n    try:\n        os.write(fd, b'\\x10\\x00\\x00\\x00{\"ok\": true}\\n' * 4)\n    except OSError:\n        pass\ntotal = 11"}, "failed", 2.0),
}

def _release(course):
    return nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def _answered(course, answers):
    nb = _release(course)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    return nb


def _folder(course, student):
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    return folder


def _write(course, student, nb, name=f"{ASSIGNMENT}.ipynb"):
    nbformat.write(nb, _folder(course, student) / name)


def _structural_cases(course) -> dict:
    """Broken notebooks: (expected status, expected score)."""
    cases = {}
    good = _answered(course, GOOD)

    (_folder(course, "invalid_json") / f"{ASSIGNMENT}.ipynb").write_text('{"cells": [', encoding="utf-8")
    cases["invalid_json"] = ("quarantined", 0.0)
    (_folder(course, "empty_file") / f"{ASSIGNMENT}.ipynb").write_bytes(b"")
    cases["empty_file"] = ("quarantined", 0.0)
    newer = json.loads(nbformat.writes(good))
    newer["nbformat"] = 5
    (_folder(course, "newer_nbformat") / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(newer), encoding="utf-8")
    cases["newer_nbformat"] = ("quarantined", 0.0)
    v3 = nbformat.convert(copy.deepcopy(good), 3)
    (_folder(course, "old_nbformat") / f"{ASSIGNMENT}.ipynb").write_text(nbformat.writes(v3, version=3), encoding="utf-8")
    cases["old_nbformat"] = ("graded", 4.0)
    _write(course, "wrong_name", good, name="my answers (1).ipynb")
    cases["wrong_name"] = ("graded", 4.0)
    _write(course, "oversized_extra_file", good)
    (course / "submitted" / "oversized_extra_file" / ASSIGNMENT / "dump.bin").write_bytes(b"0" * (6 * 1024**2))
    (course / "submitted" / "oversized_extra_file" / ASSIGNMENT / "notes.txt").write_text("kept")
    cases["oversized_extra_file"] = ("graded", 4.0)

    dup = copy.deepcopy(good)
    idx = next(i for i, c in enumerate(dup.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_total")
    second = copy.deepcopy(dup.cells[idx])
    second.source = "total = 11"
    dup.cells.insert(idx + 1, second)
    _write(course, "duplicated_grade_cell", dup)
    cases["duplicated_grade_cell"] = ("graded", 4.0)

    deleted = copy.deepcopy(good)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "answer_total"]
    _write(course, "deleted_answer_cell", deleted)
    cases["deleted_answer_cell"] = ("graded", WITHOUT_TOTAL)

    deleted_test = _answered(course, {**GOOD, "answer_total": "total = 11"})
    deleted_test.cells = [c for c in deleted_test.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_total"]
    _write(course, "deleted_test_cell", deleted_test)
    cases["deleted_test_cell"] = ("graded", WITHOUT_TOTAL)

    reordered = copy.deepcopy(good)
    reordered.cells = list(reversed(reordered.cells))
    _write(course, "reordered_cells", reordered)
    cases["reordered_cells"] = ("graded", 4.0)

    retyped = copy.deepcopy(good)
    for c in retyped.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_total":
            c.cell_type = "markdown"
            c.pop("outputs", None)
            c.pop("execution_count", None)
    _write(course, "retyped_answer_cell", retyped)
    cases["retyped_answer_cell"] = ("graded", 4.0)

    edited = _answered(course, {**GOOD, "answer_total": "total = 11"})
    for c in edited.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == "test_total":
            c.source = "pass"
    _write(course, "edited_locked_test", edited)
    cases["edited_locked_test"] = ("graded", WITHOUT_TOTAL)

    stripped = copy.deepcopy(good)
    for c in stripped.cells:
        c.metadata.pop("nbgrader", None)
    _write(course, "stripped_metadata", stripped)
    cases["stripped_metadata"] = ("quarantined", 0.0)

    foreign = copy.deepcopy(good)
    for c in foreign.cells:
        if "nbgrader" in c.metadata:
            c.metadata["nbgrader"]["grade_id"] = "other_" + c.metadata["nbgrader"]["grade_id"]
    _write(course, "foreign_metadata", foreign)
    cases["foreign_metadata"] = ("quarantined", 0.0)

    unknown = copy.deepcopy(good)
    for c in unknown.cells:
        if "nbgrader" in c.metadata:
            c.metadata["nbgrader"]["schema_version"] = 99
    _write(course, "unknown_schema_version", unknown)
    cases["unknown_schema_version"] = ("graded", 4.0)
    return cases


def _grade(course, *extra, assignment=ASSIGNMENT):
    return subprocess.run([str(BIN / "m4d"), "grade", assignment, "--course", str(course), "--jobs", "2", "--quiet", *extra],
                          capture_output=True, text=True, timeout=900, env=_env())


def _env() -> dict:
    # nbgrader runs the `alembic` program when it creates a gradebook.
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _rows(course, assignment=ASSIGNMENT):
    with (course / "grades" / f"{assignment}.csv").open(newline="", encoding="utf-8") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh)}


def _gradebook(course, assignment) -> dict:
    """student -> {grade cell: auto score}, straight from the gradebook."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="m4d") as gb:
        return {sub.student.id: {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}
                for sub in gb.assignment_submissions(assignment)}


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """Both corpora, each graded in one `m4d grade` batch; shared by every test here."""
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test` (system-packages/test.txt)")
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course)
    with (course / "nbgrader_config.py").open("a") as fh:
        fh.write("\nc.Execute.timeout = 4\n")
    shutil.copytree(CORPUS / "source", course / "source")
    subprocess.run([str(BIN / "m4d"), "generate", ASSIGNMENT, "--course", str(course)], check=True,
                   capture_output=True, env=_env())
    for student, (answers, _, _) in ANSWER_CASES.items():
        _write(course, student, _answered(course, {**GOOD, **answers}))
    _write(course, "blank", _release(course))
    structural = _structural_cases(course)
    # Something listening on the grader's own loopback: the sandbox must not reach it.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        reach = (f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2).close()\n"
                 "    total = 10\nexcept OSError:\n    total = 11")
        _write(course, "reaches_grader_loopback", _answered(course, {**GOOD, "answer_total": reach}))
        result = _grade(course)
    rows = _rows(course)
    return course, result, structural, rows, None


pytestmark = pytest.mark.slow


def test_grade_gives_every_submission_a_row_and_exits_zero(graded_course):
    course, result, structural, rows, _ = graded_course
    assert result.returncode == 0, result.stderr[-3000:]
    assert set(rows) == set(ANSWER_CASES) | set(structural) | {"blank", "reaches_grader_loopback"}
    assert (rows["reaches_grader_loopback"]["status"], float(rows["reaches_grader_loopback"]["score"])) == \
        ("graded", WITHOUT_TOTAL)
    assert list(next(iter(rows.values())).keys()) == ["student_id", "score", "max_score", "status", "reason"]
    assert all(r["max_score"] == "4" for r in rows.values())


@pytest.mark.parametrize("case", sorted(ANSWER_CASES))
def test_hostile_answer_earns_no_more_than_its_honest_answers(graded_course, case):
    row = graded_course[3][case]
    _, status, score = ANSWER_CASES[case]
    assert (row["status"], float(row["score"])) == (status, score), row["reason"]


def test_unanswered_release_scores_zero(graded_course):
    assert float(graded_course[3]["blank"]["score"]) == 0.0


def test_broken_notebooks_are_normalised_or_quarantined_with_a_reason(graded_course):
    _, _, structural, rows, _ = graded_course
    wrong = {name: (rows[name]["status"], float(rows[name]["score"]), rows[name]["reason"])
             for name, expected in structural.items()
             if (rows[name]["status"], float(rows[name]["score"])) != expected}
    assert wrong == {}
    for name, (status, _) in structural.items():
        if status == "quarantined":
            assert len(rows[name]["reason"]) > 15, name
    assert "expected name" in rows["wrong_name"]["reason"]
    assert "too large" in rows["oversized_extra_file"]["reason"]


def test_regrading_one_student_changes_no_other(graded_course):
    course, _, _, before, _ = graded_course
    gradebook_before = _gradebook(course, ASSIGNMENT)
    untouched = {p: p.stat().st_mtime_ns for p in (course / "autograded").glob(f"*/{ASSIGNMENT}/*.ipynb")
                 if p.parts[-3] != "wrong_total"}
    target = course / "submitted" / "wrong_total" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nbformat.write(_answered(course, GOOD), target)
    again = _grade(course, "--student", "wrong_total")
    assert again.returncode == 0, again.stderr[-2000:]
    after = _rows(course)
    assert float(after["wrong_total"]["score"]) == 4.0
    assert set(after) == set(before)
    changed = {s for s in before if s != "wrong_total" and before[s] != after[s]}
    assert changed == set()
    gradebook_after = _gradebook(course, ASSIGNMENT)
    assert {s: v for s, v in gradebook_after.items() if s != "wrong_total"} == \
        {s: v for s, v in gradebook_before.items() if s != "wrong_total"}
    assert {p: p.stat().st_mtime_ns for p in untouched} == untouched, "other students were graded again"


def test_grading_an_unknown_student_is_refused_with_a_message(graded_course):
    course = graded_course[0]
    out = _grade(course, "--student", "nobody_here")
    assert out.returncode != 0
    assert "nobody_here" in out.stderr and "Traceback" not in out.stderr


def test_rerunning_an_interrupted_batch_gives_the_same_gradebook(graded_course):
    course = graded_course[0]
    rows = _rows(course)
    gradebook = _gradebook(course, ASSIGNMENT)
    (course / "grades" / f"{ASSIGNMENT}.csv").unlink()
    started = time.time()
    run = subprocess.Popen([str(BIN / "m4d"), "grade", ASSIGNMENT, "--course", str(course), "--jobs", "2", "--quiet"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), start_new_session=True)
    try:
        # Stop the batch as soon as it has re-graded some students, as a power cut would.
        deadline = time.time() + 300
        while time.time() < deadline and run.poll() is None:
            done = [p for p in (course / "autograded").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
                    if p.stat().st_mtime > started]
            if len(done) >= 2:
                break
            time.sleep(0.1)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    again = _grade(course)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _gradebook(course, ASSIGNMENT) == gradebook
    assert {s: (r["status"], r["score"]) for s, r in _rows(course).items()} == \
        {s: (r["status"], r["score"]) for s, r in rows.items()}


def _page_text(page: Path) -> str:
    """A feedback page as a reader sees it: highlighted code split into spans is joined again."""
    import html
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


# Students whose notebooks print the most of a test's insides (introspection
# attempts, errors inside tests) and ordinary ones: their feedback is checked.
FEEDBACK_STUDENTS = ["honest", "blank", "wrong_total", "frame_introspection", "traceback_introspection",
                     "gc_introspection", "patched_error_display", "edited_locked_test", "deleted_test_cell"]


def test_feedback_never_shows_hidden_tests(graded_course):
    from m4d.grading.feedback import generate_feedback
    course = graded_course[0]
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"  # nbgrader runs alembic
    pages = generate_feedback(course, ASSIGNMENT, students=FEEDBACK_STUDENTS)
    assert {p.parts[-3] for p in pages} == set(FEEDBACK_STUDENTS)
    for page in pages:
        text = _page_text(page)
        assert "share(3, 4)" not in text and "mean_of([2, 4])" not in text, page


@pytest.mark.parametrize("fmt", ["plain", "moodle", "canvas"])
def test_export_writes_every_student_in_an_lms_format(graded_course, fmt):
    from m4d.grading.export import export_grades
    course = graded_course[0]
    target = course / "grades" / f"out-{fmt}.csv"
    export_grades(course, fmt, target)
    text = target.read_text(encoding="utf-8")
    assert "honest" in text and ASSIGNMENT in text
    if fmt == "canvas":
        assert "Points Possible" in text


def test_export_command_writes_the_file_it_names(graded_course):
    course = graded_course[0]
    target = course / "grades" / "cli-moodle.csv"
    out = subprocess.run([str(BIN / "m4d"), "export", "--course", str(course), "--format", "moodle", "--output", str(target)],
                         capture_output=True, text=True, timeout=300, env=_env())
    assert out.returncode == 0, out.stderr
    with target.open(newline="", encoding="utf-8") as fh:
        rows = {r["ID number"]: r for r in csv.DictReader(fh)}
    assert float(rows["honest"][ASSIGNMENT]) == 4.0

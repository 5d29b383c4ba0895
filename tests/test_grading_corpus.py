"""The grading pipeline holds against broken and hostile submissions.

A corpus of submissions is built from a small assignment
(tests/grading_corpus/source/g1_corpus: 2 points for share, 1 for total, 1 for
mean_of; 4 in all) and graded in one batch by `m4d grade`. Each case states the
status and score it must get: a hostile notebook never earns more than its
honest answers, and one broken notebook never stops the batch.

A second batch builds the most common hostile cases from a real assignment of
the course (exercises/source/a1_partner_matching): the instructor's solution
with one answer replaced. Its expected scores come from the points of the
assignment's test cells, so they follow the assignment if its points change.
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
    "patched_builtins": ({"answer_total": "import builtins\nbuiltins.type = lambda obj: int\nbuiltins.isinstance = lambda *a: True\ntotal = 'ten'"}, "graded", WITHOUT_TOTAL),
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
    "kill_kernel": ({"answer_total": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "infinite_loop": ({"answer_total": "while True:\n    pass"}, "failed", 2.0),
    "runaway_recursion": ({"answer_total": "def down(n):\n    return down(n + 1)\ntotal = down(0)"}, "graded", WITHOUT_TOTAL),
    "memory_bomb": ({"answer_total": "hog = bytearray(50 * 1024**3)\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "fork_bomb": ({"answer_total": "import os\nwhile True:\n    os.fork()"}, "graded", WITHOUT_TOTAL),
    "subprocess": ({"answer_total": "import subprocess\nsubprocess.run(['sh', '-c', 'echo hi'])\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "thread_left_running": ({"answer_total": "import threading, time\nthreading.Thread(target=time.sleep, args=(30,)).start()\ntotal = 10"}, "graded", WITHOUT_TOTAL),
    "huge_output": ({"answer_total": "print('x' * 50_000_000)\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "reads_course_files": ({"answer_total": "import glob\nstolen = glob.glob('/work/**/gradebook.db', recursive=True) + glob.glob('/tmp/**/source/**', recursive=True)\ntotal = 10 if not stolen else 11"}, "graded", 4.0),
    "writes_gradebook": ({"answer_total": "import glob\nfor path in glob.glob('/work/**/gradebook.db', recursive=True) + glob.glob('/tmp/**/gradebook.db', recursive=True):\n    open(path, 'w').write('')\ntotal = 11"}, "graded", WITHOUT_TOTAL),
    "network": ({"answer_total": "import urllib.request\nurllib.request.urlopen('http://127.0.0.1:1', timeout=2)\ntotal = 10"}, "graded", WITHOUT_TOTAL),
    "input": ({"answer_total": "total = int(input('how many? '))"}, "graded", WITHOUT_TOTAL),
    "writes_grader_channel": ({"answer_total": "import os\nos.write(int(os.environ['M4D_FD_RESULTS']), b'{\"ok\": true}\\n')\ntotal = 11"}, "failed", 2.0),
}

REAL = "a1_partner_matching"
REAL_SOURCE = ROOT / "exercises" / "source" / REAL
SOLUTION_MARK = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def real_solutions() -> dict[str, str]:
    """The instructor's answer of every solution cell of A1, markers removed."""
    nb = nbformat.read(REAL_SOURCE / f"{REAL}.ipynb", as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: "\n".join(l for l in c.source.splitlines() if not SOLUTION_MARK.match(l))
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")}


def real_points() -> dict[str, float]:
    """Points of every autograded test cell of A1."""
    nb = nbformat.read(REAL_SOURCE / f"{REAL}.ipynb", as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"]) for c in nb.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
            and not c.metadata["nbgrader"].get("solution")}


def real_cases(course: Path, port: int) -> dict:
    """name: (answers replacing the solution's, expected status, expected score).

    Every hostile answer goes into a part whose test cell is named, so the score
    it must get is the solution's minus that part's points (or all of them when
    the hostile code must find nothing to steal).
    """
    sol = real_solutions()
    pts = real_points()
    full = sum(pts.values())
    no_flip = full - pts["test_flip"]
    no_weighted = full - pts["test_weighted_score"]
    # Leaves every ranking and the flip point unchanged (all scores scale by one
    # constant), but fails the weighted-score test: it forgets to divide.
    undivided = "def weighted_score(normalised, weights):\n    return np.asarray(normalised, dtype=float) @ np.asarray(weights, dtype=float)"
    secrets = [course / "source" / REAL / f"{REAL}.ipynb", course / "gradebook.db",
               course / "submitted" / "a1_honest" / REAL / f"{REAL}.ipynb", course / "release" / REAL / f"{REAL}.ipynb",
               Path("..") / "source" / REAL / f"{REAL}.ipynb", Path("/work/main/exercises/source") / REAL / f"{REAL}.ipynb"]
    steal = (f"import os\nstolen = []\nfor path in {[str(p) for p in secrets]!r}:\n"
             "    for mode in ('rb', 'ab'):\n"
             "        try:\n            with open(path, mode) as fh:\n                stolen.append(path)\n"
             "        except OSError:\n            pass\n"
             "if stolen:\n    flip_weight = -1.0\n")
    reach = (f"try:\n    import socket\n    socket.create_connection(('127.0.0.1', {port}), timeout=2).close()\n"
             "    reached = True\nexcept Exception:\n    reached = False\nif reached:\n    flip_weight = -1.0\n")
    return {
        "a1_honest": ({}, "graded", full),
        "a1_warning_during_correct_answer": ({"normalise": sol["normalise"] + "\nimport sys, warnings\nexact_normalise = normalise\n"
                                              "def normalise(values, more_is_better=True):\n"
                                              "    warnings.warn('these values look unusual')\n"
                                              "    print('checking the values', file=sys.stderr)\n"
                                              "    return exact_normalise(values, more_is_better)"}, "graded", full),
        "a1_wrong_weighted_score": ({"weighted_score": undivided}, "graded", no_weighted),
        "a1_patched_assert_helpers": ({"normalise": sol["normalise"] + "\nnp.allclose = lambda *a, **k: True\n"
                                       "np.testing.assert_allclose = lambda *a, **k: None",
                                       "weighted_score": undivided}, "graded", no_weighted),
        "a1_patched_builtins": ({"flip": sol["flip"] + "\nimport builtins\nbuiltins.abs = lambda x: 0.0\n"
                                 "builtins.float = lambda x: 5.0\nbuiltins.isinstance = lambda *a: True\n"
                                 "flip_weight = 'heavy'"}, "graded", no_flip),
        "a1_always_equal": ({"flip": sol["flip"] + "\nclass Agreeable(float):\n"
                             "    def __eq__(self, other):\n        return True\n"
                             "    def __gt__(self, other):\n        return True\n"
                             "    def __lt__(self, other):\n        return True\n"
                             "    def __sub__(self, other):\n        return self\n"
                             "    def __abs__(self):\n        return Agreeable(0.0)\n"
                             "    def __float__(self):\n        return self\n"
                             "flip_weight = Agreeable(0.5)"}, "graded", no_flip),
        "a1_sys_exit": ({"flip": "import sys\nsys.exit('done')"}, "graded", no_flip),
        "a1_os_exit": ({"flip": "import os\nos._exit(0)"}, "failed", no_flip),
        "a1_infinite_loop": ({"flip": "while True:\n    pass"}, "failed", no_flip),
        "a1_reads_and_writes_course_files": ({"flip": sol["flip"] + "\n" + steal}, "graded", full),
        "a1_network": ({"flip": sol["flip"] + "\n" + reach}, "graded", full),
    }


def _write_real(course: Path, student: str, answers: dict | None) -> None:
    """A1's release with the solution's answers, some replaced; None: left blank."""
    nb = nbformat.read(course / "release" / REAL / f"{REAL}.ipynb", as_version=4)
    if answers is not None:
        merged = {**real_solutions(), **answers}
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid in merged:
                cell.source = merged[gid]
    folder = course / "submitted" / student / REAL
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{REAL}.ipynb")
    for extra in (course / "release" / REAL).iterdir():
        if extra.suffix != ".ipynb":
            shutil.copy(extra, folder / extra.name)


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
    result = _grade(course)
    rows = _rows(course)

    real = None
    if REAL_SOURCE.is_dir():
        shutil.copytree(REAL_SOURCE, course / "source" / REAL)
        subprocess.run([str(BIN / "m4d"), "generate", REAL, "--course", str(course)], check=True,
                       capture_output=True, env=_env())
        # Something listening on the grader's own loopback: the sandbox must not reach it.
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(8)
            cases = real_cases(course, listener.getsockname()[1])
            for student, (answers, _, _) in cases.items():
                _write_real(course, student, answers)
            _write_real(course, "a1_blank", None)
            real_result = _grade(course, assignment=REAL)
        real = (cases, real_result, _rows(course, REAL), _gradebook(course, REAL))
    return course, result, structural, rows, real


pytestmark = pytest.mark.slow
pytestmark = pytest.mark.slow


def test_grade_gives_every_submission_a_row_and_exits_zero(graded_course):
    course, result, structural, rows, _ = graded_course
    assert result.returncode == 0, result.stderr[-3000:]
    assert set(rows) == set(ANSWER_CASES) | set(structural) | {"blank"}
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


def _needs_real(graded_course):
    if graded_course[4] is None:
        pytest.fail(f"{REAL_SOURCE} is missing: the real-assignment corpus is built from it")
    return graded_course[4]


def test_real_assignment_batch_gives_every_submission_a_row(graded_course):
    cases, result, rows, _ = _needs_real(graded_course)
    assert result.returncode == 0, result.stderr[-3000:]
    assert set(rows) == set(cases) | {"a1_blank"}
    assert float(rows["a1_blank"]["score"]) == 0.0


@pytest.mark.parametrize("case", ["a1_honest", "a1_warning_during_correct_answer", "a1_wrong_weighted_score",
                                  "a1_patched_assert_helpers", "a1_patched_builtins", "a1_always_equal",
                                  "a1_sys_exit", "a1_os_exit", "a1_infinite_loop",
                                  "a1_reads_and_writes_course_files", "a1_network"])
def test_hostile_answer_to_real_assignment_earns_no_more_than_its_honest_answers(graded_course, case):
    cases, _, rows, _ = _needs_real(graded_course)
    _, status, score = cases[case]
    row = rows[case]
    assert (row["status"], float(row["score"])) == (status, score), row["reason"]


def test_rerunning_an_interrupted_batch_gives_the_same_gradebook(graded_course):
    course = graded_course[0]
    _, _, rows, gradebook = _needs_real(graded_course)
    (course / "grades" / f"{REAL}.csv").unlink()
    started = time.time()
    run = subprocess.Popen([str(BIN / "m4d"), "grade", REAL, "--course", str(course), "--jobs", "2", "--quiet"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), start_new_session=True)
    try:
        # Stop the batch as soon as it has re-graded some students, as a power cut would.
        deadline = time.time() + 300
        while time.time() < deadline and run.poll() is None:
            done = [p for p in (course / "autograded").glob(f"*/{REAL}/{REAL}.ipynb") if p.stat().st_mtime > started]
            if len(done) >= 2:
                break
            time.sleep(0.1)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    again = _grade(course, assignment=REAL)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _gradebook(course, REAL) == gradebook
    assert {s: (r["status"], r["score"]) for s, r in _rows(course, REAL).items()} == \
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


def test_feedback_command_never_shows_hidden_tests_of_real_assignment(graded_course):
    from m4d.grading.feedback import hidden_lines
    course = graded_course[0]
    cases = _needs_real(graded_course)[0]
    out = subprocess.run([str(BIN / "m4d"), "feedback", REAL, "--course", str(course)],
                         capture_output=True, text=True, timeout=600, env=_env())
    assert out.returncode == 0, out.stderr[-2000:]
    pages = list((course / "feedback").glob(f"*/{REAL}/*.html"))
    assert {p.parts[-3] for p in pages} == set(cases) | {"a1_blank"}
    secret = hidden_lines(nbformat.read(REAL_SOURCE / f"{REAL}.ipynb", as_version=4))
    assert secret, "A1 has hidden tests"
    for page in pages:
        text = _page_text(page)
        shown = [line for line in secret if line in text]
        assert shown == [], page


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

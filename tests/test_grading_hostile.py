"""Every real assignment, attacked: the verdict is the judge's, whatever the student's code does.

For each assignment folder in exercises/source/ (A1-A3 now, any later one as soon
as it exists), a corpus of submissions is built from the assignment itself and
graded in one `m4d grade` run (one worker, so that students are graded one after
another by the same judge and sandbox, in name order):

- the instructor's solution, the same with warnings, prints and slow calls, and
  the same with a recorder that prints, encoded, every argument its functions got:
  full marks;
- the blank release: 0; the assignment's plausible wrong answer: its own score (these two
  and the solution are also the end-to-end proof that each assignment is gradable: the
  CSV's scores and reasons; test_assignments no longer grades them a second time);
- every attack of tests/grading_corpus/attacks.py (each class of the grading issue,
  in several variants), in the first answer cell of a blank notebook: 0 on every
  autograded part, and no attempt to cross the boundary succeeds;
- cross-student pairs: an attacker graded just before a victim in the same worker
  (a daemon left behind, the template stopped, files planted, memory and disk
  filled): the victim's grade is the one it gets alone.

Feedback of the attackers and of the recorder is checked for the hidden tests,
their helpers' names and arguments, as text and base64- or hex-encoded; what the
recorder prints is what it prints in the student's own kernel (the released
notebook run top to bottom by plain Python).
"""
from __future__ import annotations

import base64
import binascii
import builtins
import csv
import hashlib
import html
import importlib
import io
import json
import keyword
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path

import nbformat
import pytest

from m4d.grading.judge_rules import HIDDEN, cell_names, released_source, role, student_names
from tests.grading_corpus.attacks import ATTACKS, PAIR_ATTACKS, PREAMBLE
from tests.grading_corpus.submission import submit

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "exercises" / "source"
BIN = Path(sys.executable).parent
SOLUTION_MARK = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")
EVERY_ASSIGNMENT = sorted(p.name for p in SOURCE.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))) if SOURCE.exists() else []
# M4D_HOSTILE_ONLY=a1_partner_matching,... grades only those (a developer's targeted run); each
# keeps the plan it has in the full run.
_ONLY = [a.strip() for a in os.environ.get("M4D_HOSTILE_ONLY", "").split(",") if a.strip()]
ASSIGNMENTS = [a for a in EVERY_ASSIGNMENT if not _ONLY or a in _ONLY]
CELL_TIMEOUT_S = 10  # honest notebooks on a loaded machine stay well within it

pytestmark = pytest.mark.slow


def _env() -> dict:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _notebook(assignment: str) -> Path:
    return next(iter(sorted((SOURCE / assignment).glob("*.ipynb"))))


def _solutions(source_nb) -> dict[str, str]:
    return {c.metadata["nbgrader"]["grade_id"]: "\n".join(l for l in c.source.splitlines() if not SOLUTION_MARK.match(l))
            for c in source_nb.cells if c.metadata.get("nbgrader", {}).get("solution")}


def _student_names(source_nb) -> tuple[list[str], list[str]]:
    """The names the tests read from the student: (functions, variables), as the solution has them."""
    owned, wanted = set(), set()
    for cell in source_nb.cells:
        if role(cell) in ("locked", "test"):
            names = cell_names(cell.source)
            wanted |= set(student_names(cell.source, owned, names))
            owned |= names.binds
    functions = set()
    for answer in _solutions(source_nb).values():
        functions |= set(re.findall(r"^def (\w+)", answer, re.M))
    return sorted(wanted & functions), sorted(wanted - functions)


def _hidden(source_nb) -> tuple[list[str], list[str]]:
    """Lines of the hidden tests, and names bound only there (the hidden helpers and data)."""
    lines, bound = [], set()
    released = "\n".join(released_source(c.source) if role(c) == "test" else c.source for c in source_nb.cells)
    for cell in source_nb.cells:
        for block in [m.group(0) for m in HIDDEN.finditer(cell.source)]:
            lines += [l.strip() for l in block.splitlines() if len(l.strip()) >= 12 and "HIDDEN TESTS" not in l]
            try:
                bound |= cell_names(textwrap.dedent(block)).binds
            except SyntaxError:
                pass
    return lines, sorted(n for n in bound if len(n) >= 4 and not re.search(rf"\b{re.escape(n)}\b", released))


def _says_nothing_of_the_test(line: str) -> bool:
    """A line made only of Python's keywords, builtin names and punctuation (``except ValueError:``):
    any program may hold it, the libraries the sandbox runs among them, so finding it proves nothing."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    for token in tokens:
        if token.type == tokenize.NAME:
            if not (keyword.iskeyword(token.string) or hasattr(builtins, token.string)):
                return False
        elif token.type not in (tokenize.OP, tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT,
                                tokenize.ENDMARKER):
            return False  # a number, a string or a comment: the test's own
    return True


def _only_in_the_hidden_tests(source_nb) -> list[str]:
    """The hidden tests' lines that exist nowhere else a student may look: not in the released
    notebook, and not a generic line of Python (see _says_nothing_of_the_test). What the
    memory-and-files hunt looks for: a line that is also in the public toolbox or the
    interpreter's own library is found there, not leaked by the judge."""
    lines, _ = _hidden(source_nb)
    released = {l.strip() for c in source_nb.cells
                for l in (released_source(c.source) if role(c) == "test" else
                          "" if c.metadata.get("nbgrader", {}).get("solution") else c.source).splitlines()}
    return [l for l in lines if l not in released and not _says_nothing_of_the_test(l)]


def _plan(index: int, count: int) -> dict[str, tuple[str, str | None]]:
    """student -> (kind, attack name): every class with at least two variants per
    assignment, every variant on some assignment; two cross-student pairs each."""
    by_class: dict[str, list[str]] = {}
    for name, (kind, _) in sorted(ATTACKS.items()):
        by_class.setdefault(kind, []).append(name)
    plan = {"honest": ("honest", None), "honest_noisy": ("noisy", None), "honest_recorder": ("recorder", None),
            "blank": ("blank", None), "wrong": ("wrong", None)}
    for kind, names in by_class.items():
        for i, name in enumerate(names):
            if count == 1 or len(names) <= 3 or (i + index) % 2 == 0:
                plan[f"attack_{name}"] = ("attack", name)
    pairs = sorted(PAIR_ATTACKS)
    for slot in range(2):
        name = pairs[(2 * index + slot) % len(pairs)]
        victim = "wrong" if (index + slot) % 3 == 2 else "honest"
        plan[f"pair_{name}_1_attacker"] = ("pair_attacker", name)
        plan[f"pair_{name}_2_victim_{victim}"] = ("victim", victim)
    return plan


def _plan_of(assignment: str) -> dict[str, tuple[str, str | None]]:
    return _plan(EVERY_ASSIGNMENT.index(assignment), len(EVERY_ASSIGNMENT))


def _answers(kind: str, attack: str | None, source_nb, assignment: str) -> dict[str, str] | None:
    solution = _solutions(source_nb)
    code_answers = [gid for gid in solution if any(c.metadata.get("nbgrader", {}).get("grade_id") == gid
                                                  and c.cell_type == "code" for c in source_nb.cells)]
    funcs, values = _student_names(source_nb)
    if kind in ("honest", "victim") and attack != "wrong":
        return solution
    if kind == "blank":
        return None
    if kind == "wrong" or attack == "wrong":
        wrong = importlib.import_module(f"tests.assignments.{assignment}_wrong").WRONG_ANSWERS
        return {**solution, **wrong}
    if kind == "noisy":
        noisy = dict(solution)
        for gid in code_answers:
            noisy[gid] = ("import sys, time, warnings\nprint('working on it')\nprint('a note', file=sys.stderr)\n"
                          "warnings.warn('these values look unusual')\n" + solution[gid])
        first = code_answers[0]
        noisy[first] += ("\n_slow_names = [n for n in " + repr(funcs) + " if n in globals()]\n"
                         "for _n in _slow_names:\n"
                         "    def _slow(*a, _f=globals()[_n], **k):\n"
                         "        time.sleep(0.2)\n"
                         "        return _f(*a, **k)\n"
                         "    globals()[_n] = _slow\n")
        return noisy
    if kind == "recorder":
        # Wraps the functions of the first answer as soon as they exist, so every later
        # call (the visible tests' in a kernel; the judge's too while graded) is recorded,
        # and every later answer cell prints what was recorded, base64-encoded.
        recorded = dict(solution)
        first = code_answers[0]
        recorded[first] += ("\n_calls = []\n"
                            f"for _n in [n for n in {funcs!r} if n in globals()]:\n"
                            "    def _recording(*a, _f=globals()[_n], **k):\n"
                            "        _calls.append(repr((a, k)))\n"
                            "        return _f(*a, **k)\n"
                            "    globals()[_n] = _recording\n")
        for gid in code_answers[1:]:
            recorded[gid] += ("\nimport base64, json\nprint('LEAK:' + base64.b64encode(json.dumps("
                              "globals().get('_calls', [])).encode()).decode())\n")
        return recorded
    hidden_lines = _only_in_the_hidden_tests(source_nb)
    preamble = PREAMBLE.format(funcs=funcs, values=values,
                               hashes=sorted(hashlib.sha256(l.encode()).hexdigest() for l in hidden_lines))
    code = ATTACKS[attack][1] if kind == "attack" else PAIR_ATTACKS[attack]
    return {code_answers[0]: preamble + code}


def _submit(course: Path, assignment: str, student: str, answers: dict | None) -> None:
    submit(course, assignment, _notebook(assignment).name, student, answers)


def _gradebook(course: Path, assignment: str) -> dict:
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="m4d") as gb:
        return {sub.student.id: {g.name: (g.auto_score, g.max_score) for nb in sub.notebooks for g in nb.grades
                                 if g.auto_score is not None}
                for sub in gb.assignment_submissions(assignment)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every assignment's corpus, each graded in one run; the runs go on at once."""
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make system-packages-test`")
    if not ASSIGNMENTS:
        pytest.fail(f"no assignment under {SOURCE}")
    runs = {}
    for assignment in ASSIGNMENTS:
        course = tmp_path_factory.mktemp(assignment)
        shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course)
        with (course / "nbgrader_config.py").open("a") as fh:
            fh.write(f"\nc.Execute.timeout = {CELL_TIMEOUT_S}\n")
        shutil.copytree(SOURCE / assignment, course / "source" / assignment)
        done = subprocess.run([str(BIN / "m4d"), "generate", assignment, "--course", str(course)],
                              capture_output=True, text=True, env=_env())
        assert done.returncode == 0, done.stderr[-3000:]
        source_nb = nbformat.read(_notebook(assignment), as_version=4)
        plan = _plan_of(assignment)
        for student, (kind, attack) in plan.items():
            _submit(course, assignment, student, _answers(kind, attack, source_nb, assignment))
        # One worker: students one after another, in name order, by one judge and sandbox.
        runs[assignment] = (course, plan, subprocess.Popen(
            [str(BIN / "m4d"), "grade", assignment, "--course", str(course), "--jobs", "1", "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()))
    out = {}
    for assignment, (course, plan, run) in runs.items():
        stdout, stderr = run.communicate(timeout=3000)
        assert run.returncode == 0, stderr[-3000:]
        with (course / "grades" / f"{assignment}.csv").open(newline="", encoding="utf-8") as fh:
            rows = {r["student_id"]: r for r in csv.DictReader(fh)}
        out[assignment] = (course, plan, rows, _gradebook(course, assignment))
    return out


def _cases(kinds):
    return [(a, s) for a in ASSIGNMENTS for s, (k, _) in _plan_of(a).items() if k in kinds]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_submission_gets_a_row(graded, assignment):
    _, plan, rows, _ = graded[assignment]
    assert set(rows) == set(plan)


@pytest.mark.parametrize("assignment,student", _cases({"honest", "noisy", "recorder"}))
def test_honest_solution_keeps_full_marks_even_when_it_warns_prints_or_is_slow(graded, assignment, student):
    _, _, rows, gradebook = graded[assignment]
    lost = {g: s for g, (s, m) in gradebook[student].items() if s < m}
    assert lost == {} and rows[student]["status"] == "graded", rows[student]["reason"]
    assert rows[student]["reason"] == ""


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_scores_zero_and_wrong_answer_loses_marks(graded, assignment):
    _, _, rows, gradebook = graded[assignment]
    assert all(s == 0 for s, _ in gradebook["blank"].values())
    assert float(rows["wrong"]["score"]) < float(rows["honest"]["score"])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_blank_and_wrong_answer_get_the_grades_a_grader_expects(graded, assignment):
    """Every assignment is gradable end to end: the CSV a grader reads says what the gradebook
    holds (the solution's score is the assignment's maximum, the blank's 0), and the blank and
    the wrong answer are graded (not quarantined) with the tests they failed named, none at the
    boundary. (test_assignments graded these three submissions in a batch of its own.)"""
    _, _, rows, gradebook = graded[assignment]
    assert gradebook["honest"], "the assignment has autograded parts"
    assert float(rows["honest"]["score"]) == sum(m for _, m in gradebook["honest"].values())
    assert float(rows["blank"]["score"]) == 0.0
    for student in ("blank", "wrong"):
        assert rows[student]["status"] == "graded", rows[student]["reason"]
        assert rows[student]["reason"].startswith("tests failed on the answer: test"), rows[student]["reason"]
        assert "boundary" not in rows[student]["reason"]
    earned = sum(s for s, _ in gradebook["wrong"].values())
    assert earned < sum(m for _, m in gradebook["wrong"].values()), "a wrong answer still earns full marks"


@pytest.mark.parametrize("assignment,student", _cases({"attack", "pair_attacker"}))
def test_attack_earns_nothing_and_crosses_no_boundary(graded, assignment, student):
    course, _, rows, gradebook = graded[assignment]
    earned = {g: s for g, (s, _) in gradebook[student].items() if s > 0}
    assert earned == {}, rows[student]
    # Reported: the tests it failed, at the boundary or on the answer, or why the run stopped.
    assert rows[student]["reason"], rows[student]
    text = _outputs(course, assignment, student)
    assert "SUCCEEDED" not in text, [l for l in text.splitlines() if "SUCCEEDED" in l]


@pytest.mark.parametrize("assignment,student", _cases({"attack"}))
def test_attack_really_ran(graded, assignment, student):
    """Not a vacuous pass: the attack's cell ran in the sandbox (it defined or reported something)."""
    course, plan, _, _ = graded[assignment]
    attack = plan[student][1]
    text = _outputs(course, assignment, student)
    if "_attempt(" in ATTACKS[attack][1]:
        assert "ATTEMPT" in text, f"{attack} reported no attempt: {text[-500:]}"


@pytest.mark.parametrize("assignment,student", _cases({"victim"}))
def test_an_attacker_graded_before_a_victim_leaves_its_grade_unchanged(graded, assignment, student):
    _, _, rows, gradebook = graded[assignment]
    alone = "wrong" if student.endswith("_wrong") else "honest"
    assert gradebook[student] == gradebook[alone], rows[student]
    assert rows[student]["status"] == rows[alone]["status"] == "graded", rows[student]["reason"]


def _outputs(course: Path, assignment: str, student: str) -> str:
    nb = nbformat.read(course / "autograded" / student / assignment / _notebook(assignment).name, as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", "") if isinstance(out.get("text", ""), str) else "".join(out["text"]))
            parts += [out.get("evalue", "")] + list(out.get("traceback", []))
    return "\n".join(parts)


def _decoded_tokens(text: str) -> list[str]:
    """The text, and every base64 or hex token in it decoded."""
    found = [text]
    for token in re.findall(r"[A-Za-z0-9+/]{16,}={0,2}", text):
        try:
            found.append(base64.b64decode(token + "=" * (-len(token) % 4)).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            pass
    for token in re.findall(r"\b(?:[0-9a-fA-F]{2}){12,}\b", text):
        found.append(bytes.fromhex(token).decode("utf-8", "replace"))
    return found


@pytest.fixture(scope="module")
def feedback(graded):
    from m4d.grading.feedback import generate_feedback
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"  # nbgrader runs alembic
    pages = {}
    for assignment, (course, plan, _, _) in graded.items():
        students = [s for s, (k, _) in plan.items() if k in ("attack", "recorder", "pair_attacker")]
        for page in generate_feedback(course, assignment, students=students):
            pages[(assignment, page.parts[-3])] = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    return pages


@pytest.mark.parametrize("assignment,student", _cases({"attack", "recorder", "pair_attacker"}))
def test_feedback_shows_no_hidden_test_helper_or_argument_even_encoded(graded, feedback, assignment, student):
    source_nb = nbformat.read(_notebook(assignment), as_version=4)
    lines, helpers = _hidden(source_nb)
    assert lines, f"{assignment} has hidden tests"
    # The student's own answers are shown back to them: what they wrote is no leak.
    written = {l.strip() for c in nbformat.read(course_of(graded, assignment) / "submitted" / student / assignment /
                                                 _notebook(assignment).name, as_version=4).cells
               for l in c.source.splitlines() if role(c) == "student"}
    page = "\n".join(l for l in feedback[(assignment, student)].splitlines() if l.strip() not in written)
    for text in _decoded_tokens(page):
        assert [l for l in lines if l in text] == []
        assert [h for h in helpers if re.search(rf"\b{re.escape(h)}\b", text)] == []
        assert "ARGS:" not in text
    assert "ARGS:" not in graded[assignment][2][student]["reason"]


def course_of(graded, assignment) -> Path:
    return graded[assignment][0]


def _kernel_leak_lines(course: Path, assignment: str, student: str) -> list[str]:
    """What the recorder prints when the student runs the released notebook in their own kernel."""
    nb = nbformat.read(course / "submitted" / student / assignment / _notebook(assignment).name, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    script = ("import json, sys, warnings\nwarnings.simplefilter('ignore')\nns = {'__name__': '__main__'}\n"
              f"for source in json.loads({json.dumps(json.dumps(cells))}):\n"
              "    try:\n        exec(source, ns)\n    except Exception:\n        pass\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=course / "release" / assignment,
                          capture_output=True, text=True, timeout=600)
    return [l for l in done.stdout.splitlines() if l.startswith("LEAK:")]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_recorder_prints_what_it_prints_in_the_students_own_kernel(graded, feedback, assignment):
    course = graded[assignment][0]
    shown = re.findall(r"LEAK:[A-Za-z0-9+/=]+", feedback[(assignment, "honest_recorder")])
    in_kernel = _kernel_leak_lines(course, assignment, "honest_recorder")
    assert shown == in_kernel
    recorded = [json.loads(base64.b64decode(line[5:])) for line in in_kernel]
    if _student_names(nbformat.read(_notebook(assignment), as_version=4))[0]:
        # Not vacuous: the visible tests' calls were recorded, in the kernel as in the sandbox.
        assert any(recorded)
    else:
        # The tests call no function of the student's (the assignment asks for values only,
        # as A4 does): there is nothing to record, and nothing is.
        assert in_kernel and not any(recorded)


def test_the_sandbox_never_gets_a_hidden_test(graded):
    """What the judge sends the sandbox for each notebook: no line of any hidden test."""
    from m4d.grading.judge import NotebookJudge
    from m4d.grading.judge_rules import released_source as released, role as cell_role, strip_magics
    for assignment in ASSIGNMENTS:
        source_nb = nbformat.read(_notebook(assignment), as_version=4)
        lines, _ = _hidden(source_nb)
        cells = [{"role": cell_role(c), "source": strip_magics(c.source), "grade_id": c.metadata.get("nbgrader", {}).get("grade_id"),
                  "released": strip_magics(released(c.source))} for c in source_nb.cells if c.cell_type == "code"]
        plan = NotebookJudge(None, {"cells": cells, "limits": {"cell_timeout_s": 1}}).plan()
        sent = json.dumps([step for step in plan["steps"]])
        assert [l for l in lines if json.dumps(l)[1:-1] in sent] == []


def test_the_hunt_looks_only_for_lines_nothing_public_holds():
    """The memory-and-files hunt counts a hidden test's line as leaked when it finds it. A line
    such as ``except ValueError:`` is in the interpreter's own library (and in every package the
    sandbox may read, under /tmp when the course's clone lives there), so it is left out of what
    the hunt looks for; every line kept is in no file of the standard library, and each one left
    out as generic is (checked against the top level of the standard library)."""
    import sysconfig
    stdlib = set()
    for path in Path(sysconfig.get_paths()["stdlib"]).glob("*.py"):  # its top level: enough, and fast
        try:
            stdlib |= {l.strip() for l in path.read_text(encoding="utf-8", errors="replace").splitlines()}
        except OSError:
            pass
    for assignment in ASSIGNMENTS:
        source_nb = nbformat.read(_notebook(assignment), as_version=4)
        every, kept = _hidden(source_nb)[0], _only_in_the_hidden_tests(source_nb)
        assert len(kept) >= 0.8 * len(every) > 0, assignment
        assert [l for l in kept if l in stdlib] == [], assignment
        assert all(l in stdlib for l in every if l not in kept and _says_nothing_of_the_test(l)), assignment
    assert _says_nothing_of_the_test("except ValueError:") and not _says_nothing_of_the_test("bad_accepted = True")

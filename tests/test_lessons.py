"""Every lesson has what a learner needs: objectives, time, activity, self-check, summary,
sources, and alternative text for every figure; every quiz gives feedback on every answer."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from m4d.quiz import check_quiz, load_quiz

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
LESSON_NAME = re.compile(r"^m\d_\d\d_[a-z0-9_]+\.(md|ipynb)$")
SECTIONS = ["## Activity", "## Self-check", "## Summary", "## Sources"]


def lesson_files():
    return sorted(p for p in BOOK.rglob("m*_*") if p.is_file() and LESSON_NAME.match(p.name)
                  and "_build" not in p.parts and ".ipynb_checkpoints" not in p.parts)


def text_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n".join("".join(c["source"]) for c in nb["cells"])
    return path.read_text(encoding="utf-8")


def test_the_book_has_lessons():
    assert len(lesson_files()) >= 1


@pytest.mark.parametrize("path", lesson_files(), ids=lambda p: p.name)
def test_lesson_has_every_required_section_in_order(path):
    text = text_of(path)
    assert "Learning objectives" in text, "the lesson states its learning objectives"
    assert re.search(r"\*\*Time:\*\* about \d+ minutes", text), "the lesson says how long it takes"
    positions = []
    for heading in SECTIONS:
        match = re.search(rf"^{re.escape(heading)}\b", text, flags=re.M)
        assert match, f"missing section {heading!r}"
        positions.append(match.start())
    assert positions == sorted(positions), f"sections out of order: {SECTIONS}"
    assert "{cite}" in text, "the lesson cites its sources"


@pytest.mark.parametrize("path", lesson_files(), ids=lambda p: p.name)
def test_lesson_shows_its_own_quiz(path):
    lesson_id = "_".join(path.stem.split("_")[:2])
    text = text_of(path)
    match = re.search(r'show_quiz\("([^"]+)"\)', text)
    assert match, "the Self-check section shows a quiz"
    quiz = path.parent / match.group(1)
    assert quiz.name == f"{lesson_id}.json", "a lesson shows its own quiz file"
    load_quiz(quiz)


@pytest.mark.parametrize("path", lesson_files(), ids=lambda p: p.name)
def test_every_figure_has_alternative_text(path):
    text = text_of(path)
    for match in re.finditer(r"```\{figure\}[^\n]*\n((?::[^\n]*\n)*)", text):
        assert re.search(r"^:alt: \S", match.group(1), flags=re.M), f"figure without :alt: {match.group(0)[:80]}"
    for match in re.finditer(r"!\[([^\]]*)\]\(", text):
        assert match.group(1).strip(), "a Markdown image needs alt text in its brackets"
    for match in re.finditer(r"figures\.show\(([^\n]*)", text):
        assert "alt=" in match.group(1), "m4d.figures.show needs alt=..."


def quiz_files():
    return sorted(p for p in BOOK.rglob("quizzes/*.json") if "_build" not in p.parts)


@pytest.mark.parametrize("path", quiz_files(), ids=lambda p: p.name)
def test_quiz_file_gives_feedback_for_every_answer(path):
    load_quiz(path)


def test_every_quiz_file_belongs_to_a_lesson():
    lessons = {"_".join(p.stem.split("_")[:2]) for p in lesson_files()}
    orphans = [p.name for p in quiz_files() if p.stem not in lessons]
    assert orphans == []


def test_quiz_check_rejects_an_answer_without_feedback():
    from m4d import InputError

    bad = [{"question": "Q?", "type": "multiple_choice",
            "answers": [{"answer": "a", "correct": True, "feedback": "yes"},
                        {"answer": "b", "correct": False}]}]
    with pytest.raises(InputError, match="needs 'feedback'"):
        check_quiz(bad)


def test_quiz_check_rejects_two_correct_answers_in_multiple_choice():
    from m4d import InputError

    bad = [{"question": "Q?", "type": "multiple_choice",
            "answers": [{"answer": "a", "correct": True, "feedback": "y"},
                        {"answer": "b", "correct": True, "feedback": "y"}]}]
    with pytest.raises(InputError, match="exactly one correct"):
        check_quiz(bad)


MIN_PROSE_WORDS = 800      # for a lesson that claims 25 minutes or more (the brief's standard 4.3)
MIN_MINUTES_FOR_DEPTH = 25


def prose_words(text: str) -> int:
    """Words of running prose: no front matter, code cells, tables, headings or directive lines."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.S)
    lines = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith(("|", "#", "```", "<", ":::", ":class:", ":tags:", ":alt:")) or re.match(r"^\(.*\)=$", s):
            continue
        lines.append(s.lstrip(": "))
    return len(" ".join(lines).split())


@pytest.mark.parametrize("path", [p for p in lesson_files() if p.suffix == ".md"], ids=lambda p: p.name)
def test_lesson_prose_matches_the_time_it_claims(path):
    text = path.read_text(encoding="utf-8")
    minutes = int(re.search(r"\*\*Time:\*\* about (\d+) minutes", text).group(1))
    if minutes >= MIN_MINUTES_FOR_DEPTH:
        words = prose_words(text)
        assert words >= MIN_PROSE_WORDS, (f"{words} words of prose for {minutes} minutes: give the lesson the "
                                          f"depth its time claims (about {MIN_PROSE_WORDS}+) or lower the time")

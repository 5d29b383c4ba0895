"""A lesson whose only code cell is its quiz is read with no code cell left: its quiz is the
HTML that show_quiz displays in a kernel, in the edition's language, and myst-nb is told not to
execute it. Lessons with other code cells are left to the kernel."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from myst_nb.core.read import read_myst_markdown_notebook

from m4d.book_quiz_lessons import downloadable_notebook, lesson_without_kernel, quiz_only_lesson
from m4d.i18n import LANGUAGES, use_language
from m4d.quiz import show_quiz

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "book" / "m1_migration_is_local" / "m1_02_first_receivers.md"


def _lessons() -> list[Path]:
    return sorted(p for p in (ROOT / "book").rglob("*.md") if "_build" not in p.parts)


def _code_cells(source: str) -> list:
    return [c for c in read_myst_markdown_notebook(source).cells if c.cell_type == "code"]


def _kernel_output(quiz: Path, language: str) -> str:
    """What the quiz cell displays when a kernel runs it (show_quiz, as in JupyterLab)."""
    import IPython.display

    shown = []
    real = IPython.display.display
    IPython.display.display = shown.append  # show_quiz imports display as it runs
    try:
        with use_language(language):
            show_quiz(quiz)
    finally:
        IPython.display.display = real
    (html,) = shown
    return html._repr_html_()


def test_the_lessons_built_with_no_kernel_are_those_whose_only_code_cell_shows_their_quiz():
    # myst-nb's own reader tells which lessons have one code cell, and what it runs.
    expected, found = set(), set()
    for lesson in _lessons():
        source = lesson.read_text(encoding="utf-8")
        cells = _code_cells(source) if source.startswith("---\n") else []
        if len(cells) == 1 and re.fullmatch(r'from m4d.quiz import show_quiz\nshow_quiz\("[^"]+"\)', cells[0].source):
            expected.add(lesson)
        if quiz_only_lesson(source) is not None:
            found.add(lesson)
    assert len(expected) >= 20  # the book's short lessons (22 when this was written)
    assert found == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_quiz_only_lesson_has_no_code_cell_left_and_shows_show_quizs_html_in_the_editions_language(language):
    source = LESSON.read_text(encoding="utf-8")
    rewritten, files = lesson_without_kernel(source, LESSON.parent, language)
    notebook = read_myst_markdown_notebook(rewritten)
    assert not [c for c in notebook.cells if c.cell_type == "code"]
    assert notebook.metadata["mystnb"]["execution_mode"] == "off"
    assert notebook.metadata["kernelspec"]["name"] == "python3"  # the page keeps its launch buttons
    shown = _kernel_output(LESSON.parent / "quizzes" / "m1_02.json", language)
    assert f'<div class="output text_html">{shown}</div>' in rewritten
    # Every text outside the cell is untouched.
    cell = re.search(r"```\{code-cell\}.*?\n```\n", source, re.S)
    assert rewritten.endswith(source[cell.end():])
    assert source[source.index("\n---\n") + 5:cell.start()] in rewritten
    # Sphinx rereads the lesson when its quiz or the quiz's translation changes.
    assert LESSON.parent / "quizzes" / "m1_02.json" in files
    assert (language == "en") == (not any(f.suffix == ".po" for f in files))


def test_the_french_quiz_is_in_french_and_the_english_one_in_english():
    quiz = LESSON.parent / "quizzes" / "m1_02.json"
    french, _ = lesson_without_kernel(LESSON.read_text(encoding="utf-8"), LESSON.parent, "fr")
    english, _ = lesson_without_kernel(LESSON.read_text(encoding="utf-8"), LESSON.parent, "en")
    assert 'aria-label="Autoévaluation"' in french and 'data-m4d-messages="' in french
    assert 'aria-label="Self-check"' in english and 'data-m4d-messages="' not in english
    assert french != english and _kernel_output(quiz, "fr") in french


def test_a_lesson_with_other_code_cells_is_left_to_the_kernel():
    for lesson in _lessons():
        source = lesson.read_text(encoding="utf-8")
        if "show_quiz" in source and source.startswith("---\n") and len(_code_cells(source)) > 1:
            assert lesson_without_kernel(source, lesson.parent, "en") is None, lesson.name
            break
    else:
        pytest.fail("no lesson has a quiz and other code cells")


@pytest.mark.parametrize("change", [
    lambda s: s.replace(":tags: [remove-input]\n", ":tags: [hide-input]\n"),  # its input would show
    lambda s: s.replace('show_quiz("quizzes/m1_02.json")', 'show_quiz("quizzes/m1_02.json")\nprint(1)'),
    lambda s: s.replace('show_quiz("quizzes/m1_02.json")', 'show_quiz("quizzes/missing.json")'),  # show_quiz says so
    lambda s: s.replace("kernelspec:", "mystnb:\n  execution_timeout: 60\nkernelspec:"),  # its own execution settings
])
def test_a_quiz_cell_written_otherwise_is_left_to_the_kernel(change):
    source = change(LESSON.read_text(encoding="utf-8"))
    assert source != LESSON.read_text(encoding="utf-8")
    assert lesson_without_kernel(source, LESSON.parent, "en") is None


def test_the_downloadable_notebook_is_the_lesson_with_its_quiz_cell_and_the_quizs_output():
    source = LESSON.read_text(encoding="utf-8")
    markup = _kernel_output(LESSON.parent / "quizzes" / "m1_02.json", "es")
    notebook = downloadable_notebook(source, markup)
    read = read_myst_markdown_notebook(source)
    assert [(c.cell_type, c.source, c.metadata) for c in notebook.cells] == \
        [(c.cell_type, c.source, c.metadata) for c in read.cells]
    (cell,) = [c for c in notebook.cells if c.cell_type == "code"]
    assert [o.data["text/html"] for o in cell.outputs] == [markup]

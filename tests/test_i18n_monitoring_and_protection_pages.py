"""The French and Spanish of what Module 7's monitoring lessons (m7_04, m7_06) and Module 6's lesson on
sharing and protecting data (m6_06) show from the toolbox and from their own code (issue 17): the corridor
results framework's chain and logframe, the monitoring plan, and the sentences the lessons' cells print.

English stays what it was; a French or Spanish reader meets the catalogues' words and no English sentence
(tests/english_sentences.py says when a text reads as English)."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from m4d import i18n
from m4d.results import DISAGGREGATIONS, FREQUENCIES, course_collection_plan, course_framework
from m4d.results.chain import chain_html
from m4d.results.collection import translate_collection_plan
from m4d.results.io import logframe_html, monitoring_plan_shown
from m4d.results.logframe import monitoring_plan
from m4d.results.model import translate_framework
from tests.english_sentences import english_share
from tests.widget_translation import shown_data, text_segments, translation

LANGUAGES = ("fr", "es")
RESULTS_DATA = ("results_corridor_results", "results_corridor_indicators", "results_corridor_sources",
                "results_corridor_groups")
BOOK = Path(__file__).resolve().parents[1] / "book"
LESSONS = ("m7_learning_and_evaluation/m7_04_monitoring_and_evaluation.md",
           "m7_learning_and_evaluation/m7_06_activity_results_framework.ipynb",
           "m6_local_data/m6_06_sharing_and_protecting.md")


def _english_segments(html: str, language: str) -> list[str]:
    return [segment for segment in text_segments(html) if english_share(segment, language)]


def _lesson_pictures(language: str) -> tuple[str, str]:
    """The chain and the logframe as lesson m7_04 draws them, in ``language``."""
    with i18n.use_language(language):
        framework = translate_framework(course_framework())
        plan = translate_collection_plan(course_collection_plan())
        return chain_html(framework, caption="-"), logframe_html(framework, plan, caption="-")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_corridor_chain_and_logframe_show_the_course_data_translated(language):
    english, shown = _lesson_pictures("en"), _lesson_pictures(language)
    for english_html, shown_html in zip(english, shown):
        found, problems = shown_data(english_html, shown_html, language, RESULTS_DATA)
        assert found >= 10 and problems == []
        assert _english_segments(english_html, language), "the English pictures read as English"
        assert _english_segments(shown_html, language) == []


def test_in_english_the_translated_framework_and_plan_are_the_course_ones():
    framework, plan = course_framework(), course_collection_plan()
    with i18n.use_language("en"):
        assert translate_framework(framework) is framework
        assert translate_collection_plan(plan) is plan
        assert monitoring_plan_shown(framework, plan).equals(monitoring_plan(framework, plan))
        columns = ["indicator", "source", "frequency", "breakdowns", "responsible", "measured in"]
        assert monitoring_plan_shown(framework, plan, columns).equals(monitoring_plan(framework, plan)[columns])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_monitoring_plan_shows_frequencies_breakdowns_and_headings_in_the_readers_language(language):
    english_framework, plan = course_framework(), course_collection_plan()
    with i18n.use_language("en"):
        english = monitoring_plan(english_framework, plan)
    with i18n.use_language(language):
        framework = translate_framework(english_framework)
        shown = monitoring_plan_shown(framework, translate_collection_plan(plan))
    assert list(shown.columns) == [translation(language, c, "monitoring plan") for c in english.columns]
    assert len(shown) == len(english)
    frequency, breakdowns = shown.columns[7], shown.columns[8]
    for row, (english_frequency, codes) in enumerate(zip(english["frequency"],
                                                        english_framework.indicators["disaggregation"])):
        assert english_frequency in FREQUENCIES
        assert shown[frequency].iat[row] == translation(language, english_frequency)
        for code in codes:
            assert translation(language, DISAGGREGATIONS[code]) in shown[breakdowns].iat[row]
    # The years and the links (SDG and GCM codes) are the same in every language.
    assert shown.iloc[:, 11].tolist() == english["measured in"].tolist()
    # The method column shows the labels of m4d.results.collection.METHODS, translated in their own change.
    for column in [c for c in shown.columns if c != shown.columns[6]]:
        assert not any(english_share(str(v), language) for v in shown[column]), column


def _code_cells(lesson: Path) -> list[str]:
    if lesson.suffix == ".ipynb":
        cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
        return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    blocks = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", lesson.read_text(encoding="utf-8"), re.M | re.S)
    return ["\n".join(line for line in block.splitlines() if not line.startswith(":")) for block in blocks]


def _lesson_sentences(lesson: Path) -> list[str]:
    """The texts a lesson's code cells pass to ``_()`` (what the cells print, caption or title)."""
    found = []
    for cell in _code_cells(lesson):
        for node in ast.walk(ast.parse(cell)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.append(node.args[0].value)
    return found


@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_what_the_lessons_cells_print_is_the_catalogues_french_or_spanish(lesson, language):
    sentences = _lesson_sentences(BOOK / lesson)
    assert sentences
    for english in sentences:
        shown = translation(language, english)
        assert shown and shown != english, english
        assert not english_share(shown, language), shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lessons_numbers_are_written_the_readers_way(language):
    english = "The XLSForm converts to an XForm of {characters} characters without errors."
    from m4d.i18n.numbers import number

    with i18n.use_language(language):
        shown = i18n._(english).format(characters=number(8151))
    assert "8151" not in shown and "8,151" not in shown
    assert re.search(r"8[\u202f.]151", shown)
    with i18n.use_language("en"):
        assert i18n._(english).format(characters=number(8151)) == "The XLSForm converts to an XForm of 8,151 " \
                                                                   "characters without errors."

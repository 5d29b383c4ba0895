"""The policy-coherence widget in French and Spanish: every control, message, table and figure text
is the catalogue's translation, the marks keep their English codes, and a bad mark line is
explained in the reader's language."""
from __future__ import annotations

import html

import pytest

from m4d.coherence import CoherenceMatrixWidget
from m4d.coherence.marks import MARKS
from m4d.i18n import use_language
from tests.widget_translation import (TARGETS, course_data, english_left_in, html_panes, translation,
                                untranslated_controls)

DATA = course_data("coherence_policies_alvora")


@pytest.mark.parametrize("language", TARGETS)
def test_coherence_widget_built_in_another_language_shows_the_catalogues_words_everywhere(language):
    english = CoherenceMatrixWidget()
    english_snapshot = english.snapshot_html()
    with use_language(language):
        other = CoherenceMatrixWidget()
        snapshot = other.snapshot_html()
    assert untranslated_controls(english.widget, other.widget, language, DATA) == []
    assert english_left_in(html_panes(english.widget), html_panes(other.widget), DATA) == []
    assert english_left_in(english_snapshot, snapshot, DATA) == []
    # The figure: title, alt text and the marks written in its cells.
    figure = other.figure.outputs[0]["data"]
    assert translation(language, "Policy-coherence matrix") != "Policy-coherence matrix"
    assert translation(language, "hinders", "policy-coherence mark") in str(figure)
    assert figure["text/plain"] != english.figure.outputs[0]["data"]["text/plain"]


@pytest.mark.parametrize("language", TARGETS)
def test_mark_menus_show_translated_words_and_keep_the_english_marks_as_values(language):
    with use_language(language):
        other = CoherenceMatrixWidget()
    cell = other.cells[("housing", "local")]
    assert [value for _label, value in cell.options] == list(MARKS)
    assert [label for label, _value in cell.options] == [translation(language, m, "policy-coherence mark")
                                                          for m in MARKS]
    assert other.matrix.equals(CoherenceMatrixWidget().matrix), "the marks themselves are the same codes"


@pytest.mark.parametrize("language", TARGETS)
def test_a_bad_mark_line_is_explained_in_the_readers_language_and_a_translated_mark_is_understood(language):
    with use_language(language):
        other = CoherenceMatrixWidget()
        other.apply_line("housing, local")
        said = other.message.value
        hinders = translation(language, "hinders", "policy-coherence mark")
        other.apply_line(f"housing, local, {hinders}")
    problem = translation(language, "{line} is not a mark line. Write the sector, the level and the mark separated "
                                    "by commas, for example: housing, local, hinders").format(line="'housing, local'")
    assert html.escape(translation(language, "Cannot apply that: {problem}").format(problem=problem)) in said
    assert "is not a mark line" not in said
    assert other.matrix.at["housing", "local"] == "hinders"

"""The agreement workbench in French and Spanish: its controls, messages and the checker's table
come from the catalogues, the elements' names and guidance too (the draft and its illustrative
example are in the reader's language, and the widget says that the checker also reads English, French
and Spanish headings); bad JSON in the fields is explained in the reader's language."""
from __future__ import annotations

import html

import ipywidgets as widgets
import pytest

from m4d.agreements.checker import STATUSES
from m4d.agreements.widget import AgreementWorkbench
from m4d.i18n import use_language
from tests.widget_translation import (TARGETS, catalogue, course_data, english_left_in, html_panes, text_segments,
                                      translation, untranslated_controls)


def _data(workbench: AgreementWorkbench) -> set[str]:
    # The draft is English by design (the workbench writes it); its headings are element names.
    draft = {line.lstrip("#").strip() for line in workbench.draft.value.splitlines() if line.strip()}
    return course_data("agreement_elements") | draft | set(text_segments(f"<pre>{html.escape(workbench.draft.value)}"))


@pytest.mark.parametrize("language", TARGETS)
def test_workbench_built_in_another_language_shows_the_catalogues_words_everywhere(language):
    english = AgreementWorkbench()
    english.draft.value = "# Agreement\n\n## Aim of the partnership\n\nTo be completed."
    english_snapshot = english.snapshot_html()
    with use_language(language):
        other = AgreementWorkbench()
        other.draft.value = english.draft.value
        snapshot = other.snapshot_html()
    data = _data(english) | _data(AgreementWorkbench())
    # The other build opens with its note on the draft's language; the controls after it match the English.
    assert other.widget.children[0] is other.language_note
    rest = widgets.VBox(other.widget.children[1:])
    assert untranslated_controls(english.widget, rest, language, data) == []
    assert english_left_in(html_panes(english.widget), html_panes(rest), data) == []
    assert english_left_in(english_snapshot, snapshot, data) == []
    shown = text_segments(other.report.value)
    statuses = {e.status for e in other.result.elements}
    assert statuses <= set(STATUSES) and len(statuses) >= 2
    assert {translation(language, s, "agreement element") for s in statuses} <= set(shown)
    note = translation(language, "The workbench writes the draft in your language, from the fields as you type "
                                 "them. The checker recognises the headings of the elements in English, French and "
                                 "Spanish, so a draft in the partners' language can be checked too.")
    assert html.escape(note, quote=True) in snapshot
    # The checker's table names every element, and says what it needs, in the reader's language.
    data = catalogue(language, "datasets")
    names = [data[("agreement_elements.name", e.name)] for e in other.result.elements]
    assert [row.split("</td>")[0].split(">")[-1] for row in other.report.value.split("<tr style=")[1:]] == \
        [html.escape(n) for n in names]
    missing = next(e for e in other.result.elements if e.status == "missing")
    assert data[("agreement_elements.name", missing.name)] in missing.message
    assert any(text in missing.message for (context, en), text in data.items()
               if context == "agreement_elements.guidance")


@pytest.mark.parametrize("language", TARGETS)
def test_bad_json_in_the_fields_is_explained_in_the_readers_language(language):
    with use_language(language):
        other = AgreementWorkbench()
        draft = other.draft.value
        other.fields.value = '{"partners": '
        other.build()
    assert other.draft.value == draft, "the last good draft stays"
    assert html.escape(translation(language, "Problem:")) in other.message.value
    template = translation(language, "The fields are not valid JSON (line {line}, column {column}: {problem}). "
                                     "Check quotes and commas.")
    before, _, after = template.partition("{line}")
    assert html.escape(before) in other.message.value and "not valid JSON" not in other.message.value

"""The results-framework builder of Module 7 in French and Spanish: form, checks, chain, logframe and messages."""
from __future__ import annotations

import pytest

from m4d import i18n
from m4d.results.widget import ResultsFrameworkBuilder
from tests.i18n_widget_catalogue import (LANGUAGES, build, check_labels, check_message, check_snapshot, translations,
                                         visible_text)
from tests.widget_translation import catalogue as data_catalogue
from tests.widget_translation import shown_data

RESULTS_DATA = ("results_corridor_results", "results_corridor_indicators", "results_corridor_sources",
                "results_corridor_groups")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_of_the_builder_is_the_catalogues_translation(language):
    check_labels(ResultsFrameworkBuilder, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_builders_snapshot_shows_its_sentences_translated(language):
    check_snapshot(ResultsFrameworkBuilder, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_chains_levels_and_the_logframes_headers_are_translated(language):
    english, shown = build(ResultsFrameworkBuilder, "en"), build(ResultsFrameworkBuilder, language)
    for level in ("Impact", "Outcome", "Output"):
        assert level in visible_text(english.chain.value)
        assert any(t in visible_text(shown.chain.value) for t in translations(language, level))
    for header in ("means of verification", "assumptions"):
        assert any(f">{t}<" in shown.logframe.value for t in translations(language, header))
        assert f">{header}<" not in shown.logframe.value
    # The corridor case's own words (statements, assumptions, definitions, sources, who is responsible) are
    # course data: the chain, the logframe and the form show their translations from datasets.po.
    for pane in ("chain", "logframe"):
        found, problems = shown_data(getattr(english, pane).value, getattr(shown, pane).value, language, RESULTS_DATA)
        assert found >= 10 and problems == [], pane
    data = data_catalogue(language, "datasets")
    assert shown.definition.value == data[("results_corridor_indicators.definition", english.definition.value)]
    assert shown._row(shown.choice.value)["frequency"] == english._row(english.choice.value)["frequency"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_checks_are_the_same_and_only_their_words_change(language):
    english, shown = build(ResultsFrameworkBuilder, "en"), build(ResultsFrameworkBuilder, language)
    assert shown.report.as_dict() == english.report.as_dict()
    for result in english.report.results:
        assert any(t in visible_text(shown.checks.value) for t in translations(language, result.title))


def _no_interviews(widget):
    widget.interviews.value = 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_survey_without_interviews_is_explained_in_the_readers_language(language):
    check_message(ResultsFrameworkBuilder, _no_interviews, language)


def test_a_frequency_chosen_in_spanish_is_stored_in_english():
    widget = build(ResultsFrameworkBuilder, "es")
    with i18n.use_language("es"):
        widget.frequency.value = "quarterly"
    assert widget.frequency.label != "quarterly"
    assert widget._row(widget.choice.value)["frequency"] == "quarterly" and widget.error is None

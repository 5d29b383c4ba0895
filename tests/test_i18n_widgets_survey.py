"""The survey widgets of Module 6 in French and Spanish: labels, snapshots and messages come from the catalogue."""
from __future__ import annotations

import pytest

from tests.i18n_widget_catalogue import LANGUAGES, build, check_labels, check_message, check_snapshot, visible_text
from m4d.survey.bias_widget import BiasSimulator
from m4d.survey.disaggregation_widget import DisaggregationExplorer
from m4d.survey.sample_size_widget import SampleSizeCalculator

WIDGETS = {
    "sample size": SampleSizeCalculator,
    "bias": lambda: BiasSimulator(runs=10),
    "disaggregation": lambda: DisaggregationExplorer(rows=("location", "sex"), threshold=3),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(WIDGETS))
def test_every_label_of_a_survey_widget_is_the_catalogues_translation(name, language):
    check_labels(WIDGETS[name], language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(WIDGETS))
def test_a_survey_widgets_snapshot_shows_its_sentences_translated(name, language):
    check_snapshot(WIDGETS[name], language)


def _margin_zero(widget):
    widget.margin.value = 0


def _design_effect_zero(widget):
    widget.design_effect.value = 0


def _one_run(widget):
    widget.runs.value = 1


def _sample_of_one(widget):
    widget.n.value = 1


def _no_rows(widget):
    widget.rows.value = ()


def _same_row_and_column(widget):
    widget.rows.value = ("sex",)
    widget.columns.value = ("sex",)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name, spoil", [
    ("sample size", _margin_zero), ("sample size", _design_effect_zero), ("bias", _one_run),
    ("bias", _sample_of_one), ("disaggregation", _no_rows), ("disaggregation", _same_row_and_column),
])
def test_bad_input_is_explained_in_the_readers_language(name, spoil, language):
    check_message(WIDGETS[name], spoil, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_strip_charts_alt_text_and_the_designs_are_translated(language):
    english = build(WIDGETS["bias"], "en")
    shown = build(WIDGETS["bias"], language)
    assert "aria-label" in shown.output.value
    # Same chart, same numbers: only the words differ.
    assert shown.result.summary.equals(english.result.summary)
    assert visible_text(shown.output.value) != visible_text(english.output.value)
    assert ">random<" in english.output.value and ">random<" not in shown.output.value


def test_the_menus_keep_their_english_values_so_code_that_sets_them_still_works():
    english, french = build(WIDGETS["bias"], "en"), build(WIDGETS["bias"], "fr")
    for widget in (english, french):
        widget.indicator.value = "Mean monthly remittances per household"
    assert french.error is None and french.result.truth == english.result.truth
    assert french.indicator.label != english.indicator.label
    disaggregation = build(WIDGETS["disaggregation"], "es")
    assert disaggregation.rows.value == ("location", "sex")
    assert disaggregation.result.counts.equals(build(WIDGETS["disaggregation"], "en").result.counts)

"""The partner-matching widget in French and Spanish: criteria, must-haves, ranking table, the
sensitivity readout and the map come from the catalogues; all weights at zero are explained in
the reader's language."""
from __future__ import annotations

import html

import pytest

from m4d.i18n import use_language
from m4d.partners import PartnerMatchingWidget
from tests.widget_translation import (TARGETS, catalogue, course_data, english_left_in, html_panes, translation,
                                untranslated_controls)

DATA = course_data("territories", "corridors")


@pytest.mark.parametrize("language", TARGETS)
def test_partner_widget_built_in_another_language_shows_the_catalogues_words_everywhere(language):
    english = PartnerMatchingWidget(must_haves=["resources"])
    english_snapshot = english.snapshot_html()
    with use_language(language):
        other = PartnerMatchingWidget(must_haves=["resources"])
        snapshot = other.snapshot_html()
        label = other.snapshot_text()
    assert english.ranking.ids == other.ranking.ids, "the language changes words, not the ranking"
    assert untranslated_controls(english.widget, other.widget, language, DATA) == []
    assert english_left_in(html_panes(english.widget), html_panes(other.widget), DATA) == []
    assert english_left_in(english_snapshot, snapshot, DATA) == []
    assert label == translation(language, "Partner matching for {home} (illustrative data)").format(
        home=other.home.label)
    assert other._map_bundle["text/html"] != english._map_bundle["text/html"]
    # Countries are translated as data; the candidates' place names stay as the data writes them.
    morocco = catalogue(language, "datasets")[("territories.country", "Morocco")]
    assert "Al Hoceima, Morocco</th>" in english.table.value and f"Al Hoceima, {morocco}</th>" in other.table.value


@pytest.mark.parametrize("language", TARGETS)
def test_all_weights_at_zero_are_explained_in_the_readers_language(language):
    with use_language(language):
        other = PartnerMatchingWidget()
        for slider in other.sliders.values():
            slider.value = 0.0
    assert html.escape(translation(language, "Cannot rank:")) in other.message.value
    assert html.escape(translation(language, "Every weight is zero, so no criterion counts. Give at least one "
                                             "criterion a weight above zero.")) in other.message.value
    assert "Every weight is zero" not in other.message.value

"""The results-framework builder of Module 7 in French and Spanish: form, checks, chain, logframe and messages."""
from __future__ import annotations

import pytest

from m4d import i18n
from m4d.results.widget import ResultsFrameworkBuilder
from tests.i18n_widget_catalogue import (LANGUAGES, build, check_labels, check_message, check_snapshot, message_in, translations,
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


def _checks_in(language, make):
    from m4d.results import check_framework

    framework, plan = make()
    with i18n.use_language(language):
        return check_framework(framework, plan)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_detail_of_every_check_is_the_catalogues_sentence_in_the_readers_language(language):
    # Frameworks spoiled so that every message of every check appears (and the passing summaries too).
    from tests.frameworks_with_problems import SPOILED_FRAMEWORKS
    from tests.i18n_widget_catalogue import check_translated_sentence

    problems, seen = [], 0
    for make in SPOILED_FRAMEWORKS.values():
        english, shown = _checks_in("en", make), _checks_in(language, make)
        assert shown.as_dict() == english.as_dict()
        for e, s in zip(english.results, shown.results):
            assert len(e.messages) == len(s.messages) and e.problems == s.problems
            for em, sm in zip(e.messages, s.messages):
                seen += 1
                problems += check_translated_sentence(language, em, sm)
    assert seen >= 40, "the spoiled frameworks show fewer details than expected"
    assert not problems, problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_builder_shows_a_failing_checks_details_in_the_readers_language(language):
    import html

    from tests.frameworks_with_problems import SPOILED_FRAMEWORKS

    framework, plan = SPOILED_FRAMEWORKS["breakdowns"]()
    widget = build(lambda: ResultsFrameworkBuilder(framework, plan), language)
    failing = [m for r in _checks_in(language, SPOILED_FRAMEWORKS["breakdowns"]).results if not r.passed
               for m in r.messages]
    assert failing and all(html.escape(m) in widget.checks.value for m in failing)
    assert "does not record" not in widget.checks.value


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_framework_exported_in_the_readers_language_has_translated_headings_and_labels(language):
    from m4d.results import course_collection_plan, course_framework
    from m4d.results.io import framework_markdown

    framework, plan = course_framework(), course_collection_plan()
    with i18n.use_language("en"):
        english = framework_markdown(framework, plan)
    with i18n.use_language(language):
        shown = framework_markdown(framework, plan)
    for heading in ("Logframe", "Monitoring plan"):
        assert f"## {heading}\n" in english and f"## {heading}\n" not in shown
        assert any(f"## {t}\n" in shown for t in translations(language, heading))
    for label in ("means of verification", "assumptions", "All values in this framework are illustrative: made up "
                                                            "for teaching."):
        assert label in english and label not in shown
        assert any(t in shown for t in translations(language, label))
    # The indicators' lines and the period are the catalogue's sentences, numbers written the reader's way.
    assert message_in(language, "Initiative period: 2026-2028.", shown.split("\n")[2])
    assert "(baseline 86 % in 2025; target 90 % in 2028)" in english
    assert "(baseline" not in shown

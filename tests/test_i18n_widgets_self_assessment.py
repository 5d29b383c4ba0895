"""The self-assessment of Module 7 in French and Spanish: questions, answers, dimensions, chart and snapshot."""
from __future__ import annotations

import html

import pytest

from m4d import i18n
from m4d.self_assessment import profile_alt, profile_chart_html
from m4d.self_assessment.widget import SelfAssessmentWidget
from tests.i18n_widget_catalogue import (LANGUAGES, build, check_labels, check_snapshot, translations, visible_text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_answer_and_dimension_of_the_self_assessment_is_the_catalogues_translation(language):
    check_labels(SelfAssessmentWidget, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_questions_are_shown_in_the_readers_language(language):
    english, shown = build(SelfAssessmentWidget, "en"), build(SelfAssessmentWidget, language)
    questions = [box.children[0].value for section in english.accordion.children for box in section.children]
    translated = [box.children[0].value for section in shown.accordion.children for box in section.children]
    assert len(questions) == len(translated) >= 20
    for en, text in zip(questions, translated):
        question_id, question = en.split("</b> ", 1)
        assert text.startswith(question_id + "</b> ")
        assert text.split("</b> ", 1)[1] in {html.escape(t) for t in translations(language, html.unescape(question))}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("answers", [None, "blank"])
def test_the_self_assessments_snapshot_shows_its_sentences_translated(language, answers):
    check_snapshot(lambda: SelfAssessmentWidget(answers), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_profile_charts_title_alt_text_and_table_are_translated_and_its_numbers_written_the_readers_way(language):
    from babel.numbers import format_percent

    widget = build(SelfAssessmentWidget, "en")
    with i18n.use_language("en"):
        english_alt, english = profile_alt(widget.profile, "Alvora"), profile_chart_html(widget.profile, "Alvora")
    with i18n.use_language(language):
        alt, chart = profile_alt(widget.profile, "Alvora"), profile_chart_html(widget.profile, "Alvora")
    assert alt != english_alt and "Alvora" in alt
    # The shares are the same figures, written as the reader writes a percentage (CLDR, through Babel).
    shown = [s for s in widget.profile["share_in_place"] if s is not None]
    shares = [format_percent(s, locale=language) for s in shown]
    assert shares and all(share in alt for share in shares)
    assert all(f"{s:.0%}" in english_alt for s in shown)
    for level in widget.profile["level"]:
        assert any(t in visible_text(chart) for t in translations(language, level)), level


def test_an_answer_chosen_in_french_is_stored_as_its_code():
    widget = build(SelfAssessmentWidget, "fr")
    question = next(iter(widget.controls))
    widget.controls[question].value = "reviewed"
    assert widget.answers[question] == "reviewed" and widget.error is None

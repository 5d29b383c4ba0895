"""The budget planner in French and Spanish: controls, menus, rule checks, totals, charts and the
solver's and scenario's messages come from the catalogues, while the plan keeps its English codes;
a negative cost is refused in the reader's language."""
from __future__ import annotations

import html

import pytest

from m4d.budget import CATEGORIES
from m4d.budget.widget import BudgetPlanner
from m4d.i18n import use_language
from tests.widget_translation import (TARGETS, catalogue, english_left_in, html_panes, translation,
                                untranslated_controls)

#: The course plan's descriptions and funders' names are translated as data (datasets.po): none may stay English.
DATA: set[str] = set()


@pytest.mark.parametrize("language", TARGETS)
def test_budget_planner_built_in_another_language_shows_the_catalogues_words_everywhere(language):
    english = BudgetPlanner()
    english.propose()
    english.simulate_withdrawal()
    english_snapshot = english.snapshot_html()
    with use_language(language):
        other = BudgetPlanner()
        other.propose()
        other.simulate_withdrawal()
        snapshot = other.snapshot_html()
    assert other.allocation.equals(english.allocation), "the language changes words, not the numbers"
    assert untranslated_controls(english.widget, other.widget, language, DATA) == []
    assert english_left_in(html_panes(english.widget), html_panes(other.widget), DATA) == []
    assert english_left_in(english_snapshot, snapshot, DATA) == []
    shown = catalogue(language, "datasets")
    assert other.edited_lines()["description"].tolist() == [
        shown[("budget_cost_lines.description", d)] for d in english.edited_lines()["description"]]
    assert other.edited_lines()["line_id"].tolist() == english.edited_lines()["line_id"].tolist()
    category = other._line_rows[0]["category"]
    assert [v for _l, v in category.options] == list(CATEGORIES)
    bars = other.charts.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert bars["layout"]["xaxis"]["title"]["text"] == translation(language, "Year") != "Year"
    assert other.charts.outputs[0]["data"]["text/plain"] != english.charts.outputs[0]["data"]["text/plain"]


@pytest.mark.parametrize("language", TARGETS)
def test_a_negative_cost_is_refused_in_the_readers_language_and_the_typed_value_stays(language):
    with use_language(language):
        other = BudgetPlanner()
        first = other._line_rows[0]
        first["amount"].value = -50.0
    line = first["line_id"].value
    expected = translation(language, "{where}, cost line {row}, column amount: the cost of {line} is negative "
                                     "({amount}). Enter costs as positive amounts; a saving is a smaller cost, "
                                     "not a negative line.").format(
        where=translation(language, "planner"), row=translation(language, "row {n}").format(n=2), line=line,
        amount="-50")
    assert html.escape(translation(language, "Please fix:")) in other.message.value
    assert html.escape(expected) in other.message.value
    assert first["amount"].value == -50.0

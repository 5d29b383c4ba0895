"""The budget's tables and lists as a French or Spanish reader sees them (lessons m5_03, m5_04, m5_05 and
m4_11): the totals tables' headings, the funders' eligible costs and the course's illustrative plan come
from the catalogues, amounts and years do not change, and in English everything is what code reads."""
from __future__ import annotations

import pandas as pd
import pytest

from m4d.budget import CATEGORIES, allocate, category_names, course_plan
from m4d.budget.totals import cost_by_year_and_category, funding_by_source_and_year, translate_headings
from m4d.i18n import use_language
from m4d.initiatives import course_plan as initiative_plan
from m4d.initiatives import plan_steps_table, translate_plan
from tests.english_sentences import english_share
from tests.widget_translation import TARGETS, catalogue, translation


@pytest.fixture(scope="module")
def plan():
    return course_plan()[0]


@pytest.mark.parametrize("language", TARGETS)
def test_the_cost_table_shows_the_catalogues_category_names_with_the_same_amounts(plan, language):
    english = cost_by_year_and_category(plan)
    with use_language(language):
        shown = translate_headings(english)
    # The categories' names and "Total" are msgids of m4d.po: each shown heading is its reviewed translation.
    expected = [translation(language, label) for label in english.index]
    assert None not in expected
    assert list(shown.index) == expected
    assert list(shown.columns) == [*english.columns[:-1], translation(language, "Total")]
    assert [c for c in shown.columns if not isinstance(c, str)] == sorted(set(plan.lines["year"]))
    assert (shown.index.name, shown.columns.name) == (translation(language, "category"), translation(language, "year"))
    assert (shown.to_numpy() == english.to_numpy()).all()
    assert english_share("Travel and study visits", language)  # the English heading the pages showed
    assert not [h for h in shown.index if english_share(h, language)]


@pytest.mark.parametrize("language", TARGETS)
def test_the_funding_table_translates_unfunded_and_total_and_keeps_the_sources_names(plan, language):
    english = funding_by_source_and_year(plan, allocate(plan).allocation)
    with use_language(language):
        shown = translate_headings(english)
    assert list(shown.index) == [*plan.sources["name"], translation(language, "Unfunded"), translation(language, "Total")]
    assert shown.index.name == translation(language, "source")
    assert translation(language, "Unfunded") != "Unfunded"
    assert (shown.to_numpy() == english.to_numpy()).all()


def test_in_english_the_shown_tables_are_the_tables_code_reads(plan):
    for table in (cost_by_year_and_category(plan), funding_by_source_and_year(plan, allocate(plan).allocation)):
        shown = translate_headings(table)
        pd.testing.assert_frame_equal(shown, table)
        assert shown.loc["Total", "Total"] == pytest.approx(plan.lines["amount"].sum())


@pytest.mark.parametrize("language", TARGETS)
def test_a_funders_eligible_costs_are_listed_in_the_readers_language(plan, language):
    national = plan.sources.set_index("source_id").loc["national", "eligible_categories"]
    english = category_names(national)
    with use_language(language):
        shown = category_names(national)
    assert english_share(english, language)  # what the French and Spanish m5_04 showed
    assert not english_share(shown, language)
    assert shown.split(", ") == [translation(language, CATEGORIES[code]).lower() for code in national]


def test_in_english_the_eligible_costs_read_as_the_category_names():
    assert category_names(("staff", "travel", "monitoring_evaluation")) == (
        "staff, travel and study visits, monitoring and evaluation")


#: The steps of plan_steps_table whose cell is the plan's own words only (its monitoring, timeline and budget
#: lines add the table's own sentences, which m4d.initiatives.export translates).
_PLAN_WORDS = {"diagnosis": ("diagnosis", "finding"), "objectives": ("objectives", "objective"),
               "stakeholders": ("stakeholders", "name"), "actions": ("actions", "action"),
               "deliverables": ("deliverables", "deliverable"), "results": ("results", "result")}


@pytest.mark.parametrize("language", TARGETS)
def test_the_lessons_illustrative_plan_reads_in_the_readers_language(language):
    english = initiative_plan("diaspora_entrepreneurship")
    in_english = plan_steps_table(translate_plan(english))
    with use_language(language):
        shown = plan_steps_table(translate_plan(english))
    # The table names its steps and headings in the reader's language too: its rows are matched in order.
    assert list(in_english.columns) == ["step", "the plan"] and len(shown) == len(in_english)
    steps = dict(zip(in_english["step"], shown.iloc[:, 1]))
    words = catalogue(language, "datasets")
    for step, (part, column) in _PLAN_WORDS.items():
        for item in english.part(part):
            assert words[(f"initiative_plan_{part}.{column}", item[column])] in steps[step]
        assert not [t for t in steps[step].split("; ") if english_share(t, language)], step
    assert words[("initiative_plans.monitoring", english.monitoring)] in steps["monitoring and evaluation"]
    with use_language(language):
        assert translate_plan(english).total_cost == english.total_cost
    assert plan_steps_table(translate_plan(english)).equals(plan_steps_table(english))

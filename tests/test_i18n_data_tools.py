"""The data behind the tools (agreement elements, initiative kinds, sectors and plans, the corridor results
framework, the coherence matrix, the stakeholder kinds) has every reader-visible value translated in French and
Spanish, read here from the .po files by Babel; what is illustrative says so in every language."""
from __future__ import annotations

from functools import lru_cache

import pytest

from m4d import datasets
from m4d.i18n.data import translatable_columns
from tests.widget_translation import TARGETS, catalogue

TOOLS_DATA = ("agreement_elements", "initiative_kinds", "initiative_sectors", "initiative_plans",
              "initiative_plan_actions", "initiative_plan_cost_lines", "initiative_plan_deliverables",
              "initiative_plan_diagnosis", "initiative_plan_indicators", "initiative_plan_objectives",
              "initiative_plan_results", "initiative_plan_risks", "initiative_plan_stakeholders",
              "results_corridor_results", "results_corridor_indicators", "results_corridor_sources",
              "results_corridor_groups", "coherence_sectors", "coherence_levels", "coherence_policies_alvora",
              "stakeholder_kinds")
ILLUSTRATIVE = {"fr": "illustrati", "es": "ilustrativ"}


@lru_cache(maxsize=None)
def _values(resource: str, column: str) -> frozenset[str]:
    # Read once for both languages: loading a dataset costs about 0.1 s.
    found = set()
    for value in datasets.load(resource)[column]:
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(item, str) and item.strip():
                found.add(item)
    return frozenset(found)


@pytest.mark.parametrize("language", TARGETS)
def test_every_value_a_tool_shows_is_translated(language):
    shown = catalogue(language, "datasets")
    missing = []
    for resource in TOOLS_DATA:
        columns = translatable_columns(resource)
        assert columns, f"{resource} is not listed in locales/datasets.yml"
        for column in columns:
            missing += [f"{resource}.{column}: {v!r}" for v in sorted(_values(resource, column))
                        if (f"{resource}.{column}", v) not in shown]
    assert missing == []


@pytest.mark.parametrize("language", TARGETS)
def test_what_is_illustrative_is_labelled_illustrative_in_every_language(language):
    labelled = [(context, english, text) for (context, english), text in catalogue(language, "datasets").items()
                if context.split(".")[0] in TOOLS_DATA and "illustrative" in english.lower()]
    assert len(labelled) >= 3
    assert [e for _, e, t in labelled if ILLUSTRATIVE[language] not in t.lower()] == []


def test_codes_programs_filter_on_are_not_listed_for_translation():
    # Sectors, kinds, levels, marks, categories, frequencies and ids are compared by the code: never translated.
    codes = {"agreement_elements": {"id", "mode", "element"}, "initiative_kinds": {"kind", "typical_categories"},
             "initiative_sectors": {"sector", "case_sectors"}, "coherence_policies_alvora": {"sector", "level", "mark"},
             "initiative_plan_cost_lines": {"category", "action"}, "initiative_plan_risks": {"likelihood", "impact"},
             "results_corridor_indicators": {"frequency", "unit", "disaggregation"},
             "results_corridor_groups": {"variable"}, "initiative_plan_stakeholders": {"kind"}}
    assert {r: set(translatable_columns(r)) & c for r, c in codes.items()} == {r: set() for r in codes}


@pytest.mark.parametrize("language", TARGETS)
def test_a_results_framework_started_from_a_translated_plan_reads_its_frequencies_and_breakdowns(language):
    # The planner shows the corridor-case plan translated; the framework started from it must read the
    # translated frequencies, breakdowns and survey sources as the English ones, code for code.
    from m4d.initiatives import course_plan, translate_plan
    from m4d.results import framework_from_plan

    english = framework_from_plan(course_plan("tuscany_kasserine"))
    shown = framework_from_plan(translate_plan(course_plan("tuscany_kasserine"), language))
    for column in ("indicator_id", "result_id", "frequency", "disaggregation", "baseline", "target"):
        assert list(shown.framework.indicators[column]) == list(english.framework.indicators[column]), column
    assert list(shown.sources["method"]) == list(english.sources["method"]) and "survey" in set(english.sources["method"])
    assert len(shown.notes) == len(english.notes)
    assert list(shown.framework.indicators["definition"]) != list(english.framework.indicators["definition"])

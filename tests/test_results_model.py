"""Bad framework input gets a message that names the table, row and column, and says how to fix it."""
from __future__ import annotations

import pytest

from m4d import InputError
from m4d.results import build_collection_plan, build_framework

RESULTS = [{"result_id": "I1", "level": "impact", "statement": "Impact"},
           {"result_id": "O1", "level": "outcome", "statement": "Outcome", "contributes_to": "I1"}]
IND = {"indicator_id": "K1", "result_id": "O1", "definition": "Share of people", "unit": "percent",
       "baseline": 10, "baseline_year": 2026, "target": 20, "target_year": 2028, "source": "S1",
       "frequency": "yearly"}


def _fw(results=RESULTS, indicators=(IND,), **kw):
    return build_framework(results, list(indicators), start_year=kw.get("start", 2026), end_year=kw.get("end", 2028))


@pytest.mark.parametrize("change, message", [
    ({"baseline": "ten"}, r"indicators, row 2, column baseline: 'ten' is not a number"),
    ({"target_year": 20288}, r"column target_year: 20288 is not a year"),
    ({"sdg_targets": "10.9"}, r"column sdg_targets: '10.9' is not one of the course's SDG targets"),
    ({"gcm_objectives": "24"}, r"objectives 1 to 23; '24' is not one of them"),
    ({"gcm_objectives": "data"}, r"'data' is not a GCM objective number"),
    ({"disaggregation": "religion"}, r"'religion' is not a breakdown the course knows"),
    ({"frequency": "sometimes"}, r"'sometimes' is not a frequency"),
    ({"result_id": "O7"}, r"measures 'O7', which is not a result"),
    ({"definition": " "}, r"K1 has no definition"),
    ({"max_change_per_year": -2}, r"must be above 0"),
])
def test_a_bad_indicator_cell_is_named_with_its_row_and_column(change, message):
    with pytest.raises(InputError, match=message):
        _fw(indicators=[dict(IND, **change)])


def test_cells_are_read_the_way_people_type_them():
    fw = _fw(indicators=[dict(IND, baseline="12.5%", sdg_targets="SDG 10.7; 17.18", gcm_objectives="Objective 19;1",
                              disaggregation="Sex;migration status", frequency="Annual")])
    row = fw.indicators.iloc[0]
    assert row["baseline"] == 12.5 and row["sdg_targets"] == ("10.7", "17.18") and row["gcm_objectives"] == (1, 19)
    assert row["disaggregation"] == ("sex", "migration_status") and row["frequency"] == "yearly"


@pytest.mark.parametrize("results, message", [
    ([{"result_id": "O1", "level": "goal", "statement": "x"}], r"'goal' is not a level"),
    ([{"result_id": "O1", "level": "outcome", "statement": "x"}, {"result_id": "O1", "level": "output",
                                                                  "statement": "y"}], r"'O1' is used twice"),
    ([{"result_id": "I1", "level": "impact", "statement": "x"},
      {"result_id": "P1", "level": "output", "statement": "y", "contributes_to": "I1"}],
     r"P1 is an output and contributes to I1, which is an impact"),
    ([{"result_id": "O1", "level": "outcome", "statement": "x", "contributes_to": "I9"}], r"'I9', which is not a result"),
    ([{"result_id": "O1", "level": "outcome", "statement": ""}], r"O1 has no statement"),
    ([], r"the framework has no results"),
])
def test_a_bad_results_chain_is_refused_with_a_reason(results, message):
    with pytest.raises(InputError, match=message):
        build_framework(results, [], start_year=2026, end_year=2028)


def test_years_in_the_wrong_order_are_refused():
    with pytest.raises(InputError, match="ends in 2025, before it starts in 2026"):
        _fw(indicators=[], start=2026, end=2025)


@pytest.mark.parametrize("groups, message", [
    ([{"variable": "sex", "group": "women", "share": 0.5}, {"variable": "sex", "group": "men", "share": 0.3}],
     r"add up to 80 %"),
    ([{"variable": "sex", "group": "women", "share": 50}], r"did you mean 0.5"),
    ([{"variable": "caste", "group": "a", "share": 1}], r"'caste' is not a breakdown"),
])
def test_bad_group_shares_are_refused(groups, message):
    sources = [{"source_id": "S1", "method": "survey", "interviews": 100}]
    with pytest.raises(InputError, match=message):
        build_collection_plan(sources, groups)


def test_a_survey_without_a_size_is_refused():
    with pytest.raises(InputError, match="needs the number of completed interviews"):
        build_collection_plan([{"source_id": "S1", "method": "survey"}], [])

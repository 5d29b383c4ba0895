"""A budget plan refuses what a person can type wrong, with a message that says how to fix it."""
from __future__ import annotations

import pytest

from m4d import InputError
from m4d.budget import allocation_matrix, build_allocation, build_plan, course_plan
from tests.budget_plans import line, small_plan, source

LINES = [line("L1", 2026, "staff", 600)]
SOURCES = [source("own", "own_budget", 300)]


def test_negative_amount_is_refused_with_the_line_named():
    with pytest.raises(InputError, match=r"L1 is negative \(-5\).*positive"):
        build_plan([line("L1", 2026, "staff", -5)], SOURCES)


def test_unknown_category_is_refused_with_the_allowed_ones_listed():
    with pytest.raises(InputError, match=r"'catering' is not a cost category. Use one of: staff, travel"):
        build_plan([line("L1", 2026, "catering", 10)], SOURCES)


def test_category_may_be_given_by_its_label():
    plan = build_plan([line("L1", 2026, "Monitoring and evaluation", 10)], SOURCES)
    assert plan.lines["category"].tolist() == ["monitoring_evaluation"]


def test_share_above_100_percent_is_refused_and_the_fraction_suggested():
    with pytest.raises(InputError, match=r"above 100 % \(did you mean 0.6\?\)"):
        build_plan(LINES, [source("eu", "international_organisation", 100, max_share=60)])


def test_share_written_as_percent_text_is_refused():
    with pytest.raises(InputError, match="fractions between 0 and 1"):
        build_plan(LINES, [source("eu", "international_organisation", 100, max_share="60%")])


def test_empty_plan_is_refused():
    with pytest.raises(InputError, match="no cost lines"):
        build_plan([], SOURCES)
    with pytest.raises(InputError, match="no funding sources"):
        build_plan(LINES, [])


def test_repeated_line_identifier_is_refused():
    with pytest.raises(InputError, match="'L1' is used twice"):
        build_plan([line("L1", 2026, "staff", 1), line("L1", 2027, "staff", 1)], SOURCES)


def test_unknown_eligible_category_and_empty_eligibility_are_refused():
    with pytest.raises(InputError, match="'food' is not a cost category"):
        build_plan(LINES, [source("own", "own_budget", 1, eligible="staff;food")])
    with pytest.raises(InputError, match="may pay for no cost category"):
        build_plan(LINES, [source("own", "own_budget", 1, eligible="")])


def test_unknown_kind_form_and_negative_cap_are_refused():
    with pytest.raises(InputError, match="not a kind of source"):
        build_plan(LINES, [source("x", "bank", 1)])
    with pytest.raises(InputError, match="'cash' or 'in_kind'"):
        build_plan(LINES, [source("x", "own_budget", 1, form="loan")])
    with pytest.raises(InputError, match="cap of x is negative"):
        build_plan(LINES, [source("x", "own_budget", -1)])


def test_text_that_is_not_a_number_is_refused_with_row_and_column():
    with pytest.raises(InputError, match=r"cost line row 2, column amount: 'lots' is not a number"):
        build_plan([line("L1", 2026, "staff", "lots")], SOURCES)


def test_mixed_currencies_are_refused():
    lines = [dict(line("L1", 2026, "staff", 1), currency="EUR"), dict(line("L2", 2026, "staff", 1), currency="USD")]
    with pytest.raises(InputError, match="mix currencies"):
        build_plan(lines, SOURCES, currency="EUR")


def test_eligibility_matrix_follows_each_sources_categories():
    plan = small_plan()
    # own pays anything; the donor pays staff and M&E but not equipment.
    assert plan.eligibility.tolist() == [[True, True], [True, True], [True, False]]


def test_effective_cap_is_the_lower_of_cap_and_maximum_share():
    plan = small_plan(donor_cap=1000, donor_share=0.5)
    assert plan.effective_caps().tolist() == [300.0, 450.0]


def test_allocation_with_unknown_line_or_negative_amount_is_refused():
    plan = small_plan()
    with pytest.raises(InputError, match="no cost line 'L9'"):
        build_allocation(plan, [{"line_id": "L9", "source_id": "own", "amount": 1}])
    with pytest.raises(InputError, match="no funding source 'bank'"):
        build_allocation(plan, [{"line_id": "L1", "source_id": "bank", "amount": 1}])
    with pytest.raises(InputError, match="negative"):
        build_allocation(plan, [{"line_id": "L1", "source_id": "own", "amount": -1}])


def test_repeated_allocation_pairs_are_added_up():
    plan = small_plan()
    allocation = build_allocation(plan, [{"line_id": "L1", "source_id": "own", "amount": 100},
                                         {"line_id": "L1", "source_id": "own", "amount": 50}])
    assert allocation_matrix(plan, allocation)[0, 0] == 150


def test_course_plan_is_illustrative_and_its_draft_allocation_refers_to_its_lines():
    plan, draft = course_plan()
    assert plan.illustrative and "illustrative" in plan.label("x")
    assert set(draft["line_id"]) <= set(plan.lines["line_id"])
    assert len(plan.lines) == 24 and len(plan.sources) == 7

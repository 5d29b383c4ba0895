"""Each rule passes a plan that meets it and fails, with the amount, a plan that does not."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings as hyp_settings, strategies as st

from m4d import InputError
from m4d.budget import RuleSettings, build_plan, check_plan, course_plan
from tests.budget_plans import line, small_plan, source


def _by_rule(results):
    return {r.rule: r for r in results}


def _alloc(*rows):
    return [{"line_id": l, "source_id": s, "amount": a} for l, s, a in rows]


GOOD = _alloc(("L1", "own", 60), ("L1", "donor", 540), ("L2", "donor", 60), ("L3", "own", 240))


def test_a_plan_that_meets_every_rule_passes_them_all():
    results = check_plan(small_plan(), GOOD)
    assert [r.rule for r in results] == ["balance", "own_share", "caps", "eligibility", "me_share", "in_kind"]
    assert all(r.passed for r in results), [r.message for r in results if not r.passed]


def test_unfunded_line_breaks_balance_by_its_missing_amount():
    result = _by_rule(check_plan(small_plan(), _alloc(("L1", "own", 60), ("L1", "donor", 440), ("L2", "donor", 60),
                                                       ("L3", "own", 240))))["balance"]
    assert not result.passed and result.shortfall == pytest.approx(100)
    assert "L1" in result.message and "100 short" in result.message


def test_over_funded_line_breaks_balance():
    result = _by_rule(check_plan(small_plan(), GOOD + _alloc(("L3", "own", 10))))["balance"]
    assert not result.passed and "over-funded" in result.message


def test_own_share_below_minimum_reports_the_missing_amount():
    # Own pays 240 of 900 = 26.7 %; with a 30 % minimum it lacks 270 - 240 = 30.
    result = _by_rule(check_plan(small_plan(), _alloc(("L1", "donor", 600), ("L2", "donor", 60), ("L3", "own", 240)),
                                 RuleSettings(min_own_share=0.30)))["own_share"]
    assert not result.passed and result.shortfall == pytest.approx(30)


def test_funder_above_its_cap_or_its_share_breaks_caps():
    over_cap = _by_rule(check_plan(small_plan(own_cap=200), GOOD))["caps"]
    assert not over_cap.passed and over_cap.shortfall == pytest.approx(100)
    # The donor gives 600 of 900 = 66.7 %, above a 50 % maximum share (450).
    over_share = _by_rule(check_plan(small_plan(donor_share=0.5), GOOD))["caps"]
    assert not over_share.passed and over_share.shortfall == pytest.approx(150)
    assert "maximum share of 50%" in over_share.message


def test_funder_paying_an_ineligible_cost_breaks_eligibility():
    allocation = _alloc(("L1", "own", 300), ("L1", "donor", 300), ("L2", "donor", 60), ("L3", "donor", 240))
    result = _by_rule(check_plan(small_plan(), allocation))["eligibility"]
    assert not result.passed and result.shortfall == pytest.approx(240)
    assert "equipment" in result.message


def test_monitoring_and_evaluation_outside_its_range_fails_whatever_the_allocation():
    # M&E is 60 of 900 = 6.7 %: too little for a 10-20 % range, too much for a 1-5 % range.
    low = _by_rule(check_plan(small_plan(), GOOD, RuleSettings(min_me_share=0.10, max_me_share=0.20)))["me_share"]
    high = _by_rule(check_plan(small_plan(), GOOD, RuleSettings(min_me_share=0.01, max_me_share=0.05)))["me_share"]
    assert not low.passed and low.shortfall == pytest.approx(30)
    assert not high.passed and high.shortfall == pytest.approx(15)


def test_unfunded_monitoring_and_evaluation_fails_the_rule():
    allocation = _alloc(("L1", "own", 60), ("L1", "donor", 540), ("L3", "own", 240))
    assert not _by_rule(check_plan(small_plan(), allocation))["me_share"].passed


def test_in_kind_above_its_share_or_without_a_value_fails():
    lines = [line("L1", 2026, "staff", 900), line("L2", 2026, "monitoring_evaluation", 60)]
    sources = [source("time", "own_budget", 500, form="in_kind"), source("cash", "own_budget", 1000)]
    plan = build_plan(lines, sources)
    allocation = _alloc(("L1", "time", 500), ("L1", "cash", 400), ("L2", "cash", 60))
    result = _by_rule(check_plan(plan, allocation))["in_kind"]
    assert not result.passed and result.shortfall == pytest.approx(500 - 0.25 * 960)
    unvalued = build_plan(lines, [source("time", "own_budget", 0, form="in_kind"), source("cash", "own_budget", 1000)])
    result = _by_rule(check_plan(unvalued, _alloc(("L1", "cash", 900), ("L2", "cash", 60))))["in_kind"]
    assert not result.passed and "no value" in result.message


def test_course_draft_allocation_fails_balance_own_share_and_eligibility():
    plan, draft = course_plan()
    failed = {r.rule for r in check_plan(plan, draft) if not r.passed}
    assert failed == {"balance", "own_share", "eligibility"}


@pytest.mark.parametrize("bad", [dict(min_own_share=1.2), dict(max_in_kind_share=-0.1),
                                 dict(min_me_share=0.2, max_me_share=0.1), dict(tolerance=float("nan"))])
def test_rule_settings_outside_their_range_are_refused(bad):
    with pytest.raises(InputError):
        RuleSettings(**bad)


@hyp_settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=10_000, allow_nan=False), min_size=3, max_size=3),
       st.floats(min_value=0, max_value=1))
def test_balance_shortfall_equals_the_money_missing_from_the_plan(paid, own_min):
    plan = small_plan(own_cap=1e9, donor_cap=1e9)
    amounts = plan.lines["amount"].to_numpy()
    matrix = np.zeros((3, 2))
    matrix[:, 0] = np.minimum(paid, amounts)
    results = _by_rule(check_plan(plan, matrix, RuleSettings(min_own_share=own_min)))
    missing = float((amounts - matrix[:, 0]).sum())
    assert results["balance"].passed == (missing <= 0.01)
    if not results["balance"].passed:
        assert results["balance"].shortfall == pytest.approx(missing)
    own_needed = own_min * amounts.sum()
    assert results["own_share"].passed == (matrix.sum() + 0.01 >= own_needed)

"""A funder that withdraws leaves a gap by year and category, and the re-plan says what can still be funded."""
from __future__ import annotations

import pytest

from m4d import InputError
from m4d.budget import allocate, check_plan, course_plan, withdraw
from m4d.budget.rules import RuleSettings
from tests.budget_plans import small_plan

ALLOCATION = [{"line_id": "L1", "source_id": "own", "amount": 60}, {"line_id": "L1", "source_id": "donor", "amount": 540},
              {"line_id": "L2", "source_id": "donor", "amount": 60}, {"line_id": "L3", "source_id": "own", "amount": 240}]


def test_withdrawal_of_the_sole_donor_leaves_what_it_paid_as_the_immediate_gap():
    scenario = withdraw(small_plan(), ALLOCATION, "donor")
    gap = scenario.immediate_gap
    assert gap.loc["Staff", 2026] == pytest.approx(540)
    assert gap.loc["Monitoring and evaluation", 2026] == pytest.approx(60)
    assert gap.loc["Total", "Total"] == pytest.approx(600)


def test_re_plan_after_withdrawal_funds_what_the_own_budget_still_can():
    # Without the donor only own (cap 300) is left: 900 - 300 = 600 stays unfunded.
    scenario = withdraw(small_plan(), ALLOCATION, "donor")
    assert not scenario.replanned.feasible
    assert scenario.remaining_gap.loc["Total", "Total"] == pytest.approx(600)
    assert "600" in scenario.message


def test_cut_by_half_halves_the_immediate_gap():
    scenario = withdraw(small_plan(), ALLOCATION, "donor", cut=0.5)
    assert scenario.immediate_gap.loc["Total", "Total"] == pytest.approx(300)
    assert scenario.new_cap == pytest.approx(300)


def test_small_cut_that_other_sources_absorb_gives_a_re_plan_meeting_every_rule():
    plan, _ = course_plan()
    base = allocate(plan).allocation
    scenario = withdraw(plan, base, "foundation", cut=0.2)
    assert scenario.replanned.feasible
    assert all(r.passed for r in check_plan(plan, scenario.replanned.allocation))
    assert scenario.remaining_gap.loc["Total", "Total"] == pytest.approx(0, abs=0.01)


def test_withdrawal_of_a_source_that_pays_nothing_leaves_no_gap():
    own_only = [{"line_id": "L1", "source_id": "own", "amount": 600}, {"line_id": "L3", "source_id": "own", "amount": 240}]
    scenario = withdraw(small_plan(own_cap=1000), own_only, "donor", cut=1.0)
    assert scenario.immediate_gap.loc["Total", "Total"] == 0


@pytest.mark.parametrize("cut", [-0.1, 1.5, "all"])
def test_cut_outside_zero_to_one_is_refused(cut):
    with pytest.raises(InputError, match="between 0 and 1"):
        withdraw(small_plan(), ALLOCATION, "donor", cut=cut)


def test_unknown_funder_is_refused_with_the_known_ones():
    with pytest.raises(InputError, match="no funding source 'eu'.*own, donor"):
        withdraw(small_plan(), ALLOCATION, "eu")


@pytest.mark.parametrize("settings", [RuleSettings(min_me_share=0.5, max_me_share=0.6),
                                      RuleSettings(min_me_share=0.0, max_me_share=0.01)])
def test_a_withdrawal_that_fails_for_a_rule_not_money_says_which_rule(settings):
    # The course plan spends 7.9 % on monitoring: outside both ranges, whatever the funders give.
    plan, allocation = course_plan()
    for source in plan.sources["source_id"]:
        scenario = withdraw(plan, allocation, source, 0.5, settings)
        assert "EUR 0 stays unfunded" not in scenario.message
        assert "Monitoring and evaluation" in scenario.message
        assert not scenario.replanned.feasible

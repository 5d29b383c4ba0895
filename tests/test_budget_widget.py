"""The budget planner recomputes on every edit, keeps invalid edits with a message, and proposes allocations."""
from __future__ import annotations

from m4d.budget import course_plan
from m4d.budget.widget import BudgetPlanner


def test_planner_starts_with_the_draft_and_reports_its_three_failing_rules():
    planner = BudgetPlanner()
    assert sorted(r.rule for r in planner.results if not r.passed) == ["balance", "eligibility", "own_share"]
    assert "fails" in planner.rules.value and "Unfunded" in planner.totals.value


def test_editing_an_amount_updates_the_totals():
    planner = BudgetPlanner()
    planner._line_rows[0]["amount"].value = 30000  # L01 was 24000
    assert planner.plan.total_cost == 227500 + 6000
    assert "233,500" in planner.summary.value


def test_invalid_edit_shows_a_message_and_keeps_both_the_edit_and_the_last_valid_plan():
    planner = BudgetPlanner()
    planner._line_rows[0]["amount"].value = -100
    assert "negative" in planner.message.value
    assert planner._line_rows[0]["amount"].value == -100
    assert planner.plan.total_cost == 227500
    planner._line_rows[0]["amount"].value = 24000
    assert planner.message.value == "" and planner.error is None


def test_repeated_source_identifier_typed_in_the_planner_is_reported():
    planner = BudgetPlanner()
    planner._source_rows[0]["source_id"].value = planner._source_rows[1]["source_id"].value
    assert "used twice" in planner.message.value


def test_propose_button_adopts_an_allocation_that_meets_every_rule():
    planner = BudgetPlanner()
    planner.propose_button.click()
    assert all(r.passed for r in planner.results)
    assert "Found an allocation" in planner.scenario.value


def test_share_slider_that_makes_the_plan_infeasible_gets_an_explanation_not_an_allocation():
    planner = BudgetPlanner()
    planner.own_share.value = 90
    planner.propose()
    assert "No allocation meets every rule" in planner.scenario.value
    assert any(not r.passed for r in planner.results)


def test_withdraw_button_shows_the_gap_tables():
    planner = BudgetPlanner()
    planner.propose()
    planner.withdraw_source.value = "international"
    planner.withdraw_button.click()
    assert "Immediate gap" in planner.scenario.value and "after re-planning" in planner.scenario.value


def test_adding_a_cost_line_leaves_it_unfunded_until_the_next_proposal():
    planner = BudgetPlanner()
    planner.propose()
    planner._add_line()
    planner._line_rows[-1]["amount"].value = 1000
    assert not next(r for r in planner.results if r.rule == "balance").passed
    planner.propose()
    assert all(r.passed for r in planner.results)


def test_removing_a_source_drops_its_money_from_the_allocation():
    planner = BudgetPlanner()
    planner._remove(planner._source_rows, planner._source_rows[-1])  # the foundation
    assert "foundation" not in set(planner.allocation["source_id"])


def test_snapshot_is_static_html_with_labelled_illustrative_figures():
    planner = BudgetPlanner()
    html = planner.snapshot_html()
    assert "(illustrative)" in html and html.count('class="m4d-figure"') == 2 and "aria-label" in html
    bundle = planner._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["text/html"] == html


def test_planner_accepts_a_plan_of_ones_own():
    plan, draft = course_plan()
    planner = BudgetPlanner(plan, [])
    assert next(r for r in planner.results if r.rule == "balance").shortfall == plan.total_cost

"""The solver finds an allocation that meets every rule whenever one exists, and proves it when none does."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import assume, given, settings as hyp_settings, strategies as st

from m4d import InputError
from m4d.budget import CATEGORIES, RuleSettings, allocate, allocation_matrix, build_plan, check_plan, course_plan
from m4d.budget.allocation import fund_as_much_as_possible
from tests.budget_plans import line, small_plan, source

CATS = list(CATEGORIES)
KINDS = ["own_budget", "local_stakeholders", "national_government", "international_organisation", "philanthropy"]


def test_course_plan_gets_an_allocation_that_meets_every_rule():
    plan, _ = course_plan()
    result = allocate(plan)
    assert result.feasible
    assert all(r.passed for r in check_plan(plan, result.allocation)), result.message


def test_min_largest_funder_spreads_external_money_evenly_when_it_can():
    # 900 of cost, own pays at most 300 (all of equipment 240 + 60): the 600 left falls on two
    # identical donors, so the best possible largest external funder pays 300.
    plan = build_plan([line("L1", 2026, "staff", 600), line("L2", 2026, "monitoring_evaluation", 60),
                       line("L3", 2027, "equipment", 240)],
                      [source("own", "own_budget", 300), source("a", "international_organisation", 1000),
                       source("b", "philanthropy", 1000)])
    result = allocate(plan, objective="min_largest_funder")
    given = allocation_matrix(plan, result.allocation).sum(axis=0)
    assert result.feasible and given[1:].max() == pytest.approx(300)


def test_max_own_share_uses_the_whole_own_budget():
    plan = small_plan(own_cap=500)
    result = allocate(plan, objective="max_own_share")
    assert allocation_matrix(plan, result.allocation)[:, 0].sum() == pytest.approx(500)


def test_caps_too_low_are_reported_with_every_single_rule_whose_relaxation_would_fix_it():
    # Equipment (240) can only be paid by own, capped at 200: 40 is missing whatever we do.
    # Leaving 40 unfunded, raising own's cap by 40, or letting the donor pay 40 of equipment
    # would each fix it; lowering the own-share minimum or the in-kind limit would not.
    result = allocate(small_plan(own_cap=200))
    assert not result.feasible
    assert set(result.binding) == {"balance", "caps", "eligibility"}
    assert result.relaxations == pytest.approx({"balance": 40, "caps": 40, "eligibility": 40})
    assert result.minimum_violation == pytest.approx(40)
    assert "binding" in result.message.lower()


def test_own_share_minimum_that_the_own_budget_cannot_reach_binds():
    result = allocate(small_plan(own_cap=250, donor_eligible="staff;monitoring_evaluation;equipment"),
                      RuleSettings(min_own_share=0.5))
    assert not result.feasible and "own_share" in result.binding
    assert result.relaxations["own_share"] == pytest.approx(450 - 250)


def test_monitoring_and_evaluation_out_of_range_is_reported_before_solving():
    result = allocate(small_plan(), RuleSettings(min_me_share=0.10, max_me_share=0.20))
    assert not result.feasible and result.binding == ["me_share"]


def test_unknown_objective_is_refused():
    with pytest.raises(InputError, match="Unknown objective"):
        allocate(small_plan(), objective="cheapest")


def test_fund_as_much_as_possible_leaves_only_the_unavoidable_gap():
    result = fund_as_much_as_possible(small_plan(own_cap=200))
    assert result.unfunded.sum() == pytest.approx(40)
    assert result.unfunded["L3"] == pytest.approx(40)


@st.composite
def feasible_plans(draw):
    """A plan built around an allocation that meets every rule, so at least one exists."""
    n = draw(st.integers(1, 8))
    m = draw(st.integers(1, 5))
    cats = [draw(st.sampled_from(CATS)) for _ in range(n)]
    amounts = [draw(st.floats(1, 10_000)) for _ in range(n)]
    eligible = [set(draw(st.lists(st.sampled_from(CATS), min_size=1, max_size=8))) for _ in range(m)]
    kinds = [draw(st.sampled_from(KINDS)) for _ in range(m)]
    forms = [draw(st.sampled_from(["cash", "in_kind"])) for _ in range(m)]
    matrix = np.zeros((n, m))
    for i in range(n):
        payers = [j for j in range(m) if cats[i] in eligible[j]]
        if not payers:
            j = draw(st.integers(0, m - 1))
            eligible[j].add(cats[i])
            payers = [j]
        weights = np.array([draw(st.floats(0.01, 1)) for _ in payers])
        matrix[i, payers] = amounts[i] * weights / weights.sum()
    given = matrix.sum(axis=0)
    total = float(sum(amounts))
    headroom = [draw(st.floats(0, 5_000)) for _ in range(m)]
    lines = [line(f"L{i}", 2026 + i % 3, cats[i], amounts[i]) for i in range(n)]
    # An in-kind source must have a value (the in_kind rule), so its cap is never zero.
    sources = [source(f"S{j}", kinds[j], given[j] + headroom[j] + (1.0 if forms[j] == "in_kind" else 0.0),
                      eligible=";".join(sorted(eligible[j])),
                      form=forms[j], max_share=draw(st.sampled_from([None, min(1.0, given[j] / total + 0.05)])))
               for j in range(m)]
    plan = build_plan(lines, sources)
    own = matrix[:, plan.own_sources()].sum()
    in_kind = matrix[:, plan.in_kind_sources()].sum()
    me = float(sum(a for a, c in zip(amounts, cats) if c == "monitoring_evaluation")) / total
    rules = RuleSettings(min_own_share=min(1.0, draw(st.floats(0, 1)) * own / total),
                         max_in_kind_share=min(1.0, in_kind / total + draw(st.floats(0, 0.5))),
                         min_me_share=max(0.0, me - 0.01), max_me_share=min(1.0, me + 0.01))
    return plan, rules


@hyp_settings(max_examples=60, deadline=None)
@given(feasible_plans(), st.sampled_from(["min_largest_funder", "max_own_share"]))
def test_solver_never_misses_an_allocation_that_exists_and_what_it_returns_meets_every_rule(case, objective):
    plan, rules = case
    result = allocate(plan, rules, objective)
    assert result.feasible, result.message
    matrix = allocation_matrix(plan, result.allocation)
    failed = [r.message for r in check_plan(plan, matrix, rules) if not r.passed]
    assert failed == []
    # Money is conserved: what the sources give adds up to what the plan costs.
    assert matrix.sum() == pytest.approx(plan.total_cost, rel=1e-9, abs=0.01)


@st.composite
def transport_plans(draw):
    """Any plan, feasible or not, with only caps, eligibility and balance in play."""
    n = draw(st.integers(1, 6))
    m = draw(st.integers(1, 4))
    lines = [line(f"L{i}", 2026, draw(st.sampled_from(CATS[:4])), draw(st.integers(0, 1000))) for i in range(n)]
    sources = [source(f"S{j}", "philanthropy", draw(st.integers(0, 1500)),
                      eligible=";".join(draw(st.lists(st.sampled_from(CATS[:4]), min_size=1, max_size=4, unique=True))))
               for j in range(m)]
    return build_plan(lines, sources)


def _max_flow(plan) -> float:
    """What the sources could pay at most, through an independent method (maximum flow in a network)."""
    graph = nx.DiGraph()
    for j, cap in enumerate(plan.sources["cap"]):
        graph.add_edge("start", f"s{j}", capacity=float(cap))
    for i, amount in enumerate(plan.lines["amount"]):
        graph.add_edge(f"l{i}", "end", capacity=float(amount))
        for j in range(len(plan.sources)):
            if plan.eligibility[i, j]:
                graph.add_edge(f"s{j}", f"l{i}")
    graph.add_node("end")
    return nx.maximum_flow_value(graph, "start", "end")


@hyp_settings(max_examples=80, deadline=None)
@given(transport_plans())
def test_infeasibility_is_reported_exactly_when_an_independent_max_flow_confirms_it(plan):
    assume(plan.total_cost > 0)
    rules = RuleSettings(min_own_share=0, max_in_kind_share=1, min_me_share=0, max_me_share=1)
    result = allocate(plan, rules)
    flow = _max_flow(plan)
    if result.feasible:
        assert flow == pytest.approx(plan.total_cost, abs=0.01)
    else:
        # The certificate: the least violation equals what the best flow leaves unfunded.
        assert flow < plan.total_cost - 0.01
        assert result.minimum_violation == pytest.approx(plan.total_cost - flow, abs=0.01)

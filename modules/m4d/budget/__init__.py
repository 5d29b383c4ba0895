"""Budget planning for a partnership initiative (Module 5 of the course).

A plan is cost lines and funding sources (:mod:`m4d.budget.model`); the
rules a real plan must meet are in :mod:`m4d.budget.rules`; an allocation that
meets them all is found by a linear-programming solver in
:mod:`m4d.budget.allocation`; :mod:`m4d.budget.scenarios` simulates a funder
that withdraws; :mod:`m4d.budget.totals` and :mod:`m4d.budget.charts` summarise
a plan; :mod:`m4d.budget.io` saves and reads plans as CSV or Excel; and
:class:`m4d.budget.widget.BudgetPlanner` puts it all in one interactive tool.
"""
from __future__ import annotations

from m4d.budget.allocation import OBJECTIVES, AllocationResult, allocate, fund_as_much_as_possible
from m4d.budget.model import (CATEGORIES, FORMS, SOURCE_KINDS, BudgetPlan, allocation_from_matrix,
                              allocation_matrix, build_allocation, build_plan, category_names)
from m4d.budget.rules import RULES, RuleResult, RuleSettings, all_passed, check_plan, rules_table
from m4d.budget.scenarios import WithdrawalScenario, withdraw

__all__ = [
    "CATEGORIES", "FORMS", "SOURCE_KINDS", "RULES", "OBJECTIVES",
    "BudgetPlan", "RuleSettings", "RuleResult", "AllocationResult", "WithdrawalScenario",
    "build_plan", "build_allocation", "category_names", "allocation_matrix", "allocation_from_matrix",
    "check_plan", "rules_table", "all_passed", "allocate", "fund_as_much_as_possible", "withdraw",
    "course_plan",
]


def course_plan() -> tuple[BudgetPlan, "object"]:
    """The course's illustrative plan and its first draft allocation (datasets ``budget_*``)."""
    from m4d import datasets
    from m4d.i18n import N_

    from m4d.i18n import translate_frame

    # The descriptions and the sources' names in the reader's language; ids, categories and kinds stay codes.
    lines = translate_frame(datasets.load("budget_cost_lines"), "budget_cost_lines")
    sources = translate_frame(datasets.load("budget_funding_sources"), "budget_funding_sources")
    draft = datasets.load("budget_draft_allocation")
    currency = str(lines["currency"].iloc[0]) if len(lines) else "EUR"
    plan = build_plan(lines.drop(columns="currency"), sources.drop(columns="currency"), currency=currency,
                      title=N_("Diaspora entrepreneurship partnership"), illustrative=True, where="course plan")
    return plan, build_allocation(plan, draft, where="course draft allocation")

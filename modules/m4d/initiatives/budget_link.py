"""Hand a plan's cost lines to the budget planner of Module 5 (:mod:`m4d.budget`).

The planner and the budget speak the same cost categories, so a cost line of a
plan is a budget line: :func:`budget_lines` lays them out as
:func:`m4d.budget.build_plan` reads them (``line_id, year, category,
description, amount``; the description starts with the action's identifier), and
:func:`to_budget_plan` makes the :class:`m4d.budget.BudgetPlan` in one call, with
the funding sources you give or, if you give none, one placeholder source of
your own budget that pays nothing yet, so the budget planner opens with every
cost unfunded and ready to be allocated.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import _, pgettext
from m4d.initiatives.plan import InitiativePlan, build_plan

#: The columns of a budget line (m4d.budget.model.LINE_COLUMNS), plus the action it belongs to.
BUDGET_COLUMNS = ["line_id", "year", "category", "description", "amount", "action"]


def budget_lines(plan: Any) -> pd.DataFrame:
    """The plan's cost lines as budget lines (one row each, in the plan's order)."""
    plan = build_plan(plan)
    rows = []
    for line in plan.cost_lines:
        action = plan.item("actions", line["action"]) if line["action"] else None
        label = line["description"] or (action["action"] if action else "")
        prefix = f"{line['action']} · " if line["action"] else ""
        rows.append({"line_id": line["id"], "year": line["year"], "category": line["category"],
                     "description": f"{prefix}{label}".strip(), "amount": float(line["amount"]),
                     "action": line["action"]})
    return pd.DataFrame(rows, columns=BUDGET_COLUMNS)


def placeholder_sources(plan: InitiativePlan) -> list[dict]:
    """One funding source, the partners' own budget with a cap of 0: a start for the budget planner."""
    from m4d.budget import CATEGORIES

    return [{"source_id": "own_budget", "name": "Own budget (to be completed)", "kind": "own_budget",
             "form": "cash", "cap": 0.0, "max_share": None, "eligible_categories": list(CATEGORIES)}]


def to_budget_plan(plan: Any, sources: Any = None):
    """The plan's cost lines as a :class:`m4d.budget.BudgetPlan`, with ``sources`` as its funding sources.

    ``sources`` is what :func:`m4d.budget.build_plan` takes (a DataFrame or a
    list of dicts with source_id, name, kind, form, cap, max_share,
    eligible_categories); by default :func:`placeholder_sources`. The budget plan
    keeps the initiative's title, currency and whether it is illustrative.
    """
    from m4d.budget import build_plan as build_budget

    plan = build_plan(plan)
    if not plan.cost_lines:
        raise InputError(_("The plan {title} has no cost lines to hand to the budget. Add them in the part cost_lines "
                           "(what each action costs, in which year and category).").format(title=repr(plan.title)))
    lines = budget_lines(plan).drop(columns="action")
    return build_budget(lines, placeholder_sources(plan) if sources is None else sources, currency=plan.currency,
                        title=plan.title, illustrative=plan.illustrative, where=pgettext("the place of a mistake", "budget of {title}").format(
                            title=repr(plan.title)))


def cost_by_action(plan: Any) -> pd.DataFrame:
    """Total cost of each action (and of costs that belong to no action), by year: a table for the plan.

    Columns: ``action``, one per year of the timeline (as text) and ``total``;
    costs of the whole initiative (no action) are on the row ``(whole initiative)``.
    """
    plan = build_plan(plan)
    years = plan.years
    whole = "(whole initiative)"
    sums: dict[str, dict[int, float]] = {}
    for line in plan.cost_lines:
        row = sums.setdefault(line["action"] or whole, {})
        row[line["year"]] = row.get(line["year"], 0.0) + float(line["amount"])
    order = [a for a in plan.ids("actions") if a in sums] + [a for a in sums if a not in plan.ids("actions")]
    rows = []
    for action in order:
        values = [sums[action].get(y, 0.0) for y in years]
        outside = sum(v for y, v in sums[action].items() if y not in years)
        rows.append([action, *values, sum(values) + outside])
    return pd.DataFrame(rows, columns=["action", *[str(y) for y in years], "total"])

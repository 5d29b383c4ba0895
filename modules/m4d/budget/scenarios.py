"""What if a funder withdraws, or cuts its contribution?

:func:`withdraw` answers the question a budget officer asks first, and the one
the partners ask next:

1. the **immediate gap**: with today's allocation, which costs lose their payer,
   by year and by category;
2. the **re-planned allocation**: the best allocation without that money that
   still meets every rule, or, when none exists, the allocation that funds as
   much as the rules allow and the **remaining gap** by year and category.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from m4d.budget.allocation import AllocationResult, fund_as_much_as_possible
from m4d.budget.model import CATEGORIES, BudgetPlan, allocation_matrix, build_allocation
from m4d.budget.rules import RuleSettings
from m4d.errors import InputError
from m4d.i18n import _
from m4d.i18n.numbers import percent


@dataclass
class WithdrawalScenario:
    """The outcome of a funder withdrawing or cutting its contribution."""

    source_id: str
    cut: float
    new_cap: float
    immediate_gap: pd.DataFrame
    replanned: AllocationResult
    remaining_gap: pd.DataFrame
    message: str


def gap_table(plan: BudgetPlan, gap_per_line: np.ndarray) -> pd.DataFrame:
    """A gap per cost line as a table: categories as rows, years as columns, with totals."""
    frame = plan.lines[["year", "category"]].assign(gap=gap_per_line)
    table = frame.pivot_table(index="category", columns="year", values="gap", aggfunc="sum", fill_value=0.0)
    table = table.reindex([c for c in CATEGORIES if c in table.index]).rename(index=CATEGORIES)
    table["Total"] = table.sum(axis=1)
    table.loc["Total"] = table.sum(axis=0)
    table.columns.name, table.index.name = "year", "category"
    return table


def withdraw(plan: BudgetPlan, allocation, source_id: str, cut: float = 1.0,
             settings: RuleSettings | None = None, objective: str = "min_largest_funder") -> WithdrawalScenario:
    """Simulate source ``source_id`` cutting its contribution by the share ``cut`` (1 = it withdraws).

    The source's new cap is what it gives today times ``1 - cut`` (a funder
    that cuts its support by a third gives two thirds of what it had
    promised in this plan). In the immediate gap, the source's payments shrink
    in the same proportion on every line it pays towards.
    """
    settings = settings or RuleSettings()
    ids = list(plan.sources["source_id"])
    if source_id not in ids:
        raise InputError(_("There is no funding source {source} in the plan. Sources: {sources}.").format(
            source=repr(source_id), sources=", ".join(ids)))
    if isinstance(cut, bool) or not isinstance(cut, (int, float)) or not 0 <= cut <= 1:
        raise InputError(_("The cut is a share between 0 and 1 (a withdrawal is 1, a cut by half is 0.5), not "
                           "{cut}.").format(cut=repr(cut)))
    matrix = allocation if isinstance(allocation, np.ndarray) else allocation_matrix(plan, build_allocation(plan, allocation))
    j = ids.index(source_id)
    given = float(matrix[:, j].sum())
    new_cap = given * (1 - cut)
    lost = matrix[:, j] * cut
    caps = plan.sources["cap"].to_numpy(dtype=float).copy()
    caps[j] = new_cap
    replanned = fund_as_much_as_possible(plan, settings, objective, caps=caps)
    if replanned.unfunded is not None:
        remaining = replanned.unfunded.to_numpy(dtype=float)
    else:
        remaining = plan.lines["amount"].to_numpy(dtype=float)
    name = plan.sources["name"].iloc[j]
    if replanned.feasible:
        outcome = _("The other sources can cover it: the re-planned allocation meets every rule.")
    elif replanned.allocation is not None:
        outcome = _("The other sources cannot cover all of it within the rules: {amount} stays unfunded. Find a new "
                    "funder, or cut costs where the remaining gap shows.").format(amount=plan.money(remaining.sum()))
    else:
        # Not a question of money: name the rule that no allocation can meet.
        outcome = _("No allocation can meet the rules, even leaving costs unfunded, for a reason money does not "
                    "fix.") + " " + replanned.message
    if cut == 1:
        lead = _("If {source} withdraws, {amount} of costs lose their payer.")
    else:
        lead = _("If {source} cuts its contribution by {cut}, {amount} of costs lose their payer.")
    message = lead.format(source=name, cut=percent(cut), amount=plan.money(lost.sum())) + " " + outcome
    return WithdrawalScenario(source_id, float(cut), new_cap, gap_table(plan, lost), replanned,
                              gap_table(plan, remaining), message)

"""Totals of a budget plan: cost by year and category, funding by source and year.

Every function returns a DataFrame whose labels a budget officer reads as they
are (category and source names, not codes), with a ``Total`` row or column
where a table needs one.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from m4d.budget.model import CATEGORIES, BudgetPlan, allocation_matrix, build_allocation
from m4d.i18n import N_, _

#: The headings of the totals tables that are words (with the categories' names): shown in the reader's
#: language, while the tables themselves keep the English that code looks up (``table.loc["Total", "Total"]``).
TABLE_WORDS = (N_("source"), N_("category"), N_("year"), N_("Unfunded"), N_("Total"))


def as_matrix(plan: BudgetPlan, allocation) -> np.ndarray:
    """An allocation (rows or matrix) as a matrix of cost lines x sources, checked against the plan."""
    if isinstance(allocation, np.ndarray):
        return allocation
    return allocation_matrix(plan, build_allocation(plan, allocation))


def heading(value: object) -> object:
    """A totals table's row or column heading as a reader sees it: a category's name, ``Total``,
    ``Unfunded`` or an axis name in the reader's language; a year or a source's name as it is."""
    if isinstance(value, str) and (value in TABLE_WORDS or value in CATEGORIES.values()):
        return _(value)
    return value


def translate_headings(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a totals table (cost by year and category, funding by source and year, a withdrawal's
    gap) to show a reader: its headings through :func:`heading`, its amounts untouched."""
    shown = table.rename(index=heading, columns=heading)
    shown.index.name, shown.columns.name = heading(table.index.name), heading(table.columns.name)
    return shown


def cost_by_year(plan: BudgetPlan) -> pd.Series:
    """Total cost of each year of the initiative."""
    return plan.lines.groupby("year")["amount"].sum().rename("cost")


def cost_by_category(plan: BudgetPlan) -> pd.Series:
    """Total cost of each category, in the course's category order, with its share of the total."""
    sums = plan.lines.groupby("category")["amount"].sum()
    order = [c for c in CATEGORIES if c in sums.index]
    return sums.reindex(order).rename(index=CATEGORIES).rename("cost")


def cost_by_year_and_category(plan: BudgetPlan) -> pd.DataFrame:
    """Cost table: categories as rows, years as columns, with totals."""
    table = plan.lines.pivot_table(index="category", columns="year", values="amount", aggfunc="sum", fill_value=0.0)
    table = table.reindex([c for c in CATEGORIES if c in table.index]).rename(index=CATEGORIES)
    table["Total"] = table.sum(axis=1)
    table.loc["Total"] = table.sum(axis=0)
    table.columns.name, table.index.name = "year", "category"
    return table


def funding_by_source_and_year(plan: BudgetPlan, allocation) -> pd.DataFrame:
    """Funding table: sources as rows, years as columns, with an 'Unfunded' row and totals.

    The total of the last row equals the total cost of the plan, so the table
    shows at a glance whether every euro of cost has a payer.
    """
    matrix = as_matrix(plan, allocation)
    years, year_index = np.unique(plan.lines["year"].to_numpy(dtype=int), return_inverse=True)
    # One row per source: what it pays in each year (built with numpy; the planner redraws this at every edit).
    by_year = np.zeros((len(plan.sources), len(years)))
    np.add.at(by_year, (slice(None), year_index), matrix.T)
    cost = np.bincount(year_index, weights=plan.lines["amount"].to_numpy(dtype=float), minlength=len(years))
    body = np.vstack([by_year, cost - by_year.sum(axis=0)])
    body = np.vstack([body, body.sum(axis=0)])
    body = np.column_stack([body, body.sum(axis=1)])
    index = pd.Index([*plan.sources["name"], "Unfunded", "Total"], name="source")
    columns = pd.Index([*years.tolist(), "Total"], name="year")
    return pd.DataFrame(body, index=index, columns=columns)


def funding_by_source_and_category(plan: BudgetPlan, allocation) -> pd.DataFrame:
    """How much each source pays towards each cost category (sources as rows)."""
    matrix = as_matrix(plan, allocation)
    categories = [c for c in CATEGORIES if c in set(plan.lines["category"])]
    cat_of_line = plan.lines["category"].to_numpy()
    data = {CATEGORIES[c]: matrix[cat_of_line == c].sum(axis=0) for c in categories}
    table = pd.DataFrame(data, index=plan.sources["name"].to_numpy())
    table.index.name, table.columns.name = "source", "category"
    return table


def funding_by_source(plan: BudgetPlan, allocation) -> pd.DataFrame:
    """Per source: its kind and form, what it gives, its share of the total, and its cap."""
    matrix = as_matrix(plan, allocation)
    given = matrix.sum(axis=0)
    total = plan.total_cost
    return pd.DataFrame({
        "source": plan.sources["name"].to_numpy(),
        "kind": plan.sources["kind"].to_numpy(),
        "form": plan.sources["form"].to_numpy(),
        "gives": given,
        "share": given / total if total else np.zeros_like(given),
        "cap": plan.sources["cap"].to_numpy(dtype=float),
    })


def summary(plan: BudgetPlan, allocation) -> dict[str, float]:
    """The headline figures: total cost, funded, unfunded, own and in-kind shares, largest external funder."""
    matrix = as_matrix(plan, allocation)
    total = plan.total_cost
    funded = float(matrix.sum())
    own = float(matrix[:, plan.own_sources()].sum())
    in_kind = float(matrix[:, plan.in_kind_sources()].sum())
    external = matrix[:, ~plan.own_sources()].sum(axis=0)
    largest = float(external.max()) if external.size else 0.0
    share = (lambda v: v / total) if total else (lambda v: 0.0)
    return {"total_cost": total, "funded": funded, "unfunded": total - funded,
            "own": own, "own_share": share(own), "in_kind": in_kind, "in_kind_share": share(in_kind),
            "largest_external": largest, "largest_external_share": share(largest)}

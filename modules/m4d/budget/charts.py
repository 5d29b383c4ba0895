"""Charts of a budget plan: who pays in each year, and how money flows to costs.

Each chart comes as a plotly figure (:func:`funding_by_year_figure`,
:func:`flow_figure`) to show with :func:`m4d.figures.show`, together with a
sentence of alternative text written from the data (:func:`funding_by_year_alt`,
:func:`flow_alt`), so a screen reader hears what the chart shows. Charts of an
illustrative plan say so in their title.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from m4d.budget.model import CATEGORIES, BudgetPlan
from m4d.budget.totals import as_matrix
from m4d.i18n import _
from m4d.i18n.numbers import localise_figure_layout

# Colour-blind-safe palette (Okabe-Ito), one colour per source; grey marks what is unfunded.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
UNFUNDED_COLOUR = "#BBBBBB"


def _source_colour(j: int) -> str:
    return PALETTE[j % len(PALETTE)]


def funding_by_year_spec(plan: BudgetPlan, allocation) -> dict:
    """The stacked-bar chart as a plain plotly figure dict (fast to build; the widget uses it)."""
    matrix = as_matrix(plan, allocation)
    years = sorted(int(y) for y in plan.lines["year"].unique())
    year_of_line = plan.lines["year"].to_numpy()
    traces = []
    for j, name in enumerate(plan.sources["name"]):
        values = [float(matrix[year_of_line == y, j].sum()) for y in years]
        traces.append({"type": "bar", "name": name, "x": [str(y) for y in years], "y": values,
                       "marker": {"color": _source_colour(j)},
                       "hovertemplate": f"{name}<br>%{{x}}: %{{y:,.0f}} {plan.currency}<extra></extra>"})
    unfunded = _("Unfunded")
    costs = plan.lines["amount"].to_numpy(dtype=float)
    gap = [max(0.0, float(costs[year_of_line == y].sum() - matrix[year_of_line == y].sum())) for y in years]
    if any(g > 0.005 for g in gap):
        traces.append({"type": "bar", "name": unfunded, "x": [str(y) for y in years], "y": gap,
                       "marker": {"color": UNFUNDED_COLOUR, "pattern": {"shape": "/"}},
                       "hovertemplate": f"{unfunded}<br>%{{x}}: %{{y:,.0f}} {plan.currency}<extra></extra>"})
    return {"data": traces, "layout": localise_figure_layout({
        "barmode": "stack",
        "title": {"text": plan.label(_("{title}: funding by year and source").format(title=_(plan.title)))},
        "xaxis": {"title": {"text": _("Year")}, "type": "category"},
        "yaxis": {"title": {"text": _("Amount ({currency})").format(currency=plan.currency)}, "tickformat": ",.0f"},
        "legend": {"title": {"text": _("Source")}}, "height": 420, "margin": {"t": 60, "b": 50, "l": 70, "r": 20},
        "template": "plotly_white"})}


def funding_by_year_figure(plan: BudgetPlan, allocation) -> go.Figure:
    """Stacked bars: for each year, what each source pays (and what is unfunded)."""
    return go.Figure(funding_by_year_spec(plan, allocation))


def funding_by_year_alt(plan: BudgetPlan, allocation) -> str:
    """Alternative text of the stacked-bar chart, from the data."""
    matrix = as_matrix(plan, allocation)
    years = sorted(int(y) for y in plan.lines["year"].unique())
    year_of_line = plan.lines["year"].to_numpy()
    parts = []
    for y in years:
        given = matrix[year_of_line == y].sum(axis=0)
        cost = float(plan.lines["amount"].to_numpy(dtype=float)[year_of_line == y].sum())
        top = int(given.argmax()) if given.size else 0
        gap = cost - given.sum()
        values = dict(year=y, cost=plan.money(cost), payer=plan.sources["name"].iloc[top], paid=plan.money(given[top]),
                      gap=plan.money(gap))
        if gap > 0.005:
            part = _("{year}: {cost} of costs, largest payer {payer} ({paid}), {gap} unfunded").format(**values)
        else:
            part = _("{year}: {cost} of costs, largest payer {payer} ({paid})").format(**values)
        parts.append(part)
    return (plan.label(_("Stacked bar chart of funding by year and source")) + ". " + "; ".join(parts) + ".")


def flow_spec(plan: BudgetPlan, allocation) -> dict:
    """The flow (Sankey) diagram as a plain plotly figure dict."""
    matrix = as_matrix(plan, allocation)
    categories = [c for c in CATEGORIES if c in set(plan.lines["category"])]
    cat_of_line = plan.lines["category"].to_numpy()
    m = len(plan.sources)
    labels = list(plan.sources["name"]) + [_(CATEGORIES[c]) for c in categories]
    colours = [_source_colour(j) for j in range(m)] + ["#777777"] * len(categories)
    source, target, value, link_colour = [], [], [], []
    for k, c in enumerate(categories):
        paid = matrix[cat_of_line == c].sum(axis=0)
        for j in np.nonzero(paid > 0.005)[0]:
            source.append(int(j))
            target.append(m + k)
            value.append(float(paid[j]))
            link_colour.append(_hex_to_rgba(_source_colour(int(j)), 0.4))
    costs = plan.lines["amount"].to_numpy(dtype=float)
    gaps = [float(costs[cat_of_line == c].sum() - matrix[cat_of_line == c].sum()) for c in categories]
    if any(g > 0.005 for g in gaps):
        labels.append(_("Unfunded"))
        colours.append(UNFUNDED_COLOUR)
        for k, g in enumerate(gaps):
            if g > 0.005:
                source.append(len(labels) - 1)
                target.append(m + k)
                value.append(g)
                link_colour.append("rgba(187,187,187,0.5)")
    return {"data": [{"type": "sankey", "arrangement": "snap", "valueformat": ",.0f", "valuesuffix": f" {plan.currency}",
                      "node": {"label": labels, "color": colours, "pad": 14, "thickness": 16},
                      "link": {"source": source, "target": target, "value": value, "color": link_colour}}],
            "layout": localise_figure_layout({"title": {"text": plan.label(_("{title}: from funding sources to cost categories").format(
                title=_(plan.title)))},
                       "height": 460, "margin": {"t": 60, "b": 20, "l": 20, "r": 20}, "font": {"size": 12}})}


def _hex_to_rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def flow_figure(plan: BudgetPlan, allocation) -> go.Figure:
    """Flow (Sankey) diagram: money from each source to each cost category."""
    return go.Figure(flow_spec(plan, allocation))


def flow_alt(plan: BudgetPlan, allocation) -> str:
    """Alternative text of the flow diagram, from the data."""
    matrix = as_matrix(plan, allocation)
    cat_of_line = plan.lines["category"].to_numpy()
    parts = []
    for j, name in enumerate(plan.sources["name"]):
        column = matrix[:, j]
        if column.sum() <= 0.005:
            parts.append(_("{source} pays nothing").format(source=name))
            continue
        by_cat = {_(CATEGORIES[c]).lower(): column[cat_of_line == c].sum() for c in CATEGORIES}
        main = [c for _v, c in sorted((v, c) for c, v in by_cat.items() if v > 0.005)[::-1][:2]]
        if len(main) == 2:
            mostly = _("{source} pays {amount}, mostly for {first} and {second}")
        else:
            mostly = _("{source} pays {amount}, mostly for {first}")
        parts.append(mostly.format(source=name, amount=plan.money(column.sum()), first=main[0] if main else "",
                                   second=main[-1]))
    return plan.label(_("Flow diagram from funding sources to cost categories")) + ": " + "; ".join(parts) + "."

"""The budget charts show every euro once, say when the plan is illustrative, and describe themselves in words."""
from __future__ import annotations

import pytest

from m4d.budget import allocate, course_plan
from m4d.budget.charts import flow_alt, flow_figure, funding_by_year_alt, funding_by_year_figure
from m4d.budget.totals import cost_by_year, funding_by_source_and_year, summary


def test_stacked_bars_add_up_to_each_years_cost_including_the_unfunded_part():
    plan, draft = course_plan()
    fig = funding_by_year_figure(plan, draft)
    per_year = {}
    for trace in fig.data:
        for x, y in zip(trace.x, trace.y):
            per_year[int(x)] = per_year.get(int(x), 0) + y
    assert per_year == pytest.approx(cost_by_year(plan).to_dict())
    assert "Unfunded" in [t.name for t in fig.data]
    assert "(illustrative)" in fig.layout.title.text


def test_flow_diagram_carries_the_whole_cost_from_sources_to_categories():
    plan, _ = course_plan()
    allocation = allocate(plan).allocation
    fig = flow_figure(plan, allocation)
    assert sum(fig.data[0].link.value) == pytest.approx(plan.total_cost)


def test_alt_texts_name_each_year_and_each_source():
    plan, draft = course_plan()
    bars, flow = funding_by_year_alt(plan, draft), flow_alt(plan, draft)
    assert all(str(y) in bars for y in (2026, 2027, 2028)) and "5,000 unfunded" in bars
    assert all(name in flow for name in plan.sources["name"])


def test_funding_table_total_equals_the_cost_and_the_summary_agrees():
    plan, draft = course_plan()
    table = funding_by_source_and_year(plan, draft)
    assert table.loc["Total", "Total"] == pytest.approx(plan.total_cost)
    assert table.loc["Unfunded", "Total"] == pytest.approx(5000)
    s = summary(plan, draft)
    assert s["own"] == pytest.approx(45000) and s["unfunded"] == pytest.approx(5000)

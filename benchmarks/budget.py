"""Speed of the budget planner: a full widget update, and the solver on a large plan.

Prints `name: value` lines. Goals: p95 of a widget update on a 60-line,
6-source plan <= 50 ms; an allocation of a 2,000-line, 50-source plan <= 2 s.
"""
from __future__ import annotations

import time

import numpy as np

from m4d.budget import CATEGORIES, RuleSettings, allocate, build_plan, check_plan
from m4d.budget.widget import BudgetPlanner

KINDS = ["own_budget", "local_stakeholders", "national_government", "international_organisation", "philanthropy"]


def synthetic_plan(n_lines: int, n_sources: int, seed: int = 4):
    """A random but feasible-looking plan: M&E about 7 % of the cost, generous caps, varied eligibility."""
    rng = np.random.default_rng(seed)
    cats = list(CATEGORIES)
    categories = rng.choice(np.array([c for c in cats if c != "monitoring_evaluation"], dtype=object), size=n_lines)
    categories[: max(1, n_lines // 14)] = "monitoring_evaluation"
    amounts = rng.uniform(1_000, 20_000, size=n_lines).round(0)
    lines = [{"line_id": f"L{i:04d}", "year": 2026 + i % 3, "category": c, "description": "", "amount": a}
             for i, (c, a) in enumerate(zip(categories, amounts))]
    total = amounts.sum()
    sources = []
    for j in range(n_sources):
        kind = "own_budget" if j == 0 else KINDS[1 + j % 4]
        eligible = cats if j < 2 else list(rng.choice(cats, size=int(rng.integers(3, 8)), replace=False))
        sources.append({"source_id": f"S{j:02d}", "name": f"Source {j}", "kind": kind, "form": "cash",
                        "cap": round(total * (0.4 if j == 0 else 2.5 / n_sources), 0), "max_share": None,
                        "eligible_categories": eligible})
    return build_plan(lines, sources, title="Synthetic benchmark plan", illustrative=True)


def widget_update_p95(repeats: int = 60) -> float:
    plan = synthetic_plan(60, 6)
    planner = BudgetPlanner(plan, [])
    planner.propose()
    times = []
    for k in range(repeats):
        row = planner._line_rows[k % len(planner._line_rows)]
        row["amount"].unobserve(planner._on_change, "value")
        row["amount"].value = row["amount"].value + 1
        row["amount"].observe(planner._on_change, "value")
        start = time.perf_counter()
        planner.update()
        times.append(time.perf_counter() - start)
    return float(np.percentile(times, 95)) * 1000


def large_allocation_seconds() -> tuple[float, bool]:
    plan = synthetic_plan(2_000, 50)
    start = time.perf_counter()
    result = allocate(plan, RuleSettings())
    elapsed = time.perf_counter() - start
    ok = result.feasible and all(r.passed for r in check_plan(plan, result.allocation))
    return elapsed, ok


if __name__ == "__main__":
    print(f"budget_widget_update_p95_ms_60_lines_6_sources: {widget_update_p95():.1f}")
    seconds, ok = large_allocation_seconds()
    print(f"budget_allocation_seconds_2000_lines_50_sources: {seconds:.2f}")
    print(f"budget_allocation_2000_lines_meets_every_rule: {ok}")

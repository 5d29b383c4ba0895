"""A framework laid out for people: the logframe table and the monitoring plan.

The **logframe** (logical framework matrix) has one row per result, from the
impact down to the outputs (and activities, if any), with four columns in the
usual layout: the result, its indicators with baselines and targets, the
means of verification (the sources and how often they are read) and the
assumptions. The **monitoring plan** has one row per indicator: what is
measured, from which source, how often, broken down how, by whom, and in
which years of the initiative.
"""
from __future__ import annotations

import math

import pandas as pd

from m4d.i18n import _
from m4d.i18n.numbers import number
from m4d.results.collection import METHODS, DataCollectionPlan
from m4d.results.model import DISAGGREGATIONS, FREQUENCIES, LEVELS, ResultsFramework

#: Levels shown in a logframe, top down.
LOGFRAME_LEVELS = ("impact", "outcome", "output", "activity")


def _value(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("not set")
    text = number(value, ",.1f", trim=True) if value != int(value) else number(int(value), ",")
    unit_name = unit.strip().lower()
    if unit_name in ("percent", "%", "percentage", "per cent"):
        return f"{text} %"
    return text if unit_name in ("number", "count") else f"{text} {unit}"


def _year(year) -> str:
    return "?" if year is None or year is pd.NA else str(int(year))


def indicator_line(row: dict) -> str:
    """One indicator as a line of a logframe cell: id, definition, baseline and target with years."""
    line = _("{id}: {definition} (baseline {baseline} in {baseline_year}; target {target} in {target_year})")
    return line.format(id=row["indicator_id"], definition=row["definition"],
                       baseline=_value(row["baseline"], row["unit"]), baseline_year=_year(row["baseline_year"]),
                       target=_value(row["target"], row["unit"]), target_year=_year(row["target_year"]))


def _source_name(plan: DataCollectionPlan | None, source_id: str) -> str:
    if plan is None:
        return source_id
    source = plan.source(source_id)
    return source_id if source is None else source["name"]


LOGFRAME_COLUMNS = ["level", "result", "indicators", "means of verification", "assumptions"]


def logframe_table(framework: ResultsFramework, plan: DataCollectionPlan | None = None) -> pd.DataFrame:
    """The logframe: level, result, indicators, means of verification, assumptions (one row per result)."""
    return pd.DataFrame(logframe_rows(framework, plan), columns=LOGFRAME_COLUMNS)


def logframe_rows(framework: ResultsFramework, plan: DataCollectionPlan | None = None) -> list[dict[str, str]]:
    """The rows of :func:`logframe_table` as dicts of text (what the builder draws, without a DataFrame)."""
    by_result: dict[str, list[dict]] = {}
    for row in framework.indicator_records():
        by_result.setdefault(row["result_id"], []).append(row)
    rows = []
    records = framework.result_records()
    for level in LOGFRAME_LEVELS:
        for res in (r for r in records if r["level"] == level):
            indicators = by_result.get(res["result_id"], [])
            means = sorted({f"{_source_name(plan, i['source'])} ({i['frequency']})" for i in indicators})
            rows.append({
                "level": LEVELS[level],
                "result": f"{res['result_id']}: {res['statement']}",
                "indicators": "; ".join(indicator_line(i) for i in indicators) or "none",
                "means of verification": "; ".join(means) or "none",
                "assumptions": res["assumptions"] or "",
            })
    return rows


def measurement_years(frequency: str, baseline_year, target_year, start_year: int, end_year: int) -> list[int]:
    """The years in which an indicator is measured, from its frequency and the initiative's period."""
    first = start_year if baseline_year is None or baseline_year is pd.NA else min(int(baseline_year), start_year)
    last = end_year if target_year is None or target_year is pd.NA else max(int(target_year), first)
    last = min(last, end_year) if last > end_year else last
    if FREQUENCIES.get(frequency, 0) > 0:
        return list(range(first, last + 1))
    if frequency == "baseline, mid-term and end":
        mid = (first + last) // 2
        return sorted({first, mid, last})
    return sorted({first, last})


def monitoring_plan(framework: ResultsFramework, plan: DataCollectionPlan | None = None) -> pd.DataFrame:
    """The monitoring plan: one row per indicator with source, method, frequency, breakdowns, who and when."""
    rows = []
    for ind in framework.indicator_records():
        source = plan.source(ind["source"]) if plan is not None else None
        years = measurement_years(ind["frequency"], ind["baseline_year"], ind["target_year"],
                                  framework.start_year, framework.end_year)
        rows.append({
            "indicator": f"{ind['indicator_id']}: {ind['definition']}",
            "result": ind["result_id"],
            "unit": ind["unit"],
            "baseline": f"{_value(ind['baseline'], ind['unit'])} ({_year(ind['baseline_year'])})",
            "target": f"{_value(ind['target'], ind['unit'])} ({_year(ind['target_year'])})",
            "source": _source_name(plan, ind["source"]),
            "method": METHODS[source["method"]] if source else "not in the plan",
            "frequency": ind["frequency"],
            "breakdowns": ", ".join(DISAGGREGATIONS[d] for d in ind["disaggregation"]) or "none",
            "links": _links(ind),
            "responsible": ind["responsible"] or "to be agreed",
            "measured in": ", ".join(str(y) for y in years),
        })
    return pd.DataFrame(rows, columns=["indicator", "result", "unit", "baseline", "target", "source", "method",
                                       "frequency", "breakdowns", "links", "responsible", "measured in"])


def _links(ind: dict) -> str:
    parts = [f"SDG {t}" for t in ind["sdg_targets"]] + [f"GCM {o}" for o in ind["gcm_objectives"]]
    return ", ".join(parts) or "none"

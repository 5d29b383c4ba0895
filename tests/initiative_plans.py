"""Hypothesis strategies for initiative plans (Module 4's planner).

:func:`consistent_plans` draws plans that are complete and consistent by
construction: every finding has an objective, every objective an action and a
result, every action a lead, a deliverable and a cost, every result an indicator
with a baseline and a target, every stakeholder a task, everything inside the
timeline. The checker must find nothing in them; the property tests then break
one thing at a time and ask the checker to find exactly that.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from m4d.initiatives import COST_CATEGORIES, STAKEHOLDER_KINDS, build_plan

# Free text: printable characters, including the separators the formats must escape (|, ;, \).
TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF, blacklist_characters="\x7f"), min_size=1,
               max_size=40).map(str.strip).filter(lambda t: t and "<br>" not in t)
ITEM = st.text("abcdefghijklmnopqrstuvwxyz éàü-()", min_size=1, max_size=15).map(str.strip).filter(bool)
SECTORS = ["governance", "inclusion", "local_development", "health", "education", "agriculture",
           "water_sanitation", "housing", "culture"]
KINDS = ["pilot_project", "technical_cooperation", "peer_learning", "training", "capacity_building", "study_visit",
         "awareness_raising", "advocacy"]


def _day(start: dt.date, offset: int) -> str:
    return (start + dt.timedelta(days=offset)).isoformat()


@st.composite
def consistent_plans(draw, max_items: int = 5):
    """Plain data of a plan in which the checker should find nothing."""
    start = draw(st.dates(dt.date(2020, 1, 1), dt.date(2035, 1, 1)))
    length = draw(st.integers(30, 1500))
    end = start + dt.timedelta(days=length)
    n_d = draw(st.integers(1, max_items))
    n_o = draw(st.integers(1, max_items))
    n_s = draw(st.integers(1, max_items))
    n_a = draw(st.integers(max(1, n_o), max(1, n_o) + 2))
    n_r = draw(st.integers(n_o, n_o + 2))
    diagnosis = [{"id": f"D{i}", "aspect": draw(st.sampled_from(["problem", "threat", "challenge", "opportunity"])),
                  "finding": draw(TEXT), "source": draw(st.one_of(st.just(""), TEXT))} for i in range(n_d)]
    objectives = []
    for i in range(n_o):
        answers = {f"D{j}" for j in range(n_d) if j % n_o == i} or {f"D{draw(st.integers(0, n_d - 1))}"}
        objectives.append({"id": f"O{i}", "objective": draw(TEXT), "answers": sorted(answers)})
    stakeholders = [{"id": "S0", "name": draw(TEXT), "kind": "diaspora", "territory": draw(ITEM), "role": ""}]
    stakeholders += [{"id": f"S{i}", "name": draw(TEXT), "kind": draw(st.sampled_from(STAKEHOLDER_KINDS)),
                      "territory": "", "role": draw(st.one_of(st.just(""), TEXT))} for i in range(1, n_s)]
    actions, deliverables, costs = [], [], []
    for i in range(n_a):
        a0 = draw(st.integers(0, length))
        a1 = draw(st.integers(a0, length))
        serves = {f"O{i % n_o}"} | set(draw(st.lists(st.sampled_from([f"O{j}" for j in range(n_o)]), max_size=2)))
        leads = {f"S{i % n_s}"} | set(draw(st.lists(st.sampled_from([f"S{j}" for j in range(n_s)]), max_size=2)))
        actions.append({"id": f"A{i}", "action": draw(TEXT), "objectives": sorted(serves), "leads": sorted(leads),
                        "start": _day(start, a0), "end": _day(start, a1)})
        for k in range(draw(st.integers(1, 2))):
            deliverables.append({"id": f"P{i}-{k}", "deliverable": draw(TEXT), "action": f"A{i}",
                                 "due": _day(start, draw(st.integers(a0, length)))})
        first_year, last_year = (start + dt.timedelta(days=a0)).year, (start + dt.timedelta(days=a1)).year
        for k in range(draw(st.integers(1, 2))):
            costs.append({"id": f"C{i}-{k}", "action": f"A{i}", "year": draw(st.integers(first_year, last_year)),
                          "category": draw(st.sampled_from(COST_CATEGORIES)), "description": draw(TEXT),
                          "amount": draw(st.floats(0, 1e7, allow_nan=False))})
    costs.append({"id": "C-me", "action": "", "year": start.year, "category": "monitoring_evaluation",
                  "description": "monitoring", "amount": 1000.0})
    results = [{"id": f"R{i}", "result": draw(TEXT), "objectives": [f"O{i % n_o}"]} for i in range(n_r)]
    indicators = []
    for i in range(n_r):
        for k in range(draw(st.integers(1, 2))):
            indicators.append({"id": f"I{i}-{k}", "indicator": draw(TEXT), "result": f"R{i}", "unit": draw(ITEM),
                               "baseline": draw(st.floats(-1e6, 1e6, allow_nan=False)),
                               "target": draw(st.floats(-1e6, 1e6, allow_nan=False)),
                               "source": draw(TEXT), "frequency": "yearly",
                               "disaggregation": draw(st.lists(ITEM, max_size=3, unique=True))})
    busy = {s for a in actions for s in a["leads"]}
    risks = [{"id": f"K{j}", "risk": draw(TEXT), "likelihood": draw(st.sampled_from(["low", "medium", "high"])),
              "impact": draw(st.sampled_from(["low", "medium", "high"])), "mitigation": draw(TEXT), "owner": s["id"]}
             for j, s in enumerate(stakeholders) if s["id"] not in busy or j == 0]
    return {"title": draw(TEXT), "sector": draw(st.sampled_from(SECTORS)), "kind": draw(st.sampled_from(KINDS)),
            "partners": draw(st.lists(ITEM, min_size=2, max_size=3, unique=True)), "start": start.isoformat(),
            "end": end.isoformat(), "currency": draw(st.sampled_from(["EUR", "TND", "USD"])),
            "monitoring": draw(TEXT), "illustrative": draw(st.booleans()), "notes": draw(st.one_of(st.just(""), TEXT)),
            "diagnosis": diagnosis, "objectives": objectives, "stakeholders": stakeholders, "actions": actions,
            "deliverables": deliverables, "results": results, "indicators": indicators, "risks": risks,
            "cost_lines": costs}


def consistent_plan_objects(**kwargs):
    """The same plans, built."""
    return consistent_plans(**kwargs).map(build_plan)

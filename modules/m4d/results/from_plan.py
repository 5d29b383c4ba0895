"""Start a results framework from an initiative plan of Module 4 (:mod:`m4d.initiatives`).

The planning steps of the guidelines (p. 57) and a results chain say much the
same thing in different words. The mapping:

============================== ======================================
initiative plan                results chain
============================== ======================================
objective                      impact (what the initiative contributes to)
result (a specific change)     outcome, contributing to its first objective
deliverable                    output, leading to a result that serves the same objective as its action
action                         activity, leading to its first deliverable
indicator                      indicator of its result (baseline in the first year, target in the last)
============================== ======================================

What cannot be carried over unambiguously (a frequency or a breakdown the
course does not know, an output that serves no result) is listed in the
draft's ``notes``, so the planner completes it rather than trusting a guess.
The data sources become a draft data collection plan whose surveys still need
their number of interviews.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import _, pgettext
from m4d.i18n.data import source_value
from m4d.results.model import ResultsFramework, build_framework

FREQUENCY_WORDS = {
    "month": "monthly", "quarter": "quarterly", "twice": "twice a year", "six months": "twice a year",
    "semester": "twice a year", "year": "yearly", "annual": "yearly", "mid": "baseline, mid-term and end",
    "start": "baseline and end", "baseline": "baseline and end", "end": "baseline and end",
}
BREAKDOWN_WORDS = {"sex": "sex", "gender": "sex", "age": "age", "migra": "migration_status",
                   "location": "location", "district": "location", "area": "location", "delegation": "location",
                   "municipal": "location", "region": "location"}
PERCENT_WORDS = ("%", "percent", "per cent", "share")


@dataclass(frozen=True)
class FrameworkDraft:
    """A framework started from a plan, the draft of its data sources, and what still needs a person."""

    framework: ResultsFramework
    sources: pd.DataFrame
    notes: tuple[str, ...]


def _frequency(text: str, iid: str, notes: list[str]) -> str:
    # A plan shown in French or Spanish holds the course's frequencies translated: read them as the English.
    low = (source_value("initiative_plan_indicators", "frequency", text) or "").lower()
    for word, code in FREQUENCY_WORDS.items():
        if word in low:
            return code
    notes.append(_("Indicator {indicator}: the plan's frequency {frequency} was read as 'baseline and end'; check "
                   "it.").format(indicator=iid, frequency=repr(text)))
    return "baseline and end"


def _is_survey(source: str) -> bool:
    # The course's sources read in English; a partner's own may say survey in French or Spanish.
    low = str(source_value("initiative_plan_indicators", "source", source)).lower()
    return any(word in low for word in ("survey", "enquête", "enquete", "encuesta"))


def _breakdowns(items, iid: str, notes: list[str]) -> list[str]:
    out = []
    for item in items or ():
        low = str(source_value("initiative_plan_indicators", "disaggregation", item)).lower()
        code = next((c for w, c in BREAKDOWN_WORDS.items() if w in low), None)
        if code is None:
            notes.append(_("Indicator {indicator}: the breakdown {breakdown} is not one the course checks (sex, age, "
                           "migration status, location); it was left out.").format(indicator=iid, breakdown=repr(item)))
        elif code not in out:
            out.append(code)
    return out


def framework_from_plan(plan: Any) -> FrameworkDraft:
    """A results framework (and a draft of its data sources) from an initiative plan or its plain dict."""
    from m4d import initiatives

    if isinstance(plan, dict):
        plan = initiatives.plan_from_dict(plan)
    if not isinstance(plan, initiatives.InitiativePlan):
        raise InputError(_("framework_from_plan needs an initiative plan (m4d.initiatives.build_plan) or its dict."))
    notes: list[str] = []
    data = initiatives.plan_to_dict(plan)
    start, end = int(data["start"][:4]), int(data["end"][:4])
    objective_of_action = {a["id"]: list(a.get("objectives") or []) for a in data["actions"]}
    results = [{"result_id": o["id"], "level": "impact", "statement": o["objective"]} for o in data["objectives"]]
    for r in data["results"]:
        parents = list(r.get("objectives") or [])
        if not parents:
            notes.append(_("Result {result} serves no objective in the plan; say which objective it contributes "
                           "to.").format(result=r["id"]))
        results.append({"result_id": r["id"], "level": "outcome", "statement": r["result"],
                        "contributes_to": parents[0] if parents else ""})
    first_deliverable: dict[str, str] = {}
    for d in data["deliverables"]:
        objectives = objective_of_action.get(d.get("action") or "", [])
        serving = [r["id"] for r in data["results"] if set(r.get("objectives") or []) & set(objectives)]
        if not serving:
            notes.append(_("Deliverable {deliverable} leads to no result of the plan (its action serves no objective "
                           "that a result serves); link it to an outcome.").format(deliverable=d["id"]))
        results.append({"result_id": d["id"], "level": "output", "statement": d["deliverable"],
                        "contributes_to": serving[0] if serving else ""})
        if d.get("action"):
            first_deliverable.setdefault(d["action"], d["id"])
    for a in data["actions"]:
        results.append({"result_id": a["id"], "level": "activity", "statement": a["action"],
                        "contributes_to": first_deliverable.get(a["id"], "")})
    taken = {r["result_id"] for r in results}
    if len(taken) != len(results):
        raise InputError(_("The plan uses the same id in two parts (for example an objective and a deliverable both "
                           "called O1); give every objective, result, deliverable and action its own id."))
    indicators, sources = [], {}
    for i in data["indicators"]:
        if not i.get("result"):
            notes.append(_("Indicator {indicator} measures no result in the plan; it was left out.").format(
                indicator=i["id"]))
            continue
        unit = i.get("unit") or "number"
        unit = "percent" if any(w in unit.lower() for w in PERCENT_WORDS) else unit
        source = (i.get("source") or "").strip() or "to be decided"
        sources.setdefault(source, {"source_id": source, "name": source,
                                    "method": "survey" if _is_survey(source) else "records",
                                    "records": "", "interviews": None})
        indicators.append({
            "indicator_id": i["id"], "result_id": i["result"], "definition": i["indicator"], "unit": unit,
            "baseline": i.get("baseline"), "baseline_year": start, "target": i.get("target"), "target_year": end,
            "source": source, "frequency": _frequency(i.get("frequency") or "", i["id"], notes),
            "disaggregation": _breakdowns(i.get("disaggregation"), i["id"], notes),
        })
    framework = build_framework(results, indicators, start_year=start, end_year=end, title=data["title"],
                                illustrative=bool(data.get("illustrative")), where=pgettext("the place of a mistake",
                                                                                   "framework from the plan"))
    surveys = [s for s in sources.values() if s["method"] == "survey"]
    if surveys:
        notes.append(_("The data collection plan is a draft: give each survey its number of completed interviews "
                       "and the expected shares of its groups, and list the breakdowns each source records."))
    return FrameworkDraft(framework, pd.DataFrame(list(sources.values())), tuple(notes))

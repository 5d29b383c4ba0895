"""Plans spoiled so that, together, they make every rule of the initiative planner's check fire.

Built from the corridor case plan (plain dict), each spoiler breaks one or two things the way a
learner does (an identifier mistyped, a date past the end, an indicator left without a target), so
the translation tests see every finding the planner can show, not just the ones a starter draft gives.
"""
from __future__ import annotations

import copy

from m4d.initiatives.course_plans import course_plan
from m4d.initiatives.plan import plan_to_dict


def _base() -> dict:
    return plan_to_dict(course_plan())


def _spoiled(spoil) -> dict:
    data = copy.deepcopy(_base())
    spoil(data)
    return data


def _empty_parts(d):
    # One part kept: a plan with no item at all is not read as a plan (one invalid_plan finding).
    for part in ("objectives", "stakeholders", "actions", "deliverables", "results", "indicators",
                 "risks", "cost_lines"):
        d[part] = []
    d["partners"], d["monitoring"] = [], ""


def _broken_links(d):
    d["objectives"][0]["answers"] = ["D9"]
    d["actions"][0]["objectives"] = []
    d["actions"][0]["leads"] = []
    d["actions"][0]["end"] = "2028-06-30"
    d["deliverables"][0]["action"] = ""
    d["deliverables"][1]["due"] = "2029-01-01"
    d["results"][0]["objectives"] = []
    d["indicators"][0]["result"] = ""
    d["indicators"][1]["baseline"] = None
    d["indicators"][2]["target"] = None
    d["risks"][0]["mitigation"] = ""
    d["cost_lines"][0]["year"] = 2031
    d["stakeholders"] = [s for s in d["stakeholders"] if s["kind"] != "diaspora"]


def _more_links(d):
    d["objectives"].append({"id": "O9", "objective": "An objective nobody pursues", "answers": []})
    d["diagnosis"].append({"id": "D9", "aspect": "threat", "finding": "A finding no objective answers",
                           "source": "illustrative"})
    d["deliverables"][0]["due"] = None
    d["deliverables"][1]["due"] = d["actions"][0]["start"]
    d["deliverables"][1]["action"] = d["actions"][-1]["id"]
    d["indicators"][0]["baseline"] = d["indicators"][0]["target"] = None
    d["results"].append({"id": "R9", "result": "A result with no indicator", "objectives": ["O1"]})
    d["cost_lines"] = [c for c in d["cost_lines"] if c["category"] != "monitoring_evaluation"]
    d["cost_lines"][0]["year"] = 2027
    d["cost_lines"] = [c for c in d["cost_lines"] if c["action"] != d["actions"][-1]["id"] or c is d["cost_lines"][0]]
    d["stakeholders"].append({"id": "S9", "name": "A stakeholder with nothing to do", "kind": "cso",
                              "territory": "Tuscany", "role": ""})
    d["partners"] = ["Region of Tuscany (Italy)"]


def _two_deliverables_missing(d):
    d["deliverables"] = [x for x in d["deliverables"] if x["action"] != d["actions"][0]["id"]]
    d["indicators"][0]["target"] = None


SPOILED_PLANS = {"empty": lambda: _spoiled(_empty_parts), "broken links": lambda: _spoiled(_broken_links),
                 "more links": lambda: _spoiled(_more_links), "no deliverable": lambda: _spoiled(_two_deliverables_missing)}

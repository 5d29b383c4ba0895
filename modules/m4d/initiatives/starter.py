"""A first draft of a plan, from a chosen sector and kind of initiative.

:func:`start_plan` fills every part with what the course knows about the kind
of initiative (its usual actions, deliverables, cost categories and risks, from
``initiative_kinds``) and leaves the rest as prompts to complete: the diagnosis,
the objectives, the results and their indicators are the partners' to write,
and the cost lines are at 0 until someone estimates them. Run
:func:`m4d.initiatives.check_plan` on the draft: its findings are the to-do list.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from m4d.errors import InputError
from m4d.i18n import _, translate_value
from m4d.initiatives.plan import InitiativePlan, _date, build_plan
from m4d.initiatives.vocabulary import kind_code, kind_profile, sector_code, sector_profile


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, 1)


def start_plan(sector, kind, *, title: str | None = None, partners: Iterable[str] = ("Territory A", "Territory B"),
               start: str | dt.date = "2026-01-01", months: int = 24, currency: str = "EUR") -> InitiativePlan:
    """A draft plan for an initiative of ``kind`` in ``sector``, over ``months`` months from ``start``.

    The actions of the kind follow one another over the timeline (each takes an
    equal share, the last ends with the plan); each has its deliverable, due when
    it ends, and one cost line at 0 for each of the kind's usual cost categories
    in the year it starts. The draft is marked *to be completed* in its notes.
    """
    sector, kind = sector_code(sector), kind_code(kind)
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120:
        raise InputError(_("months is the length of the initiative, a whole number from 1 to 120, not {value}.").format(
            value=repr(months)))
    first = _date(start, "start_plan, start")
    if first is None:
        raise InputError(_("start_plan needs a start date (YYYY-MM-DD)."))
    last = _months_later(first, months) - dt.timedelta(days=1)
    profile, about = kind_profile(kind), sector_profile(sector)
    partners = [str(p) for p in partners]
    label = about["label"].lower()
    actions, deliverables, costs = [], [], []
    # The kind's starting actions, deliverables and risks are course data: in the reader's language.
    steps = translate_value("initiative_kinds", "starter_actions", list(profile["starter_actions"]))
    products = translate_value("initiative_kinds", "starter_deliverables", list(profile["starter_deliverables"]))
    dangers = translate_value("initiative_kinds", "starter_risks", list(profile["starter_risks"]))
    span = (last - first).days + 1
    for i, text in enumerate(steps):
        begin = first + dt.timedelta(days=span * i // len(steps))
        end = last if i == len(steps) - 1 else first + dt.timedelta(days=span * (i + 1) // len(steps) - 1)
        action_id = f"A{i + 1}"
        leads = ["S1", "S2"] if i % 2 == 0 else ["S3"]
        actions.append({"id": action_id, "action": text, "objectives": ["O1"], "leads": leads,
                        "start": begin, "end": end})
        if i < len(products):
            deliverables.append({"id": f"P{i + 1}", "deliverable": products[i],
                                 "action": action_id, "due": end})
        for category in profile["typical_categories"]:
            costs.append({"id": f"C{len(costs) + 1:02d}", "action": action_id, "year": begin.year,
                          "category": category, "description": f"{text} ({category.replace('_', ' ')}): to estimate",
                          "amount": 0})
    stakeholders = [
        {"id": "S1", "name": f"Local or regional authority of {partners[0] if partners else 'the first partner'}",
         "kind": "lra", "territory": partners[0] if partners else "", "role": "Co-leads the initiative"},
        {"id": "S2", "name": f"Local or regional authority of {partners[1] if len(partners) > 1 else 'the second partner'}",
         "kind": "lra", "territory": partners[1] if len(partners) > 1 else "", "role": "Co-leads the initiative"},
        {"id": "S3", "name": "Migrant or diaspora association (to be named)", "kind": "diaspora", "territory": "",
         "role": "Takes part in planning and carrying out the actions"},
    ]
    risks = [{"id": f"K{i + 1}", "risk": text, "likelihood": "medium", "impact": "medium", "mitigation": "",
              "owner": "S1"} for i, text in enumerate(dangers)]
    return build_plan({
        "title": title or f"{profile['label']} in {label} (draft)",
        "sector": sector, "kind": kind, "partners": partners, "start": first, "end": last, "currency": currency,
        "monitoring": "", "illustrative": False,
        "notes": (f"Draft started from the course's profile of a {profile['label'].lower()} in {label}: "
                  "to be completed by the partners (diagnosis, objectives, results, indicators, amounts)."),
        "diagnosis": [{"id": "D1", "aspect": "problem",
                       "finding": f"What the needs assessment found about {label} in the partner territories "
                                  f"(to be completed)", "source": ""}],
        "objectives": [{"id": "O1", "objective": "What the initiative should change (to be defined with the "
                        "partners)", "answers": ["D1"]}],
        "stakeholders": stakeholders, "actions": actions, "deliverables": deliverables,
        "results": [{"id": "R1", "result": "The specific change expected (to be defined)", "objectives": ["O1"]}],
        "indicators": [], "risks": risks, "cost_lines": costs,
    })

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
from m4d.initiatives.export import _category_words
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
    # The draft's own words are the reader's language, as the kind's starting steps are (a reader completes them).
    kind_label = translate_value("initiative_kinds", "label", profile["label"])
    label = translate_value("initiative_sectors", "label", about["label"]).lower()
    categories = _category_words()
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
                          "category": category, "description": _("{action} ({category}): to estimate").format(
                              action=text, category=categories.get(category, category.replace("_", " "))),
                          "amount": 0})
    first_lra = (_("Local or regional authority of {territory}").format(territory=partners[0]) if partners
                 else _("Local or regional authority of the first partner"))
    second_lra = (_("Local or regional authority of {territory}").format(territory=partners[1]) if len(partners) > 1
                  else _("Local or regional authority of the second partner"))
    co_leads = _("Co-leads the initiative")
    stakeholders = [
        {"id": "S1", "name": first_lra, "kind": "lra", "territory": partners[0] if partners else "", "role": co_leads},
        {"id": "S2", "name": second_lra, "kind": "lra", "territory": partners[1] if len(partners) > 1 else "",
         "role": co_leads},
        {"id": "S3", "name": _("Migrant or diaspora association (to be named)"), "kind": "diaspora", "territory": "",
         "role": _("Takes part in planning and carrying out the actions")},
    ]
    risks = [{"id": f"K{i + 1}", "risk": text, "likelihood": "medium", "impact": "medium", "mitigation": "",
              "owner": "S1"} for i, text in enumerate(dangers)]
    return build_plan({
        "title": title or _("{kind} in {sector} (draft)").format(kind=kind_label, sector=label),
        "sector": sector, "kind": kind, "partners": partners, "start": first, "end": last, "currency": currency,
        "monitoring": "", "illustrative": False,
        "notes": _("Draft started from the course's profile of a {kind} in {sector}: to be completed by the partners "
                   "(diagnosis, objectives, results, indicators, amounts).").format(kind=kind_label.lower(), sector=label),
        "diagnosis": [{"id": "D1", "aspect": "problem",
                       "finding": _("What the needs assessment found about {sector} in the partner territories (to be "
                                    "completed)").format(sector=label), "source": ""}],
        "objectives": [{"id": "O1", "objective": _("What the initiative should change (to be defined with the "
                                                     "partners)"), "answers": ["D1"]}],
        "stakeholders": stakeholders, "actions": actions, "deliverables": deliverables,
        "results": [{"id": "R1", "result": _("The specific change expected (to be defined)"), "objectives": ["O1"]}],
        "indicators": [], "risks": risks, "cost_lines": costs,
    })

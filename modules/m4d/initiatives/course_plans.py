"""The course's illustrative plans, read from the data package.

- ``tuscany_kasserine``: the health awareness campaigns of the Tuscany-Kasserine
  partnership (Example 18, p. 52), the initiative of the course's corridor case.
  The plan's ``notes`` say what the guidelines tell and what the course imagines:
  every date, figure, indicator, risk and amount is illustrative.
- ``diaspora_entrepreneurship``: Module 5's fictional worked example (lesson
  m5_03), whose cost lines are the budget planner's course plan.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache

from m4d import datasets
from m4d.errors import InputError
from m4d.i18n import SOURCE_LANGUAGE, _, language, pgettext, translate_value
from m4d.initiatives.plan import PARTS, InitiativePlan, build_plan

#: The words of a plan a reader reads, by part: the columns of the course data listed in locales/datasets.yml.
#: Identifiers, codes (sector, kind, category, likelihood), dates and amounts are never translated.
_SHOWN_META = ("title", "partners", "monitoring", "notes")


@lru_cache(maxsize=1)
def _tables():
    plans = datasets.load("initiative_plans")
    parts = {part: datasets.load(f"initiative_plan_{part}") for part in PARTS}
    return plans, parts


def course_plan_names() -> list[str]:
    """The identifiers of the course's illustrative plans."""
    return [str(p) for p in _tables()[0]["plan_id"]]


@lru_cache(maxsize=None)
def course_plan(name: str = "tuscany_kasserine") -> InitiativePlan:
    """One of the course's illustrative plans, by its identifier (see :func:`course_plan_names`)."""
    plans, parts = _tables()
    rows = plans[plans["plan_id"] == name]
    if rows.empty:
        raise InputError(_("There is no course plan {name}. Plans: {plans}.").format(
            name=repr(name), plans=", ".join(course_plan_names())))
    data = rows.drop(columns="plan_id").iloc[0].to_dict()
    for part, frame in parts.items():
        data[part] = frame[frame["plan_id"] == name].drop(columns="plan_id")
    return build_plan(data, where=pgettext("the place of a mistake", "course plan {name}").format(name=name))


def translate_plan(plan: InitiativePlan, lang: str | None = None) -> InitiativePlan:
    """A copy of ``plan`` whose texts from the course's plans are in ``lang`` (the reader's language by
    default): titles, actions, objectives, results, deliverables, risks, indicators, findings, stakeholders'
    names and roles, cost lines' descriptions. A text the course data does not hold (the partners' own
    words) stays as it is, and so do codes, identifiers, dates and amounts; in English the plan itself."""
    lang = lang or language()
    if lang == SOURCE_LANGUAGE:
        return plan
    from m4d.i18n.data import translatable_columns

    changes = {name: translate_value("initiative_plans", name, getattr(plan, name), lang) for name in _SHOWN_META}
    for part in PARTS:
        resource = f"initiative_plan_{part}"
        columns = translatable_columns(resource)
        changes[part] = tuple({key: translate_value(resource, key, value, lang) if key in columns else value
                               for key, value in item.items()} for item in plan.part(part))
    return dataclasses.replace(plan, **changes)

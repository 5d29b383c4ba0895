"""The course's illustrative plans, read from the data package.

- ``tuscany_kasserine``: the health awareness campaigns of the Tuscany-Kasserine
  partnership (Example 18, p. 52), the initiative of the course's corridor case.
  The plan's ``notes`` say what the guidelines tell and what the course imagines:
  every date, figure, indicator, risk and amount is illustrative.
- ``diaspora_entrepreneurship``: Module 5's fictional worked example (lesson
  m5_03), whose cost lines are the budget planner's course plan.
"""
from __future__ import annotations

from functools import lru_cache

from m4d import datasets
from m4d.errors import InputError
from m4d.initiatives.plan import PARTS, InitiativePlan, build_plan


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
        raise InputError(f"There is no course plan {name!r}. Plans: {', '.join(course_plan_names())}.")
    data = rows.drop(columns="plan_id").iloc[0].to_dict()
    for part, frame in parts.items():
        data[part] = frame[frame["plan_id"] == name].drop(columns="plan_id")
    return build_plan(data, where=f"course plan {name}")

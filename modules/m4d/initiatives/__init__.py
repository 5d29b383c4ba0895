"""Sectors and initiatives (Module 4): the good-practice explorer and the initiative planner.

This docstring is the contract other parts of the course build on (the
results framework of Module 7 reads a plan from here; the capstone A4 has
students plan an initiative with it and is graded from plain data). Names
listed here stay; new ones may be added.

The plan
--------
An initiative plan follows the guidelines' planning steps (JMDI 2017, p. 57):
diagnosis, objectives, stakeholders, actions, deliverables, expected results,
indicators (monitoring and evaluation), timeline and budget, plus the risks.

- :class:`InitiativePlan`: a well-formed plan. Fields ``title``, ``sector``,
  ``kind`` (codes of :func:`sectors` and :func:`kinds`), ``partners``,
  ``start`` and ``end`` (the timeline, :class:`datetime.date`), ``currency``,
  ``monitoring`` (the method, in words), ``illustrative``, ``notes``, and the
  nine parts of :data:`PARTS` (``diagnosis``, ``objectives``, ``stakeholders``,
  ``actions``, ``deliverables``, ``results``, ``indicators``, ``risks``,
  ``cost_lines``), each a tuple of items (dicts) whose keys are
  :data:`PART_FIELDS`. Every item has an ``id``; links between parts are ids
  (an action's ``objectives`` and ``leads``, a deliverable's ``action``, a
  result's ``objectives``, an indicator's ``result``, a risk's ``owner``, a
  cost line's ``action``). Stakeholder ``kind`` is one of the six kinds of
  Module 3 (:data:`STAKEHOLDER_KINDS`); cost line ``category`` is one of the
  budget categories of Module 5 (:data:`COST_CATEGORIES`).
- :func:`build_plan` (plain data -> plan; raises :class:`m4d.InputError` with
  a message that names part, item and field for what cannot be a plan: unknown
  sector or kind, an empty plan, a bad date or an end before a start, an id used
  twice, an unknown field, a negative cost).
- Plain data, losslessly both ways: :func:`plan_to_dict` / :func:`plan_from_dict`
  (str, float, int, bool, None, lists, dicts; dates as ``YYYY-MM-DD``) and
  :func:`plan_to_frames` / :func:`plan_from_frames` (a ``plan`` table of field
  and value, and one DataFrame per part, list fields as ';'-separated text).
  :func:`plan_template` is an empty plan to fill in; :func:`replace_part` a
  checked copy with one part replaced; :func:`part_frame` one part as a table.
- :func:`start_plan` (sector, kind -> a first draft to complete);
  :func:`course_plan` (the course's illustrative plans; ``"tuscany_kasserine"``
  is the corridor case's health campaigns) and :func:`course_plan_names`;
  :func:`translate_plan` shows a plan's texts from the course data in the reader's language.

Checks
------
- :func:`check_plan` (plan, its dict or its tables -> list of :class:`Finding`
  with ``code``, ``severity`` (``error`` or ``warning``), ``part``, ``item``,
  ``message`` and ``fix``; it never raises on a plan's content: unreadable input
  is one ``invalid_plan`` error finding). :func:`errors`, :func:`passes`,
  :func:`findings_table`, :func:`rules_table` and :data:`RULES`.

The budget
----------
- :func:`to_budget_plan` (plan [, funding sources] -> :class:`m4d.budget.BudgetPlan`,
  the one call that hands the cost lines to Module 5); :func:`budget_lines`
  (the cost lines as budget lines) and :func:`cost_by_action`.

Also here (imported on first use): the timeline chart (:func:`gantt_figure`,
:func:`gantt_alt`), export and import (:func:`plan_markdown`,
:func:`write_plan_docx`, :func:`write_plan_excel`, :func:`read_plan`), the sector
diagram (:func:`sector_diagram`), the good-practice explorer
(:func:`explore_cases`, :func:`good_practice_html`, :class:`GoodPracticeExplorer`)
and the planner widget (:class:`InitiativePlanner`).
"""
from __future__ import annotations

import importlib

from m4d.initiatives.budget_link import budget_lines, cost_by_action, to_budget_plan
from m4d.initiatives.checks import RULES, Finding, check_plan, errors, findings_table, passes, rules_table
from m4d.initiatives.plan import (ASPECTS, COST_CATEGORIES, LEVELS, META_FIELDS, PART_FIELDS, PART_TITLES, PARTS,
                                  STAKEHOLDER_KINDS, InitiativePlan, build_plan, part_columns, part_frame,
                                  plan_from_dict, plan_from_frames, plan_template, plan_to_dict, plan_to_frames,
                                  replace_part)
from m4d.initiatives.starter import start_plan
from m4d.initiatives.vocabulary import (kind_code, kind_labels, kind_profile, kinds, sector_code, sector_labels,
                                        sector_profile, sectors)

# Names that need plotly, python-docx, openpyxl or ipywidgets: loaded when first asked for.
_LAZY = {
    "course_plan": "m4d.initiatives.course_plans", "course_plan_names": "m4d.initiatives.course_plans",
    "translate_plan": "m4d.initiatives.course_plans",
    "gantt_figure": "m4d.initiatives.gantt", "gantt_alt": "m4d.initiatives.gantt",
    "plan_markdown": "m4d.initiatives.export", "write_plan_docx": "m4d.initiatives.export",
    "write_plan_excel": "m4d.initiatives.export", "write_plan_markdown": "m4d.initiatives.export",
    "read_plan": "m4d.initiatives.export", "read_plan_excel": "m4d.initiatives.export",
    "read_plan_markdown": "m4d.initiatives.export", "read_plan_docx": "m4d.initiatives.export",
    "plan_steps_table": "m4d.initiatives.export", "write_plan_json": "m4d.initiatives.export",
    "sector_diagram": "m4d.initiatives.sector_figure", "sector_diagram_alt": "m4d.initiatives.sector_figure",
    "explore_cases": "m4d.initiatives.explorer", "CaseIndex": "m4d.initiatives.explorer",
    "ExplorerResult": "m4d.initiatives.explorer", "case_tags": "m4d.initiatives.explorer",
    "good_practice_html": "m4d.initiatives.explorer_page",
    "GoodPracticeExplorer": "m4d.initiatives.explorer_widget",
    "InitiativePlanner": "m4d.initiatives.planner_widget",
}

__all__ = [
    "ASPECTS", "COST_CATEGORIES", "LEVELS", "META_FIELDS", "PARTS", "PART_FIELDS", "PART_TITLES", "RULES",
    "STAKEHOLDER_KINDS", "Finding", "InitiativePlan", "budget_lines", "build_plan", "check_plan", "cost_by_action",
    "errors", "findings_table", "kind_code", "kind_labels", "kind_profile", "kinds", "part_columns", "part_frame",
    "passes", "plan_from_dict", "plan_from_frames", "plan_template", "plan_to_dict", "plan_to_frames",
    "replace_part", "rules_table", "sector_code", "sector_labels", "sector_profile", "sectors", "start_plan",
    "to_budget_plan", *sorted(_LAZY),
]


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'm4d.initiatives' has no attribute {name!r}")

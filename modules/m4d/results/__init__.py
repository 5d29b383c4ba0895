"""Results frameworks: results chains, indicators and the checks of good monitoring (Module 7).

A framework is a results chain (inputs, activities, outputs, outcomes, impact)
and the indicators that measure it (:mod:`m4d.results.model`); its data come
from a data collection plan (:mod:`m4d.results.collection`) whose survey sizes
follow :mod:`m4d.survey`. :func:`check_framework` runs the checks
(:mod:`m4d.results.checks`); :mod:`m4d.results.logframe` lays the framework out
as a logframe and a monitoring plan; :mod:`m4d.results.io` writes them to
Markdown, Word and Excel and reads a workbook back with validation;
:mod:`m4d.results.from_plan` starts a framework from an initiative plan of
Module 4; :class:`m4d.results.widget.ResultsFrameworkBuilder` puts it all in
one widget.

>>> from m4d.results import course_framework, course_collection_plan, check_framework
>>> check_framework(course_framework(), course_collection_plan()).passed
True
"""
from __future__ import annotations

from m4d.results.checks import CHECKS, CheckResult, CheckSettings, FrameworkCheck, check_framework
from m4d.results.collection import (METHODS, DataCollectionPlan, build_collection_plan, interviews_needed_per_group,
                                    minimum_interviews)
from m4d.results.from_plan import FrameworkDraft
from m4d.results.model import (DISAGGREGATIONS, FREQUENCIES, INDICATOR_COLUMNS, LEVELS, RESULT_COLUMNS,
                               ResultsFramework, build_framework, course_framework, framework_tables)

__all__ = [
    "CHECKS", "DISAGGREGATIONS", "FREQUENCIES", "INDICATOR_COLUMNS", "LEVELS", "METHODS", "RESULT_COLUMNS",
    "CheckResult", "CheckSettings", "DataCollectionPlan", "FrameworkCheck", "FrameworkDraft", "ResultsFramework",
    "build_collection_plan", "build_framework", "check_framework", "course_collection_plan", "course_framework",
    "framework_from_plan", "framework_tables", "interviews_needed_per_group", "minimum_interviews",
]


def framework_from_plan(plan):
    """Start a framework from a Module 4 initiative plan (see :mod:`m4d.results.from_plan`)."""
    from m4d.results.from_plan import framework_from_plan as start

    return start(plan)


def course_collection_plan() -> DataCollectionPlan:
    """The data collection plan of the course's illustrative corridor-case framework."""
    from m4d import datasets
    from m4d.i18n import pgettext

    return build_collection_plan(datasets.load("results_corridor_sources"), datasets.load("results_corridor_groups"),
                                 where=pgettext("the place of a mistake", "course data collection plan"))

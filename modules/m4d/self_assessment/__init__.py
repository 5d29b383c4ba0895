"""A local self-assessment of migration governance along six dimensions (Module 7).

The six dimensions are the three principles and three objectives of IOM's
Migration Governance Framework, which IOM's Migration Governance Indicators
and their local version use (dataset ``mgi_dimensions``). The questions are
the course's own (dataset ``self_assessment_questions``), not IOM's
indicators: four per dimension, each answered on :data:`ANSWERS`.

The result is a **profile** of one authority: for each dimension, how far
what it asks about is in place, and which questions are the gaps. There is
deliberately no overall score and no way to rank authorities against each
other: like the MGI, the self-assessment is a starting point for a
conversation about what to strengthen, and places differ in powers and needs.

>>> from m4d.self_assessment import example_answers, profile
>>> list(profile(example_answers())["dimension"])[:2]
["Migrants' rights", 'Whole-of-government approach']
"""
from m4d.self_assessment.answers import ANSWERS, blank_answers, check_answers, example_answers
from m4d.self_assessment.chart import profile_chart_html, profile_figure, profile_alt
from m4d.self_assessment.profile import dimensions, gaps, profile, questions

__all__ = ["ANSWERS", "blank_answers", "check_answers", "dimensions", "example_answers", "gaps", "profile",
           "profile_alt", "profile_chart_html", "profile_figure", "questions"]


def __getattr__(name):
    # The widget pulls in ipywidgets; load it only when asked for.
    if name == "SelfAssessmentWidget":
        from m4d.self_assessment.widget import SelfAssessmentWidget

        return SelfAssessmentWidget
    raise AttributeError(f"module 'm4d.self_assessment' has no attribute {name!r}")

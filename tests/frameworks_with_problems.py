"""Results frameworks spoiled so that, together, they make every message of the framework's checks appear.

Each is the corridor case's framework (or a small one) with the mistakes a learner makes: a result
left hanging, an outcome with no indicator, a baseline missing, a target too far or too fast, a
breakdown the survey cannot deliver. The translation tests show every detail of every check.
"""
from __future__ import annotations

from m4d.results import build_collection_plan, build_framework, course_collection_plan, course_framework


def _hanging_chain():
    results = [{"result_id": "I1", "level": "impact", "statement": "Impact"},
               {"result_id": "O1", "level": "outcome", "statement": "Outcome"},
               {"result_id": "P1", "level": "output", "statement": "Output"},
               {"result_id": "A1", "level": "activity", "statement": "Activity"},
               {"result_id": "N1", "level": "input", "statement": "Input"}]
    return build_framework(results, [], start_year=2026, end_year=2029), None


def _no_outcome():
    results = [{"result_id": "I1", "level": "impact", "statement": "Impact"},
               {"result_id": "P1", "level": "output", "statement": "Output"}]
    return build_framework(results, [], start_year=2026, end_year=2029), None


_OUTCOME = [{"result_id": "O1", "level": "outcome", "statement": "Change"},
            {"result_id": "O2", "level": "outcome", "statement": "Another change"}]
_BASE = {"indicator_id": "K1", "result_id": "O1", "definition": "People trained", "unit": "number", "baseline": 0,
         "baseline_year": 2026, "target": 10, "target_year": 2028, "source": "S", "frequency": "yearly"}


def _targets():
    indicators = [dict(_BASE, indicator_id="K1", baseline=None, target_year=None),
                  dict(_BASE, indicator_id="K2", target=None),
                  dict(_BASE, indicator_id="K3", baseline_year=None, target=None, target_year=None),
                  dict(_BASE, indicator_id="K4", target_year=2026),
                  dict(_BASE, indicator_id="K5", target_year=2030, baseline_year=2027),
                  dict(_BASE, indicator_id="K6", unit="percent", target=120),
                  dict(_BASE, indicator_id="K7", unit="percent", baseline=12.5, target=67.5),
                  dict(_BASE, indicator_id="K8", baseline=1000, target=12500, max_change_per_year=1500)]
    return build_framework(_OUTCOME, indicators, start_year=2026, end_year=2028), None


def _breakdowns():
    framework, plan = course_framework(), course_collection_plan()
    rows = framework.indicators.to_dict("records")
    rows[0]["disaggregation"] = ("sex",)  # K0, from health statistics that record location only
    rows[3]["source"] = "S9"
    for r in rows:
        if r["indicator_id"] == "K1":
            r["disaggregation"] = ("age", "migration_status")
    return build_framework(framework.results, rows, start_year=2026, end_year=2028), plan


def _no_shares():
    sources = [{"source_id": "S1", "name": "Survey of households", "method": "survey", "records": "sex; age",
                "interviews": 1200, "margin": 0.05, "confidence": 0.95, "design_effect": 1.5}]
    indicators = [dict(_BASE, source="S1", disaggregation="sex")]
    return build_framework(_OUTCOME[:1], indicators, start_year=2026, end_year=2028), build_collection_plan(sources)


SPOILED_FRAMEWORKS = {"hanging chain": _hanging_chain, "no outcome": _no_outcome, "targets": _targets,
                      "breakdowns": _breakdowns, "no shares": _no_shares,
                      "no collection plan": lambda: (course_framework(), None)}

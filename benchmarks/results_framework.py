"""Speed of the results-framework builder and of a full framework check.

Prints `name_unit: value` lines:
- builder_update_p95_ms: p95 of one builder update (rebuild, check, redraw) after an edit, on a
  framework of 40 indicators (goal <= 50 ms);
- full_check_2000_indicators_s: one build and full check of a 2,000-indicator framework with its
  data collection plan (goal <= 1 s);
- self_assessment_update_p95_ms: p95 of one self-assessment answer and redraw (goal <= 50 ms).
"""
from __future__ import annotations

import time

import numpy as np

from stopwatch import p95_ms

from m4d.results import build_collection_plan, build_framework, check_framework, course_collection_plan
from m4d.results.widget import ResultsFrameworkBuilder
from m4d.self_assessment.widget import SelfAssessmentWidget

UNITS = ["percent", "number"]


def synthetic_tables(n_indicators: int, seed: int = 7):
    """A framework of n indicators: 1 impact, n/4 outcomes, n/4 outputs (illustrative, generated)."""
    rng = np.random.default_rng(seed)
    n_out = max(1, n_indicators // 4)
    results = [{"result_id": "I1", "level": "impact", "statement": "Better lives along the corridor"}]
    results += [{"result_id": f"O{k}", "level": "outcome", "statement": f"Outcome {k}", "contributes_to": "I1"}
                for k in range(n_out)]
    results += [{"result_id": f"P{k}", "level": "output", "statement": f"Output {k}", "contributes_to": f"O{k}"}
                for k in range(n_out)]
    indicators = []
    for i in range(n_indicators):
        level = "O" if i % 2 == 0 else "P"
        baseline = float(rng.integers(0, 60))
        indicators.append({
            "indicator_id": f"K{i}", "result_id": f"{level}{(i // 2) % n_out}", "definition": f"Indicator {i}",
            "unit": UNITS[i % 2], "baseline": baseline, "baseline_year": 2026, "target": baseline + 10,
            "target_year": 2028, "source": "S1" if i % 3 == 0 else "S2", "frequency": "yearly",
            "disaggregation": ["sex", "age"] if i % 3 == 0 else ["location"],
            "sdg_targets": ["10.7"] if i % 5 == 0 else [], "gcm_objectives": [1 + i % 23],
        })
    return results, indicators


def plan():
    sources = [{"source_id": "S1", "name": "Survey", "method": "survey", "records": "sex;age;location",
                "interviews": 2000, "margin": 0.1, "design_effect": 1.5},
               {"source_id": "S2", "name": "Records", "method": "records", "records": "sex;age;location"}]
    groups = [{"variable": "sex", "group": "women", "share": 0.5}, {"variable": "sex", "group": "men", "share": 0.5},
              {"variable": "age", "group": "young", "share": 0.4}, {"variable": "age", "group": "older", "share": 0.6}]
    return build_collection_plan(sources, groups)


def main() -> None:
    results, indicators = synthetic_tables(40)
    framework = build_framework(results, indicators, start_year=2026, end_year=2028)
    builder = ResultsFrameworkBuilder(framework, plan())
    values = iter(range(10**6))

    def edit():
        builder.edit("K1", target=20 + next(values) % 20)

    print(f"builder_update_p95_ms: {p95_ms(edit, repeat=60):.1f}")

    big_results, big_indicators = synthetic_tables(2000)
    start = time.perf_counter()
    big = build_framework(big_results, big_indicators, start_year=2026, end_year=2028)
    report = check_framework(big, plan())
    elapsed = time.perf_counter() - start
    assert report.passed, report.problems()[:3]
    print(f"full_check_2000_indicators_s: {elapsed:.3f}")

    widget = SelfAssessmentWidget()
    answers = iter(["in_place", "started"] * 10**5)
    print(f"self_assessment_update_p95_ms: {p95_ms(lambda: widget.answer('R1', next(answers)), repeat=60):.1f}")
    # The course's own corridor case, for reference.
    course = ResultsFrameworkBuilder(plan=course_collection_plan())
    print(f"builder_update_course_case_p95_ms: {p95_ms(lambda: course.edit('K2', target=45), repeat=40):.1f}")


if __name__ == "__main__":
    main()

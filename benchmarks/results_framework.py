"""Speed of the results-framework builder and of a full framework check.

Prints `name_unit: value` lines (goal for every per-update time: <= 50 ms):
- builder_update_p50_ms, builder_update_p95_ms: one builder update (rebuild, check, redraw)
  after an edit of a target, on a framework of 40 indicators;
- builder_update_cpu_p95_ms: the same, in CPU time of this process (less sensitive to a loaded
  machine than wall-clock time);
- disaggregation_update_p50_ms, disaggregation_update_p95_ms (and _cpu_p95_ms): one update of
  the builder's breakdown check on the course's corridor case, through the widget's own
  controls, alternating a breakdown ticked or unticked and the survey's number of interviews
  changed (each recomputes the interviews every group gets and redraws checks, chain, logframe);
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


def update_times(name: str, action, repeat: int) -> dict[str, float]:
    """p50 and p95 wall-clock and p95 CPU milliseconds of `action()`, after a few warm-up calls."""
    for _ in range(3):
        action()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return {f"{name}_p50_ms": float(np.percentile(wall, 50)), f"{name}_p95_ms": float(np.percentile(wall, 95)),
            f"{name}_cpu_p95_ms": float(np.percentile(cpu, 95))}


def main() -> None:
    results, indicators = synthetic_tables(40)
    framework = build_framework(results, indicators, start_year=2026, end_year=2028)
    builder = ResultsFrameworkBuilder(framework, plan())
    values = iter(range(10**6))

    def edit():
        builder.edit("K1", target=20 + next(values) % 20)

    for key, value in update_times("builder_update", edit, repeat=80).items():
        print(f"{key}: {value:.1f}")

    course = ResultsFrameworkBuilder(plan=course_collection_plan())
    course.choice.value = "K1"
    steps = iter(range(10**6))

    def disaggregate():
        k = next(steps)
        if k % 2:
            course.breakdowns["migration_status"].value = not course.breakdowns["migration_status"].value
        else:
            course.interviews.value = 400 + k % 3000

    for key, value in update_times("disaggregation_update", disaggregate, repeat=80).items():
        print(f"{key}: {value:.1f}")

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

"""The checks of a results framework find what good monitoring needs, and their fixes work."""
from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from m4d.results import (build_collection_plan, build_framework, check_framework, course_collection_plan,
                         course_framework, interviews_needed_per_group, minimum_interviews)
from tests.results_frameworks import framework_tables, plan_tables


def _build(results, indicators, start=2026, end=2029):
    return build_framework(results, indicators, start_year=start, end_year=end)


def test_course_corridor_framework_passes_every_check():
    report = check_framework(course_framework(), course_collection_plan())
    assert report.passed, report.problems()


@given(framework_tables())
@settings(max_examples=40, deadline=None)
def test_generated_valid_frameworks_pass_every_check(tables):
    sources, groups = plan_tables()
    report = check_framework(_build(*tables), build_collection_plan(sources, groups))
    assert report.passed, report.problems()


@given(framework_tables(), st.data())
@settings(max_examples=40, deadline=None)
def test_an_outcome_that_loses_its_indicators_is_named(tables, data):
    results, indicators = tables
    outcomes = [r["result_id"] for r in results if r["level"] == "outcome"]
    victim = data.draw(st.sampled_from(outcomes))
    kept = [i for i in indicators if i["result_id"] != victim]
    report = check_framework(_build(results, kept))
    check = report["outcome_indicators"]
    assert not check.passed and check.problems == (victim,)
    assert f"Outcome {victim}" in check.messages[0]


@given(framework_tables(), st.data(), st.sampled_from(["baseline", "baseline_year", "target", "target_year"]))
@settings(max_examples=40, deadline=None)
def test_an_indicator_without_baseline_or_target_is_named(tables, data, field):
    results, indicators = tables
    k = data.draw(st.integers(0, len(indicators) - 1))
    indicators[k][field] = None
    check = check_framework(_build(results, indicators))["baselines_targets"]
    assert not check.passed and check.problems == (indicators[k]["indicator_id"],)
    assert field.replace("_", " ") in check.messages[0]


@given(st.floats(0, 100), st.floats(0, 100), st.integers(1, 4))
@settings(max_examples=150, deadline=None)
def test_the_target_a_failing_message_proposes_is_reachable(baseline, target, years):
    results = [{"result_id": "O1", "level": "outcome", "statement": "Change"}]
    ind = {"indicator_id": "K1", "result_id": "O1", "definition": "Share of people", "unit": "percent",
           "baseline": baseline, "baseline_year": 2026, "target": target, "target_year": 2026 + years,
           "source": "S", "frequency": "yearly"}
    check = check_framework(_build(results, [ind], end=2030))["targets_reachable"]
    if check.passed:
        # Moving the target towards the baseline keeps it reachable.
        closer = dict(ind, target=baseline + (target - baseline) / 2)
        assert check_framework(_build(results, [closer], end=2030))["targets_reachable"].passed
        return
    proposed = float(re.search(r"Aim for about ([-0-9.e+]+)", check.messages[0]).group(1))
    fixed = dict(ind, target=proposed)
    assert check_framework(_build(results, [fixed], end=2030))["targets_reachable"].passed
    assert abs(proposed - baseline) < abs(target - baseline)


def test_targets_after_the_initiative_or_before_the_baseline_fail():
    results = [{"result_id": "O1", "level": "outcome", "statement": "Change"}]
    base = {"indicator_id": "K1", "result_id": "O1", "definition": "People trained", "unit": "number",
            "baseline": 0, "baseline_year": 2026, "target": 10, "target_year": 2028, "source": "S",
            "frequency": "yearly"}
    assert check_framework(_build(results, [base], end=2028))["targets_reachable"].passed
    late = check_framework(_build(results, [dict(base, target_year=2030)], end=2028))["targets_reachable"]
    assert not late.passed and "after the initiative ends" in late.messages[0]
    early = check_framework(_build(results, [dict(base, target_year=2026)], end=2028))["targets_reachable"]
    assert not early.passed and "not after the baseline year" in early.messages[0]
    odd = check_framework(_build(results, [dict(base, unit="percent", target=120)], end=2028))["targets_reachable"]
    assert not odd.passed and "outside 0-100" in odd.messages[0]


def test_group_sample_size_matches_the_textbook():
    # z = 1.96, p = 0.5: 384.2 interviews for ±5 points (385 rounded up), 96.04 for ±10 (97).
    assert interviews_needed_per_group(0.05) == 385
    assert interviews_needed_per_group(0.10) == 97
    assert interviews_needed_per_group(0.10, design_effect=1.5) == math.ceil(1.96 ** 2 * 0.25 / 0.01 * 1.5)


@given(st.integers(100, 6000), st.floats(0.02, 0.5), st.sampled_from([0.05, 0.1, 0.15]), st.floats(1.0, 2.5))
@settings(max_examples=120, deadline=None)
def test_minimum_interviews_is_the_exact_threshold_of_feasibility(interviews, small_share, margin, deff):
    results = [{"result_id": "O1", "level": "outcome", "statement": "Change"}]
    ind = [{"indicator_id": "K1", "result_id": "O1", "definition": "Share of households", "unit": "percent",
            "baseline": 20, "baseline_year": 2026, "target": 25, "target_year": 2027, "source": "S1",
            "frequency": "yearly", "disaggregation": "migration_status"}]
    sources = [{"source_id": "S1", "name": "Survey", "method": "survey", "records": "migration_status",
                "interviews": interviews, "margin": margin, "design_effect": deff}]
    groups = [{"variable": "migration_status", "group": "migrant", "share": small_share},
              {"variable": "migration_status", "group": "other", "share": 1 - small_share}]
    plan = build_collection_plan(sources, groups)
    framework = _build(results, ind)
    needed_total = minimum_interviews(plan, "S1", ["migration_status"])
    # Brute force: the smallest n for which every group's expected interviews reach the per-group need.
    per_group = interviews_needed_per_group(margin, design_effect=deff)
    n = 1
    while n * min(small_share, 1 - small_share) < per_group - 1e-9:
        n += 1
    assert needed_total == n
    feasible = check_framework(framework, plan.with_interviews("S1", needed_total))["disaggregation_feasible"]
    assert feasible.passed
    if needed_total > 1:
        short = check_framework(framework, plan.with_interviews("S1", needed_total - 1))["disaggregation_feasible"]
        assert not short.passed and f"at least {needed_total:,}" in short.messages[0]
    assert check_framework(framework, plan)["disaggregation_feasible"].passed == (interviews >= needed_total)


def test_the_corridor_survey_cannot_break_down_by_migration_status():
    framework, plan = course_framework(), course_collection_plan()
    rows = framework.indicators.to_dict("records")
    for r in rows:
        if r["indicator_id"] == "K1":
            r["disaggregation"] = ("age", "migration_status")
    changed = framework.with_indicators(build_framework(framework.results, rows, start_year=2026,
                                                        end_year=2028).indicators)
    check = check_framework(changed, plan)["disaggregation_feasible"]
    assert not check.passed and check.problems == ("K1",)
    # 97 interviews x 1.5 design effect = 145 per group; the smallest group is 5 % of 600 = 30.
    assert "145" in check.messages[0] and "2,900" in check.messages[0]


def test_a_breakdown_its_source_does_not_record_is_reported():
    framework = course_framework()
    rows = framework.indicators.to_dict("records")
    rows[0]["disaggregation"] = ("sex",)  # K0, from health statistics that record location only
    changed = build_framework(framework.results, rows, start_year=2026, end_year=2028)
    check = check_framework(changed, course_collection_plan())["disaggregation_feasible"]
    assert not check.passed and "does not record" in check.messages[0]


def test_an_indicator_whose_source_is_not_in_the_plan_is_reported():
    framework = course_framework()
    rows = framework.indicators.to_dict("records")
    rows[3]["source"] = "S9"
    changed = build_framework(framework.results, rows, start_year=2026, end_year=2028)
    check = check_framework(changed, course_collection_plan())["disaggregation_feasible"]
    assert not check.passed and "'S9'" in check.messages[0]


def test_an_output_that_leads_nowhere_breaks_the_chain():
    results = [{"result_id": "I1", "level": "impact", "statement": "Impact"},
               {"result_id": "O1", "level": "outcome", "statement": "Outcome", "contributes_to": "I1"},
               {"result_id": "P1", "level": "output", "statement": "Output"}]
    check = check_framework(_build(results, []))["chain"]
    assert not check.passed and check.problems == ("P1",)

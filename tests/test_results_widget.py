"""The builder recomputes at each edit, keeps a bad edit on screen with a message, and has a static view."""
from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from m4d import datasets
from m4d.results import build_framework, check_framework, course_collection_plan, minimum_interviews
from m4d.results.chain import chain_html
from m4d.results.io import logframe_html
from m4d.results.model import COURSE_PERIOD
from m4d.results.widget import ResultsFrameworkBuilder, checks_html


def test_ticking_a_breakdown_the_survey_cannot_support_fails_the_check():
    builder = ResultsFrameworkBuilder()
    assert builder.report.passed
    builder.choice.value = "K1"
    builder.breakdowns["migration_status"].value = True
    assert not builder.report["disaggregation_feasible"].passed
    builder.interviews.value = 2900
    assert builder.report["disaggregation_feasible"].passed


def test_a_bad_edit_shows_a_message_and_keeps_the_last_good_checks():
    builder = ResultsFrameworkBuilder()
    builder.choice.value = "K2"
    builder.baseline.value = "thirty"
    assert builder.error and "'thirty' is not a number" in builder.error
    assert builder.baseline.value == "thirty", "the user's edit stays"
    assert builder.report.passed, "the last good framework is still shown"
    builder.baseline.value = ""
    assert builder.error is None and not builder.report["baselines_targets"].passed


def test_adding_and_removing_indicators():
    builder = ResultsFrameworkBuilder()
    builder.result.value = "P1"
    new = builder.add_indicator()
    assert new in builder.current.indicators["indicator_id"].tolist()
    assert not builder.report["baselines_targets"].passed
    builder.remove_indicator()
    assert new not in builder.current.indicators["indicator_id"].tolist() and builder.report.passed
    for iid in ["K1", "K2"]:
        builder.choice.value = iid
        builder.remove_indicator()
    assert builder.report["outcome_indicators"].problems == ("O1",)


def test_the_snapshot_shows_checks_chain_and_logframe():
    snapshot = ResultsFrameworkBuilder().snapshot_html()
    assert "Checks" in snapshot and "m4d-chain" in snapshot and "m4d-logframe" in snapshot
    assert "illustrative" in snapshot


# ------------------------------------------------------------------ incremental updates
# The builder re-reads only the row an edit changed and keeps the survey plan per number of
# interviews. These tests replay the same edits on plain tables, build the framework from scratch
# with the pure functions, and require the widget to show exactly what those give.


def _from_scratch(indicators: list[dict], interviews: int):
    framework = build_framework(datasets.load("results_corridor_results"), indicators,
                                start_year=COURSE_PERIOD[0], end_year=COURSE_PERIOD[1],
                                title="Maternal and child health campaigns, Tuscany and Kasserine",
                                illustrative=True)
    plan = course_collection_plan().with_interviews("S1", interviews)
    return framework, plan, check_framework(framework, plan)


def _assert_shows(builder: ResultsFrameworkBuilder, indicators: list[dict]) -> None:
    framework, plan, report = _from_scratch(indicators, builder.interviews.value)
    assert builder.error is None
    assert builder.report == report
    assert builder.checks.value == checks_html(report)
    assert builder.chain.value == chain_html(framework)
    assert builder.logframe.value == logframe_html(framework, plan)


def test_an_edit_through_the_form_shows_what_the_pure_functions_compute():
    builder = ResultsFrameworkBuilder()
    indicators = datasets.load("results_corridor_indicators").to_dict("records")
    k2 = next(r for r in indicators if r["indicator_id"] == "K2")
    builder.choice.value = "K2"
    builder.target.value = "80"
    k2["target"] = 80
    _assert_shows(builder, indicators)
    assert "target 80 % in 2028" in builder.logframe.value and not builder.report["targets_reachable"].passed
    builder.target.value = "50"
    k2["target"] = 50
    _assert_shows(builder, indicators)
    assert "target 80 %" not in builder.logframe.value and builder.report.passed

    # A breakdown the survey cannot support, then enough interviews for it.
    builder.breakdowns["migration_status"].value = True
    k2["disaggregation"] = ["age", "migration_status", "location"]
    _assert_shows(builder, indicators)
    needed = minimum_interviews(course_collection_plan(), "S1", k2["disaggregation"])
    assert f"at least {needed:,} completed interviews" in builder.checks.value
    builder.interviews.value = needed
    _assert_shows(builder, indicators)
    assert builder.report["disaggregation_feasible"].passed
    builder.interviews.value = needed - 1
    _assert_shows(builder, indicators)
    assert not builder.report["disaggregation_feasible"].passed


edits = st.lists(st.one_of(
    st.tuples(st.just("target"), st.sampled_from(["K1", "K2", "K7"]), st.integers(0, 100)),
    st.tuples(st.just("breakdown"), st.sampled_from(["K1", "K2"]), st.sampled_from(["sex", "migration_status"])),
    st.tuples(st.just("interviews"), st.just("S1"), st.integers(100, 4000)),
), min_size=1, max_size=8)


@settings(max_examples=15, deadline=None)
@given(edits)
def test_after_any_sequence_of_edits_the_builder_shows_a_fresh_computation(steps):
    """Going back to an earlier value (a row the builder has cached) must show it, not a stale view."""
    builder = ResultsFrameworkBuilder()
    indicators = datasets.load("results_corridor_indicators").to_dict("records")
    by_id = {r["indicator_id"]: r for r in indicators}
    for kind, key, value in steps:
        if kind == "interviews":
            builder.interviews.value = value
            continue
        builder.choice.value = key
        row = by_id[key]
        if kind == "target":
            builder.target.value = str(value)
            row["target"] = value
        else:
            box = builder.breakdowns[value]
            box.value = not box.value
            chosen = set(row["disaggregation"]) ^ {value}
            row["disaggregation"] = [d for d in ("sex", "age", "migration_status", "location") if d in chosen]
        assert not math.isnan(builder.current.indicators.set_index("indicator_id").loc[key, "target"])
    _assert_shows(builder, indicators)

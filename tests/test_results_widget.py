"""The builder recomputes at each edit, keeps a bad edit on screen with a message, and has a static view."""
from __future__ import annotations

from m4d.results.widget import ResultsFrameworkBuilder


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

"""The plan check finds nothing in a consistent plan, finds exactly what was broken when one thing is,
and never raises on what a student may hand in."""
from __future__ import annotations

import copy
import datetime as dt

import pandas as pd
from hypothesis import given, settings, strategies as st

from m4d.initiatives import (RULES, Finding, build_plan, check_plan, course_plan, errors, findings_table, passes,
                             plan_to_dict, plan_to_frames, start_plan)
from tests.initiative_plans import consistent_plans

SETTINGS = settings(max_examples=40, deadline=None)


def codes(findings):
    return {f.code for f in findings}


def about(findings, code):
    return {f.item for f in findings if f.code == code}


@SETTINGS
@given(consistent_plans())
def test_a_consistent_plan_has_no_finding(data):
    assert check_plan(data) == []


@SETTINGS
@given(consistent_plans(), st.data())
def test_an_action_whose_deliverables_are_removed_is_the_one_reported(data, pick):
    action = pick.draw(st.sampled_from([a["id"] for a in data["actions"]]))
    data["deliverables"] = [d for d in data["deliverables"] if d["action"] != action]
    if not data["deliverables"]:
        data["deliverables"] = []
    findings = check_plan(data)
    assert about(findings, "action_without_deliverable") == {action}
    assert codes(errors(findings)) <= {"action_without_deliverable", "part_missing"}


@SETTINGS
@given(consistent_plans(), st.data())
def test_a_result_whose_indicators_are_removed_is_the_one_reported(data, pick):
    result = pick.draw(st.sampled_from([r["id"] for r in data["results"]]))
    data["indicators"] = [i for i in data["indicators"] if i["result"] != result]
    findings = check_plan(data)
    assert about(findings, "result_without_indicator") == {result}
    assert codes(errors(findings)) <= {"result_without_indicator", "part_missing"}


@SETTINGS
@given(consistent_plans(), st.data(), st.integers(1, 400))
def test_an_action_moved_past_the_end_is_reported_outside_the_timeline(data, pick, days):
    plan = build_plan(data)
    action = pick.draw(st.sampled_from(plan.actions))
    moved = copy.deepcopy(data)
    for a in moved["actions"]:
        if a["id"] == action["id"]:
            a["end"] = (plan.end + dt.timedelta(days=days)).isoformat()
    findings = check_plan(moved)
    assert about(findings, "action_outside_timeline") == {action["id"]}
    assert codes(errors(findings)) == {"action_outside_timeline"}


@SETTINGS
@given(consistent_plans(), st.data())
def test_a_reference_to_a_missing_item_is_reported_with_the_identifier(data, pick):
    action = pick.draw(st.sampled_from(data["actions"]))
    action["objectives"] = list(action["objectives"]) + ["O-missing"]
    findings = check_plan(data)
    assert about(findings, "unknown_reference") == {action["id"]}
    assert any("'O-missing'" in f.message for f in findings)


@SETTINGS
@given(consistent_plans(), st.data())
def test_a_cost_line_in_a_year_outside_the_plan_is_reported(data, pick):
    line = pick.draw(st.sampled_from(data["cost_lines"]))
    line["year"] = int(data["end"][:4]) + 1
    findings = check_plan(data)
    assert about(findings, "cost_outside_timeline") == {line["id"]}


@SETTINGS
@given(consistent_plans(), st.randoms())
def test_findings_do_not_depend_on_the_order_of_items(data, rnd):
    before = check_plan(data)
    shuffled = copy.deepcopy(data)
    for part in ("actions", "deliverables", "results", "indicators", "cost_lines", "risks"):
        rnd.shuffle(shuffled[part])
    data_with_gap = copy.deepcopy(shuffled)
    assert {f.to_dict().__repr__() for f in check_plan(shuffled)} == {f.to_dict().__repr__() for f in before}
    # and one change shows up whatever the order
    data_with_gap["deliverables"] = data_with_gap["deliverables"][1:]
    assert check_plan(data_with_gap) == check_plan(build_plan(data_with_gap))


@SETTINGS
@given(consistent_plans())
def test_the_check_gives_the_same_findings_for_every_form_of_the_plan(data):
    plan = build_plan(data)
    broken = copy.deepcopy(data)
    broken["results"][0]["objectives"] = []
    expected = check_plan(build_plan(broken))
    assert check_plan(broken) == expected
    assert check_plan(plan_to_dict(build_plan(broken))) == expected
    assert check_plan(plan_to_frames(build_plan(broken))) == expected
    assert check_plan(plan) == []


JUNK = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(JUNK)
def test_the_check_never_raises_on_junk(value):
    findings = check_plan(value)
    assert isinstance(findings, list) and findings and all(isinstance(f, Finding) for f in findings)
    assert findings[0].code == "invalid_plan" and findings[0].message


@settings(max_examples=100, deadline=None)
@given(consistent_plans(), st.sampled_from(["actions", "objectives", "results", "indicators", "risks", "cost_lines",
                                             "stakeholders", "diagnosis", "deliverables"]),
       JUNK)
def test_a_junk_item_gives_one_readable_finding_never_a_traceback(data, part, junk):
    data[part] = list(data[part]) + [junk]
    findings = check_plan(data)
    assert isinstance(findings, list)
    if findings and findings[0].code == "invalid_plan":
        assert part in findings[0].message or "item" in findings[0].message or "plan" in findings[0].message


def test_the_course_plans_pass_and_the_corridor_case_has_no_finding():
    assert check_plan(course_plan("tuscany_kasserine")) == []
    assert passes(course_plan("diaspora_entrepreneurship"))


def test_a_starter_draft_is_told_to_add_indicators():
    findings = check_plan(start_plan("education", "peer_learning"))
    assert "result_without_indicator" in codes(errors(findings))
    assert all(f.fix for f in findings)


def test_a_plan_without_migrant_associations_is_warned_with_the_guidelines_page():
    data = plan_to_dict(course_plan())
    data["stakeholders"] = [s for s in data["stakeholders"] if s["kind"] != "diaspora"]
    for a in data["actions"]:
        a["leads"] = [x for x in a["leads"] if x != "S5"]
    finding = [f for f in check_plan(data) if f.code == "no_migrant_stakeholder"]
    assert finding and finding[0].severity == "warning" and "p. 57" in finding[0].fix


def test_every_rule_can_fire_and_the_table_lists_them():
    table = findings_table(check_plan(start_plan("health", "training")))
    assert list(table.columns) == ["severity", "part", "item", "message", "fix", "code"]
    assert len({r.code for r in RULES}) == len(RULES)


# --- in the reader's language (issue 17) ------------------------------------------------------------------------
import pytest  # noqa: E402

from m4d.i18n import use_language  # noqa: E402
from tests.i18n_widget_catalogue import message_in  # noqa: E402
from tests.widget_translation import translation  # noqa: E402

# Plans that cannot be read, each refused for a different reason (the first problem found is reported).
UNREADABLE = {
    "no title": lambda plan: plan.update(title=""),
    "no end date": lambda plan: plan.update(end=""),
    "end before start": lambda plan: plan.update(start="2030-01-01"),
    "bad currency": lambda plan: plan.update(currency="euros"),
    "unknown key": lambda plan: plan.update(budget=1),
    "bad date": lambda plan: plan["actions"][0].update(start="1 March"),
    "percent": lambda plan: plan["cost_lines"][0].update(amount="30%"),
    "twice": lambda plan: plan["actions"].append(dict(plan["actions"][0])),
    "no value": lambda plan: plan["actions"][0].update(action=""),
    "unknown field": lambda plan: plan["risks"][0].update(colour="red"),
    "bad choice": lambda plan: plan["risks"][0].update(likelihood="very"),
    "negative cost": lambda plan: plan["cost_lines"][0].update(amount=-5),
}


def _unreadable(name: str) -> dict:
    from m4d.initiatives import plan_to_dict

    plan = plan_to_dict(course_plan())
    UNREADABLE[name](plan)
    return plan


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("name", UNREADABLE)
def test_an_unreadable_plan_is_explained_in_the_readers_language(language, name):
    plan = _unreadable(name)
    (english,) = check_plan(plan)
    with use_language(language):
        (shown,) = check_plan(plan)
    assert english.code == shown.code == "invalid_plan"
    # The message is the catalogue's translation of the sentence the English build gave, its values filled in.
    assert shown.message != english.message
    assert message_in(language, english.message, shown.message), (english.message, shown.message)
    assert shown.fix == translation(language, english.fix)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_finding_prints_its_severity_place_and_fix_in_the_readers_language(language):
    finding = Finding("dates", "error", "actions", "A1", "message", "fix it")
    assert str(finding) == "[error] actions A1: message Fix: fix it"
    with use_language(language):
        shown = str(finding)
    assert "Fix:" not in shown
    template = translation(language, "[{severity}] {where}: {message} Fix: {fix}")
    assert shown == template.format(severity=translation(language, "error", "severity of a finding"),
                                    where=translation(language, "actions", "part of a plan") + " A1",
                                    message="message", fix="fix it")

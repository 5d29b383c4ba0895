"""An initiative plan refuses what cannot be a plan, with a message that says what to fix, and survives
every round trip through plain data unchanged."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings

from m4d import InputError
from m4d.initiatives import (PARTS, build_plan, course_plan, plan_from_dict, plan_from_frames, plan_template,
                             plan_to_dict, plan_to_frames, replace_part, start_plan)
from tests.initiative_plans import consistent_plan_objects


def minimal(**changes):
    data = {"title": "Health campaigns", "sector": "health", "kind": "awareness_raising",
            "start": "2026-01-01", "end": "2026-12-31",
            "actions": [{"id": "A1", "action": "Run the campaign", "start": "2026-02-01", "end": "2026-06-30"}]}
    data.update(changes)
    return data


def test_unknown_sector_is_refused_with_the_sectors_listed():
    with pytest.raises(InputError, match=r"'tourism' is not a sector of Module 4. Choose one of: governance"):
        build_plan(minimal(sector="tourism"))


def test_sector_and_kind_may_be_named_by_their_labels():
    plan = build_plan(minimal(sector="Water and sanitation", kind="Peer-to-peer learning"))
    assert (plan.sector, plan.kind) == ("water_sanitation", "peer_learning")


def test_an_empty_plan_is_refused_and_the_starter_suggested():
    with pytest.raises(InputError, match=r"the plan is empty.*start_plan"):
        build_plan(minimal(actions=[]))
    with pytest.raises(InputError, match="needs a title"):
        build_plan(plan_template())


def test_a_plan_that_ends_before_it_starts_is_refused():
    with pytest.raises(InputError, match=r"ends \(2025-12-31\) before it starts \(2026-01-01\)"):
        build_plan(minimal(end="2025-12-31"))


def test_an_action_that_ends_before_it_starts_is_refused_with_its_item_named():
    actions = [{"id": "A1", "action": "x", "start": "2026-05-01", "end": "2026-04-01"}]
    with pytest.raises(InputError, match=r"part actions, item 1: the action ends \(2026-04-01\) before"):
        build_plan(minimal(actions=actions))


def test_a_duplicated_action_is_refused_with_both_items_named():
    actions = [{"id": "A1", "action": "x", "start": "2026-02-01", "end": "2026-03-01"},
               {"id": "A1", "action": "y", "start": "2026-02-01", "end": "2026-03-01"}]
    with pytest.raises(InputError, match=r"'A1' is used twice in actions \(items 1 and 2\)"):
        build_plan(minimal(actions=actions))


def test_a_date_that_is_not_iso_is_refused_with_the_format_shown():
    with pytest.raises(InputError, match=r"'01/02/2026' is not a date. Write dates as YYYY-MM-DD"):
        build_plan(minimal(start="01/02/2026"))


def test_an_unknown_field_is_refused_with_the_fields_listed():
    actions = [{"id": "A1", "titel": "x", "start": "2026-02-01", "end": "2026-03-01"}]
    with pytest.raises(InputError, match=r"unknown field\(s\) 'titel'. The fields of actions are: id, action"):
        build_plan(minimal(actions=actions))
    with pytest.raises(InputError, match=r"unknown key\(s\) 'budget'"):
        build_plan(minimal(budget=[]))


def test_a_negative_cost_and_an_unknown_category_are_refused():
    line = {"id": "C1", "year": 2026, "category": "staff", "amount": -10}
    with pytest.raises(InputError, match="the cost is negative"):
        build_plan(minimal(cost_lines=[line]))
    with pytest.raises(InputError, match=r"'catering' is not allowed. Choose one of: staff, travel"):
        build_plan(minimal(cost_lines=[line | {"category": "catering", "amount": 10}]))


def test_a_category_may_be_given_by_its_budget_label():
    line = {"id": "C1", "year": 2026, "category": "Travel and study visits", "amount": 10}
    assert build_plan(minimal(cost_lines=[line])).cost_lines[0]["category"] == "travel"


def test_a_percent_sign_in_a_number_is_refused_with_the_fix():
    ind = {"id": "I1", "indicator": "share", "baseline": "30%"}
    with pytest.raises(InputError, match=r"without its percent sign \('30%' -> 30\)"):
        build_plan(minimal(indicators=[ind]))


def test_an_identifier_with_a_list_separator_is_refused():
    with pytest.raises(InputError, match="may not contain ';'"):
        build_plan(minimal(objectives=[{"id": "O1;O2", "objective": "x"}]))


def test_a_part_given_as_one_dict_or_text_is_refused():
    with pytest.raises(InputError, match="a part is a list of items"):
        build_plan(minimal(actions={"id": "A1"}))
    with pytest.raises(InputError, match="not a piece of text"):
        build_plan(minimal(risks="none"))
    with pytest.raises(InputError, match="a plan is a dict"):
        build_plan(["not", "a", "plan"])


def test_blank_rows_left_in_a_table_are_not_items():
    frame = pd.DataFrame([{"id": "A1", "action": "x", "start": "2026-02-01", "end": "2026-03-01"},
                          {"id": None, "action": None, "start": None, "end": None}])
    assert build_plan(minimal(actions=frame)).ids("actions") == ["A1"]


@settings(max_examples=40, deadline=None)
@given(consistent_plan_objects())
def test_plain_data_round_trips_are_lossless(plan):
    assert plan_from_dict(plan_to_dict(plan)) == plan
    assert plan_from_dict(json.loads(json.dumps(plan_to_dict(plan)))) == plan
    assert plan_from_frames(plan_to_frames(plan)) == plan


@settings(max_examples=30, deadline=None)
@given(consistent_plan_objects())
def test_plain_data_holds_only_plain_types(plan):
    def walk(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and walk(v) for k, v in value.items())
        if isinstance(value, list):
            return all(walk(v) for v in value)
        return value is None or isinstance(value, (str, int, float, bool))

    assert walk(plan_to_dict(plan))
    frames = plan_to_frames(plan)
    assert set(frames) == {"plan", *PARTS} and all(isinstance(f, pd.DataFrame) for f in frames.values())


def test_replace_part_checks_the_new_items():
    plan = course_plan("tuscany_kasserine")
    with pytest.raises(InputError, match="used twice"):
        replace_part(plan, "risks", list(plan.risks) + [dict(plan.risks[0])])
    shorter = replace_part(plan, "risks", plan.risks[:1])
    assert shorter.ids("risks") == ["K1"] and plan.ids("risks")[0] == "K1"


def test_the_starter_covers_the_kind_and_spreads_its_actions_over_the_timeline():
    plan = start_plan("water_sanitation", "study_visit", partners=["Town A", "Town B"], start="2026-03-01", months=12)
    assert plan.start.isoformat() == "2026-03-01" and plan.end.isoformat() == "2027-02-28"
    assert plan.actions[0]["start"] == plan.start and plan.actions[-1]["end"] == plan.end
    # consecutive, non-overlapping
    for a, b in zip(plan.actions, plan.actions[1:]):
        assert (b["start"] - a["end"]).days == 1
    assert {d["action"] for d in plan.deliverables} == set(plan.ids("actions"))
    assert any(s["kind"] == "diaspora" for s in plan.stakeholders)


def test_the_starter_refuses_an_unknown_kind_and_a_silly_length():
    with pytest.raises(InputError, match="not a kind of initiative"):
        start_plan("health", "conference")
    with pytest.raises(InputError, match="whole number from 1 to 120"):
        start_plan("health", "training", months=0)

"""A framework started from a Module 4 plan keeps the plan's logic and says what it could not carry over."""
from __future__ import annotations

import pytest

from m4d import InputError
from m4d.initiatives import course_plan, plan_to_dict
from m4d.results import check_framework, framework_from_plan


def test_the_corridor_plan_becomes_a_chain_with_every_result_measured():
    plan = course_plan("tuscany_kasserine")
    data = plan_to_dict(plan)
    draft = framework_from_plan(plan)
    fw = draft.framework
    levels = dict(zip(fw.results["result_id"], fw.results["level"]))
    assert {o["id"] for o in data["objectives"]} == {k for k, v in levels.items() if v == "impact"}
    assert {r["id"] for r in data["results"]} == {k for k, v in levels.items() if v == "outcome"}
    assert {d["id"] for d in data["deliverables"]} == {k for k, v in levels.items() if v == "output"}
    measured = {i["result"] for i in data["indicators"] if i.get("result")}
    assert set(fw.indicators["result_id"]) == measured
    report = check_framework(fw)
    assert report["chain"].passed and report["baselines_targets"].passed
    # Baselines and targets are placed in the plan's first and last year.
    assert set(fw.indicators["baseline_year"]) == {int(data["start"][:4])}
    assert set(fw.indicators["target_year"]) == {int(data["end"][:4])}


def test_what_cannot_be_carried_over_is_noted_not_guessed_silently():
    data = plan_to_dict(course_plan("tuscany_kasserine"))
    data["indicators"][0]["disaggregation"] = ["religion", "sex"]
    data["indicators"][0]["frequency"] = "now and then"
    draft = framework_from_plan(data)
    first = data["indicators"][0]["id"]
    assert draft.framework.indicators.set_index("indicator_id").loc[first, "disaggregation"] == ("sex",)
    assert any("'religion'" in n for n in draft.notes) and any("'now and then'" in n for n in draft.notes)


def test_a_plan_is_required():
    with pytest.raises(InputError, match="needs an initiative plan"):
        framework_from_plan("my plan.xlsx")

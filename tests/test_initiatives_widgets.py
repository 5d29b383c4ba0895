"""The explorer and planner widgets redraw on every change, keep the user's edits when input is wrong,
and show a static snapshot in the book."""
from __future__ import annotations

from m4d.initiatives import GoodPracticeExplorer, InitiativePlanner, course_plan, read_plan


def test_the_explorer_follows_its_filters_and_suggests_what_to_drop():
    explorer = GoodPracticeExplorer(sector="Health", direction="South-South",
                                    actor_type="diaspora and migrant associations")
    assert "No example matches" in explorer.message.value and explorer.result.cases.empty
    explorer.filters["direction"].value = ""
    assert explorer.result.cases["id"].tolist() == [12, 18]
    assert "pp. 17, 52" in explorer.results.value
    assert {c for t in explorer.map.outputs[0]["data"]["application/vnd.plotly.v1+json"]["data"]
            for c in t["customdata"]} == {12, 18}
    explorer.reset()
    assert len(explorer.result.cases) == 28


def test_the_explorer_accepts_codes_and_refuses_an_unknown_filter():
    explorer = GoodPracticeExplorer(sector="water_sanitation")
    assert explorer.filters["sector"].value == "Water and sanitation"
    try:
        GoodPracticeExplorer(colour="red")
    except Exception as err:  # the message names the filters
        assert "no filter 'colour'" in str(err)


def test_the_explorer_snapshot_shows_the_filters_and_the_matches():
    explorer = GoodPracticeExplorer("women", sector="Local development")
    html = explorer._repr_mimebundle_()["text/html"]
    assert "Search: <b>women</b>" in html and "Example" not in explorer.message.value[:0]
    assert "Murcia" in html or "22" in html


def test_a_duplicated_action_shows_a_message_and_keeps_the_text_and_the_last_plan():
    planner = InitiativePlanner()
    before = planner.plan
    edited = planner.parts["actions"].value.replace("\nA2 |", "\nA1 |")
    planner.parts["actions"].value = edited
    assert "used twice" in planner.message.value and planner.error
    assert planner.parts["actions"].value == edited and planner.plan == before
    planner.parts["actions"].value = edited.replace("\nA1 | Train", "\nA2 | Train")
    assert planner.error is None and planner.message.value == ""


def test_dates_out_of_order_and_an_action_outside_the_timeline_are_told_apart():
    planner = InitiativePlanner()
    planner.end.value = "2025-01-01"
    assert "ends (2025-01-01) before it starts" in planner.message.value
    planner.end.value = "2027-06-30"
    assert planner.error is None
    outside = {f.item for f in planner.findings if f.code == "action_outside_timeline"}
    assert outside == {"A4", "A6", "A7"}
    assert "A4" in planner.findings_view.value


def test_save_and_import_round_trip_and_a_bad_file_keeps_the_plan(tmp_path):
    planner = InitiativePlanner()
    for suffix in (".xlsx", ".docx", ".md", ".json"):
        planner.save(str(tmp_path / f"plan{suffix}"))
        assert "Saved" in planner.message.value
        assert read_plan(tmp_path / f"plan{suffix}") == planner.plan
    planner.save(str(tmp_path / "plan.pdf"))
    assert "Not saved" in planner.message.value
    (tmp_path / "broken.md").write_text("# nothing\n")
    planner.import_file(str(tmp_path / "broken.md"))
    assert "Not imported" in planner.message.value and planner.plan == course_plan()


def test_a_draft_starts_from_the_chosen_sector_and_kind():
    planner = InitiativePlanner()
    planner.sector.value, planner.kind.value = "education", "study_visit"
    planner.start_draft()
    assert planner.plan.sector == "education" and planner.plan.kind == "study_visit"
    assert any(f.code == "result_without_indicator" for f in planner.findings)


def test_the_cost_lines_reach_the_budget_planner():
    planner = InitiativePlanner()
    budget = planner.budget_planner()
    assert budget.plan.total_cost == planner.plan.total_cost
    assert set(budget.plan.lines["line_id"]) == set(planner.plan.ids("cost_lines"))


def test_the_planner_snapshot_shows_the_steps_the_check_the_timeline_and_the_costs():
    html = InitiativePlanner()._repr_mimebundle_()["text/html"]
    for needle in ("planning steps", "The check finds nothing to fix", "m4d-figure", "Cost by action and year",
                   "(illustrative)"):
        assert needle in html

"""The GCM/SDG explorer finds the right objectives, targets, lessons and examples, and explains bad input."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from m4d import InputError
from m4d.agenda import (LOCAL_ROLES, THEMES, GcmSdgExplorer, agenda_links, check_links, explore, parse_objective,
                        parse_target)
from m4d import datasets

DATA = Path(__file__).resolve().parents[1] / "datasets"


def raw_links() -> dict[int, dict[str, list[str] | str]]:
    with open(DATA / "gcm_sdg_links.csv", encoding="utf-8", newline="") as f:
        return {int(r["objective"]): {"targets": r["sdg_targets"].split(";"), "themes": r["themes"].split(";"),
                                      "role": r["local_role"], "lessons": r["lessons"].split(";")}
                for r in csv.DictReader(f)}


def raw_examples() -> dict[str, set[int]]:
    with open(DATA / "local_action_examples.csv", encoding="utf-8", newline="") as f:
        return {r["id"]: {int(n) for n in r["gcm_objectives"].split(";")} for r in csv.DictReader(f)}


def test_filter_by_objective_returns_that_objective_and_its_targets():
    result = explore(objective=15)
    assert list(result.objectives["objective"]) == [15]
    assert set(result.targets["target"]) == set(raw_links()[15]["targets"])


def test_filter_by_target_returns_every_objective_linked_to_it():
    expected = sorted(n for n, r in raw_links().items() if "10.c" in r["targets"])
    assert sorted(explore(target="10.c").objectives["objective"]) == expected


def test_filter_by_theme_returns_every_objective_with_that_theme():
    expected = sorted(n for n, r in raw_links().items() if "rights and protection" in r["themes"])
    assert sorted(explore(theme="rights and protection").objectives["objective"]) == expected


def test_examples_are_exactly_those_linked_to_a_found_objective():
    found = set(explore(theme="inclusion and cohesion").objectives["objective"])
    expected = {i for i, objs in raw_examples().items() if objs & found}
    assert set(explore(theme="inclusion and cohesion").examples["id"]) == expected


def test_lessons_list_every_place_linked_to_a_found_objective_in_course_order():
    result = explore(role="leading")
    expected = {p for n in result.objectives["objective"] for p in raw_links()[int(n)]["lessons"]}
    assert set(result.lessons["place"]) == expected
    order = [(int(p[1]), int(p.split("_")[1]) if "_" in p else 99) for p in result.lessons["place"]]
    assert order == sorted(order)


@settings(max_examples=60, deadline=None)
@given(theme=st.sampled_from(THEMES), role=st.sampled_from(sorted(LOCAL_ROLES)),
       target=st.sampled_from(["10.7", "8.8", "17.18", "10.2", "16.9"]))
def test_filters_combine_as_the_intersection_of_single_filters(theme, role, target):
    alone = [set(explore(theme=theme).objectives["objective"]), set(explore(role=role).objectives["objective"]),
             set(explore(target=target).objectives["objective"])]
    together = set(explore(theme=theme, role=role, target=target).objectives["objective"])
    assert together == alone[0] & alone[1] & alone[2]


def test_words_search_is_case_insensitive_and_requires_every_word():
    assert set(explore(words="HEALTH").objectives["objective"]) == set(explore(words="health").objectives["objective"])
    both = set(explore(words="health education").objectives["objective"])
    assert both <= set(explore(words="health").objectives["objective"])
    assert 15 in both


def test_a_filter_that_matches_nothing_returns_empty_tables_and_says_so():
    result = explore(objective=11, theme="basic services")
    assert result.objectives.empty and result.examples.empty and result.lessons.empty
    assert "No GCM objective matches" in result.summary


def test_objective_outside_1_to_23_raises_input_error_that_gives_the_range():
    with pytest.raises(InputError, match="objectives 1 to 23"):
        explore(objective=24)
    with pytest.raises(InputError, match="whole number from 1 to 23"):
        explore(objective="fifteen")


def test_unknown_target_raises_input_error_listing_the_known_targets():
    with pytest.raises(InputError, match=r"Choose one of: .*10\.7"):
        explore(target="10.9")


def test_unknown_theme_and_role_raise_input_errors_listing_the_choices():
    with pytest.raises(InputError, match="basic services"):
        explore(theme="housing")
    with pytest.raises(InputError, match="leading, shared, supporting"):
        explore(role="boss")


def test_values_read_from_a_dropdown_label_or_typed_loosely_are_understood():
    assert parse_objective("15 Basic services") == 15
    assert parse_objective(" 7 ") == 7
    assert parse_objective("All") is None
    assert parse_target("SDG 10.C") == "10.c"
    assert parse_target("10.7 Well-managed migration") == "10.7"


def test_check_links_names_the_row_of_a_link_to_an_unknown_target():
    links = datasets.load("gcm_sdg_links")
    links.at[2, "sdg_targets"] = ["10.7", "99.9"]
    with pytest.raises(InputError, match=r"gcm_sdg_links, row 4, column sdg_targets: '99.9'"):
        check_links(datasets.load("gcm_objectives"), datasets.load("sdg_targets"), links,
                    datasets.load("local_action_examples"))


def test_check_links_rejects_a_compact_with_a_missing_objective():
    objectives = datasets.load("gcm_objectives").iloc[:-1]
    with pytest.raises(InputError, match=r"missing: \[23\]"):
        check_links(objectives, datasets.load("sdg_targets"), datasets.load("gcm_sdg_links"),
                    datasets.load("local_action_examples"))


def test_check_links_rejects_an_unknown_lesson():
    links = datasets.load("gcm_sdg_links")
    links.at[0, "lessons"] = ["m9_01"]
    with pytest.raises(InputError, match="row 2, column lessons"):
        check_links(datasets.load("gcm_objectives"), datasets.load("sdg_targets"), links,
                    datasets.load("local_action_examples"))


def test_widget_shows_a_message_and_keeps_the_typed_text_when_the_objective_is_bad():
    w = GcmSdgExplorer(objective=15)
    before = w.tables.value
    w.objective_box.value = "24"
    assert "objectives 1 to 23" in w.message.value
    assert w.objective_box.value == "24"
    assert w.tables.value == before, "the last good tables stay on screen"


def test_widget_clears_the_message_once_the_input_is_fixed():
    w = GcmSdgExplorer()
    w.target_box.value = "10.9"
    assert "Check the filters" in w.message.value
    w.target_box.value = "10.c"
    assert w.message.value == ""
    assert set(w.result.objectives["objective"]) == set(explore(target="10.c").objectives["objective"])


def test_widget_reports_an_unknown_theme_passed_in_code():
    w = GcmSdgExplorer(theme="housing")
    assert "not a course theme" in w.message.value


def test_widget_accepts_a_theme_passed_in_code_whatever_the_capitals():
    w = GcmSdgExplorer(theme="Basic Services")
    assert w.theme_menu.value == "basic services"
    assert set(w.result.objectives["objective"]) == set(explore(theme="basic services").objectives["objective"])


def test_widget_redraws_when_a_menu_changes():
    w = GcmSdgExplorer()
    w.role_menu.value = "leading"
    leading = set(explore(role="leading").objectives["objective"])
    assert set(w.result.objectives["objective"]) == leading
    for n in leading:
        assert f">{n}</td>" in w.tables.value


def test_widget_bundle_holds_the_live_view_and_a_static_snapshot():
    w = GcmSdgExplorer(objective=20)
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    snapshot = bundle["text/html"]
    assert "objective: 20" in snapshot
    assert "editorial judgement" in snapshot
    assert "EMIDEL" in snapshot  # the example linked to objective 20


def test_snapshot_escapes_what_the_learner_typed():
    w = GcmSdgExplorer()
    w.words_box.value = "<script>"
    assert "<script>" not in w.snapshot_html()

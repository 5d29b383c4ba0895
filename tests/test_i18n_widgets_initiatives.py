"""The good-practice explorer and the initiative planner of Module 4 in French and Spanish."""
from __future__ import annotations

import pytest

from m4d import i18n
from m4d.initiatives.explorer import explore_cases, map_alt, map_spec
from m4d.initiatives.explorer_widget import GoodPracticeExplorer, result_message
from m4d.initiatives.planner_widget import InitiativePlanner
from tests.i18n_widget_catalogue import (LANGUAGES, build, check_labels, check_snapshot, message_in, translations,
                                         visible_text)
from tests.widget_translation import catalogue as data_catalogue
from tests.widget_translation import shown_data

WIDGETS = {"explorer": GoodPracticeExplorer, "explorer, health": lambda: GoodPracticeExplorer(sector="Health"),
           "planner": InitiativePlanner}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["explorer", "planner"])
def test_every_label_of_a_module_4_widget_is_the_catalogues_translation(name, language):
    # Funders too are shown by their names in the reader's language (datasets.po, context cases.funding_sources).
    check_labels(WIDGETS[name], language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(WIDGETS))
def test_a_module_4_widgets_snapshot_shows_its_sentences_translated(name, language):
    check_snapshot(WIDGETS[name], language)


@pytest.mark.parametrize("query, selections", [
    ("", {}), ("", {"sector": "Health"}), ("Kasserine", {}), ("", {"sector": "Health", "direction": "South-South"}),
    ("zzzz", {"sector": "Health"}), ("", {"sector": ["Health", "Education"]}),
])
def test_the_explorers_message_rebuilt_in_english_is_the_logics_own(query, selections):
    # The widget says what explore_cases says, sentence for sentence: in English the two are the same text.
    result = explore_cases(query, **selections)
    with i18n.use_language("en"):
        assert result_message(result, 28) == result.message


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query, selections", [("", {"sector": "Health"}), ("zzzz", {"sector": "Health"})])
def test_the_explorers_message_is_the_catalogues_sentence_in_the_readers_language(query, selections, language):
    result = explore_cases(query, **selections)
    with i18n.use_language(language):
        shown = result_message(result, 28)
    assert shown != result.message
    first = result.message.split(". ")[0] + "."
    assert message_in(language, first, shown.split(". ")[0] + ".") or message_in(language, first, shown)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_map_title_legend_and_alt_text_are_translated(language):
    ids = list(range(1, 29))
    english, alt = map_spec(ids), map_alt(ids)
    with i18n.use_language(language):
        shown, shown_alt = map_spec(ids), map_alt(ids)
    assert shown["layout"]["title"]["text"] in translations(language, english["layout"]["title"]["text"])
    assert [t["name"] for t in shown["data"]] != [t["name"] for t in english["data"]]
    assert all(t["name"] in translations(language, e["name"]) for t, e in zip(shown["data"], english["data"]))
    assert message_in(language, alt, shown_alt)
    # The same points: only the words change.
    assert [t["lat"] for t in shown["data"]] == [t["lat"] for t in english["data"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bad_file_name_is_explained_in_the_readers_language(language):
    english, shown = build(InitiativePlanner, "en"), build(InitiativePlanner, language)
    with i18n.use_language("en"):
        english.save("plan.txt")
    with i18n.use_language(language):
        shown.save("plan.txt")
    assert visible_text(shown.message.value) != visible_text(english.message.value)
    for sentence in ("Not saved:", "Give the file a name ending in .md (Markdown), .docx (Word), .xlsx (Excel) or .json."):
        assert sentence in visible_text(english.message.value)
        assert any(t in shown.message.value for t in translations(language, sentence))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_timeline_and_its_alt_text_are_translated(language):
    english, shown = build(InitiativePlanner, "en"), build(InitiativePlanner, language)
    spec = lambda planner: planner.gantt.outputs[0]["data"]  # noqa: E731
    assert spec(shown)["text/plain"] != spec(english)["text/plain"]
    assert message_in(language, spec(english)["text/plain"].removeprefix("[Figure] "),
                      spec(shown)["text/plain"].removeprefix("[Figure] "))
    figure = spec(shown)["application/vnd.plotly.v1+json"]
    assert figure["layout"]["xaxis"]["title"]["text"] in translations(language, "date")


def test_a_sector_chosen_in_french_is_stored_as_its_code():
    planner = build(InitiativePlanner, "fr")
    assert planner.sector.label != planner.sector.value
    assert planner.plan.sector == planner.sector.value


PLAN_DATA = ("initiative_plans", *(f"initiative_plan_{part}" for part in ("actions", "cost_lines", "deliverables",
             "diagnosis", "indicators", "objectives", "results", "risks", "stakeholders")))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_planner_shows_the_corridor_case_plan_in_the_readers_language(language):
    # Every text of the illustrative plan the English snapshot shows (actions, objectives, results, findings,
    # stakeholders' roles, cost lines ...) is shown by its translation in datasets.po; codes and ids stay.
    english = build(InitiativePlanner, "en")
    with i18n.use_language("en"):
        english_snapshot = english.snapshot_html()
    planner = build(InitiativePlanner, language)
    with i18n.use_language(language):
        snapshot = planner.snapshot_html()
    found, problems = shown_data(english_snapshot, snapshot, language, PLAN_DATA)
    assert found >= 40 and problems == []
    assert [a["id"] for a in planner.plan.actions] == [a["id"] for a in english.plan.actions]
    assert (planner.plan.sector, planner.plan.kind) == (english.plan.sector, english.plan.kind) == \
        ("health", "awareness_raising")
    assert planner.plan.total_cost == english.plan.total_cost


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_draft_started_in_french_or_spanish_has_the_kinds_starting_steps_in_that_language(language):
    from m4d.initiatives import kind_profile, start_plan

    with i18n.use_language(language):
        draft = start_plan("education", "study_visit", partners=["A", "B"], start="2026-09-01", months=12)
    data = data_catalogue(language, "datasets")
    profile = kind_profile("study_visit")
    assert [a["action"] for a in draft.actions] == [data[("initiative_kinds.starter_actions", t)]
                                                    for t in profile["starter_actions"]]
    assert [r["risk"] for r in draft.risks] == [data[("initiative_kinds.starter_risks", t)]
                                                for t in profile["starter_risks"]]
    assert [d["deliverable"] for d in draft.deliverables] == [data[("initiative_kinds.starter_deliverables", t)]
                                                              for t in profile["starter_deliverables"]]


def test_translating_a_plan_keeps_the_partners_own_words_and_changes_nothing_in_english():
    from m4d.initiatives import course_plan, replace_part, translate_plan

    plan = course_plan("tuscany_kasserine")
    assert translate_plan(plan, "en") is plan
    own = replace_part(plan, "risks", [{**plan.risks[0], "risk": "Our own words, not the course's"}, *plan.risks[1:]])
    shown = translate_plan(own, "fr")
    assert shown.risks[0]["risk"] == "Our own words, not the course's"
    assert shown.risks[1]["risk"] != plan.risks[1]["risk"]
    assert [(r["likelihood"], r["impact"], r["owner"]) for r in shown.risks] == \
        [(r["likelihood"], r["impact"], r["owner"]) for r in plan.risks]

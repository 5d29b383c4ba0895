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


def _findings_in(language, data):
    from m4d.initiatives.checks import check_plan

    with i18n.use_language(language):
        return check_plan(data)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_finding_of_the_plan_check_is_the_catalogues_sentence_in_the_readers_language(language):
    # Spoiled plans that make every rule fire: each message and each fix is a whole sentence of the catalogue.
    from m4d.initiatives.checks import RULES
    from tests.i18n_widget_catalogue import check_translated_sentence
    from tests.plans_with_findings import SPOILED_PLANS

    fired, problems = set(), []
    for make in SPOILED_PLANS.values():
        data = make()
        english, shown = _findings_in("en", data), _findings_in(language, data)
        # Only the words change: the same findings, on the same items, in the same order.
        assert [(f.code, f.severity, f.part, f.item) for f in shown] == \
               [(f.code, f.severity, f.part, f.item) for f in english]
        for e, s in zip(english, shown):
            fired.add(e.code)
            problems += check_translated_sentence(language, e.message, s.message)
            problems += check_translated_sentence(language, e.fix, s.fix)
    assert fired == {rule.code for rule in RULES}, "some rules never fired: the test would miss their sentences"
    assert not problems, problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_planner_shows_a_spoiled_plans_findings_in_the_readers_language(language):
    import html

    from tests.plans_with_findings import SPOILED_PLANS

    data = SPOILED_PLANS["broken links"]()
    planner = build(lambda: InitiativePlanner(data), language)
    shown = _findings_in(language, data)
    assert shown and all(html.escape(f.message) in planner.findings_view.value for f in shown)
    assert all(html.escape(f.message) not in planner.findings_view.value for f in _findings_in("en", data))
    # Where each finding is: the part's name in the reader's language, not its code.
    from tests.widget_translation import translation

    parts = {f.part: translation(language, f.part, "part of a plan") for f in shown}
    assert all(parts.values()) and sum(part != name for part, name in parts.items()) >= 3
    for part, name in parts.items():
        assert f"<td>{html.escape(name)} " in planner.findings_view.value
        assert name == part or f"<td>{part} " not in planner.findings_view.value


# Word once (python-docx is the slow writer and reader; its headings come from the same _tables as the others).
@pytest.mark.parametrize("language, suffix", [("fr", ".md"), ("es", ".md"), ("fr", ".xlsx"), ("es", ".xlsx"),
                                              ("es", ".docx")])
def test_a_plan_saved_in_the_readers_language_has_translated_headings_and_reads_back_in_any(language, suffix,
                                                                                            tmp_path):
    from m4d.initiatives.checks import check_plan
    from m4d.initiatives.export import read_plan, write_plan_docx, write_plan_excel, write_plan_markdown
    from m4d.initiatives.plan import PART_TITLES, build_plan, plan_to_dict
    from tests.plans_with_findings import SPOILED_PLANS

    plan = build_plan(SPOILED_PLANS["more links"]())  # an illustrative plan with findings, for the Findings sheet
    path = tmp_path / f"plan{suffix}"
    with i18n.use_language(language):
        {".md": write_plan_markdown, ".docx": write_plan_docx,
         ".xlsx": lambda p, t: write_plan_excel(p, t, check_plan(p))}[suffix](plan, path)
    if suffix == ".md":
        headings = [line[3:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    elif suffix == ".docx":
        import docx

        headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 2"]
    else:
        import openpyxl

        headings = openpyxl.load_workbook(path, read_only=True).sheetnames
    for title in PART_TITLES.values():
        assert title not in headings or title in translations(language, title)
        assert any(t in headings for t in translations(language, title)), (title, headings)
    if suffix == ".xlsx":
        assert any(t in headings for t in translations(language, "Findings"))
    # A French or Spanish file is read back, to the same plan, by a reader in another language.
    with i18n.use_language("en"):
        assert plan_to_dict(read_plan(path)) == plan_to_dict(plan)

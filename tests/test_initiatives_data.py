"""The sectors, kinds of initiative and illustrative plans of Module 4 are what the guidelines and the
course say they are, and stay in step with the stakeholder kinds and budget categories they link to."""
from __future__ import annotations

from m4d import datasets
from m4d.budget import CATEGORIES, course_plan as budget_course_plan
from m4d.cases import vocabulary
from m4d.initiatives import COST_CATEGORIES, STAKEHOLDER_KINDS, course_plan, kinds, sectors, to_budget_plan
from m4d.stakeholders.kinds import KINDS


def test_the_diagram_has_the_eight_sectors_of_page_49():
    assert set(sectors(diagram_only=True)["label"]) == {"Education", "Health", "Local development", "Governance",
                                                         "Inclusion", "Agriculture", "Water and sanitation", "Housing"}
    culture = sectors().set_index("sector").loc["culture"]
    assert not culture["in_diagram"] and culture["pages"] == "54"


def test_the_eight_kinds_of_initiative_of_pages_55_and_56():
    assert kinds()["label"].tolist() == ["Pilot project", "Technical cooperation", "Peer-to-peer learning", "Training",
                                         "Capacity building", "Study visit", "Awareness raising", "Advocacy"]


def test_every_case_library_value_named_by_a_grouping_exists():
    for fine in (v for items in sectors()["case_sectors"] for v in items):
        assert fine in vocabulary("sectors")
    for fine in (v for items in kinds()["case_kinds"] for v in items):
        assert fine in vocabulary("initiative_kinds")


def test_each_starting_action_has_its_deliverable():
    for row in kinds().itertuples():
        assert len(row.starter_actions) == len(row.starter_deliverables), row.kind


def test_the_planner_uses_the_stakeholder_kinds_of_module_3_and_the_budget_categories_of_module_5():
    assert tuple(STAKEHOLDER_KINDS) == tuple(KINDS)
    assert tuple(COST_CATEGORIES) == tuple(CATEGORIES)


def test_every_lesson_a_sector_names_exists():
    from pathlib import Path

    book = Path(__file__).resolve().parents[1] / "book" / "m4_sectors_initiatives"
    for lesson in sectors()["lesson"]:
        assert list(book.glob(f"{lesson}_*.md")), lesson


def test_the_corridor_case_plan_is_illustrative_and_says_what_the_source_tells():
    plan = course_plan("tuscany_kasserine")
    assert plan.illustrative and plan.sector == "health" and plan.kind == "awareness_raising"
    assert "What the source tells" in plan.notes and "What the course imagines (illustrative)" in plan.notes
    names = " ".join(s["name"] for s in plan.stakeholders)
    for actor in ("Regional Hospital of Kasserine", "Tunisian Red Crescent", "Tunisian women living in Tuscany"):
        assert actor in names
    assert datasets.resource("initiative_plans")["m4d:illustrative"] is True


def test_module_5s_example_hands_the_budget_planner_exactly_its_cost_lines():
    handed = to_budget_plan(course_plan("diaspora_entrepreneurship")).lines
    budget = budget_course_plan()[0].lines
    assert handed[["line_id", "year", "category", "amount"]].equals(budget[["line_id", "year", "category", "amount"]])
    # the description keeps the budget's words, after the action it belongs to
    assert all(b in h for h, b in zip(handed["description"], budget["description"]))


def test_the_hand_off_keeps_every_amount_and_the_total():
    plan = course_plan("tuscany_kasserine")
    budget = to_budget_plan(plan)
    assert budget.total_cost == plan.total_cost == 90_000
    by_category = budget.lines.groupby("category")["amount"].sum().to_dict()
    expected = {}
    for line in plan.cost_lines:
        expected[line["category"]] = expected.get(line["category"], 0) + line["amount"]
    assert by_category == expected
    assert budget.illustrative and budget.currency == "EUR"


def test_the_gcm_explorer_points_to_module_4_lessons_that_exist_with_their_titles():
    import re
    from pathlib import Path

    from m4d.agenda.course_map import MODULE_4_LESSONS

    book = Path(__file__).resolve().parents[1] / "book" / "m4_sectors_initiatives"
    for lesson_id, title in MODULE_4_LESSONS.items():
        files = list(book.glob(f"{lesson_id}_*.md"))
        assert len(files) == 1, lesson_id
        assert re.search(rf"^#\s+{re.escape(title)}\s*$", files[0].read_text(encoding="utf-8"), flags=re.M), lesson_id
    links = datasets.load("gcm_sdg_links")
    named = {p for places in links["lessons"] for p in places}
    assert "m4" not in named, "point to the Module 4 lesson that teaches the objective, not to the module"
    assert {p for p in named if p.startswith("m4_")} <= set(MODULE_4_LESSONS)


def test_the_sector_diagram_draws_the_eight_sectors_with_the_case_library_counts():
    from m4d.cases import filter_cases, load_cases
    from m4d.initiatives import sector_diagram, sector_diagram_alt
    from m4d.initiatives.vocabulary import case_sector_map

    fig = sector_diagram()
    ring = [t for t in fig.data if t.mode == "markers+text" and len(t.x) == 8][0]
    cases = load_cases()
    for text, row in zip(ring.text, sectors(diagram_only=True).itertuples()):
        fine = [f for f, codes in case_sector_map().items() if row.sector in codes]
        n = len(filter_cases(cases, sector=fine))
        assert text.replace("<br>", " ").startswith(f"<b>{row.label}") or row.label.split(" ")[0] in text
        assert f"{n} example" in text
    assert "Governance (13)" in sector_diagram_alt()


def test_the_sector_diagram_in_french_names_the_sectors_and_counts_the_examples_in_french():
    import re
    from m4d.i18n import translate_value, use_language
    from m4d.initiatives import sector_diagram, sector_diagram_alt

    english = [t for t in sector_diagram().data if t.mode == "markers+text" and len(t.x) == 8][0]
    with use_language("fr"):
        fig, alt = sector_diagram(), sector_diagram_alt()
    ring = [t for t in fig.data if t.mode == "markers+text" and len(t.x) == 8][0]
    for text, english_text, row in zip(ring.text, english.text, sectors(diagram_only=True).itertuples()):
        name = translate_value("initiative_sectors", "label", row.label, "fr")
        assert text.replace("<br>", " ").startswith(f"<b>{name}</b>")
        count = int(re.search(r"(\d+) example", english_text).group(1))
        assert text.endswith(f"{count} exemple" + ("s" if count > 1 else ""))
        assert f"{name} ({count})" in alt
    assert "Gouvernance (13)" in alt and "examples" not in alt

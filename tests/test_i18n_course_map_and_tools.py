"""The last English words of four tools in the French and Spanish editions: the course map of the GCM/SDG
explorer, the data collection methods of the results builder and the planning-steps summary of a plan.

The lesson and module names the explorer shows are checked against the book itself: the translated heading of
each lesson in its own catalogue (``locales/<language>/LC_MESSAGES/book/<module>/<lesson>.po``), which the
toolbox's catalogue does not feed.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po

from m4d import i18n

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
LOCALES = ROOT / "locales"
TRANSLATED = ("fr", "es")


def _module_folder(place: str) -> Path:
    return next(p for p in BOOK.iterdir() if p.is_dir() and p.name.startswith(place[:2] + "_"))


def _book_heading(place: str) -> str:
    """The English heading of a lesson (``m4_04``) or a module (``m3``) as the book's source writes it."""
    folder = _module_folder(place)
    source = folder / "index.md" if "_" not in place else next(folder.glob(place + "_*"))
    text = source.read_text(encoding="utf-8")
    found = re.search(r'^#\s+(.+?)\s*$', text, flags=re.M) or re.search(r'"#\s+(.+?)(?:\\n)?"', text)
    return found.group(1)


def _translated_heading(place: str, language: str) -> str:
    """That heading's translation in the lesson's (or module's) own catalogue."""
    folder = LOCALES / language / "LC_MESSAGES" / "book" / _module_folder(place).name
    catalogue = folder / "index.po" if "_" not in place else next(folder.glob(place + "_*.po"))
    with open(catalogue, "rb") as fh:
        message = read_po(fh).get(_book_heading(place))
    assert message is not None and message.string, f"{catalogue} has no translation of the heading"
    return message.string


def _lessons_table(snapshot: str, language: str) -> list[list[str]]:
    """The rows of the explorer's 'Where the course teaches it' table, found by its caption."""
    with i18n.use_language(language):
        caption = html.escape(i18n._("Where the course teaches it"))
    table = next(t for t in re.findall(r"<table.*?</table>", snapshot, flags=re.S) if f">{caption}</caption>" in t)
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])]


def _explorer_rows(language: str, **filters) -> list[list[str]]:
    """The explorer's table of lessons and modules for ``filters`` (every objective when none is given)."""
    from m4d.agenda import explore, exploration_html

    with i18n.use_language(language):
        return _lessons_table(exploration_html(explore(**filters)), language)


def _places() -> list[str]:
    from m4d.agenda import agenda_links

    return sorted({p for ps in agenda_links().objectives["lessons"] for p in ps})


def _colon(language: str) -> str:
    return "\u00a0:" if language == "fr" else ":"


# ----------------------------------------------------------------------------- the course map of the explorer
def test_in_english_the_explorer_names_lessons_and_modules_as_before():
    from m4d.agenda.course_map import course_order

    places = sorted(_places(), key=course_order)
    expected = []
    for place in places:
        heading = _book_heading(place)
        if "_" in place:
            expected.append(f"Lesson {place[1]}.{int(place[3:])}: {heading}")
        else:  # "Module 6. Local migration data" in the book
            number, title = heading.split(". ", 1)
            expected.append(f"{number}: {title}")
    assert [name for name, _objectives in _explorer_rows("en")] == expected


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_explorer_names_every_lesson_and_module_with_its_translated_heading_in_the_book(language):
    word = {"fr": "Leçon", "es": "Lección"}[language]
    expected = []
    from m4d.agenda.course_map import course_order

    for place in sorted(_places(), key=course_order):
        heading = _translated_heading(place, language)
        if "_" in place:
            expected.append(f"{word} {place[1]}.{int(place[3:])}{_colon(language)} {heading}")
        else:  # "Module 6. Les données migratoires locales" in the book, "Module 6 : Les données ..." here
            number, title = heading.split(". ", 1)
            expected.append(f"{number}{_colon(language)} {title}")
    rows = _explorer_rows(language)
    assert [name for name, _objectives in rows] == expected
    assert [objectives for _name, objectives in rows] == [objectives for _name, objectives in _explorer_rows("en")]


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_explorer_widgets_snapshot_shows_the_lesson_on_remittances_in_the_readers_language(language):
    from m4d.agenda import GcmSdgExplorer

    with i18n.use_language(language):
        snapshot = GcmSdgExplorer(target="10.c").snapshot_html()
    names = [name for name, _objectives in _lessons_table(snapshot, language)]
    assert any(name.endswith(_colon(language) + " " + _translated_heading("m4_04", language)) for name in names)
    english = [name for name, _objectives in _lessons_table(GcmSdgExplorer(target="10.c").snapshot_html(), "en")]
    assert "Lesson 4.4: Local economic development and remittances" in english
    assert len(names) == len(english) and not set(names) & set(english)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_name_of_the_course_map_is_its_headings_translation_even_where_the_explorer_does_not_point(language):
    from m4d.agenda.course_map import LESSONS, MODULES

    with i18n.use_language(language):
        for place, title in {**LESSONS, **MODULES}.items():
            heading = _translated_heading(place, language)
            if "_" not in place and place != "m0":
                heading = heading.split(". ", 1)[1]
            assert i18n._(title) == heading, place


# ----------------------------------------------------------------------------- the methods of the results builder
def _monitoring_rows(markdown: str) -> list[dict[str, str]]:
    """The monitoring plan of a framework's Markdown export (its last table) as rows of heading -> cell."""
    table = [line for line in markdown.split("\n## ")[-1].splitlines() if line.startswith("|")]
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in table]
    return [dict(zip(cells[0], row)) for row in cells[2:]]


def _course_framework_and_plan():
    from m4d.results import course_collection_plan, course_framework

    return course_framework(), course_collection_plan()


@pytest.mark.parametrize("language", ("en", *TRANSLATED))
def test_the_monitoring_plan_names_each_indicators_method_in_the_readers_language(language):
    from m4d.results.collection import METHODS
    from m4d.results.io import framework_markdown
    from tests.widget_translation import translation

    framework, plan = _course_framework_and_plan()
    with i18n.use_language(language):
        rows = _monitoring_rows(framework_markdown(framework, plan))
    heading = "method" if language == "en" else translation(language, "method", "monitoring plan")
    codes = [plan.source(ind["source"])["method"] for ind in framework.indicator_records()]
    assert len(set(codes)) >= 2, "the course's plan uses more than one method"
    expected = [METHODS[c] if language == "en" else translation(language, METHODS[c]) for c in codes]
    assert None not in expected, "a method has no translation in the catalogue"
    assert [row[heading] for row in rows] == expected


@pytest.mark.parametrize("language", TRANSLATED)
def test_an_indicator_whose_source_is_not_in_the_plan_says_so_in_the_readers_language(language):
    from m4d.results.io import framework_markdown
    from tests.widget_translation import translation

    framework, _plan = _course_framework_and_plan()
    with i18n.use_language(language):
        rows = _monitoring_rows(framework_markdown(framework))
    heading = translation(language, "method", "monitoring plan")
    assert {row[heading] for row in rows} == {translation(language, "not in the plan", "monitoring plan, method")}
    assert {row["method"] for row in _monitoring_rows(framework_markdown(framework))} == {"not in the plan"}


# ----------------------------------------------------------------------------- the planning steps of a plan
STEPS = ("diagnosis", "objectives", "stakeholders", "actions", "deliverables", "results", "monitoring and evaluation",
         "timeline", "budget")


def test_in_english_the_planning_steps_summary_is_the_plans_words_in_the_guidelines_order():
    from m4d.initiatives import course_plan, plan_steps_table

    plan = course_plan("diaspora_entrepreneurship")
    with i18n.use_language("en"):
        table = plan_steps_table(plan)
    assert list(table.columns) == ["step", "the plan"] and table["step"].tolist() == list(STEPS)
    cells = dict(zip(table["step"], table["the plan"]))
    # The largest categories, summed by hand from the plan's cost lines.
    by_category: dict[str, float] = {}
    for line in plan.cost_lines:
        by_category[line["category"]] = by_category.get(line["category"], 0) + line["amount"]
    top = sorted(by_category, key=by_category.get, reverse=True)[:3]
    assert cells["budget"].startswith(f"EUR {sum(by_category.values()):,.0f} in {len(plan.cost_lines)} cost lines "
                                      f"(largest: {top[0].replace('_', ' ')} EUR {by_category[top[0]]:,.0f}, ")
    assert cells["timeline"] == f"{plan.start} to {plan.end} ({plan.start.year}-{plan.end.year}); 7 actions"
    assert cells["actions"] == "; ".join(a["action"] for a in plan.actions)
    assert cells["monitoring and evaluation"].endswith(
        "Indicators: " + "; ".join(i["indicator"] for i in plan.indicators) + ".")


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_planning_steps_summary_has_its_headings_steps_and_words_in_the_readers_language(language):
    from m4d.initiatives import course_plan, plan_steps_table, replace_part, translate_plan
    from tests.widget_translation import catalogue, translation

    plan = translate_plan(course_plan("diaspora_entrepreneurship"), language)
    with i18n.use_language(language):
        table = plan_steps_table(plan)
        empty = plan_steps_table(replace_part(replace_part(plan, "cost_lines", []), "indicators", []))
    assert list(table.columns) == [translation(language, "step"), translation(language, "the plan")]
    assert table.iloc[:, 0].tolist() == [translation(language, s, "planning step") for s in STEPS]
    cells = dict(zip(STEPS, table.iloc[:, 1]))
    separator = translation(language, "; ", "between the items of a planning step")
    assert cells["actions"] == separator.join(a["action"] for a in plan.actions)
    indicators = translation(language, "Indicators: {indicators}.").format(
        indicators=separator.join(i["indicator"] for i in plan.indicators))
    assert cells["monitoring and evaluation"].endswith(" " + indicators)
    # The budget step names its largest categories with the catalogue's words for them, amounts as the locale writes.
    words = {english: text for (context, english), text in catalogue(language).items()
             if context == "cost category, in the budget step"}
    assert words["staff"] in cells["budget"] and "EUR" not in cells["budget"] and "largest" not in cells["budget"]
    # The timeline's days as CLDR writes them (Babel), and its count of actions in the catalogue's plural form.
    assert format_date(plan.start, "medium", locale=language) in cells["timeline"]
    assert str(plan.start) not in cells["timeline"] and " to " not in cells["timeline"]
    actions = catalogue(language)[(None, "{start} to {end} ({years}); {count} actions")][1]
    assert cells["timeline"].endswith(actions.split("{years})")[1].format(count=len(plan.actions)))
    empty_cells = dict(zip(STEPS, empty.iloc[:, 1]))
    assert empty_cells["budget"] == translation(language, "No cost lines yet.")
    assert empty_cells["monitoring and evaluation"].endswith(translation(language, "No indicators yet."))


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_long_list_in_a_planning_step_says_how_many_more_in_the_readers_language(language):
    from m4d.initiatives import course_plan, plan_steps_table, replace_part
    from tests.widget_translation import catalogue

    plan = course_plan("diaspora_entrepreneurship")
    extra = [{**plan.results[0], "id": f"R{n}", "result": f"Result {n}"} for n in range(10, 19)]
    longer = replace_part(plan, "results", [*plan.results, *extra])
    with i18n.use_language("en"):
        english = dict(zip(STEPS, plan_steps_table(longer)["the plan"]))["results"]
    with i18n.use_language(language):
        shown = dict(zip(STEPS, plan_steps_table(longer).iloc[:, 1]))["results"]
    more = len(longer.results) - 6
    assert english.endswith(f"; and {more} more")
    plural = catalogue(language)[(None, "{items}; and {count} more")][1]
    assert shown.endswith(plural.split("{items}")[1].format(count=more))


# ----------------------------------------------------------------------------- the words of a first draft
@pytest.mark.parametrize("language", TRANSLATED)
def test_a_first_draft_writes_its_own_prompts_in_the_readers_language_and_the_partners_names_as_given(language):
    from m4d.initiatives import start_plan
    from tests.widget_translation import data_translations, translation

    with i18n.use_language(language):
        draft = start_plan("education", "study_visit", partners=["Town A", "Town B"], start="2026-09-01", months=12)
    with i18n.use_language("en"):
        english = start_plan("education", "study_visit", partners=["Town A", "Town B"], start="2026-09-01", months=12)
    assert english.title == "Study visit in education (draft)"
    assert english.stakeholders[0]["name"] == "Local or regional authority of Town A"
    assert draft.stakeholders[0]["name"] == translation(
        language, "Local or regional authority of {territory}").format(territory="Town A")
    assert list(draft.partners) == list(english.partners) == ["Town A", "Town B"]
    assert draft.results[0]["result"] == translation(language, "The specific change expected (to be defined)")
    assert draft.objectives[0]["objective"] == translation(
        language, "What the initiative should change (to be defined with the partners)")
    kind = next(iter(data_translations(language)["Study visit"]))
    assert draft.title == translation(language, "{kind} in {sector} (draft)").format(
        kind=kind, sector=next(iter(data_translations(language)["Education"])).lower())
    # Codes, ids, dates and amounts are the English draft's.
    assert [(c["id"], c["category"], c["amount"], c["year"]) for c in draft.cost_lines] == \
        [(c["id"], c["category"], c["amount"], c["year"]) for c in english.cost_lines]
    assert not any("to estimate" in c["description"] for c in draft.cost_lines)

"""The course's reference tables as the French and Spanish editions show them: the Mayoral Forum
table of lesson m1_04, the GCM/SDG explorer's tables (m0_03, m1_07), the timeline (m1_06) and the
seven-steps figure (m3_03) take their words from ``datasets.po``, read here by Babel directly, while
the codes that filters compare stay English and the English edition is unchanged."""
from __future__ import annotations

import pytest

from m4d import datasets
from m4d.i18n import use_language
from tests.widget_translation import TARGETS, catalogue, translation


def _data(language: str, resource: str, column: str, english: str, same_allowed: bool = False) -> str:
    """The catalogue's translation of one value; a name (a city) may be written as in English."""
    text = catalogue(language, "datasets").get((f"{resource}.{column}", english))
    assert text and (same_allowed or text != english), f"{language}: no translation of {resource}.{column} {english!r}"
    return text


def test_the_forum_table_of_lesson_m1_04_is_unchanged_in_english():
    from m4d.agenda import forum_editions_table

    forums = datasets.load("mayoral_forum_editions")
    table = forum_editions_table()
    assert list(table.columns) == ["Edition", "Host city", "When", "Outcome document", "Link to the global process"]
    assert table["Host city"].tolist() == [f"{c} ({k})" for c, k in zip(forums["city"], forums["country"])]
    assert table["Outcome document"].tolist() == forums["outcome_document"].tolist()


@pytest.mark.parametrize("language", TARGETS)
def test_the_forum_table_of_lesson_m1_04_is_shown_in_the_readers_language(language):
    from m4d.agenda import forum_editions_table

    forums = datasets.load("mayoral_forum_editions")
    with use_language(language):
        table = forum_editions_table()
    assert list(table.columns) == [translation(language, h) for h in
                                   ("Edition", "Host city", "When", "Outcome document", "Link to the global process")]
    cities = [_data(language, "mayoral_forum_editions", "city", c, same_allowed=True) for c in forums["city"]]
    countries = [_data(language, "mayoral_forum_editions", "country", k, same_allowed=True) for k in forums["country"]]
    assert table.iloc[:, 1].tolist() == [f"{c} ({k})" for c, k in zip(cities, countries)]
    assert table.iloc[:, 3].tolist() == [_data(language, "mayoral_forum_editions", "outcome_document", d)
                                         for d in forums["outcome_document"]]
    assert not set(forums["link_to_global_process"]) & set(table.iloc[:, 4]), "no English sentence left"


@pytest.mark.parametrize("language", TARGETS)
def test_the_explorer_shows_objectives_targets_and_examples_translated_but_filters_on_codes(language):
    from m4d.agenda import explore, exploration_html

    english = explore(objective=20, role="shared")
    with use_language(language):
        found = explore(objective=20, role="shared")
        shown = exploration_html(found)
    # The exploration keeps the English values its filters compare; only what is shown changes.
    assert found.objectives.equals(english.objectives) and found.examples.equals(english.examples)
    row = english.objectives.iloc[0]
    for resource, column in (("gcm_objectives", "title"), ("gcm_objectives", "short_name"),
                             ("gcm_sdg_links", "local_action"), ("gcm_sdg_links", "local_role")):
        assert _data(language, resource, column, row[column]) in shown.replace("&#x27;", "'")
    assert row["title"] not in shown and row["local_action"] not in shown
    for summary in english.targets["summary"]:
        assert summary not in shown.replace("&#x27;", "'")
        assert _data(language, "sdg_targets", "summary", summary) in shown.replace("&#x27;", "'")
    for text in english.examples["what_happened"]:
        assert _data(language, "local_action_examples", "what_happened", text) in shown.replace("&#x27;", "'")


@pytest.mark.parametrize("language", TARGETS)
def test_the_timeline_tracks_stay_codes_while_its_milestones_are_translated(language):
    from m4d.agenda import TRACKS, filter_events, timeline_events

    english = timeline_events()
    with use_language(language):
        events = timeline_events()
    assert events["track"].tolist() == english["track"].tolist() and set(events["track"]) == set(TRACKS)
    assert len(filter_events(events, "Global agenda")) == len(filter_events(english, "Global agenda"))
    agenda = datasets.load("agenda_timeline").set_index("id")
    for milestone in ("agenda_2030", "new_york_declaration"):
        if milestone not in agenda.index:
            continue
        row = events.set_index("id").loc[milestone]
        assert row["title"] == _data(language, "agenda_timeline", "title", agenda.loc[milestone, "title"])
        assert row["description"] == _data(language, "agenda_timeline", "description",
                                           agenda.loc[milestone, "description"])


@pytest.mark.parametrize("language", TARGETS)
def test_the_seven_steps_are_described_with_their_translated_titles(language):
    # process_alt is built from the same shown frame as process_figure (whose plotly build is slower).
    from m4d.process import process_alt

    steps = datasets.load("seven_steps")
    with use_language(language):
        alt = process_alt()
    for title in dict.fromkeys(steps["title"]):
        assert _data(language, "seven_steps", "title", title) in alt
        assert f", {title} " not in alt


# Dates, the seven-steps figure's sentences, the timeline's errors and m1_03's yes/no column.

def _cldr_month(language: str, month: int) -> str:
    """A month's name as Babel's own CLDR data writes it in a date (not the toolbox's strings)."""
    from babel import Locale

    return Locale.parse(language).months["format"]["wide"][month]


def test_dates_stay_as_the_english_edition_writes_them():
    import calendar

    from m4d.agenda import forum_editions_table, timeline_events

    events = timeline_events()
    forums = datasets.load("mayoral_forum_editions")
    # Day, then the month's English name (Python's calendar, C locale), then the year: "19 September 2016".
    for milestone in events.itertuples():
        if milestone.precision == "month":
            assert milestone.when == f"{calendar.month_name[milestone.date.month]} {milestone.date.year}"
        elif milestone.precision == "year":
            assert milestone.when == str(milestone.date.year)
    assert "10-11 December 2018" in set(events["when"]), "a two-day event keeps its hyphenated range"
    assert forum_editions_table()["When"].iloc[0] == f"{calendar.month_name[forums['date'][0].month]} {forums['date'][0].year}"


@pytest.mark.parametrize("language", TARGETS)
def test_dates_use_the_readers_month_names_from_cldr(language):
    from babel import Locale

    from m4d.agenda import forum_editions_table, timeline_events

    english_months = set(Locale.parse("en").months["format"]["wide"].values())
    with use_language(language):
        events = timeline_events()
        table = forum_editions_table()
    for milestone in events.itertuples():
        if milestone.precision != "year":
            assert _cldr_month(language, milestone.date.month) in milestone.when, milestone.when
            assert str(milestone.date.year) in milestone.when
        assert not any(month in milestone.when for month in english_months), milestone.when
    forums = datasets.load("mayoral_forum_editions")
    for date, when in zip(forums["date"], table.iloc[:, 2]):
        assert _cldr_month(language, date.month) in when and str(date.year) in when


@pytest.mark.parametrize("language", TARGETS)
def test_a_span_across_months_is_one_translated_sentence_of_two_cldr_dates(language):
    import datetime as dt

    from m4d.i18n.dates import date_range

    with use_language(language):
        span = date_range(dt.date(2016, 9, 19), dt.date(2018, 12, 10))
    assert _cldr_month(language, 9) in span and _cldr_month(language, 12) in span
    assert " to " not in span and translation(language, "{start} to {end}")


def test_m7_03_keeps_iso_months_in_english_and_writes_them_the_readers_way_elsewhere():
    from babel.dates import format_skeleton

    from m4d.i18n.dates import numeric_month

    forums = datasets.load("mayoral_forum_editions")
    assert [numeric_month(d) for d in forums["date"]] == forums["date"].astype(str).str[:7].tolist()
    for language in TARGETS:
        with use_language(language):
            shown = [numeric_month(d) for d in forums["date"]]
        assert shown == [format_skeleton("yMM", d.date(), locale=language) for d in forums["date"]]
        assert all("/" in s for s in shown)


# The fixed English words of process_alt's sentences (the steps' titles come from the data).
_PROCESS_ALT_ENGLISH = ("Process diagram", "in a row", "(top)", "(bottom)", "same for both", "different actions",
                        "for a new partnership", "for an existing one", "Step 4", "is outlined")


@pytest.mark.parametrize("language", TARGETS)
def test_the_seven_steps_alt_text_has_no_english_sentence_left(language):
    from m4d.process import process_alt

    english = process_alt(4)
    assert all(words in english for words in _PROCESS_ALT_ENGLISH)
    with use_language(language):
        alt = process_alt(4)
    assert not [words for words in _PROCESS_ALT_ENGLISH if words in alt], alt
    assert alt.endswith(" " + translation(language, "Step {step} is outlined.").format(step=4))
    steps = datasets.load("seven_steps")
    new_title = steps[(steps["step"] == 4) & (steps["track"] == "new_partnership")]["title"].iloc[0]
    assert _data(language, "seven_steps", "title", new_title) in alt


@pytest.mark.parametrize("language", TARGETS)
def test_the_timelines_filter_errors_are_in_the_readers_language(language):
    from m4d.agenda import TRACKS, filter_events, timeline_events
    from m4d.errors import InputError

    events = timeline_events()
    with use_language(language), pytest.raises(InputError) as swapped:
        filter_events(events, start_year=2019, end_year=2015)
    assert str(swapped.value) == translation(
        language, "The start year {start} is after the end year {end}: swap them.").format(start=2019, end=2015)
    with use_language(language), pytest.raises(InputError) as unknown:
        filter_events(events, tracks=["Nope"])
    # The tracks' codes are what a program passes, so the message lists them untranslated.
    assert "'Nope'" in str(unknown.value) and all(t in str(unknown.value) for t in TRACKS)
    assert "Unknown track" not in str(unknown.value)


def _m1_03_targets_table():
    """Run the code cell of lesson m1_03 that shows the SDG targets and return the table it shows."""
    import ast
    import re
    from pathlib import Path

    lesson = Path(__file__).resolve().parents[1] / "book" / "m1_migration_is_local" / "m1_03_global_agenda.md"
    cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)```", lesson.read_text(encoding="utf-8"), re.S)
    code = next(c for c in cells if "names_migration" in c)
    tree = ast.parse(code)
    scope: dict = {}
    exec(compile(ast.Module(tree.body[:-1], type_ignores=[]), "m1_03", "exec"), scope)
    return eval(compile(ast.Expression(tree.body[-1].value), "m1_03", "eval"), scope).data


@pytest.mark.parametrize("language, yes, no", [("en", "True", "False"), ("fr", "oui", "non"), ("es", "sí", "no")])
def test_m1_03_shows_whether_a_target_names_migration_as_words(language, yes, no):
    targets = datasets.load("sdg_targets")
    with use_language(language):
        shown = _m1_03_targets_table()
    column = shown.iloc[:, 3].tolist()
    assert column == [yes if names else no for names in targets["names_migration"]]
    assert {yes, no} == set(column), "the course's targets include some that name migration and some that do not"

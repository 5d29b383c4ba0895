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

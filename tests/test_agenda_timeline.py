"""The timeline shows every milestone of the global agenda and every Mayoral Forum edition, and explains bad input."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from m4d import InputError
from m4d.agenda import TRACKS, filter_events, forum_editions_table, timeline_alt_text, timeline_events, timeline_figure
from m4d.agenda.timeline import date_label, label_groups, plot_date

DATA = Path(__file__).resolve().parents[1] / "datasets"


def csv_rows(name):
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_timeline_holds_every_agenda_milestone_and_every_forum_edition():
    events = timeline_events()
    assert len(events) == len(csv_rows("agenda_timeline")) + len(csv_rows("mayoral_forum_editions"))
    assert set(csv_rows("agenda_timeline")[0]) >= {"id", "date"}
    assert {r["id"] for r in csv_rows("agenda_timeline")} <= set(events["id"])
    assert (events["track"] == "Mayoral Forum").sum() == len(csv_rows("mayoral_forum_editions"))


def test_timeline_is_in_date_order():
    assert timeline_events()["date"].is_monotonic_increasing


@pytest.mark.parametrize("start, end, precision, expected", [
    ("2013-01-01", None, "year", "2013"),
    ("2014-06-01", None, "month", "June 2014"),
    ("2016-09-19", None, "day", "19 September 2016"),
    ("2018-12-10", "2018-12-11", "day", "10-11 December 2018"),
    ("2018-12-30", "2019-01-02", "day", "30 December 2018 to 2 January 2019"),
])
def test_date_label_says_only_as_much_as_the_sources_know(start, end, precision, expected):
    assert date_label(pd.Timestamp(start), pd.Timestamp(end) if end else None, precision) == expected


def test_a_milestone_known_only_to_the_year_is_drawn_mid_year():
    assert plot_date(pd.Timestamp("2019-01-01"), "year") == pd.Timestamp("2019-07-01")
    assert plot_date(pd.Timestamp("2017-02-01"), "month") == pd.Timestamp("2017-02-15")


def test_filter_by_track_and_years_keeps_only_matching_milestones():
    events = timeline_events()
    picked = filter_events(events, tracks="Mayoral Forum", start_year=2016, end_year=2017)
    assert set(picked["track"]) == {"Mayoral Forum"}
    assert picked["year"].between(2016, 2017).all()
    expected = [r for r in csv_rows("mayoral_forum_editions") if 2016 <= int(r["date"][:4]) <= 2017]
    assert len(picked) == len(expected)


def test_filter_rejects_an_unknown_track_and_names_the_tracks():
    with pytest.raises(InputError, match="The tracks are: Global agenda"):
        filter_events(timeline_events(), tracks=["Mayors"])


def test_filter_rejects_a_start_year_after_the_end_year():
    with pytest.raises(InputError, match="swap them"):
        filter_events(timeline_events(), start_year=2018, end_year=2015)


def test_filter_rejects_a_year_that_is_not_a_year():
    with pytest.raises(InputError, match="a year such as 2016"):
        filter_events(timeline_events(), start_year="last year")


def test_figure_has_one_trace_per_track_and_a_marker_per_milestone():
    events = timeline_events()
    fig = timeline_figure(events)
    assert [t.name for t in fig.data] == list(TRACKS)
    assert sum(len(t.x) for t in fig.data) == len(events)
    for trace in fig.data:
        assert len(trace.hovertext) == len(trace.x)


def test_figure_hover_shows_each_outcome_document():
    fig = timeline_figure(timeline_events())
    hover = " ".join(h for t in fig.data for h in t.hovertext)
    for r in csv_rows("mayoral_forum_editions"):
        assert r["outcome_document"] in hover


def test_an_empty_selection_gives_an_input_error_not_an_empty_chart():
    empty = filter_events(timeline_events(), start_year=2030, end_year=2031)
    with pytest.raises(InputError, match="no milestones to draw"):
        timeline_figure(empty)


def test_alt_text_names_every_milestone_with_its_date():
    events = timeline_events()
    alt = timeline_alt_text(events)
    for r in events.itertuples():
        assert f"{r.label} ({r.when})" in alt


@settings(max_examples=40, deadline=None)
@given(tracks=st.lists(st.sampled_from(TRACKS), min_size=1, unique=True),
       years=st.tuples(st.integers(2012, 2020), st.integers(2012, 2020)))
def test_every_milestone_label_appears_exactly_once_whatever_the_selection(tracks, years):
    start, end = min(years), max(years)
    events = filter_events(timeline_events(), tracks=tracks, start_year=start, end_year=end)
    shown = [line for text in label_groups(events) for line in text.split("<br>") if line]
    assert sorted(shown) == sorted(events["label"])


def test_forum_table_lists_each_edition_with_its_outcome_document():
    table = forum_editions_table()
    assert list(table["Outcome document"]) == [r["outcome_document"] for r in csv_rows("mayoral_forum_editions")]
    assert table.loc[3, "When"] == "26-27 June 2017"

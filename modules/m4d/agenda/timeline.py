"""The timeline of the global agenda on migration and of the voice of cities.

Milestones come from two course datasets: ``agenda_timeline`` (the 2030 Agenda,
the New York Declaration, the compacts, the Mayors Migration Council, ...) and
``mayoral_forum_editions`` (the five Global Mayoral Forums and their outcome
documents). :func:`timeline_events` puts them on three tracks, so that a learner
can see how the city-led process ran alongside the state-led one.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterable

import pandas as pd

from m4d import datasets
from m4d.errors import InputError
from m4d.figure_images import DEFAULT_WIDTH as PICTURE_WIDTH
from m4d.i18n import N_, _, language, translate_frame
from m4d.i18n.dates import date_range, day_month_year, month_and_year
from m4d.label_placement import text_width

# Codes (filter_events and the data use them as they are); N_ marks them so that the figure can show them translated.
GLOBAL_AGENDA = N_("Global agenda")
MAYORAL_FORUM = N_("Mayoral Forum")
CITY_MILESTONES = N_("Cities and local governments")
TRACKS = (GLOBAL_AGENDA, MAYORAL_FORUM, CITY_MILESTONES)

# Okabe-Ito colours and distinct symbols: the tracks stay apart for colour-blind readers too.
TRACK_STYLE = {
    GLOBAL_AGENDA: ("#0072B2", "circle"),
    MAYORAL_FORUM: ("#D55E00", "diamond"),
    CITY_MILESTONES: ("#009E73", "square"),
}
# Milestones on one track closer than this share one label, so that labels do not overprint.
LABEL_GROUP_DAYS = 240
# The layout's side margins, the labels' and track names' font sizes (px), the room plotly leaves
# right of a track name, and how close to the picture's edge (PICTURE_WIDTH, the width the book
# draws it at) a label may come.
MARGIN, LABEL_FONT, TICK_FONT, TICK_GAP, EDGE = 20, 11, 12, 8, 4

COLUMNS = ["id", "track", "date", "end_date", "precision", "when", "year", "label", "title",
           "description", "document", "sources", "source_detail"]


def date_label(start: pd.Timestamp, end: pd.Timestamp | None, precision: str) -> str:
    """The date as the sources know it, in the reader's language: '2013', 'June 2014', '19 September 2016',
    '10-11 December 2018' (month names and word order from CLDR, see :mod:`m4d.i18n.dates`)."""
    if precision == "year":
        return f"{start.year}"
    if precision == "month":
        return month_and_year(start)
    if end is not None and not pd.isna(end) and end != start:
        return date_range(start, end)
    return day_month_year(start)


def _ordinal(n: int) -> str:
    # An edition's rank as each language writes it before a noun: 1st / 1er, 2e / 1.º, 2.º
    lang = language()
    if lang == "fr":
        return "1er" if n == 1 else f"{n}e"
    if lang == "es":
        return f"{n}.º"
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def timeline_events() -> pd.DataFrame:
    """Every milestone of the course's timeline, oldest first, with a readable date ('when').

    The milestones' words (label, title, description, document) are in the reader's language; ``track``
    keeps its English code, which :func:`filter_events` compares.
    """
    agenda = datasets.load("agenda_timeline")
    agenda = translate_frame(agenda, "agenda_timeline").assign(track=agenda["track"])
    forums = translate_frame(datasets.load("mayoral_forum_editions"), "mayoral_forum_editions")
    forum_rows = pd.DataFrame({
        "id": [f"mayoral_forum_{n}" for n in forums["edition"]],
        "track": MAYORAL_FORUM,
        "date": forums["date"],
        "end_date": forums["end_date"],
        "precision": forums["precision"],
        "label": [_("{ordinal} Forum: {city}").format(ordinal=_ordinal(int(n)), city=city)
                  for n, city in zip(forums["edition"], forums["city"])],
        "title": [_("{ordinal} Global Mayoral Forum, {city} ({country})").format(
                      ordinal=_ordinal(int(n)), city=city, country=country)
                  for n, city, country in zip(forums["edition"], forums["city"], forums["country"])],
        "description": forums["outcome_summary"] + " " + forums["link_to_global_process"],
        "document": forums["outcome_document"],
        "sources": forums["sources"],
        "source_detail": forums["source_detail"],
    })
    events = pd.concat([agenda[[c for c in forum_rows.columns]], forum_rows], ignore_index=True)
    events["when"] = [date_label(s, e, p) for s, e, p in zip(events["date"], events["end_date"], events["precision"])]
    events["year"] = events["date"].dt.year.astype("Int64")
    events = events.sort_values(["date", "track"], kind="stable").reset_index(drop=True)
    return events[COLUMNS]


def filter_events(events: pd.DataFrame, tracks: Iterable[str] | str | None = None,
                  start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """The milestones on the chosen tracks between two years (both included)."""
    chosen = _check_tracks(tracks)
    start, end = _check_year(start_year, "start_year"), _check_year(end_year, "end_year")
    if start is not None and end is not None and start > end:
        raise InputError(_("The start year {start} is after the end year {end}: swap them.").format(start=start, end=end))
    keep = events["track"].isin(chosen)
    if start is not None:
        keep &= events["year"] >= start
    if end is not None:
        keep &= events["year"] <= end
    return events[keep].reset_index(drop=True)


def _check_tracks(tracks: Iterable[str] | str | None) -> list[str]:
    if tracks is None:
        return list(TRACKS)
    if isinstance(tracks, str):
        tracks = [tracks]
    chosen = list(tracks)
    unknown = [t for t in chosen if t not in TRACKS]
    if unknown:
        # Translators: {unknown} and {tracks} are the tracks' codes, which a program passes as they are (not translated).
        raise InputError(_("Unknown track(s): {unknown}. The tracks are: {tracks}.").format(
            unknown=", ".join(map(repr, unknown)), tracks=", ".join(TRACKS)))
    if not chosen:
        raise InputError(_("Choose at least one track: {tracks}.").format(tracks=", ".join(TRACKS)))
    return chosen


def _check_year(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InputError(_not_a_year(name, value))
    try:
        year = int(str(value).strip())
    except ValueError:
        raise InputError(_not_a_year(name, value)) from None
    if not 1900 <= year <= 2100:
        # Translators: {name} is the parameter's name (start_year or end_year), a code left as it is.
        raise InputError(_("{name} {year} is not a plausible year: give a year such as 2016.").format(
            name=name, year=year))
    return year


def _not_a_year(name: str, value: object) -> str:
    # Translators: {name} is the parameter's name (start_year or end_year), a code left as it is.
    return _("{name} must be a year such as 2016, not {value}.").format(name=name, value=repr(value))


def plot_date(date: pd.Timestamp, precision: str) -> pd.Timestamp:
    """Where a milestone sits on the time axis: the middle of its month or year when only that is known."""
    if precision == "year":
        return pd.Timestamp(year=date.year, month=7, day=1)
    if precision == "month":
        return pd.Timestamp(year=date.year, month=date.month, day=15)
    return date


def label_groups(events: pd.DataFrame) -> list[str]:
    """The text shown beside each marker: nearby milestones of one track share one label."""
    texts = [""] * len(events)
    for _, lane in events.groupby("track", sort=False):
        lane = lane.assign(_x=[plot_date(d, p) for d, p in zip(lane["date"], lane["precision"])]).sort_values("_x")
        first, previous, names = None, None, []
        for idx, row in lane.iterrows():
            if previous is not None and (row["_x"] - previous).days < LABEL_GROUP_DAYS:
                names.append(row["label"])
            else:
                if first is not None:
                    texts[events.index.get_loc(first)] = "<br>".join(names)
                first, names = idx, [row["label"]]
            previous = row["_x"]
        if first is not None:
            texts[events.index.get_loc(first)] = "<br>".join(names)
    return texts


def _placed_label(x: pd.Timestamp, text: str, x_range: list, tick_width: float) -> tuple[str, str]:
    """The label as drawn and its side: centred over its marker where it fits in the book's picture;
    else its too-long lines broken (a French or Spanish label of a milestone near either end of the
    axis is longer than the room between the marker and the edge), centred if that fits, else on
    the side ("left": the text ends at the marker) that keeps it inside."""
    # The book draws the picture PICTURE_WIDTH px wide; plotly widens the left margin for the track
    # names (its template's automargin), so the plot starts after the widest of them.
    left = max(MARGIN, tick_width + TICK_GAP)
    right = PICTURE_WIDTH - MARGIN
    low, high = (pd.Timestamp(v).value for v in x_range)
    px = left + (pd.Timestamp(x).value - low) / (high - low) * (right - left)

    room = 2 * min(px - EDGE, PICTURE_WIDTH - EDGE - px)  # for a centred label
    if text_width(text, LABEL_FONT) <= room:
        return text, "center"
    lines = []
    for line in text.split("<br>"):
        if text_width(line, LABEL_FONT) > room:
            # Into as few lines of about equal length as fit (broken at spaces only).
            for parts in range(2, 5):
                wrapped = "<br>".join(textwrap.wrap(line, -(-len(line) // parts) + 3))
                if text_width(wrapped, LABEL_FONT) <= room:
                    break
            line = wrapped
        lines.append(line)
    broken = "<br>".join(lines)
    if text_width(broken, LABEL_FONT) <= room:
        return broken, "center"
    return text, ("right" if px < PICTURE_WIDTH / 2 else "left")


def timeline_figure(events: pd.DataFrame, title: str | None = None):
    """A plotly timeline: one row per track, one marker per milestone, details on hover."""
    import plotly.graph_objects as go

    if events.empty:
        raise InputError(_("There are no milestones to draw: choose more tracks or a wider range of years."))
    texts = label_groups(events)
    fig = go.Figure()
    tracks = [t for t in TRACKS if t in set(events["track"])]
    first, last = int(events["year"].min()), int(events["year"].max())
    x_range = [pd.Timestamp(first, 1, 1) - pd.Timedelta(days=120), pd.Timestamp(last, 12, 31) + pd.Timedelta(days=120)]
    tick_width = max(text_width(_(t), TICK_FONT) for t in tracks)
    for track in tracks:
        rows = events[events["track"] == track]
        colour, symbol = TRACK_STYLE[track]
        # Labelled markers alternate above and below their track, so neighbouring labels do not touch.
        labelled = [i for i in rows.index if texts[events.index.get_loc(i)]]
        placed = {i: _placed_label(plot_date(events.at[i, "date"], events.at[i, "precision"]),
                                   texts[events.index.get_loc(i)], x_range, tick_width) for i in labelled}
        side = {i: ("top " if k % 2 == 0 else "bottom ") + placed[i][1] for k, i in enumerate(labelled)}
        positions = [side.get(i, "top center") for i in rows.index]
        hover = [
            f"<b>{r.title}</b><br>{r.when}" + (f"<br><i>{r.document}</i>" if isinstance(r.document, str) and r.document else "")
            for r in rows.itertuples()
        ]
        fig.add_trace(go.Scatter(
            x=[plot_date(d, p) for d, p in zip(rows["date"], rows["precision"])],
            y=[_(track)] * len(rows),
            mode="markers+text",
            name=_(track),
            text=[placed[i][0] if i in placed else texts[events.index.get_loc(i)] for i in rows.index],
            textposition=positions,
            textfont={"size": LABEL_FONT},
            marker={"size": 13, "color": colour, "symbol": symbol, "line": {"width": 1, "color": "white"}},
            hovertext=hover,
            hoverinfo="text",
        ))
    fig.update_layout(
        title=title or _("The global agenda on migration and the voice of cities, {first}-{last}").format(
            first=first, last=last),
        height=480,
        margin={"l": MARGIN, "r": MARGIN, "t": 60, "b": 40},
        showlegend=True,
        legend={"orientation": "h", "y": -0.15},
        yaxis={"categoryorder": "array", "categoryarray": [_(t) for t in reversed(tracks)], "title": None,
               "range": [-0.7, len(tracks) - 0.3]},
        xaxis={"title": None, "range": x_range},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5", dtick="M12", tickformat="%Y")
    return fig


def timeline_alt_text(events: pd.DataFrame) -> str:
    """Alternative text that lists, track by track, what the timeline shows."""
    if events.empty:
        return _("An empty timeline: no milestone matches the chosen tracks and years.")
    first, last = int(events["year"].min()), int(events["year"].max())
    parts = [_("Timeline from {first} to {last} with {milestones} milestones on {tracks} track(s).").format(
        first=first, last=last, milestones=len(events), tracks=events["track"].nunique())]
    for track in TRACKS:
        rows = events[events["track"] == track]
        if len(rows):
            items = "; ".join(f"{r.label} ({r.when})" for r in rows.itertuples())
            parts.append(_("{track}: {milestones}.").format(track=_(track), milestones=items))
    return " ".join(parts)


def forum_editions_table() -> pd.DataFrame:
    """The Mayoral Forum editions as a table for reading: where, when, outcome document, link to the global process.

    For reading only: headings and words are in the reader's language."""
    forums = translate_frame(datasets.load("mayoral_forum_editions"), "mayoral_forum_editions")
    return pd.DataFrame({
        _("Edition"): forums["edition"],
        _("Host city"): forums["city"] + " (" + forums["country"] + ")",
        _("When"): [date_label(s, e, p) for s, e, p in zip(forums["date"], forums["end_date"], forums["precision"])],
        _("Outcome document"): forums["outcome_document"],
        _("Link to the global process"): forums["link_to_global_process"],
    })

"""A world map of the case library: one point for each located territory of each example.

Points are coloured by whether the example follows a migration corridor. A
territory that is a region or a country is drawn at its seat or capital (the
hover text says so); territories the guidelines do not pin down are left off
and counted in the alternative text.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from m4d.cases.library import load_cases, load_places, mapped_places

CORRIDOR_COLOUR = "#d95f02"
OTHER_COLOUR = "#1b6ca8"


def _places_with_cases(cases: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    located = mapped_places(places)
    located = located[located["case_id"].isin(cases["id"])]
    info = cases[["id", "title", "follows_corridor"]].rename(columns={"id": "case_id"})
    return located.merge(info, on="case_id", how="left", sort=False)


def _hover(row: pd.Series) -> str:
    where = f"{row['territory']}" + (f", {row['country']}" if row["country"] is not pd.NA and row["country"] else "")
    if row["location_basis"] == "place":
        how = ""
    else:
        how = f"<br><i>drawn at {row['located_at']} ({row['location_basis']})</i>"
    return f"<b>Example {row['case_id']}</b>: {row['title']}<br>{where}{how}"


def case_map(cases: pd.DataFrame | None = None, places: pd.DataFrame | None = None) -> go.Figure:
    """The map of the given cases (all by default): one marker per located territory.

    Pass a filtered ``cases`` table (from :func:`filter_cases` or
    :func:`search_cases`) to map only those cases.
    """
    cases = load_cases() if cases is None else cases
    places = load_places() if places is None else places
    located = _places_with_cases(cases, places)
    corridor = located["follows_corridor"].fillna(False).astype(bool)
    fig = go.Figure()
    for name, mask, colour in (("follows a migration corridor", corridor, CORRIDOR_COLOUR),
                               ("other examples", ~corridor, OTHER_COLOUR)):
        part = located[mask.values]
        fig.add_trace(go.Scattergeo(
            lat=part["latitude"].astype(float).tolist(), lon=part["longitude"].astype(float).tolist(),
            mode="markers", name=name, customdata=part["case_id"].astype(int).tolist(),
            text=[_hover(row) for _, row in part.iterrows()], hovertemplate="%{text}<extra></extra>",
            marker={"size": 8, "color": colour, "opacity": 0.8, "line": {"width": 0.5, "color": "white"}},
        ))
    fig.update_layout(
        title={"text": "Where the examples of the JMDI guidelines take place", "font": {"size": 15}},
        geo={"projection": {"type": "natural earth"}, "showcountries": True, "countrycolor": "#c8c8c8",
             "showland": True, "landcolor": "#f3f1ea", "showframe": False},
        legend={"orientation": "h", "y": -0.05},
        margin={"l": 0, "r": 0, "t": 40, "b": 0}, height=460,
    )
    return fig


def case_map_alt(cases: pd.DataFrame | None = None, places: pd.DataFrame | None = None) -> str:
    """Alternative text for :func:`case_map`: what the map shows, in a few sentences."""
    cases = load_cases() if cases is None else cases
    places = load_places() if places is None else places
    located = _places_with_cases(cases, places)
    of_cases = places[places["case_id"].isin(cases["id"])]
    left_off = len(of_cases) - len(located)
    countries = located["country"].dropna().nunique()
    corridor = int(located["follows_corridor"].fillna(False).astype(bool).sum())
    text = (f"World map with {len(located)} points, one for each located territory of {located['case_id'].nunique()} "
            f"examples of the JMDI guidelines, in {countries} countries; {corridor} points belong to examples that follow "
            f"a migration corridor.")
    top = located["country"].dropna().value_counts().head(3)
    if len(top):
        text += " Most points are in " + ", ".join(f"{country} ({count})" for country, count in top.items()) + "."
    if left_off:
        text += f" {left_off} territories with no single location (such as a whole continent) are not drawn."
    return text

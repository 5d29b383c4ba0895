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
from m4d.i18n import N_, _, ngettext, translate_frame, translate_value

CORRIDOR_COLOUR = "#d95f02"
OTHER_COLOUR = "#1b6ca8"


def _places_with_cases(cases: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    located = mapped_places(places)
    located = located[located["case_id"].isin(cases["id"])]
    info = cases[["id", "title", "follows_corridor"]].rename(columns={"id": "case_id"})
    return located.merge(info, on="case_id", how="left", sort=False)


#: How a territory was placed on the map, as the hover text says it (location_basis -> words).
LOCATION_BASES = {"administrative seat": N_("administrative seat"), "national capital": N_("national capital"),
                  "not mapped": N_("not mapped")}


def _hover(row: pd.Series) -> str:
    country = row["country"] if row["country"] is not pd.NA and row["country"] else ""
    territory = translate_value("cases", "territories", row["territory"])
    if country:
        country = translate_value("cases", "countries", country)
        where = _("{territory}, {country}").format(territory=territory, country=country)
    else:
        where = f"{territory}"
    if row["location_basis"] == "place":
        how = ""
    else:
        basis = _(LOCATION_BASES.get(row["location_basis"], row["location_basis"]))
        how = "<br><i>" + _("drawn at {place} ({basis})").format(place=row["located_at"], basis=basis) + "</i>"
    example = _("Example {number}").format(number=row["case_id"])
    return f"<b>{example}</b>: {row['title']}<br>{where}{how}"


def case_map(cases: pd.DataFrame | None = None, places: pd.DataFrame | None = None) -> go.Figure:
    """The map of the given cases (all by default): one marker per located territory.

    Pass a filtered ``cases`` table (from :func:`filter_cases` or
    :func:`search_cases`) to map only those cases.
    """
    cases = load_cases() if cases is None else cases
    places = load_places() if places is None else places
    located = _places_with_cases(translate_frame(cases, "cases"), places)
    corridor = located["follows_corridor"].fillna(False).astype(bool)
    fig = go.Figure()
    for name, mask, colour in ((_("follows a migration corridor"), corridor, CORRIDOR_COLOUR),
                               (_("other examples"), ~corridor, OTHER_COLOUR)):
        part = located[mask.values]
        fig.add_trace(go.Scattergeo(
            lat=part["latitude"].astype(float).tolist(), lon=part["longitude"].astype(float).tolist(),
            mode="markers", name=name, customdata=part["case_id"].astype(int).tolist(),
            text=[_hover(row) for _, row in part.iterrows()], hovertemplate="%{text}<extra></extra>",
            marker={"size": 8, "color": colour, "opacity": 0.8, "line": {"width": 0.5, "color": "white"}},
        ))
    fig.update_layout(
        title={"text": _("Where the examples of the JMDI guidelines take place"), "font": {"size": 15}},
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
    # Translators: the numbers are always more than one on the course's map; the sentence keeps its plural.
    text = _("World map with {points} points, one for each located territory of {examples} examples of the JMDI "
             "guidelines, in {countries} countries; {corridor} points belong to examples that follow a migration "
             "corridor.").format(points=len(located), examples=located["case_id"].nunique(), countries=countries,
                                 corridor=corridor)
    top = located["country"].dropna().value_counts().head(3)
    if len(top):
        listed = ", ".join(_("{country} ({count})").format(country=translate_value("cases", "countries", country),
                                                            count=count) for country, count in top.items())
        text += " " + _("Most points are in {countries}.").format(countries=listed)
    if left_off:
        text += " " + ngettext("{n} territory with no single location (such as a whole continent) is not drawn.",
                               "{n} territories with no single location (such as a whole continent) are not drawn.",
                               left_off).format(n=left_off)
    return text

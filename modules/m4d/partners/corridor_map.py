"""A map of a home territory's corridors, with its candidates coloured by rank.

The figure is built once (building a plotly figure is the slow part) and then
redrawn in place for another home territory or recoloured when the ranking
changes, so the widget stays fast.
"""
from __future__ import annotations

import plotly.graph_objects as go

from m4d.partners.ranking import Ranking

TOP_COLOUR = "#d95f02"
RANKED_COLOUR = "#1b6ca8"
EXCLUDED_COLOUR = "#9e9e9e"
HOME_COLOUR = "#222222"


def corridor_map(candidates, fig: go.Figure | None = None) -> go.Figure:
    """The corridors of ``candidates_for(home)`` as lines from the home territory to each candidate.

    Given the ``fig`` of an earlier call, it is redrawn in place for the new
    candidates, which is much faster than building a new figure.
    """
    home = candidates.attrs.get("home_name", "home")
    hlat, hlon = candidates.attrs["home_latitude"], candidates.attrs["home_longitude"]
    lats, lons = [], []
    for lat, lon in zip(candidates["latitude"], candidates["longitude"]):
        lats += [hlat, float(lat), None]
        lons += [hlon, float(lon), None]
    title = f"Migration corridors of {home} (illustrative data)"
    if fig is not None:
        with fig.batch_update():
            fig.data[0].lat, fig.data[0].lon = lats, lons
            fig.data[1].lat, fig.data[1].lon, fig.data[1].text = [hlat], [hlon], [home]
            fig.data[2].lat = candidates["latitude"].tolist()
            fig.data[2].lon = candidates["longitude"].tolist()
            fig.data[2].text = candidates["name"].tolist()
            fig.data[2].marker.color = [RANKED_COLOUR] * len(candidates)
            fig.layout.title.text = title
        return fig
    fig = go.Figure()
    fig.add_trace(go.Scattergeo(lat=lats, lon=lons, mode="lines", line={"width": 1.5, "color": "#8a8a8a"},
                                hoverinfo="skip", name="corridor"))
    fig.add_trace(go.Scattergeo(lat=[hlat], lon=[hlon], mode="markers+text", text=[home],
                                textposition="top center", marker={"size": 13, "symbol": "star", "color": HOME_COLOUR},
                                name="home territory"))
    fig.add_trace(go.Scattergeo(lat=candidates["latitude"].tolist(), lon=candidates["longitude"].tolist(),
                                mode="markers+text", text=candidates["name"].tolist(), textposition="bottom center",
                                marker={"size": 10, "color": [RANKED_COLOUR] * len(candidates)},
                                name="candidate partner"))
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        geo={"projection": {"type": "natural earth"}, "showcountries": True, "countrycolor": "#c8c8c8",
             "showland": True, "landcolor": "#f3f1ea", "fitbounds": "locations"},
        margin={"l": 0, "r": 0, "t": 40, "b": 0}, height=380, showlegend=False,
    )
    return fig


def colour_by_rank(fig: go.Figure, candidates, ranking: Ranking | None) -> str:
    """Recolour the candidates of ``fig`` by ``ranking``; return the figure's alternative text."""
    home = candidates.attrs.get("home_name", "home")
    position = {pid: i + 1 for i, pid in enumerate(ranking.ids)} if ranking is not None else {}
    colours, labels, parts = [], [], []
    for pid, name in zip(candidates["partner"], candidates["name"]):
        if pid in position:
            colours.append(TOP_COLOUR if position[pid] == 1 else RANKED_COLOUR)
            labels.append(f"{position[pid]}. {name}")
            parts.append((position[pid], f"{name} ranked {position[pid]}"))
        else:
            colours.append(EXCLUDED_COLOUR)
            labels.append(f"{name} (excluded)" if ranking is not None else name)
            parts.append((10**6, f"{name} {'excluded by a must-have' if ranking is not None else 'not ranked'}"))
    with fig.batch_update():
        fig.data[2].marker.color = colours
        fig.data[2].text = labels
    described = "; ".join(text for _, text in sorted(parts))
    return (f"Map (illustrative data) of the migration corridors from {home} to {len(candidates)} candidate partners, "
            f"drawn as lines: {described}.")

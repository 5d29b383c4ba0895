"""A map of a home territory's corridors, with its candidates coloured by rank.

The figure is built once (building a plotly figure is the slow part) and then
redrawn in place for another home territory or recoloured when the ranking
changes, so the widget stays fast.
"""
from __future__ import annotations

import plotly.graph_objects as go
from m4d.i18n import _

from m4d.partners.ranking import Ranking

TOP_COLOUR = "#d95f02"
RANKED_COLOUR = "#1b6ca8"
EXCLUDED_COLOUR = "#9e9e9e"
HOME_COLOUR = "#222222"


#: Where a label may sit around its marker, tried in this order.
LABEL_POSITIONS = ("bottom center", "top center", "middle right", "middle left", "bottom right", "top left")
#: The map's size (px) where the book draws it: plotly's default width, the figure's height
#: less its title's margin.
MAP_WIDTH, MAP_HEIGHT = 700, 340
#: The candidates' and home territory's markers (px).
_MARKER, _HOME_MARKER = 10, 13
#: plotly's text size on the map (px).
_FONT = 12


def _label_box(x: float, y: float, text: str, position: str) -> tuple[float, float, float, float]:
    # A label's box in pixels (plotly's default 12 px font: about 7 px a character, 16 px
    # high), on the side of the marker at (x, y) that `position` names.
    w, h, gap = 7.0 * len(text) + 4, 16.0, 7.0
    vertical, horizontal = position.split()
    cx = x + {"center": 0.0, "right": gap + w / 2, "left": -gap - w / 2}[horizontal]
    cy = y + {"bottom": -gap - h / 2, "top": gap + h / 2, "middle": 0.0}[vertical]
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def map_view(lats, lons, width: float = MAP_WIDTH, height: float = MAP_HEIGHT) -> tuple[float, float, float, float]:
    """The part of the earth the map shows (west, east, south, north, degrees): the places with
    room around them for their names (a sixth of the span each side, at least 1.5 degrees),
    widened to the map's shape (``width`` x ``height`` px) so that the map fills its figure."""
    from m4d.label_placement import view_around

    return view_around(lons, lats, (0.0, 0.0, float(width), float(height)))


def label_positions(lats, lons, texts, taken=(), width: float = MAP_WIDTH, height: float = MAP_HEIGHT) -> list[str]:
    """A text position for each label so that no two labels (nor a label and a marker) cover
    each other: the places are projected as the map projects them (its "natural earth" view of
    :func:`map_view`, ``width`` x ``height`` px) and :func:`m4d.label_placement.place_labels`
    gives each name, from the west, the first side that is free.

    ``taken`` are (lat, lon, text) labels already on the map (the home territory's, drawn above
    its marker).
    """
    from m4d.label_placement import Label, fitted_map_points, label_box, place_labels

    lats, lons = [float(v) for v in lats], [float(v) for v in lons]
    if not lats:
        return []
    all_lat = lats + [float(t[0]) for t in taken]
    all_lon = lons + [float(t[1]) for t in taken]
    room = (0.0, 0.0, float(width), float(height))
    points = fitted_map_points(all_lon, all_lat, room, map_view(all_lat, all_lon, width, height))
    fixed = [Label(x, y, str(t[2]), _FONT, _HOME_MARKER) for (x, y), t in zip(points[len(lats):], taken)]
    obstacles = [label_box(label, "top center") for label in fixed]
    obstacles += [(label.x - label.marker / 2, label.y - label.marker / 2, label.x + label.marker / 2,
                   label.y + label.marker / 2) for label in fixed]
    order = sorted(range(len(lats)), key=lambda k: (lons[k], lats[k]))
    labels = [Label(*points[i], str(texts[i]), _FONT, _MARKER) for i in order]
    placed, _crowded = place_labels(labels, room, ["bottom center"] * len(labels), obstacles)
    positions = [LABEL_POSITIONS[0]] * len(lats)
    for i, position in zip(order, placed):
        positions[i] = position
    return positions


def _geo(candidates, hlat, hlon) -> dict:
    # The view is set, not fitted by plotly (fitbounds pads by an amount of its own), so that
    # label_positions projects the places exactly where plotly draws them.
    from m4d.label_placement import view_geo

    return view_geo(map_view([hlat, *candidates["latitude"]], [hlon, *candidates["longitude"]]))


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
    title = _("Migration corridors of {home} (illustrative data)").format(home=home)
    if fig is not None:
        with fig.batch_update():
            fig.data[0].lat, fig.data[0].lon = lats, lons
            fig.data[1].lat, fig.data[1].lon, fig.data[1].text = [hlat], [hlon], [home]
            fig.data[2].lat = candidates["latitude"].tolist()
            fig.data[2].lon = candidates["longitude"].tolist()
            fig.data[2].text = candidates["name"].tolist()
            fig.data[2].textposition = label_positions(candidates["latitude"], candidates["longitude"],
                                                       candidates["name"].tolist(), taken=[(hlat, hlon, home)])
            fig.data[2].marker.color = [RANKED_COLOUR] * len(candidates)
            fig.layout.title.text = title
            fig.update_geos(**_geo(candidates, hlat, hlon))
        return fig
    fig = go.Figure()
    fig.add_trace(go.Scattergeo(lat=lats, lon=lons, mode="lines", line={"width": 1.5, "color": "#8a8a8a"},
                                hoverinfo="skip", name="corridor"))
    fig.add_trace(go.Scattergeo(lat=[hlat], lon=[hlon], mode="markers+text", text=[home],
                                textposition="top center", marker={"size": 13, "symbol": "star", "color": HOME_COLOUR},
                                name="home territory"))
    fig.add_trace(go.Scattergeo(lat=candidates["latitude"].tolist(), lon=candidates["longitude"].tolist(),
                                mode="markers+text", text=candidates["name"].tolist(),
                                textposition=label_positions(candidates["latitude"], candidates["longitude"],
                                                             candidates["name"].tolist(), taken=[(hlat, hlon, home)]),
                                marker={"size": 10, "color": [RANKED_COLOUR] * len(candidates)},
                                name="candidate partner"))
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        geo={**_geo(candidates, hlat, hlon), "showcountries": True, "countrycolor": "#c8c8c8",
             "showland": True, "landcolor": "#f3f1ea"},
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
            parts.append((position[pid], _("{name} ranked {rank}").format(name=name, rank=position[pid])))
        else:
            colours.append(EXCLUDED_COLOUR)
            labels.append(_("{name} (excluded)").format(name=name) if ranking is not None else name)
            parts.append((10**6, _("{name} excluded by a must-have").format(name=name) if ranking is not None
                          else _("{name} not ranked").format(name=name)))
    with fig.batch_update():
        fig.data[2].marker.color = colours
        fig.data[2].text = labels
        fig.data[2].textposition = label_positions(candidates["latitude"], candidates["longitude"], labels,
                                                   taken=[(candidates.attrs["home_latitude"],
                                                           candidates.attrs["home_longitude"], home)])
    described = "; ".join(text for _rank, text in sorted(parts))
    return _("Map (illustrative data) of the migration corridors from {home} to {n} candidate partners, drawn as "
             "lines: {described}.").format(home=home, n=len(candidates), described=described)

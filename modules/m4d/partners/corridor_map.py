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


def label_positions(lats, lons, texts, taken=(), width: float = 700, height: float = 340) -> list[str]:
    """A text position for each label so that labels overlap each other (and the markers) as
    little as possible: each label, from the west, takes the first place that is free.

    Positions are judged on a map of ``width`` x ``height`` pixels fitted to the points
    (as ``fitbounds="locations"`` does); ``taken`` are (lat, lon, text) labels already on
    the map (the home territory's, drawn above its marker).
    """
    import math

    lats, lons = [float(v) for v in lats], [float(v) for v in lons]
    all_lat = lats + [float(t[0]) for t in taken]
    all_lon = lons + [float(t[1]) for t in taken]
    if not all_lat:
        return []
    shrink = math.cos(math.radians(sum(all_lat) / len(all_lat)))
    span_x = max((max(all_lon) - min(all_lon)) * shrink, 1e-6)
    span_y = max(max(all_lat) - min(all_lat), 1e-6)
    scale = min(width / span_x, height / span_y)

    def pixels(lat, lon):
        return (lon - min(all_lon)) * shrink * scale, (lat - min(all_lat)) * scale

    markers = [pixels(la, lo) for la, lo in zip(all_lat, all_lon)]
    placed = [_label_box(*pixels(float(la), float(lo)), str(t), "top center") for la, lo, t in taken]
    positions = [LABEL_POSITIONS[0]] * len(lats)
    for i in sorted(range(len(lats)), key=lambda k: (lons[k], lats[k])):
        x, y = pixels(lats[i], lons[i])
        best, best_cost = LABEL_POSITIONS[0], None
        for position in LABEL_POSITIONS:
            box = _label_box(x, y, str(texts[i]), position)
            cost = sum(_overlap(box, other) for other in placed)
            cost += sum(_overlap(box, (mx - 5, my - 5, mx + 5, my + 5)) for mx, my in markers)
            if best_cost is None or cost < best_cost - 1e-9:
                best, best_cost = position, cost
            if cost == 0:
                break
        positions[i] = best
        placed.append(_label_box(x, y, str(texts[i]), best))
    return positions


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

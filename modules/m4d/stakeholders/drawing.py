"""Draw a stakeholder map: the partnership at the centre, its actors around it by kind.

The layout copies the guidelines' own picture of a partnership (p. 29): the
partnership in the middle and the kinds of stakeholders each in their own
sector around it, clockwise in the picture's order (local and regional
authorities at the top). The circle is shared among the kinds that have actors;
a kind with none is left out of the circle and marked in the legend. Actors linked straight to the partnership sit on the inner
ring; actors reached through another actor sit further out. The layout is pure
arithmetic on sorted actor ids (no random seed), so the same graph is always
drawn the same way.
"""
from __future__ import annotations

import math
import textwrap

import networkx as nx
import plotly.graph_objects as go

from m4d.i18n import _
from m4d.label_placement import Label, place_labels
from m4d.stakeholders.graph import kinds_missing
from m4d.stakeholders.kinds import KIND_COLOURS, KIND_SYMBOLS, KINDS, PARTNERSHIP, kind_labels

SECTOR_ORDER = ("lra", "diaspora", "other_public", "cso", "private_sector", "knowledge")
SECTOR_FILL = 0.7  # share of its sector that a kind's actors spread over, leaving gaps between kinds
RING_RADII = (0.0, 1.3, 2.3, 3.2)


def map_layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Position of each actor: the partnership at the centre, each kind in its sector."""
    centres = [n for n, d in graph.nodes(data=True) if d["kind"] == PARTNERSHIP]
    undirected = graph.to_undirected(as_view=True)
    if centres:
        distance = nx.multi_source_dijkstra_path_length(undirected, centres)
    else:
        distance = {}
    ring = {n: min(distance.get(n, len(RING_RADII) - 1), len(RING_RADII) - 1) for n in graph}
    positions: dict[str, tuple[float, float]] = {}
    for i, node in enumerate(sorted(centres)):
        positions[node] = (0.3 * i, 0.0)
    present = [k for k in SECTOR_ORDER if any(d["kind"] == k for _, d in graph.nodes(data=True))]
    share = 360.0 / max(len(present), 1)
    for k, kind in enumerate(present):
        centre_angle = 90.0 - share * k
        members = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == kind)
        for level in sorted({ring[n] for n in members}):
            on_ring = [n for n in members if ring[n] == level]
            radius = RING_RADII[max(level, 1)]
            for j, node in enumerate(on_ring):
                offset = 0.0 if len(on_ring) == 1 else share * SECTOR_FILL * (j / (len(on_ring) - 1) - 0.5)
                angle = math.radians(centre_angle + offset)
                positions[node] = (round(radius * math.cos(angle), 4), round(radius * math.sin(angle), 4))
    return positions


def _label(text: str) -> str:
    return "<br>".join(textwrap.wrap(text, 22, break_long_words=False))


def _text_position(x: float, y: float) -> str:
    # Labels point away from the centre, so they do not sit on the links.
    if abs(x) < 0.35:
        return "top center" if y > 0 else "bottom center"
    return "middle right" if x > 0 else "middle left"


#: The map's size (px; plotly's default width) and margins, which the names are placed for.
MAP_WIDTH, MAP_HEIGHT = 700, 660  # 20 px of it for the legend's title row
MAP_MARGIN = {"l": 10, "r": 10, "t": 50, "b": 10}
#: The names' font size (px).
LABEL_SIZE = 11


def _label_positions(graph: nx.DiGraph, pos: dict, x_range: list, y_range: list) -> dict[str, str]:
    # Each name at the first place around its actor, away from the centre first, where it covers
    # no other name nor marker (a deterministic search on the drawn size: see m4d.label_placement).
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    # Two kinds a row, under the legend's title, which has a row of its own.
    legend_rows = -(-(len(KINDS) + (PARTNERSHIP in kinds)) // 2) + 1
    left, top = MAP_MARGIN["l"], MAP_MARGIN["t"]
    right, bottom = MAP_WIDTH - MAP_MARGIN["r"], MAP_HEIGHT - MAP_MARGIN["b"] - 20 * legend_rows - 10
    order = sorted(graph, key=lambda n: (graph.nodes[n]["kind"] != PARTNERSHIP, n))
    labels = [Label(x=left + (pos[n][0] - x_range[0]) / (x_range[1] - x_range[0]) * (right - left),
                    y=top + (y_range[1] - pos[n][1]) / (y_range[1] - y_range[0]) * (bottom - top),
                    text=_label(graph.nodes[n]["label"]), size=LABEL_SIZE,
                    marker=24 if graph.nodes[n]["kind"] == PARTNERSHIP else 16) for n in order]
    preferred = ["bottom center" if graph.nodes[n]["kind"] == PARTNERSHIP else _text_position(*pos[n]) for n in order]
    positions, _crowded = place_labels(labels, (0, 0, MAP_WIDTH, bottom), preferred)
    return dict(zip(order, positions))


def stakeholder_map_figure(graph: nx.DiGraph, title: str | None = None) -> go.Figure:
    """A plotly figure of the map: one legend entry per kind, links labelled with their role."""
    labels = kind_labels()
    pos = map_layout(graph)
    name = graph.graph.get("name") or _("the partnership")
    data: list[dict] = []
    edge_x, edge_y, mid_x, mid_y, mid_text = [], [], [], [], []
    for a, b, edge in sorted(graph.edges(data=True)):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        edge_x += [xa, xb, None]
        edge_y += [ya, yb, None]
        mid_x.append(round((xa + xb) / 2, 4))
        mid_y.append(round((ya + yb) / 2, 4))
        mid_text.append(f"{graph.nodes[a]['label']} → {graph.nodes[b]['label']}: {edge['role']}")
    data.append(dict(type="scatter", x=edge_x, y=edge_y, mode="lines", line={"color": "#999999", "width": 1.5},
                     hoverinfo="skip", showlegend=False, name="links"))
    data.append(dict(type="scatter", x=mid_x, y=mid_y, mode="markers", marker={"size": 6, "color": "#999999"},
                     text=mid_text, hovertemplate="%{text}<extra></extra>", showlegend=False, name="roles"))
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    x_range, y_range = [min(xs) - 2.2, max(xs) + 2.2], [min(ys) - 0.7, max(ys) + 0.6]
    where = _label_positions(graph, pos, x_range, y_range)
    for kind in (PARTNERSHIP, *KINDS):
        nodes = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == kind)
        if not nodes:
            if kind != PARTNERSHIP:
                # An empty trace keeps the kind in the legend, marked as a gap.
                data.append(dict(type="scatter", x=[None], y=[None], mode="markers",
                                 name=_("{kind}: none described").format(kind=labels[kind]),
                                 marker={"symbol": KIND_SYMBOLS[kind] + "-open", "size": 14,
                                         "color": KIND_COLOURS[kind]}))
            continue
        data.append(dict(
            type="scatter", x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text",
            name=labels[kind], text=[_label(graph.nodes[n]["label"]) for n in nodes],
            textposition=[where[n] for n in nodes],
            textfont={"size": LABEL_SIZE},
            customdata=[graph.nodes[n].get("description", "") for n in nodes],
            hovertemplate="<b>%{text}</b><br>%{customdata}<extra>" + labels[kind] + "</extra>",
            marker={"symbol": KIND_SYMBOLS[kind], "size": 24 if kind == PARTNERSHIP else 16,
                    "color": KIND_COLOURS[kind], "line": {"width": 1, "color": "#ffffff"}},
        ))
    layout = dict(
        template={"layout": {"font": {"color": "#222222"}}}, title={"text": title or _("Stakeholder map: {name}").format(name=name)},
        xaxis={"visible": False, "range": x_range},
        yaxis={"visible": False, "range": y_range},
        height=MAP_HEIGHT, margin=dict(MAP_MARGIN), plot_bgcolor="#ffffff",
        # The legend's title above its entries, not beside them: beside them it pushes the second
        # column past the map's right edge in French and Spanish, whose kinds' names are longer.
        legend={"title": {"text": _("Kind of stakeholder"), "side": "top"}, "orientation": "h", "y": -0.02},
    )
    # The traces are plain dicts checked by the tests (tests/test_stakeholders_map.py builds
    # the figure with validation on); skipping plotly's validation here keeps a widget
    # redraw far under 50 ms.
    return go.Figure(data=data, layout=layout, _validate=False)


def stakeholder_map_alt(graph: nx.DiGraph) -> str:
    """Alternative text for the map: every actor by kind, and the kinds with no actor."""
    labels = kind_labels()
    name = graph.graph.get("name") or _("a partnership")
    parts = []
    for kind in KINDS:
        nodes = sorted(graph.nodes[n]["label"] for n, d in graph.nodes(data=True) if d["kind"] == kind)
        if nodes:
            parts.append(_("{kind}: {actors}").format(kind=labels[kind], actors=", ".join(nodes)))
    missing = [labels[k].lower() for k in kinds_missing(graph)]
    actors = sum(1 for _n, d in graph.nodes(data=True) if d["kind"] != PARTNERSHIP)
    text = _("Stakeholder map of {name}, with the partnership at the centre and {actors} actors around it, joined "
             "by {links} links.").format(name=name, actors=actors, links=graph.number_of_edges())
    text += " " + ". ".join(parts) + "."
    if missing:
        text += " " + _("No actor is described for: {kinds}.").format(kinds=", ".join(missing))
    return text

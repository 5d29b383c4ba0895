"""The guidelines' diagram of the sectors around migration and development (p. 49), drawn from data.

The diagram places "migration and development" at the centre and the eight
sectors of ``initiative_sectors`` (those with ``in_diagram``) around it. The
course's drawing adds what the case library holds: each sector is labelled
with the number of the guidelines' examples the course files under it, so the
reader sees at once where the examples are many (governance) and where there
are none or few (housing, agriculture).
"""
from __future__ import annotations

import math

from m4d.initiatives.vocabulary import sectors

CENTRE = "Migration and development"
# Okabe-Ito colours, readable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]


def _wrap(label: str) -> str:
    # Two lines for a long name, so it stays inside its circle.
    if len(label) <= 12 or " " not in label:
        return label
    head, tail = (label.split(" and ", 1)[0] + " and", label.split(" and ", 1)[1]) if " and " in label \
        else label.split(" ", 1)
    return f"{head}<br>{tail}"


def _pale(colour: str, share: float = 0.25) -> str:
    # An opaque pale tint (the colour mixed with white), so the spokes stay behind the circles.
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - v) * share):02x}" for v in (r, g, b))


def sector_counts() -> dict[str, int]:
    """Sector label -> how many examples of the case library the course files under it."""
    from m4d.initiatives.explorer import course_index

    index = course_index()
    return dict(zip(index.values["sector"], index.matrices["sector"].sum(axis=0).tolist()))


def sector_diagram():
    """The eight sectors around migration and development, as a plotly Figure."""
    import plotly.graph_objects as go

    frame = sectors(diagram_only=True)
    counts = sector_counts()
    n = len(frame)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]
    xs, ys = [math.cos(a) for a in angles], [math.sin(a) for a in angles]
    fig = go.Figure()
    for x, y in zip(xs, ys):
        fig.add_trace(go.Scatter(x=[0, x], y=[0, y], mode="lines", line={"color": "#9a9a9a", "width": 2},
                                 hoverinfo="skip", showlegend=False))
    labels = [f"<b>{_wrap(label)}</b><br>{counts.get(label, 0)} "
              f"example{'s' if counts.get(label, 0) != 1 else ''}" for label in frame["label"]]
    fills = [_pale(c) for c in PALETTE[:n]]
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers+text", text=labels, textposition="middle center",
        marker={"size": 100, "color": fills, "line": {"width": 2, "color": PALETTE[:n]}},
        customdata=frame["pages"].tolist(), hovertemplate="%{text}<br>guidelines p. %{customdata}<extra></extra>",
        textfont={"size": 12, "color": "#1a1a1a"}, showlegend=False))
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers+text", text=["<b>Migration<br>and<br>development</b>"], textposition="middle center",
                             marker={"size": 120, "color": "#ffffff", "line": {"width": 3, "color": "#333333"}},
                             hoverinfo="skip", showlegend=False, textfont={"size": 12}))
    fig.update_layout(
        title={"text": "The eight sectors (after JMDI 2017, p. 49)",
               "font": {"size": 15}},
        xaxis={"visible": False, "range": [-1.45, 1.45]}, yaxis={"visible": False, "range": [-1.35, 1.35],
                                                                   "scaleanchor": "x"},
        height=520, margin={"l": 10, "r": 10, "t": 50, "b": 10}, plot_bgcolor="white")
    return fig


def sector_diagram_alt() -> str:
    """Alternative text for :func:`sector_diagram`."""
    frame = sectors(diagram_only=True)
    counts = sector_counts()
    parts = ", ".join(f"{label} ({counts.get(label, 0)})" for label in frame["label"])
    return (f"Diagram with 'migration and development' at the centre and {len(frame)} sectors around it, each "
            f"labelled with the number of the guidelines' examples the course files under it: {parts}.")

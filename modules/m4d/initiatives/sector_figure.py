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

from m4d.i18n import N_, _, ngettext, translate_value
from m4d.initiatives.vocabulary import sectors

CENTRE = N_("Migration and development")
# Okabe-Ito colours, readable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]


def _wrap(label: str) -> str:
    # Two lines for a long name, so it stays inside its circle: cut at the space that gives the most
    # even lines ("Water and<br>sanitation", "Eau et<br>assainissement").
    if len(label) <= 12 or " " not in label:
        return label
    cuts = [i for i, c in enumerate(label) if c == " "]
    cut = min(cuts, key=lambda i: (max(i, len(label) - i - 1), -i))
    return f"{label[:cut]}<br>{label[cut + 1:]}"


def _shown_label(label: str) -> str:
    return translate_value("initiative_sectors", "label", label)


def _pale(colour: str, share: float = 0.25) -> str:
    # An opaque pale tint (the colour mixed with white), so the spokes stay behind the circles.
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - v) * share):02x}" for v in (r, g, b))


#: The widest a circle's line may be (px, in DejaVu Sans at its regular weight): the circle is 100 px
#: across and its names are bold, about a tenth wider.
_LINE_ROOM = 84


def _label_size(labels: list[str], size: int = 12) -> int:
    """The circles' text size: 12 px, or less when a name is too long to fit at 12 px (a longer
    French or Spanish word, "Développement"); one size for all, as the phone picture enlarges it."""
    from m4d.label_placement import text_width

    return min([size] + [int(size * _LINE_ROOM / text_width(label, size)) for label in labels])


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
    labels = [f"<b>{_wrap(_shown_label(label))}</b><br>"
              + ngettext("{n} example", "{n} examples", counts.get(label, 0)).format(n=counts.get(label, 0))
              for label in frame["label"]]
    # Translators: the hover text of a sector's circle; %{text} is its name and count, %{customdata} its pages.
    hover = _("%{text}<br>guidelines p. %{customdata}<extra></extra>")
    centre = "<br>".join(_(CENTRE).split())
    # Translators: the title of the diagram of the eight sectors.
    title = _("The eight sectors (after JMDI 2017, p. 49)")
    fills = [_pale(c) for c in PALETTE[:n]]
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers+text", text=labels, textposition="middle center",
        marker={"size": 100, "color": fills, "line": {"width": 2, "color": PALETTE[:n]}},
        customdata=frame["pages"].tolist(), hovertemplate=hover,
        textfont={"size": _label_size(labels), "color": "#1a1a1a"}, showlegend=False))
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers+text", text=[f"<b>{centre}</b>"], textposition="middle center",
                             marker={"size": 120, "color": "#ffffff", "line": {"width": 3, "color": "#333333"}},
                             hoverinfo="skip", showlegend=False, textfont={"size": 12}))
    fig.update_layout(
        title={"text": title,
               "font": {"size": 15}},
        xaxis={"visible": False, "range": [-1.45, 1.45]}, yaxis={"visible": False, "range": [-1.35, 1.35],
                                                                   "scaleanchor": "x"},
        height=520, margin={"l": 10, "r": 10, "t": 50, "b": 10}, plot_bgcolor="white")
    return fig


def sector_diagram_alt() -> str:
    """Alternative text for :func:`sector_diagram`."""
    frame = sectors(diagram_only=True)
    counts = sector_counts()
    parts = ", ".join(f"{_shown_label(label)} ({counts.get(label, 0)})" for label in frame["label"])
    return _("Diagram with 'migration and development' at the centre and {n} sectors around it, each labelled "
             "with the number of the guidelines' examples the course files under it: {sectors}.").format(
        n=len(frame), sectors=parts)

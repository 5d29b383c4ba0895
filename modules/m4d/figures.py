"""Show plotly figures that work both live in JupyterLab and in the static book.

:func:`show` emits one output with three representations: plotly's own JSON,
which JupyterLab renders interactively; an HTML ``<div>`` that the published
book renders with the plotly.js that :mod:`m4d.book_extension` serves locally
(so no page needs the internet); and the figure's alternative text, for screen
readers and for plain-text viewers.
"""
from __future__ import annotations

import hashlib
import html
import json

from IPython.display import display

from m4d.errors import InputError
from m4d.i18n import _

#: The width (px) of a figure's picture in the book (m4d.figure_images.DEFAULT_WIDTH): a figure
#: that sets no width has its title fitted to it.
PICTURE_WIDTH = 700
#: plotly.js's title size when a figure sets none (1.4 times its 12 px font), and the height of
#: one of its lines.
TITLE_SIZE, TITLE_LINE_EM = 17, 1.35


def fit_title(fig):
    """``fig`` with its title broken into lines when, in one line, it would run past the picture's
    right edge (plotly.js cuts it there): after a colon when the part before it fits, then between
    words, measured in the font chromium draws with (:func:`m4d.label_placement.text_width`). The
    top margin, and the height if the figure sets one, grow by the added lines, so the plot keeps
    its size. A title that fits is left exactly as it is, so is a figure with no title."""
    from m4d.label_placement import text_width

    title = fig.layout.title
    text = title.text
    if not text or "<br>" in text:
        return fig
    size = title.font.size or TITLE_SIZE
    width = fig.layout.width or PICTURE_WIDTH
    x = 0.05 if title.x is None else title.x  # plotly's template puts the title at 5 % of the width
    room = width * (1 - x) - 10 if x < 0.5 else width - 20
    if text_width(text, size) <= room:
        return fig
    lines: list[str] = []
    head, colon, tail = text.partition(":")
    if colon and tail.strip() and text_width(head + colon, size) <= room:
        lines, text = [head + colon], tail.strip()
    line = ""
    for word in text.split(" "):
        if line and text_width(f"{line} {word}", size) > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    margin_top = fig.layout.margin.t if fig.layout.margin.t is not None else 100
    needed = 12 + int(len(lines) * size * TITLE_LINE_EM) + 28
    height = fig.layout.height
    update = {"margin": {"t": max(margin_top, needed)}}
    if height:
        height += max(0, needed - margin_top)
        update["height"] = height
    # plotly puts a title's first baseline, not its top, at y: it is lowered by a line.
    update["title"] = {"text": "<br>".join(lines), "yref": "container", "yanchor": "top",
                       "y": 1 - (12 + size) / (height or 450)}
    import plotly.graph_objects as go

    return go.Figure(fig).update_layout(**update)  # a copy: the caller's figure stays as it was


def figure_bundle(fig, alt: str) -> dict[str, object]:
    """The mime bundle for a plotly figure with its alternative text."""
    if not alt or not alt.strip():
        raise InputError(_("Every figure needs alternative text (alt=...) that says what it shows."))
    fig = fit_title(fig)
    spec = fig.to_plotly_json()
    # A div id that depends only on the figure keeps notebook outputs stable across runs.
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:12]
    body = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"fig-{digest}",
                       config={"displaylogo": False, "responsive": True})
    wrapped = f'<figure class="m4d-figure" aria-label="{html.escape(alt, quote=True)}">{body}</figure>'
    return {
        "application/vnd.plotly.v1+json": json.loads(fig.to_json()),
        "text/html": wrapped,
        "text/plain": f"[Figure] {alt}",
    }


def show(fig, alt: str) -> None:
    """Display a plotly figure with its alternative text."""
    display(figure_bundle(fig, alt), raw=True)

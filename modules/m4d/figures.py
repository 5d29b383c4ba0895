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


def figure_bundle(fig, alt: str) -> dict[str, object]:
    """The mime bundle for a plotly figure with its alternative text."""
    if not alt or not alt.strip():
        raise InputError("Every figure needs alternative text (alt=...) that says what it shows.")
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

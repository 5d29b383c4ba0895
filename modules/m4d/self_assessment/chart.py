"""The profile as a chart: one bar per dimension, drawn as SVG (fast, accessible, no JavaScript).

The bars are drawn on a fixed scale of 0 to 100 % and in the dimensions' fixed
order, never sorted by value, so the chart describes one authority and invites
no league table. :func:`profile_figure` gives the same chart in plotly for
those who want it interactive. Titles, labels and the alternative text are in
the reader's language (:mod:`m4d.i18n`); the dimensions' names come from the
data catalogue.
"""
from __future__ import annotations

import html

import pandas as pd

from m4d.i18n import _, translate_value
from m4d.i18n.languages import SOURCE_LANGUAGE, language
from m4d.i18n.numbers import localise_figure_layout, percent

BAR_COLOUR = {"principle": "#2b6cb0", "objective": "#2f855a"}


def dimension_name(name: str) -> str:
    """A dimension's name (IOM's English name, as the profile table holds it) in the reader's language."""
    return translate_value("mgi_dimensions", "name", name)


def _place(place: str | None) -> str:
    # The default is a phrase of the sentence, so it is translated; a place's own name is not.
    return _("the authority") if place in (None, "the authority") else place


def _title(place: str, illustrative: bool) -> str:
    if illustrative:
        return _("Self-assessment profile of {place} (illustrative)").format(place=place)
    return _("Self-assessment profile of {place}").format(place=place)


def profile_alt(table: pd.DataFrame, place: str = "the authority") -> str:
    """Alternative text: the level of each dimension, in order."""
    parts = [f"{dimension_name(row.dimension)}: {_(row.level)}"
             + (f" ({percent(row.share_in_place)})" if row.share_in_place is not None else "")
             for row in table.itertuples(index=False)]
    return _("Bar chart of the self-assessment profile of {place}, one bar per dimension: {levels}.").format(
        place=_place(place), levels="; ".join(parts))


def profile_chart_html(table: pd.DataFrame, place: str = "the authority", *, illustrative: bool = False) -> str:
    """The profile as an inline SVG bar chart with a title, alternative text and a data table below."""
    width, left, bar_h, gap, top = 640, 250, 22, 12, 34
    scale = width - left - 60
    height = top + len(table) * (bar_h + gap) + 30
    title = _title(_place(place), illustrative)
    alt = profile_alt(table, place)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
           f'style="max-width:{width}px" role="img" aria-label="{html.escape(alt, quote=True)}">',
           f"<title>{html.escape(title)}</title>",
           f'<text x="0" y="18" font-size="15" font-weight="bold" fill="#1b1f23">{html.escape(title)}</text>']
    english = language() == SOURCE_LANGUAGE
    for k in (0, 25, 50, 75, 100):
        x = left + scale * k / 100
        # The English axis has always read "25 %"; other languages take their own percent sign and space.
        tick = f"{k} %" if english else percent(k / 100)
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 24}" stroke="#d0d7de"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle" fill="#57606a">{tick}</text>')
    not_assessed = html.escape(_("not assessed"))
    for i, row in enumerate(table.itertuples(index=False)):
        y = top + i * (bar_h + gap)
        out.append(f'<text x="{left - 8}" y="{y + bar_h * 0.7:.1f}" font-size="12" text-anchor="end" '
                   f'fill="#1b1f23">{html.escape(dimension_name(row.dimension))}</text>')
        if row.share_in_place is None:
            out.append(f'<text x="{left + 4}" y="{y + bar_h * 0.7:.1f}" font-size="12" fill="#57606a">'
                       f'{not_assessed}</text>')
            continue
        w = max(scale * row.share_in_place, 1.5)
        out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{BAR_COLOUR[row.kind]}"/>')
        out.append(f'<text x="{left + w + 4:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="12" fill="#1b1f23">'
                   f'{percent(row.share_in_place)}</text>')
    out.append("</svg>")
    legend_text = _("Blue bars: the framework's three principles; green bars: its three objectives. Dimensions are "
                    "shown in the framework's order, not ranked.")
    legend = f'<p style="font-size:90%">{html.escape(legend_text, quote=False)}</p>'
    rows = "".join(f'<tr><th scope="row">{html.escape(dimension_name(r.dimension))}</th><td>{r.answered}</td>'
                   f"<td>{r.dont_know}</td>"
                   f"<td>{'' if r.share_in_place is None else percent(r.share_in_place)}</td>"
                   f"<td>{html.escape(_(r.level))}</td></tr>" for r in table.itertuples(index=False))
    caption = _("{title}: the values of the chart").format(title=title)
    head = "".join(f'<th scope="col">{html.escape(h, quote=False)}</th>' for h in (
        _("dimension"), _("answered"), _("don't know"), _("in place"), _("reading")))
    data = (f'<table class="m4d-profile"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return f'<figure class="m4d-figure">{"".join(out)}{legend}</figure>{data}'


def profile_figure(table: pd.DataFrame, place: str = "the authority", *, illustrative: bool = False):
    """The same profile as a plotly bar chart (fixed 0-100 % axis, the dimensions' own order)."""
    import plotly.graph_objects as go

    shares = [None if s is None else 100 * s for s in table["share_in_place"]]
    fig = go.Figure(go.Bar(x=shares, y=[dimension_name(d) for d in table["dimension"]], orientation="h",
                           marker_color=[BAR_COLOUR[k] for k in table["kind"]],
                           text=[_(r) for r in table["level"]], hovertemplate="%{y}: %{x:.0f} %<extra></extra>"))
    fig.update_layout(title=_title(_place(place), illustrative),
                      xaxis=dict(range=[0, 100], title=_("share of what the questions ask about that is in place (%)")),
                      yaxis=dict(autorange="reversed"), height=360, margin=dict(l=10, r=10, t=50, b=40),
                      **localise_figure_layout({}))
    return fig

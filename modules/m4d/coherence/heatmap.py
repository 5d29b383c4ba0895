"""A heat map of the policy-coherence matrix, and the words that describe it.

Colour is never the only signal: every cell also carries its mark as text, so
the figure reads in grey scale and to a screen reader through its alt text.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from m4d.coherence.marks import HELPS, HINDERS, IGNORES, MARK_SCORES, mark_label
from m4d.coherence.matrix import check_matrix, titles_or_names
from m4d.coherence.summary import CoherenceSummary, coherence_summary
from m4d.i18n import _

#: Blue, pale grey and vermilion: distinguishable with the common colour-vision deficiencies.
MARK_COLOURS = {HELPS: "#4393c3", IGNORES: "#eeeeee", HINDERS: "#e08060"}


def coherence_heatmap(matrix: pd.DataFrame, sector_titles: Mapping[str, str] | None = None,
                      level_titles: Mapping[str, str] | None = None,
                      title: str | None = None) -> go.Figure:
    """A plotly heat map: levels as rows (the furthest from residents on top), sectors as columns.

    Drawn this way, horizontal coherence (between sectors at one level) reads
    along a row and vertical coherence (between levels in one sector) down a
    column. Each cell is coloured and labelled by its mark. ``title`` defaults to
    "Policy-coherence matrix" in the reader's language.
    """
    matrix = check_matrix(matrix)
    title = _("Policy-coherence matrix") if title is None else title
    s_title = titles_or_names(matrix.index, sector_titles)
    l_title = titles_or_names(matrix.columns, level_titles)
    levels = list(matrix.columns)[::-1]
    marks, z = _cells(matrix)
    lo, hi = MARK_COLOURS[HINDERS], MARK_COLOURS[HELPS]
    mid = MARK_COLOURS[IGNORES]
    # Scores -1, 0, +1 sit in the middle of three equal bands of a stepped scale.
    scale = [[0, lo], [1 / 3, lo], [1 / 3, mid], [2 / 3, mid], [2 / 3, hi], [1, hi]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[s_title[s] for s in matrix.index], y=[l_title[lv] for lv in levels],
        text=marks, texttemplate="%{text}", textfont={"size": 13, "color": "#111111"},
        colorscale=scale, zmin=-1.5, zmax=1.5, showscale=False, xgap=3, ygap=3,
        hovertemplate=_("%{x}, %{y} level: %{text}") + "<extra></extra>",
    ))
    fig.update_layout(
        title={"text": title}, width=140 + 105 * len(matrix.index), height=150 + 55 * len(levels),
        margin={"l": 90, "r": 20, "t": 90, "b": 20},
        xaxis={"side": "top", "title": None}, yaxis={"autorange": "reversed", "title": None},
        plot_bgcolor="white", font={"family": "sans-serif", "color": "#222222"},
        # The bare template keeps the figure's JSON small, so the widget redraws quickly.
        template="none",
    )
    return fig


def _cells(matrix: pd.DataFrame) -> tuple[list[list[str]], list[list[int]]]:
    # Rows of the figure are the levels, furthest from residents first.
    marks = [matrix[level].tolist() for level in list(matrix.columns)[::-1]]
    return [[mark_label(m) for m in row] for row in marks], [[MARK_SCORES[m] for m in row] for row in marks]


def refresh_heatmap(fig: go.Figure, matrix: pd.DataFrame) -> go.Figure:
    """Put new marks into a heat map made by :func:`coherence_heatmap` for the same sectors and levels.

    Changing the figure in place is some thirty times faster than building a new
    one, which keeps the widget's redraw well under 50 ms.
    """
    marks, z = _cells(check_matrix(matrix))
    fig.data[0].update(z=z, text=marks)
    return fig


def heatmap_alt(matrix: pd.DataFrame, summary: CoherenceSummary | None = None,
                illustrative: bool = False) -> str:
    """Alternative text for the heat map: its shape, the marks counted and the gaps counted."""
    matrix = check_matrix(matrix)
    summary = summary or coherence_summary(matrix)
    flat = [m for row in matrix.to_numpy().tolist() for m in row]
    if illustrative:
        text = _("Heat map (illustrative data) of {sectors} sector policies at {levels} levels of government, one "
                 "cell per policy and level. {helps} cells help migrants, {ignores} ignore them and {hinders} hinder "
                 "them. Horizontal gaps: {h_conflicts} conflicts and {h_blind} blind spots. Vertical gaps: "
                 "{v_conflicts} conflicts and {v_blind} blind spots.")
    else:
        text = _("Heat map of {sectors} sector policies at {levels} levels of government, one cell per policy and "
                 "level. {helps} cells help migrants, {ignores} ignore them and {hinders} hinder them. Horizontal "
                 "gaps: {h_conflicts} conflicts and {h_blind} blind spots. Vertical gaps: {v_conflicts} conflicts "
                 "and {v_blind} blind spots.")
    return text.format(sectors=len(matrix.index), levels=len(matrix.columns), helps=flat.count(HELPS),
                       ignores=flat.count(IGNORES), hinders=flat.count(HINDERS),
                       h_conflicts=summary.horizontal_conflicts, h_blind=summary.horizontal_blind_spots,
                       v_conflicts=summary.vertical_conflicts, v_blind=summary.vertical_blind_spots)

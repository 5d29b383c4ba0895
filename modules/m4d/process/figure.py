"""Draw the seven-step process from its data, with both tracks side by side.

Each step is a box in its column; a step the two tracks share is one box that
spans both rows, a step where they diverge is two boxes. Hovering a box lists
what the step involves. Built from the ``seven_steps`` dataset, never from a
picture, so a change to the data changes the figure.
"""
from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from m4d.i18n import _, translate_frame
from m4d.process.steps import TRACKS, seven_steps, shared_steps

_ROW_Y = {"new_partnership": 1.0, "existing_partnership": 0.0}
_SHARED_FILL = "#DCEAF7"
_TRACK_FILL = {"new_partnership": "#FCE8C8", "existing_partnership": "#D9F0E3"}
_BOX_W, _BOX_H = 0.84, 0.8
#: The steps' names (px): at 11 px step 5's unbreakable "Institutionalisation" reaches step 4's
#: words (by about 2 px in chromium), so the names are a little smaller than the track names.
_STEP_FONT = 10.5
#: The drawing's size (px; plotly's default width) and the part of the plane it shows.
_WIDTH, _HEIGHT = 700, 380
_MARGIN = {"l": 10, "r": 10, "t": 50, "b": 10}
_X_RANGE, _Y_RANGE = (-0.5, 7.6), (-0.6, 1.6)
#: Two neighbouring step names closer than this (px, by DejaVu Sans's widths) are moved apart,
#: to this: the English names, 3 px apart, stay where they are.
_NAME_GAP_MIN, _NAME_GAP = 2.0, 4.0


def _shown_steps():
    """The steps with their titles and actions in the reader's language; ``track`` keeps its code."""
    frame = seven_steps()
    return translate_frame(frame, "seven_steps").assign(track=frame["track"])


def _wrap(text: str, width: int = 16) -> str:
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def _name_shifts(names: list[tuple[int, float, str]]) -> list[float]:
    """How far (px) each step's name moves sideways so that it keeps clear of its neighbour's.

    A name is as wide as its longest word, which cannot be broken: beside "Définition des
    mécanismes", "Institutionnalisation" reaches into the next column. Two such neighbours (names
    of consecutive steps at the same height) move apart, each by half of what they lack, until
    :data:`_NAME_GAP` px lie between them; names that fit stay centred on their boxes."""
    from m4d.label_placement import LINE_EM, text_width

    across = (_WIDTH - _MARGIN["l"] - _MARGIN["r"]) / (_X_RANGE[1] - _X_RANGE[0])
    up = (_HEIGHT - _MARGIN["t"] - _MARGIN["b"]) / (_Y_RANGE[1] - _Y_RANGE[0])
    blocks = [(step * across, y * up, text_width(text, _STEP_FONT) / 2, (text.count("<br>") + 1) * _STEP_FONT * LINE_EM / 2)
              for step, y, text in names]
    shifts = [0.0] * len(names)
    for i, j in sorted(((i, j) for i in range(len(names)) for j in range(len(names)) if names[j][0] == names[i][0] + 1),
                       key=lambda pair: names[pair[0]][0]):
        (xi, yi, wi, hi), (xj, yj, wj, hj) = blocks[i], blocks[j]
        if abs(yi - yj) >= hi + hj:
            continue  # one above the other
        gap = (xj + shifts[j]) - wj - (xi + shifts[i]) - wi
        if gap < _NAME_GAP_MIN:
            shifts[i] -= (_NAME_GAP - gap) / 2
            shifts[j] += (_NAME_GAP - gap) / 2
    return [round(s, 1) for s in shifts]


def process_figure(highlight: int | None = None) -> go.Figure:
    """The seven steps for a new and for an existing partnership; ``highlight`` outlines one step."""
    frame = _shown_steps()
    shared = set(shared_steps())
    fig = go.Figure()
    hover_x, hover_y, hover_text = [], [], []
    names, named = [], []  # (step, y, text) of each box; the index of its annotation
    for step in range(1, 8):
        rows = frame[frame["step"] == step]
        boxes = ([("both", rows.iloc[0], -0.5 + _BOX_H / 2 + 0.1, 1.5 - _BOX_H / 2 - 0.1)] if step in shared else
                 [(r.track, r, _ROW_Y[r.track] - _BOX_H / 2, _ROW_Y[r.track] + _BOX_H / 2)
                  for r in rows.itertuples(index=False)])
        for track, row, y0, y1 in boxes:
            fill = _SHARED_FILL if track == "both" else _TRACK_FILL[track]
            width = 3 if highlight == step else 1
            fig.add_shape(type="rect", x0=step - _BOX_W / 2, x1=step + _BOX_W / 2, y0=y0, y1=y1,
                          fillcolor=fill, line={"color": "#333333", "width": width}, layer="below")
            names.append((step, (y0 + y1) / 2, f"<b>{step}</b><br>{_wrap(row.title)}"))
            fig.add_annotation(x=step, y=names[-1][1], text=names[-1][2], showarrow=False, font={"size": _STEP_FONT})
            named.append(len(fig.layout.annotations) - 1)
            hover_x.append(step)
            hover_y.append(round((y0 + y1) / 2, 3))
            who = _("Both tracks") if track == "both" else _(TRACKS[track])
            # Translators: the heading of a step's hover box, e.g. "Step 3: Identify partners".
            heading = _("Step {step}: {title}").format(step=step, title=row.title)
            hover_text.append(f"<b>{heading}</b> ({who})<br>" + "<br>".join(f"• {a}" for a in row.actions))
        if step < 7:
            fig.add_annotation(x=step + 0.5 + 0.02, y=0.5, ax=step + 0.5 - 0.1, ay=0.5, xref="x", yref="y",
                               axref="x", ayref="y", showarrow=True, arrowhead=2, arrowsize=1.2, text="")
    for index, shift in zip(named, _name_shifts(names)):
        if shift:
            fig.layout.annotations[index].xshift = shift
    fig.add_trace(go.Scatter(x=hover_x, y=hover_y, mode="markers", marker={"size": 40, "opacity": 0},
                             text=hover_text, hovertemplate="%{text}<extra></extra>", showlegend=False))
    for track, y in _ROW_Y.items():
        fig.add_annotation(x=0.45, y=y, text=_wrap(_(TRACKS[track]), 11), showarrow=False, xanchor="right",
                           font={"size": 12, "color": "#333333"})
    fig.update_layout(
        title=_("The seven steps: a new partnership and bringing migration into an existing one"),
        xaxis={"visible": False, "range": list(_X_RANGE)},
        yaxis={"visible": False, "range": list(_Y_RANGE)},
        height=_HEIGHT, margin=dict(_MARGIN), plot_bgcolor="#ffffff",
    )
    return fig


def process_alt(highlight: int | None = None) -> str:
    """Alternative text for :func:`process_figure`, built from the same data."""
    frame = _shown_steps()
    shared = set(shared_steps())
    parts = []
    for step in range(1, 8):
        rows = frame[frame["step"] == step]
        new = rows[rows["track"] == "new_partnership"].iloc[0]
        old = rows[rows["track"] == "existing_partnership"].iloc[0]
        if step in shared:
            # Translators: one step of the alt text's list, e.g. "1, Prepare (same for both)".
            parts.append(_("{step}, {title} (same for both)").format(step=step, title=new.title))
        elif new.title == old.title:
            parts.append(_("{step}, {title} (different actions for each)").format(step=step, title=new.title))
        else:
            parts.append(_("{step}, {new_title} for a new partnership or {existing_title} for an existing one").format(
                step=step, new_title=new.title, existing_title=old.title))
    text = _("Process diagram of seven steps in a row, for a new partnership (top) and for bringing migration "
             "into an existing partnership (bottom): {steps}.").format(steps="; ".join(parts))
    if highlight is not None:
        text += " " + _("Step {step} is outlined.").format(step=highlight)
    return text

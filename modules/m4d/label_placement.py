"""Where to write the name of each point of a chart so that no two names cover each other.

plotly writes a point's text at one of nine places around its marker (``textposition``) and
never moves it out of another text's way. :func:`place_labels` chooses the place of every name
by a small deterministic search: names are placed one by one (in the given order), each at the
first place, in order of preference, where its box (estimated from its characters, generously)
meets no name already placed, no marker and stays inside the room given; a name that fits
nowhere gets the place where it covers least, and is reported, so that the caller can write a
short key instead (see :func:`m4d.figure_images.phone_figure`).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

#: The places plotly can write a text around its point, the nearest to a plain reading first.
POSITIONS = ("top center", "bottom center", "middle right", "middle left",
             "top right", "top left", "bottom right", "bottom left")
#: Average advance of a character (em) in the faces plotly asks for, generously (DejaVu Sans).
EM_PER_CHAR = 0.62
#: Height of a line of plotly's text (em), with the glyphs' ascent and descent.
LINE_EM = 1.3
#: Free room kept between two names (px).
GAP = 2.0

_TAG = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>")

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Label:
    """One point's name: where the point is drawn (px, y downwards), its text and font size,
    and the marker's diameter (px)."""
    x: float
    y: float
    text: str
    size: float
    marker: float = 8.0


def text_box_size(text: str, size: float) -> tuple[float, float]:
    """About how wide and tall (px) plotly writes ``text`` (``<br>`` between lines) at ``size`` px."""
    lines = [html.unescape(_TAG.sub("", line)) for line in _BR.split(str(text))]
    return max((len(line) for line in lines), default=0) * size * EM_PER_CHAR, len(lines) * size * LINE_EM


def label_box(label: Label, position: str, size: tuple[float, float] | None = None) -> Box:
    """The box (left, top, right, bottom in px) of ``label`` written at ``position`` (``size``: its
    text's width and height, if already known)."""
    width, height = size or text_box_size(label.text, label.size)
    vertical, _, horizontal = position.partition(" ")
    offset = label.marker / 2 + 2
    left = {"left": label.x - offset - width, "right": label.x + offset}.get(horizontal, label.x - width / 2)
    top = {"top": label.y - offset - height, "bottom": label.y + offset}.get(vertical, label.y - height / 2)
    return left, top, left + width, top + height


def _shared(a: Box, b: Box) -> float:
    # The area two boxes share, each widened by half the gap.
    w = min(a[2], b[2]) - max(a[0], b[0]) + GAP
    h = min(a[3], b[3]) - max(a[1], b[1]) + GAP
    return w * h if w > 0 and h > 0 else 0.0


def _outside(box: Box, room: Box) -> float:
    return (max(0.0, room[0] - box[0]) + max(0.0, box[2] - room[2])) * (box[3] - box[1]) \
        + (max(0.0, room[1] - box[1]) + max(0.0, box[3] - room[3])) * (box[2] - box[0])


def place_labels(labels: list[Label], room: Box, preferred: list[str] | None = None,
                 obstacles: list[Box] = ()) -> tuple[list[str], list[int]]:
    """The ``textposition`` of each label, and the indices of those that could not be placed clear.

    ``room`` is where names may be written (px); ``preferred`` a first choice per label (tried
    before :data:`POSITIONS`); ``obstacles`` other boxes no name may cover (a title, a key)."""
    markers = [(p.x - p.marker / 2, p.y - p.marker / 2, p.x + p.marker / 2, p.y + p.marker / 2) for p in labels]
    placed: list[Box] = [*obstacles]
    positions, crowded = [], []
    for i, label in enumerate(labels):
        if not label.text:
            positions.append((preferred or [POSITIONS[0]] * len(labels))[i])
            continue
        choices = list(dict.fromkeys([*([preferred[i]] if preferred else []), *POSITIONS]))
        others = placed + markers[:i] + markers[i + 1:]
        size = text_box_size(label.text, label.size)
        best, best_cost = choices[0], None
        for position in choices:  # the first place in order of preference that covers nothing
            box = label_box(label, position, size)
            cost = _outside(box, room) + sum(_shared(box, other) for other in others)
            if best_cost is None or cost < best_cost:
                best, best_cost = position, cost
            if cost == 0:
                break
        if best_cost:
            crowded.append(i)
        positions.append(best)
        placed.append(label_box(label, best, size))
    return positions, crowded

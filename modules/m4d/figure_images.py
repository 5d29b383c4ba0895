"""Light pages: every plotly figure of the book is first shown as a picture.

A reader on a slow or metered connection, or on an old machine, gets each figure as
a small SVG drawn at build time from the same figure (same data, same layout), with
the figure's alternative text; plotly.js (1-5 MB) is downloaded only when the reader
asks for the interactive chart with the button under the picture.

- :func:`static_first` rewrites a page's HTML: each ``<figure class="m4d-figure">``
  made by :func:`m4d.figures.show` gets a ``<picture>`` of the figure (drawn twice: as
  laid out, and redrawn for a phone by :func:`phone_figure`, which a screen at most
  :data:`PHONE_MEDIA` wide downloads instead), its plotly code
  kept inert (``type="text/plain"``), and a button that loads the scripts and draws it;
- :func:`render_svgs` draws the pictures with Debian's chromium (the one that prints the
  PDF) and plotly.js's own ``Plotly.toImage``: no kaleido, no download. Pictures are named
  by a digest of the figure, so an unchanged figure is never drawn twice.

The button is run by the book's script (``book_theme/static/m4d-book.js``).
"""
from __future__ import annotations

import hashlib
import itertools
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from m4d.i18n import _
from m4d.i18n.numbers import number

#: Where the pictures go in the built book (beside Sphinx's own images).
IMAGE_DIR = "_images"
#: plotly's size for a figure whose layout gives none (``Plotly.toImage`` uses it too).
DEFAULT_WIDTH, DEFAULT_HEIGHT = 700, 450
#: The phone picture: drawn as wide as the book's text column on a 360-400 px screen, so it is
#: shown at (about) its own size and its text keeps the size it was drawn at.
PHONE_WIDTH = 340
#: Screens at most this wide get the phone picture (the theme's phone layout starts there too).
PHONE_MEDIA = "(max-width: 600px)"
#: The narrowest screen the book is read on (CSS px) and how wide the text column, and so the
#: phone picture, is shown there (the theme's padding; measured in chromium at 320 px).
NARROWEST_SCREEN, NARROWEST_COLUMN = 320, 272
#: The smallest text a reader should see (CSS px), on the narrowest screen too.
READABLE_TEXT = 12
#: No text of a phone picture is drawn smaller than this (px of the picture's own size): the
#: picture is shrunk to :data:`NARROWEST_COLUMN` on a 320 px screen, where it is still
#: :data:`READABLE_TEXT` px.
PHONE_MIN_FONT = -(-READABLE_TEXT * PHONE_WIDTH // NARROWEST_COLUMN)
#: Characters of a title line on the phone picture (plotly does not wrap titles).
_PHONE_TITLE_CHARS = 30
#: Characters of a legend line on the phone picture.
_PHONE_LEGEND_CHARS = 26
#: Average advance of a character, in em, of the sans-serif faces plotly asks for (Open Sans,
#: Verdana, Arial) and of DejaVu Sans, the widest of the faces a reader's system falls back to.
_EM_PER_CHAR = 0.62
#: Room kept free at the picture's edges (px).
_EDGE = 4
#: A phone's heat map cells and diagram rows: enough for two lines of text.
_ROW_PX = 40

_FIGURE = re.compile(r'<figure class="m4d-figure"(?P<attrs>[^>]*)>(?P<inner>.*?)</figure>', re.S)
_ALT = re.compile(r'\baria-label="([^"]*)"')
#: Attributes of the figure that belong to the picture once there is one.
_PICTURE_ATTRS = re.compile(r'\s*\b(?:aria-label|role)="[^"]*"')
_SCRIPT = re.compile(r"<script(?: type=\"text/javascript\")?>")
_TAG = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>")


@dataclass(frozen=True)
class FigurePicture:
    """One figure to draw: its plotly data and layout, and the picture's file name."""
    data: list
    layout: dict
    name: str

    @property
    def width(self) -> int:
        return int(self.layout.get("width") or DEFAULT_WIDTH)

    @property
    def height(self) -> int:
        return int(self.layout.get("height") or DEFAULT_HEIGHT)


def picture_for(data: list, layout: dict) -> FigurePicture:
    """The picture of a figure, named by a digest of what it draws."""
    digest = hashlib.sha1(json.dumps([data, layout], sort_keys=True).encode()).hexdigest()[:16]
    return FigurePicture(data, layout, f"m4d-figure-{digest}.svg")


def _legible(node, minimum: int):
    # Every font of the figure (layout.font, tickfont, legend.font, a trace's textfont ...)
    # at least ``minimum`` px; a font with no size takes plotly's default of 12.
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and isinstance(value.get("size"), (int, float)):
                value = {**value, "size": max(value["size"], minimum)}
            out[key] = _legible(value, minimum)
        return out
    if isinstance(node, list):
        return [_legible(v, minimum) for v in node]
    return node


def _wrapped(text: str, width: int) -> tuple[str, int]:
    """``text`` broken into lines of about ``width`` characters with plotly's ``<br>``, and the line count."""
    lines: list[str] = []
    for part in _BR.split(text):
        line = ""
        for word in part.split():
            if line and len(_TAG.sub("", line)) + 1 + len(_TAG.sub("", word)) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return "<br>".join(lines), len(lines)


def _text_px(text: str, size: float) -> float:
    """About how wide plotly draws ``text`` (its longest line) at ``size`` px."""
    return max((len(html.unescape(_TAG.sub("", line))) for line in _BR.split(str(text))), default=0) * size * _EM_PER_CHAR


def _chars_in(px: float, size: float) -> int:
    return max(8, int(px / (size * _EM_PER_CHAR)))


def _number(value):
    """A coordinate as a number (dates as seconds), or None for a category."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        from datetime import datetime
        try:
            return datetime.fromisoformat(value.replace(" ", "T")).timestamp()
        except ValueError:
            return None
    return None


class _Plot:
    """Where (in the picture's px) the plot area of a phone picture lies, as far as the layout tells."""

    def __init__(self, data: list, layout: dict, width: int):
        margin = layout.get("margin") or {}
        self.left, self.right = margin.get("l", 80), width - margin.get("r", 80)
        self.width = width
        self.ranges = {}
        for axis in ("x", "y"):
            given = (layout.get(f"{axis}axis") or {}).get("range")
            values = [_number(v) for t in data if isinstance(t, dict) for v in (t.get(axis) or [])
                      if isinstance(t.get(axis), list)]
            values = [v for v in values if v is not None]
            if given and len(given) == 2 and None not in map(_number, given):
                low, high = map(_number, given)
            elif values:
                low, high = min(values), max(values)
                pad = (high - low) * 0.06 or 1
                low, high = low - pad, high + pad
            else:
                low, high = 0.0, 1.0
            self.ranges[axis] = (low, high)

    def x_px(self, value, ref: str = "x") -> float | None:
        if ref == "paper":
            number = _number(value)
            return None if number is None else self.left + number * (self.right - self.left)
        number, (low, high) = _number(value), self.ranges["x"]
        if number is None or high == low:
            return None
        return self.left + (number - low) / (high - low) * (self.right - self.left)

    def x_value(self, px: float, ref: str = "x"):
        fraction = (px - self.left) / (self.right - self.left)
        if ref == "paper":
            return fraction
        low, high = self.ranges["x"]
        return low + fraction * (high - low)

    def overflow(self, start: float, end: float) -> float:
        return max(0.0, _EDGE - start) + max(0.0, end - (self.width - _EDGE))


def _point_labels_inside(trace: dict, plot: _Plot, size: float) -> None:
    # A label beside a point near the picture's edge is moved to the point's other side (or
    # centred over it) and wrapped, so it is drawn inside the picture (and never clipped).
    texts = trace.get("text")
    if "text" not in str(trace.get("mode", "")) or not isinstance(texts, list):
        return
    xs = trace.get("x") or []
    positions = trace.get("textposition", "middle right")
    positions = list(positions) if isinstance(positions, list) else [positions] * len(texts)
    offset = (trace.get("marker", {}).get("size", 6) if isinstance(trace.get("marker", {}).get("size", 6), (int, float)) else 6) / 2 + 3
    longest = _chars_in(0.5 * (plot.right - plot.left), size)
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text or i >= len(xs):
            continue
        anchor = plot.x_px(xs[i])
        if anchor is None:
            continue
        text, _ = _wrapped(text, longest)
        texts[i] = text
        vertical, _, horizontal = str(positions[i] if i < len(positions) else "middle right").partition(" ")
        w = _text_px(text, size)
        spans = {"right": (anchor + offset, anchor + offset + w), "left": (anchor - offset - w, anchor - offset),
                 "center": (anchor - w / 2, anchor + w / 2)}
        choices = [horizontal or "center"] + [h for h in (("center", "left", "right") if vertical != "middle"
                                                          else ("left", "right")) if h != horizontal]
        best = min(choices, key=lambda h: (plot.overflow(*spans[h]) > 0, plot.overflow(*spans[h]), choices.index(h)))
        positions[i] = f"{vertical} {best}"
    trace["textposition"] = positions
    trace["text"] = texts
    trace["cliponaxis"] = False


def _y_px(value, settings: dict, top: float, bottom: float) -> float | None:
    """Where (px, downwards) a y value is drawn in a plot from ``top`` to ``bottom``: a number by
    the axis's range, a category by its place in the axis's category order."""
    given = settings.get("range")
    if not (given and len(given) == 2):
        return None
    low, high = map(float, given)
    if isinstance(value, str) and settings.get("categoryarray"):
        order = list(settings["categoryarray"])
        if value not in order:
            return None
        number = float(order.index(value))
    else:
        number = _number(value)
    if number is None or high == low:
        return None
    fraction = (number - low) / (high - low)
    if settings.get("autorange") == "reversed":
        fraction = 1 - fraction
    return bottom - fraction * (bottom - top)


def _all_centred(data: list) -> bool:
    """Whether every named point's name is written over its point (``middle center``): a diagram of discs."""
    return all(set(t["textposition"] if isinstance(t.get("textposition"), list) else [t.get("textposition")])
               == {"middle center"} for t in _labelled(data))


def _parted_labels(data: list, phone: dict, plot: _Plot, top: float, bottom: float, size: float,
                   separator: str = " ", originals: dict | None = None, centred: bool | None = None) -> list[str]:
    """Point names moved apart (each trace's ``textposition`` chosen by
    :func:`m4d.label_placement.place_labels` for the phone's size). Where the names cannot all
    be written clear of each other on a phone, each point is numbered instead and the numbered
    names are returned, for a key under the chart (a name's lines joined by ``separator``;
    ``originals`` maps a trace's ``id`` to its names before they were wrapped)."""
    originals = originals or {}
    from m4d.label_placement import Label, place_labels

    points = []  # (trace, index in trace, Label)
    markers = []  # the points with no name, which no name may cover either
    square = None
    yaxis = phone.get("yaxis") or {}
    middle_x, middle_y = (plot.left + plot.right) / 2, (top + bottom) / 2
    if yaxis.get("scaleanchor") == "x" and yaxis.get("range") and plot.ranges["x"][1] != plot.ranges["x"][0]:
        across = (plot.right - plot.left) / (plot.ranges["x"][1] - plot.ranges["x"][0])
        up = (bottom - top) / abs(float(yaxis["range"][1]) - float(yaxis["range"][0]))
        unit = min(across, up)
        square = (unit / across, unit / up)
    inside = _all_centred(data) if centred is None else centred
    for trace in _labelled(data):
        xs, ys = trace.get("x") or [], trace.get("y") or []
        if not isinstance(ys, list):
            return []
        tsize = (trace.get("textfont") or {}).get("size", size)
        marker = (trace.get("marker") or {}).get("size", 6)
        positions = trace.get("textposition", "middle center")
        for i, text in enumerate(trace["text"]):
            x = plot.x_px(xs[i]) if i < len(xs) else None
            y = _y_px(ys[i], phone.get("yaxis") or {}, top, bottom) if i < len(ys) else None
            if x is not None and y is not None and square:
                # One unit is as long across as up (scaleanchor): plotly shrinks the longer side
                # of the plot to the shorter's scale, about its middle.
                x = middle_x + (x - middle_x) * square[0]
                y = middle_y + (y - middle_y) * square[1]
            if not isinstance(text, str) or not text:
                if x is not None and y is not None and isinstance(marker, (int, float)):
                    markers.append((x - marker / 2, y - marker / 2, x + marker / 2, y + marker / 2))
                continue
            if x is None or y is None:
                return []  # a point this estimate cannot place (a map, a log axis): left as it is
            points.append((trace, i, Label(x, y, text, tsize if isinstance(tsize, (int, float)) else size,
                                           marker if isinstance(marker, (int, float)) else 6),
                           positions[i] if isinstance(positions, list) and i < len(positions) else positions))
    if len(points) < 2:
        return []
    room = (_EDGE, top, PHONE_WIDTH - _EDGE, bottom)
    if inside:
        # Names written inside their discs (a diagram of discs) stay there; where two of them
        # meet, each disc shows a number instead, which fits in it.
        from m4d.label_placement import label_box
        boxes = [label_box(label, "middle center") for *_, label, _p in points]
        crowded = [i for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])]
        # A name too wide for the picture where its disc is drawn is numbered too.
        crowded += [i for i, a in enumerate(boxes) if a[0] < room[0] or a[2] > room[2]]
        positions = ["middle center"] * len(points)
    else:
        positions, crowded = place_labels([label for *_, label, _p in points], room, [p for *_, p in points],
                                          markers)
    key = []
    if crowded:
        # The key gives each name as the figure gave it (before it was wrapped for the phone).
        key = [_BR.sub(separator, str(originals.get(id(trace), trace["text"])[i])) for trace, i, _l, _p in points]
        numbered = [Label(label.x, label.y, str(n), label.size, label.marker)
                    for n, (_t, _i, label, _p) in enumerate(points, 1)]
        if not inside:
            positions, _still = place_labels(numbered, room, ["middle right"] * len(numbered), markers)
        for n, (trace, i, _label, _p) in enumerate(points, 1):
            trace["text"] = list(trace["text"])
            trace["text"][i] = str(n)
    _set_text_positions(points, positions)
    return key


def _set_text_positions(points: list, positions: list[str]) -> None:
    """Give each placed point's name the position the search chose (a trace's one position becomes a list)."""
    for (trace, i, _label, _p), position in zip(points, positions):
        if not isinstance(trace.get("textposition"), list):
            trace["textposition"] = [trace.get("textposition", "middle center")] * len(trace["text"])
        trace["textposition"][i] = position


def _parted_map_labels(data: list, phone: dict, room: tuple[float, float, float, float], size: float) -> list[str]:
    """Place names on a "natural earth" map whose view is set (``lonaxis``/``lataxis`` ranges, as
    :func:`m4d.label_placement.view_geo` sets them): the places are projected as plotly projects
    them and parted by :func:`m4d.label_placement.place_labels`; where they cannot all be written
    clear, each is numbered (a name that starts with its rank, "2. Tangier", keeps that number)
    and the names are returned for a key under the map."""
    from m4d.label_placement import Label, fitted_map_points, place_labels, view_around, view_geo

    geo = phone.get("geo") or {}
    ranges = [(geo.get(axis) or {}).get("range") for axis in ("lonaxis", "lataxis")]
    if (geo.get("projection") or {}).get("type") != "natural earth" or geo.get("fitbounds") or not all(ranges):
        return []
    # The phone's map has another shape than the figure's: its view is made again for its shape.
    every = [(lon, lat) for t in data if isinstance(t, dict) and t.get("type") == "scattergeo"
             for lon, lat in zip(t.get("lon") or [], t.get("lat") or []) if lon is not None and lat is not None]
    if not every:
        return []
    view = view_around([p[0] for p in every], [p[1] for p in every], room)
    phone["geo"] = geo = {**geo, **{k: v for k, v in view_geo(view).items() if k != "projection"},
                          "projection": {**(geo.get("projection") or {}), **view_geo(view)["projection"]}}
    traces = [t for t in data if isinstance(t, dict) and t.get("type") == "scattergeo"
              and isinstance(t.get("lat"), list) and isinstance(t.get("lon"), list)]
    points, markers = [], []  # (trace, index, Label, position); the boxes of unnamed markers
    for trace in traces:
        places = [(lon, lat) for lon, lat in zip(trace["lon"], trace["lat"]) if lon is not None and lat is not None]
        if not places:
            continue
        spots = fitted_map_points([p[0] for p in places], [p[1] for p in places], room, view)
        named = "text" in str(trace.get("mode", "")) and isinstance(trace.get("text"), list)
        marker = (trace.get("marker") or {}).get("size", 6)
        marker = marker if isinstance(marker, (int, float)) else 6
        positions = trace.get("textposition", "middle center")
        for i, (x, y) in enumerate(spots):
            text = trace["text"][i] if named and i < len(trace["text"]) else None
            if isinstance(text, str) and text:
                points.append((trace, i, Label(x, y, text, size, marker),
                               positions[i] if isinstance(positions, list) else positions))
            elif "markers" in str(trace.get("mode", "")):
                markers.append((x - marker / 2, y - marker / 2, x + marker / 2, y + marker / 2))
    if len(points) < 2:
        return []
    positions, crowded = place_labels([label for _t, _i, label, _p in points], room, [p for *_, p in points], markers)
    key = []
    if crowded:
        ranked = [re.match(r"(\d+)\. ", label.text) for _t, _i, label, _p in points]
        taken = {int(m.group(1)) for m in ranked if m}
        spare = (n for n in itertools.count(1) if n not in taken)
        numbers = [int(m.group(1)) if m else next(spare) for m in ranked]
        names = {n: (label.text if m else f"{n}. {label.text}")
                 for n, m, (_t, _i, label, _p) in zip(numbers, ranked, points)}
        key = [names[n] for n in sorted(names)]
        numbered = [Label(label.x, label.y, str(n), label.size, label.marker)
                    for n, (_t, _i, label, _p) in zip(numbers, points)]
        positions, _still = place_labels(numbered, room, ["middle right"] * len(numbered), markers)
        for n, (trace, i, _label, _p) in zip(numbers, points):
            trace["text"] = list(trace["text"])
            trace["text"][i] = str(n)
    _set_text_positions(points, positions)
    return key


def _annotation_inside(note: dict, plot: _Plot, size: float) -> None:
    if not isinstance(note.get("text"), str) or not note["text"]:
        return
    ref = "paper" if note.get("xref") == "paper" else "x"
    note["text"], _ = _wrapped(note["text"], _chars_in(plot.width - 2 * _EDGE, size))
    anchor = plot.x_px(note.get("x", 0.5), ref)
    if anchor is None:
        return
    w = _text_px(note["text"], size)
    side = note.get("xanchor", "auto")
    start = {"left": anchor, "right": anchor - w}.get(side, anchor - w / 2)
    if plot.overflow(start, start + w):
        start = min(max(start, _EDGE), plot.width - _EDGE - w)
        note.update(xanchor="left", x=plot.x_value(max(start, _EDGE), ref))


def _turned_heatmap(trace: dict, layout: dict) -> bool:
    # A heat map with more columns than rows is turned on a phone: its columns become rows,
    # so each cell is as wide as a third or a half of the picture and its word fits in it.
    xs, ys = trace.get("x"), trace.get("y")
    if not (isinstance(xs, list) and isinstance(ys, list) and len(xs) > len(ys)):
        return False
    turn = lambda grid: [list(row) for row in zip(*grid)] if isinstance(grid, list) and grid and isinstance(grid[0], list) else grid
    trace.update(x=ys, y=xs, z=turn(trace.get("z")), text=turn(trace.get("text")),
                 xgap=trace.get("ygap"), ygap=trace.get("xgap"))
    old_x, old_y = dict(layout.get("xaxis") or {}), dict(layout.get("yaxis") or {})
    layout["xaxis"] = {**{k: v for k, v in old_y.items() if k not in {"autorange", "side"}},
                       "side": old_x.get("side", "bottom"), "automargin": True}
    layout["yaxis"] = {**{k: v for k, v in old_x.items() if k != "side"}, "autorange": "reversed", "automargin": True}
    return True


def _cells_fit_beside_names(trace: dict, size: float) -> bool:
    """Whether each cell word of a turned heat map fits in its column with the row names beside
    the plot (they take the phone's left margin): "obstaculiza" in three columns beside
    "Servicios sociales" does not, "hinders" beside "Social services" does."""
    words = [str(w) for row in (trace.get("text") or []) if isinstance(row, list) for w in row]
    if not words or not trace.get("x"):
        return True
    from m4d.label_placement import text_width

    cell_size = (trace.get("textfont") or {}).get("size", size)
    names = max(text_width(str(v), size) for v in trace["y"]) + 8
    column = (PHONE_WIDTH - 20 - names) / len(trace["x"]) - (trace.get("xgap") or 0)
    return max(text_width(w, cell_size) for w in words) + 4 <= column


def _names_above_rows(trace: dict, phone: dict, size: float) -> int:
    """The row names of a turned heat map written above their rows, across the picture, so that the
    columns take the whole width; returns the px the picture grows by. Each row's cells are
    lowered under a band (``ygap``) that holds the row's name; the caller narrows the left margin."""
    names = [str(v) for v in trace["y"]]
    band = int(size * 1.3) + 10
    pitch = _ROW_PX + band
    trace["ygap"] = band
    yaxis = {k: v for k, v in (phone.get("yaxis") or {}).items() if k not in {"autorange", "automargin"}}
    # Reversed (the first row on top), with half a band more above the first row for its name.
    phone["yaxis"] = {**yaxis, "showticklabels": False, "ticks": "", "range": [len(names) - 0.5, -0.5 - band / (2 * pitch)]}
    phone["annotations"] = [*(phone.get("annotations") or []), *(
        {"text": name, "showarrow": False, "font": {"size": size}, "xref": "paper", "x": 0, "xanchor": "left",
         "yref": "y", "y": i - 0.5, "yanchor": "middle"} for i, name in enumerate(names))]
    return len(names) * band + band // 2


def _sankey_node_spans(sources, targets, values, count, height, pad, iterations=50):
    """Where (px from the plot's top) plotly.js puts each node of a Sankey diagram ``height`` px
    tall: (top, bottom). The steps of d3-sankey 0.12 as plotly.js calls it (justified columns,
    ``iterations`` rounds of relaxation, the padding cut to two thirds of the room per gap),
    so that a phone picture knows which names end up next to each other."""
    nodes = [{"i": i, "sl": [], "tl": []} for i in range(count)]
    links = []
    for k, (s, t, v) in enumerate(zip(sources, targets, values)):
        link = {"i": k, "s": nodes[s], "t": nodes[t], "v": float(v), "w": 0.0}
        links.append(link)
        nodes[s]["sl"].append(link)
        nodes[t]["tl"].append(link)
    for n in nodes:
        n["value"] = max(sum(l["v"] for l in n["sl"]), sum(l["v"] for l in n["tl"]))
    layer_of, frontier, depth = {}, list(nodes), 0
    while frontier:
        following = []
        for n in frontier:
            n["depth"] = depth
            following += [l["t"] for l in n["sl"] if l["t"] not in following]
        frontier, depth = following, depth + 1
        if depth > count:
            raise ValueError("circular link")
    layers = max(n["depth"] for n in nodes) + 1
    columns = [[] for _ in range(layers)]
    for n in nodes:
        n["layer"] = max(0, min(layers - 1, n["depth"] if n["sl"] else layers - 1))
        columns[n["layer"]].append(n)
    gap = min(pad, 2 / 3 * height / (max(len(c) for c in columns) - 1)) if max(len(c) for c in columns) > 1 else pad
    by_target = lambda l: (l["t"]["y0"], l["i"])
    by_source = lambda l: (l["s"]["y0"], l["i"])
    ky = min((height - (len(c) - 1) * gap) / sum(n["value"] for n in c) for c in columns if c)
    for c in columns:
        y = 0.0
        for n in c:
            n["y0"], n["y1"] = y, y + n["value"] * ky
            y = n["y1"] + gap
            for l in n["sl"]:
                l["w"] = l["v"] * ky
        y = (height - y + gap) / (len(c) + 1)
        for k, n in enumerate(c):
            n["y0"] += y * (k + 1)
            n["y1"] += y * (k + 1)
    for c in columns:
        for n in c:
            n["sl"].sort(key=by_target)
            n["tl"].sort(key=by_source)

    def reorder(n):
        for l in n["tl"]:
            l["s"]["sl"].sort(key=by_target)
        for l in n["sl"]:
            l["t"]["tl"].sort(key=by_source)

    def target_top(src, tgt):
        y = src["y0"] - (len(src["sl"]) - 1) * gap / 2
        for l in src["sl"]:
            if l["t"] is tgt:
                break
            y += l["w"] + gap
        for l in tgt["tl"]:
            if l["s"] is src:
                break
            y -= l["w"]
        return y

    def source_top(src, tgt):
        y = tgt["y0"] - (len(tgt["tl"]) - 1) * gap / 2
        for l in tgt["tl"]:
            if l["s"] is src:
                break
            y += l["w"] + gap
        for l in src["sl"]:
            if l["t"] is tgt:
                break
            y -= l["w"]
        return y

    def down(c, y, start, beta):
        for n in c[start:]:
            d = (y - n["y0"]) * beta
            if d > 1e-6:
                n["y0"] += d
                n["y1"] += d
            y = n["y1"] + gap

    def up(c, y, start, beta):
        for k in range(start, -1, -1):
            n = c[k]
            d = (n["y1"] - y) * beta
            if d > 1e-6:
                n["y0"] -= d
                n["y1"] -= d
            y = n["y0"] - gap

    def collisions(c, beta):
        middle = len(c) >> 1
        m = c[middle]
        up(c, m["y0"] - gap, middle - 1, beta)
        down(c, m["y1"] + gap, middle + 1, beta)
        up(c, height, len(c) - 1, beta)
        down(c, 0.0, 0, beta)

    def relax(c, alpha, beta, incoming):
        for n in c:
            total = weight = 0.0
            for l in (n["tl"] if incoming else n["sl"]):
                other = l["s"] if incoming else l["t"]
                f = l["v"] * abs(n["layer"] - other["layer"])
                total += (target_top(other, n) if incoming else source_top(n, other)) * f
                weight += f
            if not weight > 0:
                continue
            d = (total / weight - n["y0"]) * alpha
            n["y0"] += d
            n["y1"] += d
            reorder(n)
        c.sort(key=lambda n: n["y0"])
        collisions(c, beta)

    for k in range(iterations):
        alpha = 0.99 ** k
        beta = max(1 - alpha, (k + 1) / iterations)
        for c in reversed(columns[:-1]):
            if c:
                relax(c, alpha, beta, incoming=False)
        for c in columns[1:]:
            if c:
                relax(c, alpha, beta, incoming=True)
    return [(n["y0"], n["y1"]) for n in nodes]


def _sankey_room_for_names(trace: dict, plot_height: int, size: float) -> int:
    """How many px taller a phone's Sankey diagram must be so that no two node names meet.

    plotly writes each name centred beside its node, however tall the name and however thin
    the node; names of nodes that plotly stacks next to each other (:func:`_sankey_node_spans`)
    must not reach into each other. The plot grows by tenths until they do not (at most three
    times as tall); a diagram whose names already part stays as it is."""
    from m4d.label_placement import LINE_EM

    node, link = trace.get("node") or {}, trace.get("link") or {}
    labels = node.get("label")
    ends = [link.get(k) for k in ("source", "target", "value")]
    if not isinstance(labels, list) or not all(isinstance(e, list) for e in ends) or plot_height <= 0:
        return 0
    tall = [(str(v).count("<br>") + 1) * size * LINE_EM for v in labels]
    pad = node.get("pad", 20)
    for extra in range(0, 2 * plot_height + 1, max(1, plot_height // 10)):
        try:
            spans = _sankey_node_spans(*ends, len(labels), plot_height + extra, pad)
        except (ValueError, IndexError, TypeError):
            return 0  # not a diagram this estimate can follow: left as it is
        names = sorted(((a + b) / 2 - h / 2, (a + b) / 2 + h / 2, column)
                       for (a, b), h, column in zip(spans, tall, _sankey_columns(*ends[:2], len(labels))))
        by_column: dict[int, list] = {}
        for top, bottom, column in names:
            by_column.setdefault(column, []).append((top, bottom))
        if all(below[0] - above[1] >= 2 for column in by_column.values() for above, below in zip(column, column[1:])):
            return extra
    return 0


def _sankey_columns(sources: list, targets: list, count: int) -> list[int]:
    # A name beside a node of the last column is written on its left, the others on their right:
    # names of different columns do not stack (their columns are apart), so only a column's count.
    outgoing = {int(s) for s in sources}
    incoming = {int(t) for t in targets}
    return [0 if i not in incoming else (2 if i not in outgoing else 1) for i in range(count)]


def _swap_xy(item: dict) -> dict:
    pairs = [("x", "y"), ("x0", "y0"), ("x1", "y1"), ("xref", "yref"), ("ax", "ay"), ("axref", "ayref")]
    out = dict(item)
    for a, b in pairs:
        if a in item or b in item:
            out.pop(a, None), out.pop(b, None)
            if a in item:
                out[b] = item[a]
            if b in item:
                out[a] = item[b]
    anchor = {"right": "bottom", "left": "top"}.get(item.get("xanchor"))
    out.pop("xanchor", None), out.pop("yanchor", None)
    if anchor:
        out["yanchor"] = anchor
    return out


def _turned_flow_diagram(data: list, layout: dict) -> bool:
    # A diagram (no axes) much wider than tall, such as steps from left to right, is drawn
    # from top to bottom on a phone, where there is room downwards and none sideways.
    xaxis, yaxis = layout.get("xaxis") or {}, layout.get("yaxis") or {}
    if xaxis.get("visible") is not False or yaxis.get("visible") is not False or "scaleanchor" in yaxis:
        return False
    xr, yr = xaxis.get("range"), yaxis.get("range")
    if not (xr and yr and (xr[1] - xr[0]) > 2 * (yr[1] - yr[0])):
        return False
    for trace in data:
        if isinstance(trace, dict) and trace.get("type", "scatter") == "scatter":
            trace["x"], trace["y"] = trace.get("y"), trace.get("x")
    for key in ("shapes", "annotations"):
        if layout.get(key):
            layout[key] = [_swap_xy(item) for item in layout[key]]
    layout["xaxis"] = {**yaxis, "range": [yr[1], yr[0]]}
    layout["yaxis"] = {**xaxis, "range": [xr[1], xr[0]]}
    layout["height"] = int((xr[1] - xr[0]) * 2.6 * _ROW_PX)
    return True


def _labelled(data: list) -> list[dict]:
    return [t for t in data if isinstance(t, dict) and t.get("type", "scatter") == "scatter"
            and "text" in str(t.get("mode", "")) and isinstance(t.get("text"), list)]


def _spread_network(data: list, layout: dict, plot_height: int) -> int:
    # A drawing of points with names and no axes (a network): on a phone its range is cut to
    # the points themselves (the room kept beside them for long names is too narrow to use)
    # and the plot is made taller, about a name's height per point, so the names can part.
    xaxis, yaxis = layout.get("xaxis") or {}, layout.get("yaxis") or {}
    labelled = _labelled(data)
    if xaxis.get("visible") is not False or yaxis.get("visible") is not False or "scaleanchor" in yaxis \
            or not labelled:
        return plot_height
    for axis in ("x", "y"):
        values = [v for t in data if isinstance(t, dict) and isinstance(t.get(axis), list)
                  for v in t[axis] if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if values:
            low, high = min(values), max(values)
            pad = (high - low) * 0.08 or 1
            layout[f"{axis}axis"] = {**(layout.get(f"{axis}axis") or {}), "range": [low - pad, high + pad]}
    names = sum(1 for t in labelled for v in t["text"] if v)
    return max(plot_height, min(1000, 45 * names))


def phone_figure(data: list, layout: dict) -> tuple[list, dict]:
    """The figure redrawn for a phone: :data:`PHONE_WIDTH` wide, no text under :data:`PHONE_MIN_FONT`
    px (plotly hides a bar or slice label that would have to shrink below), and every word inside
    the picture: the title, long category names, point labels and notes wrapped; a label near the
    edge moved to its point's other side; the legend in a column under the plot; a wide heat map
    or flow diagram turned on its side; a Sankey diagram taller, its node names wrapped."""
    data = _legible(json.loads(json.dumps(data)), PHONE_MIN_FONT)
    phone = _legible(json.loads(json.dumps(layout)), PHONE_MIN_FONT)
    _turned_flow_diagram(data, phone)
    height = int(phone.get("height") or DEFAULT_HEIGHT)
    margin0 = phone.get("margin") or {}
    plot_height = height - margin0.get("t", 100) - margin0.get("b", 80)
    height += _spread_network(data, phone, plot_height) - plot_height
    xaxis = phone.get("xaxis") or {}
    if "dtick" in xaxis and xaxis.get("type") != "category":
        # A tick a year is too many across a phone: plotly picks a few round ones.
        phone["xaxis"] = {**{k: v for k, v in xaxis.items() if k != "dtick"}, "nticks": 4, "tickangle": 0}
    tracks = [t for t in _labelled(data) if isinstance(t.get("y"), list) and t["y"]
              and all(isinstance(v, str) and v == t.get("name") for v in t["y"])]
    tracks_shown = bool(tracks) and len(tracks) == len(_labelled(data))
    if tracks_shown:
        # Time lines, one row (track) per trace: the legend names each track, so the row names
        # give their width to the plot, and each track gets room for its stacked labels.
        phone["yaxis"] = {**(phone.get("yaxis") or {}), "showticklabels": False}
        height += max(0, 200 * len(tracks) - plot_height)
    phone.update(width=PHONE_WIDTH, autosize=False, uniformtext={"minsize": PHONE_MIN_FONT, "mode": "hide"})
    font = phone["font"] = {**phone.get("font", {}), "size": max(PHONE_MIN_FONT, phone.get("font", {}).get("size", 12))}
    size = font["size"]
    margin = dict(phone.get("margin") or {})
    # The right margin held a legend that now sits below; the left one holds the axis's labels
    # (plotly widens it for them where the template asks, as plotly.py's does).
    margin.update(l=min(margin.get("l", 40), 90), r=min(margin.get("r", 80), 20))
    room = {"t": 0, "b": 0}  # px added to the top and bottom margins once the title has its own
    for trace in data:
        if not isinstance(trace, dict):
            continue
        kind = trace.get("type", "scatter")
        if kind == "heatmap" and _turned_heatmap(trace, phone):
            rows = len(trace["y"])
            height = max(height, margin.get("t", 100) + margin.get("b", 80) + rows * _ROW_PX)
            # The column names, now few and long for their narrow columns, slant at a fixed
            # angle, in room of their own between the title and the plot.
            slant = int(max(_text_px(str(v), size) for v in trace["x"]) * 0.6) + 8
            phone["xaxis"]["tickangle"] = -35
            side = "t" if phone["xaxis"].get("side") == "top" else "b"
            room[side] += slant
            if not _cells_fit_beside_names(trace, size):
                height += _names_above_rows(trace, phone, size)
                margin["l"] = 8
        elif kind == "sankey":
            node = trace.get("node") or {}
            labels = node.get("label")
            if isinstance(labels, list):
                node["label"] = [_wrapped(str(v), _chars_in(0.45 * PHONE_WIDTH, size))[0] for v in labels]
                height = max(height, int(height * 1.4), 60 * len(labels))
                height += _sankey_room_for_names(trace, height - margin.get("t", 100) - margin.get("b", 80), size)
    # Long category names on an axis are wrapped (as tick text: the data keeps its names).
    for axis in ("x", "y"):
        key = f"{axis}axis"
        settings = dict(phone.get(key) or {})
        categories = list(dict.fromkeys(v for t in data if isinstance(t, dict) and t.get("type", "scatter") in {"bar", "scatter", "box"}
                                        and isinstance(t.get(axis), list) for v in t[axis] if isinstance(v, str) and _number(v) is None))
        limit = _chars_in(0.48 * PHONE_WIDTH, size) if axis == "y" else _chars_in(PHONE_WIDTH / max(1, len(categories)), size)
        if categories and "tickvals" not in settings and settings.get("visible", True) is not False \
                and max(len(c) for c in categories) > limit:
            wrapped = [_wrapped(c, limit) for c in categories]
            settings.update(tickmode="array", tickvals=categories, ticktext=[w for w, _ in wrapped], automargin=True)
            phone[key] = settings
            if axis == "y":
                # Each category's row holds its name's lines (plotly does not part them).
                top, bottom = margin.get("t", 100), margin.get("b", 80)
                needed = len(categories) * (max(n for _, n in wrapped) * size * 1.3 + 14)
                height += max(0, int(needed) - (height - top - bottom))
        elif axis == "x" and not categories and "tickvals" not in settings and "nticks" not in settings \
                and settings.get("type") != "category":
            # Dates and numbers across a phone: a few round ticks, not plotly's slanted crowd.
            phone[key] = settings = {**settings, "nticks": 4}
        elif settings.get("visible", True) is not False and axis == "y" and categories:
            phone[key] = settings = {**settings, "automargin": True}
        axis_title = settings.get("title")
        if isinstance(axis_title, str):
            axis_title = {"text": axis_title}
        if isinstance(axis_title, dict) and isinstance(axis_title.get("text"), str) and axis_title["text"]:
            # The plot is narrow on a phone (and narrower still beside wrapped category names).
            phone[key] = {**settings, "title": {**axis_title, "text": _wrapped(axis_title["text"], _chars_in(0.5 * PHONE_WIDTH, size))[0]}}
    title = phone.get("title")
    if isinstance(title, str):
        title = phone["title"] = {"text": title}
    if isinstance(title, dict) and title.get("text"):
        tsize = max(min(title.get("font", {}).get("size", 17), PHONE_MIN_FONT + 1), PHONE_MIN_FONT)
        title["text"], lines = _wrapped(str(title["text"]), _PHONE_TITLE_CHARS)
        title.update(font={**title.get("font", {}), "size": tsize}, x=0, xanchor="left", xref="container",
                     y=1 - 12 / height, yanchor="top", yref="container", pad={"l": 8})
        # Room under it for the glyphs' descent and a clear gap above the plot's highest tick label.
        needed = 12 + int(lines * tsize * 1.35) + 28
        margin["t"] = max(margin.get("t", 100), needed)
        height += max(0, needed - int(layout.get("margin", {}).get("t", 100)))
        # plotly puts a title's first baseline, not its top, at y: it is lowered by a line.
        title["y"] = 1 - (12 + tsize) / height
    for side, extra in room.items():
        margin[side] = margin.get(side, 100 if side == "t" else 80) + extra
        height += extra
    if isinstance(title, dict) and title.get("text"):
        title["y"] = 1 - (12 + title["font"]["size"]) / height
    phone["margin"] = margin
    plot = _Plot(data, phone, PHONE_WIDTH)
    unwrapped = {id(t): list(t["text"]) for t in _labelled(data)}
    # Names written inside their discs (middle center) stay a disc diagram's even when the edge step
    # below moves a long one beside its point: they are parted (or numbered) as names inside discs.
    centred = _all_centred(data)
    for trace in data:
        if isinstance(trace, dict) and trace.get("type", "scatter") == "scatter":
            tsize = (trace.get("textfont") or {}).get("size", size)
            _point_labels_inside(trace, plot, tsize if isinstance(tsize, (int, float)) else size)
    for note in phone.get("annotations") or []:
        nsize = (note.get("font") or {}).get("size", size)
        _annotation_inside(note, plot, nsize if isinstance(nsize, (int, float)) else size)
    # Names of points parted; where they cannot be, a numbered key under the chart names the points.
    plot_top, plot_bottom = margin.get("t", 100), height - margin.get("b", 80)
    # On a time line each line of a label is a milestone of its own (m4d.agenda.timeline.label_groups).
    key = _parted_labels(data, phone, plot, plot_top, plot_bottom, size, "; " if tracks_shown else " ",
                         unwrapped, centred)
    numbered_key = False
    if not key:
        # A map's names, placed where its projection puts the places; its key is already numbered.
        key = _parted_map_labels(data, phone, (margin.get("l", 80), plot_top, PHONE_WIDTH - margin.get("r", 80),
                                               plot_bottom), size)
        numbered_key = bool(key)
    key_px = 0
    if key:
        chars = _chars_in(PHONE_WIDTH - margin.get("l", 80) - _EDGE, size)
        lines = [_wrapped(name if numbered_key else f"{n}. {name}", chars)[0] for n, name in enumerate(key, 1)]
        count = sum(line.count("<br>") + 1 for line in lines)
        key_px = int(count * size * 1.3) + 24
        ticks = 40 if (phone.get("xaxis") or {}).get("visible", True) is not False else 10
        phone["annotations"] = [*(phone.get("annotations") or []), {
            "text": "<br>".join(lines), "showarrow": False, "align": "left", "font": {"size": size},
            "xref": "paper", "x": 0, "xanchor": "left", "yref": "paper",
            "y": -ticks / max(60, plot_bottom - plot_top), "yanchor": "top"}]
        margin["b"] = margin.get("b", 80) + key_px + ticks  # plotly does not widen a margin for a note
        height += key_px + ticks
        key_px += ticks - 40
    entries = [t for t in data if isinstance(t, dict) and t.get("showlegend", True) is not False
               and t.get("type", "scatter") not in {"heatmap", "sankey", "choropleth", "pie"}]
    if phone.get("showlegend", len(entries) > 1) and entries:
        for trace in entries:
            if isinstance(trace.get("name"), str):
                trace["name"], _ = _wrapped(trace["name"], _PHONE_LEGEND_CHARS)
        legend = dict(phone.get("legend") or {})
        if isinstance(legend.get("title"), dict) and isinstance(legend["title"].get("text"), str):
            legend["title"] = {**legend["title"], "side": "top"}
            legend["title"]["text"], _ = _wrapped(legend["title"]["text"], _PHONE_LEGEND_CHARS + 4)
        # A column under the plot: plotly widens the bottom margin to hold it, so the
        # picture grows by about a line per entry and the plot keeps its height.
        # Under the x axis's tick labels and title, whatever the plot's height.
        below = key_px + (40 if key_px else 0) + 40 + (28 * (str((phone.get("xaxis") or {}).get("title", {}).get("text", "")).count("<br>") + 1)
                      if isinstance((phone.get("xaxis") or {}).get("title"), dict) and phone["xaxis"]["title"].get("text") else 0)
        plot_px = max(60, height - margin.get("t", 100) - margin.get("b", 80))
        legend.update(orientation="v", x=0, xanchor="left", y=-below / plot_px, yanchor="top", yref="paper")
        if key_px:
            # The legend under the key widens the bottom margin to hold both.
            margin["b"] -= key_px + 40
        phone["legend"] = legend
        lines = sum(str(t.get("name", "")).count("<br>") + 1 for t in entries) + ("title" in legend)
        height += int(size * 1.75) * lines + 30
    phone["height"] = height
    return data, phone


def phone_picture_for(data: list, layout: dict) -> FigurePicture:
    """The phone picture of a figure (:func:`phone_figure`), named by a digest of what it draws."""
    picture = picture_for(*phone_figure(data, layout))
    return FigurePicture(picture.data, picture.layout, picture.name.replace(".svg", "-phone.svg"))


def static_first(body: str, plotly_calls, image_url, scripts: list[str], download_kb: int) -> tuple[str, list[FigurePicture]]:
    """A page's HTML with each plotly figure shown as a picture first, and the pictures to draw.

    ``plotly_calls(html)`` yields the (data, layout) of each ``Plotly.newPlot`` of a piece
    of HTML; ``image_url(name)`` is the picture's URL from this page; ``scripts`` are the
    URLs the interactive chart needs, in order; ``download_kb`` is what they weigh.
    """
    pictures: list[FigurePicture] = []

    def light(match):
        attrs, inner = match.group("attrs"), match.group("inner")
        calls = list(plotly_calls(inner))
        if len(calls) != 1 or "data-m4d-static" in attrs:
            return match.group(0)  # not one figure of m4d.figures.show: left as it is
        data, layout = calls[0]
        picture, phone = picture_for(data, layout), phone_picture_for(data, layout)
        pictures.extend([picture, phone])
        alt = _ALT.search(attrs)
        alt_text = alt.group(1) if alt else ""
        inert = _SCRIPT.sub('<script type="text/plain" class="m4d-figure-code">', inner)
        # Translators: the button under a chart's picture; the size follows it, in brackets.
        label = _("Show the interactive chart")
        if download_kb >= 1000:
            # Translators: what the interactive chart downloads, in megabytes (MB).
            size = _("(loads about {megabytes} MB)").format(megabytes=number(download_kb / 1000, ".1f"))
        else:
            # Translators: what the interactive chart downloads, in kilobytes (kB).
            size = _("(loads about {kilobytes} kB)").format(kilobytes=number(download_kb, "d"))
        # The alternative text moves to the picture (the figure is named after it only once
        # the interactive chart replaces the picture), so a screen reader hears it once.
        return (f'<figure class="m4d-figure" data-m4d-static="true"{_PICTURE_ATTRS.sub("", attrs)}>'
                # A phone downloads only its own picture (drawn for its width), a wider screen only the other.
                f'<picture class="m4d-figure-pictures"><source media="{PHONE_MEDIA}" '
                f'srcset="{html.escape(image_url(phone.name), quote=True)}" width="{phone.width}" height="{phone.height}">'
                f'<img class="m4d-figure-picture" src="{html.escape(image_url(picture.name), quote=True)}" '
                f'alt="{alt_text}" width="{picture.width}" height="{picture.height}" loading="lazy" decoding="async">'
                '</picture>'
                f'<div class="m4d-figure-live" hidden>{inert}</div>'
                f'<button type="button" class="m4d-figure-load" hidden '
                f'data-m4d-scripts="{html.escape(" ".join(scripts), quote=True)}">'
                f'{html.escape(label)} <span class="m4d-figure-size">{html.escape(size)}</span></button>'
                "</figure>")

    return _FIGURE.sub(light, body), pictures


_PAGE = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>"
#: How long one picture may take to draw. Playwright puts no deadline on a script's promise, and a
#: picture that never resolves (a map waiting for outlines it cannot fetch) would hang the build.
DRAW_SECONDS = 120

_DRAW = """async ([data, layout, width, height, seconds]) => {
    const late = new Promise((_, reject) => setTimeout(
        () => reject(new Error(`plotly did not draw the picture within ${seconds} s`)), seconds * 1000));
    return await Promise.race([late, Plotly.toImage({data: data, layout: layout, config: {}},
                                                    {format: 'svg', width: width, height: height})]);
}"""


def svg_from_data_url(url: str) -> str:
    """The SVG text of plotly's ``data:image/svg+xml,...`` URL."""
    prefix, _, payload = url.partition(",")
    if not prefix.startswith("data:image/svg+xml"):
        raise ValueError(f"plotly returned {prefix!r}, not an SVG")
    return unquote(payload)


_GEOMETRY = re.compile(r'(\s(?:d|transform|points|x|y|x1|y1|x2|y2|cx|cy|r|dx|dy)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\d\.\d\d)\d+")


def compact_svg(svg: str) -> str:
    """The SVG with its drawing coordinates cut to two decimals (a hundredth of a pixel):
    plotly writes sixteen, which makes a world map three times heavier. Text is untouched."""
    return _GEOMETRY.sub(lambda m: m.group(1) + _LONG_DECIMAL.sub(r"\1", m.group(2)) + '"', svg)


def render_svgs(pictures: list[FigurePicture], out_dir: Path, plotly_js: Path, geo_scripts: list[Path],
                chromium: Path, chromium_args: list[str]) -> int:
    """Draw every picture not yet in ``out_dir`` with chromium and plotly.js; returns how many were drawn."""
    out_dir = Path(out_dir)
    todo = {p.name: p for p in pictures if not (out_dir / p.name).exists()}
    if not todo:
        return 0
    if not Path(chromium).exists():
        raise RuntimeError("The book's figure pictures are drawn with Debian's chromium, which is not installed: "
                           "run `make book` (it installs system-packages/book.txt).")
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=list(chromium_args), headless=True)
        try:
            page = browser.new_page()
            page.route("**/*", lambda r: r.abort())  # nothing to fetch: every script is given inline
            page.set_content(_PAGE)
            for script in [*geo_scripts, plotly_js]:
                page.add_script_tag(content=Path(script).read_text(encoding="utf-8"))
            for picture in todo.values():
                try:
                    url = page.evaluate(_DRAW, [picture.data, picture.layout, picture.width, picture.height,
                                                DRAW_SECONDS])
                except Exception as err:  # playwright's Error carries the page's own message
                    raise RuntimeError(f"The figure picture {picture.name} could not be drawn: {err}") from None
                svg = compact_svg(svg_from_data_url(url))
                tmp = out_dir / f".{picture.name}.part"
                tmp.write_text(svg, encoding="utf-8")
                tmp.replace(out_dir / picture.name)
        finally:
            browser.close()
    return len(todo)


_LIVE = re.compile(r'<div class="m4d-figure-live" hidden>(.*?)</div><button type="button" class="m4d-figure-load"', re.S)


def live_figures(page_html: str, plotly_calls) -> list[FigurePicture]:
    """The pictures that a written page shows (one per figure rewritten by :func:`static_first`)."""
    return [picture for inner in _LIVE.findall(page_html) for data, layout in plotly_calls(inner)
            for picture in (picture_for(data, layout), phone_picture_for(data, layout))]

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


#: Advance widths (thousandths of an em) of DejaVu Sans, the face chromium falls back to for the
#: faces plotly asks for, the widest of a reader's usual fallbacks (read from DejaVuSans.ttf):
#: to tell whether two particular names, such as "Institutionnalisation" beside "Définition des",
#: fit side by side, where :func:`text_box_size`'s generous average cannot.
_ADVANCES = {
    275: "'", 278: "ijlìíîïĩīĭįıĵĺļ", 295: "IÌÍÎÏĨĪĬĮİ", 318: " ,.\xa0·’‘", 337: "/:;\\|", 352: "f",
    361: "-\xad", 390: "()[]", 392: "tţťŧ", 401: "!¡", 411: "rŕŗř", 460: '"', 500: "*_`–", 518: "“”",
    521: "sśŝşš", 525: "zźżž", 531: "?¿", 550: "cçćĉċč", 557: "LĹĻĽĿ", 575: "F", 579: "k", 592: "vxyýÿŷ",
    603: "P", 611: "TYÝŢŤŦŶŸ", 612: "o«»òóôõöøōŏő", 613: "aàáâãäåāăą", 615: "eèéêëēĕėęě", 630: "ß",
    632: "EÈÉÊËĒĔĖĘĚ", 634: "hnuñùúûüńņňũūŭůűų", 635: "SbdgpqďđğŚŞŠ", 636: "$0123456789{}€", 656: "K",
    684: "AVÀÁÂÃÄÅĀĂĄ", 685: "XZŹŻŽ", 686: "B", 695: "RŔŖŘ", 698: "CÇĆĈĊČ", 732: "UÙÚÛÜŨŪŬŮŰŲ",
    748: "NÑŃŅŇ", 752: "H", 770: "DĎ", 775: "GĞ", 780: "&", 787: "OQÒÓÔÕÖØŌŎŐ", 818: "w",
    838: "#+<=>^~±×÷", 863: "M", 950: "%", 974: "mÆ", 982: "æ", 989: "W", 1000: "@©®—…", 1023: "œ", 1070: "Œ",
}
_ADVANCE = {char: width / 1000 for width, chars in _ADVANCES.items() for char in chars}


def text_width(text: str, size: float) -> float:
    """How wide (px) chromium writes the longest line of ``text`` (``<br>`` between lines, tags
    left out) at ``size`` px in DejaVu Sans; a character not in the table counts as
    :data:`EM_PER_CHAR`."""
    lines = [html.unescape(_TAG.sub("", line)) for line in _BR.split(str(text))]
    return max((sum(_ADVANCE.get(c, EM_PER_CHAR) for c in line) for line in lines), default=0.0) * size


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


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """Where the point at ``lon``, ``lat`` (degrees) lies on plotly's "natural earth" map (d3's
    Natural Earth 1 projection of a unit sphere; x eastwards, y northwards), so that names on a
    map can be placed in the map's own coordinates, not in degrees."""
    import math

    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


def fitted_map_points(lons: list[float], lats: list[float], room: Box,
                      view: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Where points land (px, y downwards) on a "natural earth" map drawn in ``room`` whose
    ``lonaxis``/``lataxis`` ranges are ``view`` (west, east, south, north), centred on the view's
    middle and turned about its middle meridian (:func:`view_geo` gives those settings): plotly
    fits the projected view into the room at one scale and puts the view's middle at the room's."""
    west, east, south, north = view
    middle_lon, middle_lat = (west + east) / 2, (south + north) / 2
    steps = 16
    edge = [(west + (east - west) * i / steps, lat) for i in range(steps + 1) for lat in (south, north)]
    edge += [(lon, south + (north - south) * i / steps) for i in range(steps + 1) for lon in (west, east)]
    corners = [natural_earth(lon - middle_lon, lat) for lon, lat in edge]
    low_x, high_x = min(x for x, _ in corners), max(x for x, _ in corners)
    low_y, high_y = min(y for _, y in corners), max(y for _, y in corners)
    width, height = room[2] - room[0], room[3] - room[1]
    scale = min(width / max(high_x - low_x, 1e-9), height / max(high_y - low_y, 1e-9))
    _x0, y0 = natural_earth(0.0, middle_lat)
    centre_x, centre_y = (room[0] + room[2]) / 2, (room[1] + room[3]) / 2
    return [(centre_x + x * scale, centre_y - (y - y0) * scale)
            for x, y in (natural_earth(lon - middle_lon, lat) for lon, lat in zip(lons, lats))]


def view_geo(view: tuple[float, float, float, float]) -> dict:
    """The ``geo`` settings of a "natural earth" map that shows ``view`` (west, east, south, north)
    as :func:`fitted_map_points` expects it."""
    west, east, south, north = view
    middle = {"lon": (west + east) / 2, "lat": (south + north) / 2}
    return {"projection": {"type": "natural earth", "rotation": {"lon": middle["lon"], "lat": 0}},
            "center": middle, "lonaxis": {"range": [west, east]}, "lataxis": {"range": [south, north]},
            "fitbounds": False}


def _projected_size(view: tuple[float, float, float, float]) -> tuple[float, float]:
    west, east, south, north = view
    middle_lon = (west + east) / 2
    steps = 16
    edge = [(west + (east - west) * i / steps, lat) for i in range(steps + 1) for lat in (south, north)]
    edge += [(lon, south + (north - south) * i / steps) for i in range(steps + 1) for lon in (west, east)]
    corners = [natural_earth(lon - middle_lon, lat) for lon, lat in edge]
    return (max(x for x, _ in corners) - min(x for x, _ in corners),
            max(y for _, y in corners) - min(y for _, y in corners))


def view_filling(view: tuple[float, float, float, float], room: Box) -> tuple[float, float, float, float]:
    """``view`` (west, east, south, north) widened about its middle, across or up, until its
    projection has the room's shape: plotly draws a view in a box of its own shape, so a view of
    another shape leaves the room's sides blank, and names written there would be cut off."""
    west, east, south, north = view
    target = (room[2] - room[0]) / max(room[3] - room[1], 1e-9)
    for _ in range(8):
        width, height = _projected_size((west, east, south, north))
        ratio = target * height / max(width, 1e-9)
        if abs(ratio - 1) < 1e-3:
            break
        if ratio > 1:  # too narrow: x is proportional to the longitude's distance from the middle
            middle, half = (west + east) / 2, (east - west) / 2 * ratio
            west, east = max(-180.0, middle - half), min(180.0, middle + half)
        else:
            middle, half = (south + north) / 2, (north - south) / 2 / ratio
            south, north = max(-89.0, middle - half), min(89.0, middle + half)
    return west, east, south, north


def view_around(lons: list[float], lats: list[float], room: Box) -> tuple[float, float, float, float]:
    """The view (west, east, south, north, degrees) of a map of these places drawn in ``room``:
    their extent with room for names around it (a sixth of the span each side, at least 1.5
    degrees), widened to the room's shape (:func:`view_filling`)."""
    lons, lats = [float(v) for v in lons], [float(v) for v in lats]
    pad_lon = max(1.5, (max(lons) - min(lons)) / 6)
    pad_lat = max(1.5, (max(lats) - min(lats)) / 6)
    view = (max(-180.0, min(lons) - pad_lon), min(180.0, max(lons) + pad_lon),
            max(-89.0, min(lats) - pad_lat), min(89.0, max(lats) + pad_lat))
    return view_filling(view, room)

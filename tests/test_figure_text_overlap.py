"""No two words of a book picture are drawn on top of each other, on a phone or a wider screen,
in any edition.

Every figure of the book is drawn by plotly.js in Debian's chromium as the build draws it, as
laid out and redrawn for a phone (:func:`m4d.figure_images.phone_figure`), and chromium tells
where each text element lands: its own box (the glyphs' extent) turned as the text is turned, so
a slanted tick label is a slanted rectangle. Two such rectangles may not share more than
:data:`TOLERANCE` px. The pictures are the ones the phone-picture test draws (one drawing
session for both tests, see ``tests.book_figures.book_pictures``). The French and Spanish
editions' pictures (longer words: "Institutionnalisation", "Gobernanza") are read from the
editions the suite builds once (``editions_site``, tests/conftest.py): each page keeps the plotly
code of its figures under their pictures, and they are measured the same way.
"""
from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from tests.book_figures import book_pictures

#: How deep (px) two text boxes may reach into each other: the rounding of chromium's layout.
TOLERANCE = 1.0

Point = tuple[float, float]

#: Pictures whose texts still overlap, each with why (the goal is an empty list). An entry whose
#: picture no longer overlaps fails the test below, so the list can only shrink.
KNOWN_OVERLAPS = {
}


def overlap_depth(a: list[Point], b: list[Point]) -> float:
    """How far two convex polygons reach into each other (px): the smallest overlap of their
    shadows on the normals of their edges (separating axis theorem); 0 or less if they do not meet."""
    depth = float("inf")
    for polygon in (a, b):
        for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1]):
            nx, ny = y0 - y1, x1 - x0
            length = (nx * nx + ny * ny) ** 0.5
            if length == 0:
                continue
            shadow_a = [(x * nx + y * ny) / length for x, y in a]
            shadow_b = [(x * nx + y * ny) / length for x, y in b]
            depth = min(depth, min(max(shadow_a), max(shadow_b)) - max(min(shadow_a), min(shadow_b)))
    return depth


def overlapping_texts(drawn: dict) -> list[tuple[str, str, float]]:
    """Each pair of visible texts of a measured picture whose boxes share more than :data:`TOLERANCE` px."""
    texts = [t for t in drawn["texts"] if t.get("shown", True)]
    return [(a["text"], b["text"], depth) for a, b in itertools.combinations(texts, 2)
            if (depth := overlap_depth(a["corners"], b["corners"])) > TOLERANCE]


def _rectangle(cx, cy, w, h, turn):
    import math

    c, s = math.cos(turn), math.sin(turn)
    return [(cx + c * dx - s * dy, cy + s * dx + c * dy) for dx, dy in
            ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2))]


def _inside(point, polygon):
    # Inside a convex polygon (either winding): on one side of every edge.
    px, py = point
    sides = [(x1 - x0) * (py - y0) - (y1 - y0) * (px - x0)
             for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1])]
    return all(s > 0 for s in sides) or all(s < 0 for s in sides)


def test_overlap_depth_agrees_with_a_brute_force_search_for_a_shared_point():
    rng = random.Random(16)
    checked = 0
    for _ in range(150):
        a = _rectangle(rng.uniform(0, 20), rng.uniform(0, 20), rng.uniform(2, 12), rng.uniform(2, 6), rng.uniform(0, 3.2))
        b = _rectangle(rng.uniform(0, 20), rng.uniform(0, 20), rng.uniform(2, 12), rng.uniform(2, 6), rng.uniform(0, 3.2))
        depth = overlap_depth(a, b)
        if abs(depth) < 0.3:
            continue  # too close to call on the grid below
        # A point shared by both lies where their upright extents meet: search it on a fine grid.
        low_x, high_x = max(min(x for x, _ in a), min(x for x, _ in b)), min(max(x for x, _ in a), max(x for x, _ in b))
        low_y, high_y = max(min(y for _, y in a), min(y for _, y in b)), min(max(y for _, y in a), max(y for _, y in b))
        grid = [(low_x + i / 8, low_y + j / 8) for i in range(int((high_x - low_x) * 8) + 1)
                for j in range(int((high_y - low_y) * 8) + 1)]
        shared = any(_inside(p, a) and _inside(p, b) for p in grid)
        assert shared == (depth > 0), (a, b, depth)
        checked += 1
    assert checked > 100


@pytest.fixture(scope="module")
def pictures():
    from m4d.book_export import CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    return book_pictures()


@pytest.mark.slow
@pytest.mark.browser
def test_the_measure_finds_two_names_on_one_point_and_not_slanted_neighbours(pictures):
    probes = {p["page"]: p["drawn"] for p in pictures if p["kind"] == "probe"}
    (first, second, _), = overlapping_texts(probes["two names on one point"])
    assert {first, second} == {"Region of Tuscany", "Governorate of Kasserine"}
    slanted = probes["slanted ticks"]
    ticks = [t for t in slanted["texts"] if t["text"] in {"Municipality of Alvora", "Regional government"}]
    (left, _, right, _), (left2, _, right2, _) = (t["box"] for t in ticks)
    assert min(right, right2) - max(left, left2) > TOLERANCE, "the upright boxes of the slanted names meet"
    assert not overlapping_texts(slanted), "the slanted names themselves do not"


def _overlaps(pictures) -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for picture in pictures:
        if picture["kind"] == "probe":
            continue
        for first, second, depth in overlapping_texts(picture["drawn"]):
            title = picture["layout"].get("title")
            title = title.get("text") if isinstance(title, dict) else title
            found.setdefault((picture["page"], picture["kind"]), []).append(
                f"{picture['page']} ({picture['kind']} picture, {str(title or '')[:40].replace('<br>', ' ')!r}): "
                f"{first[:40]!r} and {second[:40]!r} overlap by {depth:.0f} px")
    return found


def texts_past_the_edge(drawn: dict) -> list[tuple[str, float]]:
    """Each visible text of a measured picture that reaches more than :data:`TOLERANCE` px past
    the picture's edge (plotly.js cuts it there: a title too long for one line, say)."""
    out = []
    for text in drawn["texts"]:
        if not text.get("shown", True):
            continue
        xs, ys = [x for x, _ in text["corners"]], [y for _, y in text["corners"]]
        past = max(-min(xs), max(xs) - drawn["width"], -min(ys), max(ys) - drawn["height"])
        if past > TOLERANCE:
            out.append((text["text"], past))
    return out


def _cut_texts(pictures) -> list[str]:
    return [f"{p['page']} ({p['kind']} picture, {p['drawn']['width']:.0f} px wide): {text[:50]!r} runs "
            f"{past:.0f} px past its edge"
            for p in pictures if p["kind"] != "probe" for text, past in texts_past_the_edge(p["drawn"])]


@pytest.mark.slow
@pytest.mark.browser
def test_the_measure_finds_slanted_names_that_run_past_a_narrow_pictures_edge(pictures):
    probes = {p["page"]: p["drawn"] for p in pictures if p["kind"] == "probe"}
    assert {text for text, _ in texts_past_the_edge(probes["slanted ticks"])} >= {"Municipality of Alvora"}
    assert not texts_past_the_edge(probes["two names on one point"])


@pytest.mark.slow
@pytest.mark.browser
def test_no_text_of_a_book_picture_runs_past_its_edge(pictures):
    # A title longer than the picture (plotly.js writes it on one line) is broken by m4d.figures.fit_title.
    cut = _cut_texts(pictures)
    assert not cut, f"{len(cut)} texts cut at a picture's edge:\n" + "\n".join(cut)


@pytest.mark.slow
@pytest.mark.browser
def test_no_two_texts_of_a_book_picture_overlap_on_a_phone_or_a_wide_screen(pictures):
    found = [line for key, lines in _overlaps(pictures).items() if key not in KNOWN_OVERLAPS for line in lines]
    assert not found, f"{len(found)} overlapping texts:\n" + "\n".join(found)


@pytest.mark.slow
@pytest.mark.browser
def test_every_known_overlap_is_still_there(pictures):
    english = {key for key in KNOWN_OVERLAPS if key[0].split("/", 1)[0] not in TRANSLATED}
    fixed = english - set(_overlaps(pictures))
    assert not fixed, f"no longer overlapping, remove from KNOWN_OVERLAPS: {sorted(fixed)}"


#: The editions whose figures are measured from their builds (English: the book's sources, above).
TRANSLATED = ("fr", "es")


def edition_figures(edition: Path) -> dict[str, list[tuple[str, tuple[list, dict]]]]:
    """Each page's pictures as a built edition shows them (page path -> (kind, (data, layout))):
    the figure as laid out and redrawn for a phone (:func:`m4d.figure_images.live_figures`, what
    the build drew), read from the plotly code each page keeps under its pictures."""
    from m4d.book_extension import _plotly_calls
    from m4d.figure_images import live_figures
    from tests.site_browser import book_pages

    pages = {}
    for rel in book_pages(edition):
        shown = live_figures((edition / rel).read_text(encoding="utf-8"), _plotly_calls)
        if shown:
            pages[rel] = [("desktop" if n % 2 == 0 else "phone", (p.data, p.layout)) for n, p in enumerate(shown)]
    return pages


def translated_pictures(site: Path) -> list[dict]:
    """The French and Spanish editions' pictures, each drawn once (a picture on two pages, or the
    same in both editions, is measured for the first), in one drawing session."""
    from tests.book_figures import measured_pictures

    todo, seen = [], set()
    for language in TRANSLATED:
        for page, shown in edition_figures(site / language).items():
            for kind, figure in shown:
                key = json.dumps(figure, sort_keys=True)
                if key not in seen:
                    seen.add(key)
                    todo.append((f"{language}/{page}", kind, figure))
    drawn = measured_pictures([figure for *_, figure in todo])
    return [{"page": page, "kind": kind, "data": data, "layout": layout, "drawn": picture}
            for (page, kind, (data, layout)), picture in zip(todo, drawn)]


@pytest.mark.slow
@pytest.mark.browser
def test_no_two_texts_of_a_french_or_spanish_picture_overlap_on_a_phone_or_a_wide_screen(editions_site):
    # Last in the file: the editions' fixture waits for their builds (tests/conftest.py), so the
    # English tests above have run by then; the drawing is in the test's call, under its bound.
    from m4d.book_export import CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    pictures = translated_pictures(editions_site)
    assert {p["page"].split("/", 1)[0] for p in pictures} == set(TRANSLATED), "each edition shows its figures"
    assert {p["kind"] for p in pictures} == {"desktop", "phone"}
    found = [line for key, lines in _overlaps(pictures).items() if key not in KNOWN_OVERLAPS for line in lines]
    fixed = {key for key in KNOWN_OVERLAPS if key[0].split("/", 1)[0] in TRANSLATED} - set(_overlaps(pictures))
    assert not found, f"{len(found)} overlapping texts in {len(pictures)} pictures:\n" + "\n".join(found)
    cut = _cut_texts(pictures)
    assert not cut, f"{len(cut)} texts cut at a picture's edge:\n" + "\n".join(cut)
    assert not fixed, f"no longer overlapping, remove from KNOWN_OVERLAPS: {sorted(fixed)}"

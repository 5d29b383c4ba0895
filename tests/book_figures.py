"""Every plotly figure the book shows, without building the book (for the phone-picture tests).

Activity notebooks are stored executed, so their figures are read from their outputs (the
HTML that :func:`m4d.figures.show` wrote); a MyST lesson's figures are drawn again by running
its code cells, with ``m4d.figures.show`` catching each figure instead of displaying it.
Each figure comes as the (data, layout) pair the book's build reads from the page
(:func:`m4d.book_extension._plotly_calls`), so the tests see exactly what the build draws.
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)
_CELL_OPTIONS = re.compile(r"\A(?:---\n.*?\n---\n|(?::[\w-]+:[^\n]*\n)+)", re.S)


def _sources():
    return sorted(p for p in BOOK.rglob("*") if p.suffix in {".md", ".ipynb"} and "_build" not in p.parts)


def notebook_figures(path: Path) -> list[tuple[list, dict]]:
    from m4d.book_extension import _plotly_calls

    found = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            page = output.get("data", {}).get("text/html", "")
            page = "".join(page) if isinstance(page, list) else page
            if 'class="m4d-figure"' in page:
                found += list(_plotly_calls(page))
    return found


def lesson_figures(path: Path) -> list[tuple[list, dict]]:
    """The figures of a MyST lesson, drawn by running its code cells up to its last figure."""
    import m4d.figures
    from m4d.book_extension import _plotly_calls

    cells = [_CELL_OPTIONS.sub("", c) for c in _CODE_CELL.findall(path.read_text(encoding="utf-8"))]
    figure_cells = [i for i, c in enumerate(cells) if re.search(r"\bshow\(", c) and "show_quiz" not in c]
    if not figure_cells:
        return []
    found: list[tuple[list, dict]] = []

    def catch(fig, alt):
        found.extend(_plotly_calls(m4d.figures.figure_bundle(fig, alt)["text/html"]))

    shown, namespace = m4d.figures.show, {"display": lambda *a, **k: None, "__name__": "__lesson__"}
    here = Path.cwd()
    m4d.figures.show = catch
    try:
        os.chdir(path.parent)
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            for cell in cells[: figure_cells[-1] + 1]:
                exec(compile(cell, f"{path.name} (code cell)", "exec"), namespace)
    finally:
        m4d.figures.show = shown
        os.chdir(here)
    return found


def book_figures() -> dict[str, list[tuple[list, dict]]]:
    """Each page's figures (page path under ``book/`` -> its figures' (data, layout)), pages with none left out."""
    pages = {}
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb" and "m4d-figure" in text:
            figures = notebook_figures(path)
        elif path.suffix == ".md" and "figures" in text and "code-cell" in text:
            figures = lesson_figures(path)
        else:
            continue
        if figures:
            pages[str(path.relative_to(BOOK))] = figures
    return pages


#: How long one picture may take to draw and be measured (the build allows its pictures as long).
DRAW_SECONDS = 120

#: Drawn in the page (not as an <img>) so that every text element can be measured where it lands.
_MEASURE = """async ([data, layout, width, height, seconds]) => {
    // Playwright puts no deadline on a script's promise: a picture that never draws fails.
    const late = new Promise((_, reject) => setTimeout(
        () => reject(new Error(`plotly did not draw the picture within ${seconds} s`)), seconds * 1000));
    const url = await Promise.race([late, Plotly.toImage({data: data, layout: layout, config: {}},
                                                         {format: 'svg', width: width, height: height})]);
    const svgText = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    const holder = document.createElement('div');
    holder.innerHTML = svgText;
    document.body.appendChild(holder);
    const svg = holder.querySelector('svg');
    const origin = svg.getBoundingClientRect();
    const box = (el) => { const r = el.getBoundingClientRect();
        return [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top]; };
    // The four corners of a text's own box (its glyphs' extent, before any rotation), in the
    // picture's px: a slanted tick label is a slanted rectangle, not its upright bounding box.
    const toPicture = svg.getScreenCTM().inverse();
    const corners = (el) => { const b = el.getBBox(), m = toPicture.multiply(el.getScreenCTM());
        return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
            .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]); };
    const shown = (el) => getComputedStyle(el).visibility !== 'hidden' && getComputedStyle(el).display !== 'none'
        && parseFloat(getComputedStyle(el).opacity) > 0 && parseFloat(getComputedStyle(el).fillOpacity) > 0;
    const texts = [...svg.querySelectorAll('text')]
        .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
        .map(t => ({text: t.textContent, box: box(t), corners: corners(t), shown: shown(t),
                    size: parseFloat(getComputedStyle(t).fontSize),
                    cell: Boolean(t.closest('.hm, .heatmaplayer'))}));
    const cells = [...svg.querySelectorAll('.hm image')].map(box);
    holder.remove();
    return {svg: svgText, width: origin.width, height: origin.height, texts: texts, heatmaps: cells};
}"""


def measured_pictures(figures: list[tuple[list, dict]]) -> list[dict]:
    """Each (data, layout) drawn by plotly.js in Debian's chromium, as the book draws its pictures,
    with where every text element of the SVG lands (its upright box and the four corners of its
    own, perhaps slanted, box in the picture's px), whether it is visible, and its font size."""
    import plotly
    from playwright.sync_api import sync_playwright

    from m4d.book_export import CHROMIUM, CHROMIUM_ARGS
    from m4d.book_extension import TOPOJSON_DIR, _geo_asset_script
    from m4d.figure_images import picture_for

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    outlines = sorted((ROOT / TOPOJSON_DIR).glob("world_110m.json"))
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True,
                                     timeout=60_000)
        try:
            page = browser.new_page()
            page.set_default_timeout(30_000)
            page.route("**/*", lambda r: r.abort())
            page.set_content("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>")
            for source in outlines:
                page.add_script_tag(content=_geo_asset_script(source.stem, source))
            page.add_script_tag(content=plotly_js.read_text(encoding="utf-8"))
            for data, layout in figures:
                picture = picture_for(data, layout)
                out.append(page.evaluate(_MEASURE, [picture.data, picture.layout, picture.width,
                                                         picture.height, DRAW_SECONDS]))
        finally:
            browser.close()
    return out


#: Made-up figures drawn with the book's, so that a test can check its measure on a known answer.
PROBES: dict[str, tuple[list, dict]] = {
    # Two names on one point: they overlap.
    "two names on one point": ([{"type": "scatter", "x": [1, 1.001], "y": [1, 1], "mode": "markers+text",
                                 "text": ["Region of Tuscany", "Governorate of Kasserine"],
                                 "textposition": "middle right"}],
                               {"showlegend": False, "xaxis": {"range": [0, 3], "visible": False},
                                "yaxis": {"visible": False}}),
    # Long names slanted at 45 degrees on neighbouring ticks: their upright boxes meet, the
    # slanted text does not.
    "slanted ticks": ([{"type": "bar", "x": ["Municipality of Alvora", "Regional government", "National ministry"],
                        "y": [1, 2, 3]}],
                      {"width": 300, "height": 400, "xaxis": {"tickangle": -45}}),
}


@functools.lru_cache(maxsize=1)
def book_pictures() -> tuple[dict, ...]:
    """Every picture the book draws of its figures, drawn and measured once per test run (the
    phone-picture and the text-overlap tests share them): each figure as laid out (``kind``
    "desktop") and redrawn for a phone ("phone"), plus the :data:`PROBES` ("probe")."""
    from m4d.figure_images import phone_figure

    todo, seen = [], set()
    for page, found in book_figures().items():
        for data, layout in found:
            # A figure shown on two pages (a lesson and its activity) is drawn once.
            key = json.dumps([data, layout], sort_keys=True)
            if key not in seen:
                seen.add(key)
                todo.append((page, "desktop", (data, layout)))
                todo.append((page, "phone", phone_figure(data, layout)))
    todo += [(name, "probe", figure) for name, figure in PROBES.items()]
    drawn = measured_pictures([figure for *_, figure in todo])
    return tuple({"page": page, "kind": kind, "data": data, "layout": layout, "drawn": picture}
                 for (page, kind, (data, layout)), picture in zip(todo, drawn))

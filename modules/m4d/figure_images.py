"""Light pages: every plotly figure of the book is first shown as a picture.

A reader on a slow or metered connection, or on an old machine, gets each figure as
a small SVG drawn at build time from the same figure (same data, same layout), with
the figure's alternative text; plotly.js (1-5 MB) is downloaded only when the reader
asks for the interactive chart with the button under the picture.

- :func:`static_first` rewrites a page's HTML: each ``<figure class="m4d-figure">``
  made by :func:`m4d.figures.show` gets an ``<img>`` of the figure, its plotly code
  kept inert (``type="text/plain"``), and a button that loads the scripts and draws it;
- :func:`render_svgs` draws the pictures with Debian's chromium (the one that prints the
  PDF) and plotly.js's own ``Plotly.toImage``: no kaleido, no download. Pictures are named
  by a digest of the figure, so an unchanged figure is never drawn twice.

The button is run by the book's script (``book_theme/static/m4d-book.js``).
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

#: Where the pictures go in the built book (beside Sphinx's own images).
IMAGE_DIR = "_images"
#: plotly's size for a figure whose layout gives none (``Plotly.toImage`` uses it too).
DEFAULT_WIDTH, DEFAULT_HEIGHT = 700, 450

_FIGURE = re.compile(r'<figure class="m4d-figure"(?P<attrs>[^>]*)>(?P<inner>.*?)</figure>', re.S)
_ALT = re.compile(r'\baria-label="([^"]*)"')
#: Attributes of the figure that belong to the picture once there is one.
_PICTURE_ATTRS = re.compile(r'\s*\b(?:aria-label|role)="[^"]*"')
_SCRIPT = re.compile(r"<script(?: type=\"text/javascript\")?>")


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
        picture = picture_for(data, layout)
        pictures.append(picture)
        alt = _ALT.search(attrs)
        alt_text = alt.group(1) if alt else ""
        inert = _SCRIPT.sub('<script type="text/plain" class="m4d-figure-code">', inner)
        size = f"{download_kb / 1000:.1f} MB" if download_kb >= 1000 else f"{download_kb} kB"
        # The alternative text moves to the picture (the figure is named after it only once
        # the interactive chart replaces the picture), so a screen reader hears it once.
        return (f'<figure class="m4d-figure" data-m4d-static="true"{_PICTURE_ATTRS.sub("", attrs)}>'
                f'<img class="m4d-figure-picture" src="{html.escape(image_url(picture.name), quote=True)}" '
                f'alt="{alt_text}" width="{picture.width}" height="{picture.height}" loading="lazy" decoding="async">'
                f'<div class="m4d-figure-live" hidden>{inert}</div>'
                f'<button type="button" class="m4d-figure-load" hidden '
                f'data-m4d-scripts="{html.escape(" ".join(scripts), quote=True)}">'
                f'Show the interactive chart <span class="m4d-figure-size">(loads about {size})</span></button>'
                "</figure>")

    return _FIGURE.sub(light, body), pictures


_PAGE = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>"
_DRAW = """async ([data, layout, width, height]) => {
    const url = await Plotly.toImage({data: data, layout: layout, config: {}},
                                     {format: 'svg', width: width, height: height});
    return url;
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
                svg = compact_svg(svg_from_data_url(page.evaluate(_DRAW, [picture.data, picture.layout,
                                                              picture.width, picture.height])))
                tmp = out_dir / f".{picture.name}.part"
                tmp.write_text(svg, encoding="utf-8")
                tmp.replace(out_dir / picture.name)
        finally:
            browser.close()
    return len(todo)


_LIVE = re.compile(r'<div class="m4d-figure-live" hidden>(.*?)</div><button type="button" class="m4d-figure-load"', re.S)


def live_figures(page_html: str, plotly_calls) -> list[FigurePicture]:
    """The pictures that a written page shows (one per figure rewritten by :func:`static_first`)."""
    return [picture_for(data, layout) for inner in _LIVE.findall(page_html) for data, layout in plotly_calls(inner)]

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
#: The phone picture: drawn as wide as the book's text column on a 360-400 px screen, so it is
#: shown at (about) its own size and its text keeps the size it was drawn at.
PHONE_WIDTH = 340
#: Screens at most this wide get the phone picture (the theme's phone layout starts there too).
PHONE_MEDIA = "(max-width: 600px)"
#: No text of a phone picture is drawn smaller than this (CSS px at its own size).
PHONE_MIN_FONT = 12
#: Characters of a title line on the phone picture (plotly does not wrap titles).
_PHONE_TITLE_CHARS = 38
#: Characters of a legend line on the phone picture.
_PHONE_LEGEND_CHARS = 32

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
    for part in re.split(r"<br\s*/?>", text):
        line = ""
        for word in part.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return "<br>".join(lines), len(lines)


def phone_figure(data: list, layout: dict) -> tuple[list, dict]:
    """The figure redrawn for a phone: :data:`PHONE_WIDTH` wide, the legend in a column under
    the plot with long names on two lines, the title wrapped, and no text under
    :data:`PHONE_MIN_FONT` px (plotly hides a bar or slice label that would have to shrink below)."""
    data = _legible(json.loads(json.dumps(data)), PHONE_MIN_FONT)
    phone = _legible(json.loads(json.dumps(layout)), PHONE_MIN_FONT)
    height = int(layout.get("height") or DEFAULT_HEIGHT)
    phone.update(width=PHONE_WIDTH, autosize=False, uniformtext={"minsize": PHONE_MIN_FONT, "mode": "hide"})
    phone["font"] = {**phone.get("font", {}), "size": max(PHONE_MIN_FONT, phone.get("font", {}).get("size", 12))}
    margin = dict(phone.get("margin") or {})
    # The right margin held a legend that now sits below; the left one holds the axis's labels
    # (plotly widens it for them where the template asks, as plotly.py's does).
    margin.update(l=margin.get("l", 40), r=min(margin.get("r", 80), 20))
    title = phone.get("title")
    if isinstance(title, str):
        title = phone["title"] = {"text": title}
    if isinstance(title, dict) and title.get("text"):
        size = max(min(title.get("font", {}).get("size", 17), 15), PHONE_MIN_FONT)
        title["text"], lines = _wrapped(str(title["text"]), _PHONE_TITLE_CHARS)
        title.update(font={**title.get("font", {}), "size": size}, x=0, xanchor="left", xref="container",
                     y=1 - 8 / height, yanchor="top", yref="container", pad={"l": 8})
        needed = 10 + int(lines * size * 1.35) + 16
        margin["t"] = max(margin.get("t", 100), needed)
        height += max(0, needed - int(layout.get("margin", {}).get("t", 100)))
    entries = [t for t in data if isinstance(t, dict) and t.get("showlegend", True) is not False
               and t.get("type", "scatter") not in {"heatmap", "sankey", "choropleth", "pie"}]
    if phone.get("showlegend", len(entries) > 1) and entries:
        for trace in entries:
            if isinstance(trace.get("name"), str):
                trace["name"], _ = _wrapped(trace["name"], _PHONE_LEGEND_CHARS)
        legend = dict(phone.get("legend") or {})
        if isinstance(legend.get("title"), dict) and isinstance(legend["title"].get("text"), str):
            legend["title"] = {**legend["title"], "side": "top"}
        # A column under the plot: plotly widens the bottom margin to hold it, so the
        # picture grows by about a line per entry and the plot keeps its height.
        legend.update(orientation="v", x=0, xanchor="left", y=-0.12, yanchor="top", yref="paper")
        phone["legend"] = legend
        lines = sum(str(t.get("name", "")).count("<br>") + 1 for t in entries) + ("title" in legend)
        height += 21 * lines + 30
    phone["margin"] = margin
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
        size = f"{download_kb / 1000:.1f} MB" if download_kb >= 1000 else f"{download_kb} kB"
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
                f'Show the interactive chart <span class="m4d-figure-size">(loads about {size})</span></button>'
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

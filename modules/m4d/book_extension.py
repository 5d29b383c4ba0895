"""A small Sphinx extension for the course book: every asset a page needs is
served by the book itself, so the published pages work with no internet.

- plotly.js comes from the installed plotly package and is added only to pages
  that hold a figure made with :func:`m4d.figures.show`;
- MathJax comes from the npm package installed by ``make env`` (node_modules/).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

PLOTLY_JS = "plotly.min.js"
MATHJAX_DIR = Path("node_modules") / "mathjax" / "es5"


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


def setup(app):
    app.connect("builder-inited", _use_local_mathjax)
    app.connect("html-page-context", _add_plotly_to_figure_pages)
    app.connect("html-page-context", _drop_repeated_scripts, priority=900)
    app.connect("build-finished", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

"""The book's side of the translations (a Sphinx extension, listed in ``_config.yml``).

- The catalogues are ``locales/<language>/LC_MESSAGES/<page>.po``, one per page
  (``gettext_compact = False``), so a translator opens one lesson at a time.
- ``M4D_LANG`` and ``M4D_LOCALES`` are set for the kernels that execute the
  edition's notebooks: quizzes, figures, tables and widget snapshots come out in
  the edition's language (see :mod:`m4d.i18n`).
- In a multi-edition build (``m4d_editions``, set by :mod:`m4d.i18n.editions`),
  every page gets a language switcher that links to the same page in the other
  editions, and ``<link rel="alternate" hreflang>`` tags for search engines.
- A glossary sorted in English is sorted again after translation, in the
  edition's language.
- Strings the book's tools put on every page (the search box's placeholder)
  come from the toolbox's catalogue.
"""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from m4d.i18n.languages import LANGUAGES, NATIVE_NAMES, SOURCE_LANGUAGE, normalise, use_language
from m4d.i18n.messages import gettext

HERE = Path(__file__).resolve().parent
SWITCHER_TEMPLATE = "m4d-language-switcher.html"
SWITCHER_ASSETS = ("m4d-language-switcher.css", "m4d-language-switcher.js")


def edition_language(config) -> str:
    return normalise(config.language) or SOURCE_LANGUAGE


def _configure(app, config) -> None:
    language = edition_language(config)
    # The kernels that execute this edition's notebooks inherit these (myst-nb starts them from this process).
    os.environ["M4D_LANG"] = language
    locale_dirs = [Path(app.srcdir, d) for d in (config.locale_dirs or ["locales"])]
    os.environ["M4D_LOCALES"] = str(locale_dirs[0].resolve())
    if "gettext_compact" not in config._raw_config:
        config.gettext_compact = False
    if "gettext_location" not in config._raw_config:
        # Locations change whenever a line moves; without them a catalogue changes only when its text does.
        config.gettext_location = False
    config.templates_path = list(config.templates_path or []) + [str(HERE / "templates")]
    config.html_static_path = list(config.html_static_path or []) + [str(HERE / "static")]
    options = config.html_theme_options
    if isinstance(options, dict):
        with use_language(language):
            if options.get("search_bar_text") == "Search this book...":
                options["search_bar_text"] = gettext("Search this book...")
        editions = [e for e in (config.m4d_editions or []) if e in LANGUAGES]
        if editions:
            end = options.get("article_header_end") or ["article-header-buttons.html"]
            end = [end] if isinstance(end, str) else list(end)
            if SWITCHER_TEMPLATE not in end:
                options["article_header_end"] = [SWITCHER_TEMPLATE, *end]


def _page_url(pagename: str, builder) -> str:
    return builder.get_target_uri(pagename)


def _add_switcher(app, pagename, templatename, context, doctree) -> None:
    editions = [e for e in (app.config.m4d_editions or []) if e in LANGUAGES]
    if not editions or app.builder.format != "html":
        return
    current = edition_language(app.config)
    # The editions are folders side by side (/en/, /fr/, /es/): from this page, up to the
    # edition's root, then down into the other edition at the same page.
    to_root = context["pathto"]("index", 0).rsplit("index", 1)[0] or "./"
    target = _page_url(pagename, app.builder)
    links = []
    for code in editions:
        href = f"{to_root}../{code}/{target}" if code != current else f"{to_root}{target}"
        links.append({"code": code, "name": NATIVE_NAMES[code], "href": href, "current": code == current})
    context["m4d_language_links"] = links
    with use_language(current):
        context["m4d_switcher_label"] = gettext("Language")
    alternates = "".join(f'<link rel="alternate" hreflang="{link["code"]}" href="{link["href"]}">\n' for link in links)
    context["metatags"] = context.get("metatags", "") + alternates
    for asset in SWITCHER_ASSETS:
        if asset.endswith(".css"):
            app.add_css_file(asset)
        else:
            app.add_js_file(asset)


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class LocateTableCellsInDirectives(SphinxTransform):
    """Give a source to the cells of a table written inside a directive (a model answer's
    ``:::{dropdown}``), so that Sphinx extracts and translates them.

    myst parses such a table without noting where its cells come from, and Sphinx takes a
    paragraph without a source for one of its own built-in messages: it neither puts it in
    the page's catalogue nor translates it, and the French and Spanish model answers kept
    an English table.
    """

    # Before sphinx.transforms.i18n.Locale (20), which translates the paragraphs it finds.
    default_priority = 15

    def apply(self, **kwargs) -> None:
        for cell in self.document.findall(nodes.entry):
            for paragraph in cell.findall(nodes.paragraph):
                if paragraph.source:
                    continue
                ancestor = cell.parent
                while ancestor is not None and not ancestor.source:
                    ancestor = ancestor.parent
                paragraph.source = ancestor.source if ancestor is not None else self.document["source"]


class SortTranslatedGlossaries(SphinxTransform):
    """Sort a glossary's entries by their translated terms (the ``:sorted:`` option sorted the English ones)."""

    # After sphinx.transforms.i18n.Locale (20), which puts the translated terms in.
    default_priority = 25

    def apply(self, **kwargs) -> None:
        if edition_language(self.config) == SOURCE_LANGUAGE:
            return
        for glossary in self.document.findall(addnodes.glossary):
            for definitions in glossary.findall(nodes.definition_list):
                items = [child for child in definitions.children if isinstance(child, nodes.definition_list_item)]
                if len(items) != len(definitions.children):
                    continue
                items.sort(key=lambda item: _sort_key(item.next_node(nodes.term).astext()))
                definitions.children = []
                definitions.extend(items)


class TranslateTocCaptions(SphinxTransform):
    """Translate the captions of the table of contents ("Start here", "Modules"...).

    sphinx-external-toc inserts the root page's toctrees (priority 100) after
    Sphinx has translated the page (priority 20), so their captions would stay
    in English; their msgids are in the root page's catalogue all the same.
    """

    default_priority = 110

    def apply(self, **kwargs) -> None:
        from sphinx.locale import init as init_locale
        from sphinx.util.i18n import docname_to_domain

        if edition_language(self.config) == SOURCE_LANGUAGE:
            return
        toctrees = [t for t in self.document.findall(addnodes.toctree) if t.get("rawcaption")]
        if not toctrees:
            return
        dirs = [str(Path(self.env.srcdir, d)) for d in self.config.locale_dirs]
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        catalog, found = init_locale(dirs, self.config.language, domain)
        if not found:
            return
        for toctree in toctrees:
            translated = catalog.gettext(toctree["rawcaption"])
            if translated and translated != toctree["rawcaption"]:
                toctree["caption"] = translated


def setup(app):
    app.add_config_value("m4d_editions", [], "html", [list])
    app.connect("config-inited", _configure, priority=100)
    app.connect("html-page-context", _add_switcher)
    app.add_transform(LocateTableCellsInDirectives)
    app.add_transform(SortTranslatedGlossaries)
    app.add_transform(TranslateTocCaptions)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

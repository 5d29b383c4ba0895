"""The good-practice explorer as a widget: filters, the matching examples with their pages, and a map.

A thin layer over :func:`m4d.initiatives.explore_cases`: every change of a
filter or of the search words redraws the list, the counts and the map. Each
drop-down offers the values of one facet; the line under the filters says how
many examples each value of the sector and kind facets would leave, and when
nothing matches the message says which filter to drop.
"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from m4d.errors import InputError
from m4d.i18n import _, ngettext, pgettext
from m4d.initiatives.explorer import (FACET_LABELS, course_index, explore_cases, explorer_message, map_alt, map_spec,
                                      value_label)
from m4d.snapshot import StaticSnapshot

_STYLE = """<style>
.m4d-explorer table{border-collapse:collapse;font-size:0.88em}
.m4d-explorer th,.m4d-explorer td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
.m4d-explorer .problem{background:#fde0dd;border-left:4px solid #b30000;padding:4px 8px}
</style>"""


def results_html(result) -> str:
    """The matching examples as an HTML table (example, title, where, sectors, kinds, pages), in the reader's
    language (:meth:`ExplorerResult.table`)."""
    if result.cases.empty:
        return ""
    table = result.table()
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    rows = ""
    for row in table.itertuples(index=False):
        cells = ""
        for v in row:
            text = "; ".join(str(x) for x in v) if isinstance(v, list) else str(v)
            cells += f"<td>{html.escape(text)}</td>"
        rows += f"<tr>{cells}</tr>"
    caption = html.escape(_("Examples of the JMDI guidelines that match (page = printed page that supports the tags)"),
                          quote=False)
    return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def result_message(result, total: int) -> str:
    """What the explorer found, in the reader's language (in English it is :attr:`ExplorerResult.message`)."""
    selections = {k: v for k, v in result.selections.items() if k != "query"}
    return explorer_message(selections, result.selections.get("query", ""), len(result.cases), total,
                            result.relaxations)


class GoodPracticeExplorer(StaticSnapshot):
    """Filter the guidelines' 28 examples by sector, kind, direction, region, actors and funding."""

    def __init__(self, query: str = "", **selections: Any):
        self.index = course_index()
        self.search = w.Text(value=query, description=_("Search"), placeholder=_("a place, actor or topic"),
                             continuous_update=True, layout=w.Layout(width="420px"))
        self.filters = {}
        every = pgettext("every value of a filter", "All")
        for facet, label in FACET_LABELS.items():
            # The menus' values stay the English values explore_cases() takes; only their labels are translated.
            options = [(every, "")] + [(value_label(facet, v), v) for v in self.index.values[facet]]
            self.filters[facet] = w.Dropdown(options=options, description=_(label),
                                             style={"description_width": "130px"}, layout=w.Layout(width="420px"))
        self.clear = w.Button(description=_("Clear filters"))
        self.clear.on_click(lambda _: self.reset())
        self.message = w.HTML()
        self.counts = w.HTML()
        self.results = w.HTML()
        self.map = w.Output()
        self._quiet = False
        self.set(query, **selections)
        for control in (self.search, *self.filters.values()):
            control.observe(lambda _: self._changed(), names="value")
        self.widget = w.VBox([w.HTML(_STYLE), self.search, *self.filters.values(), self.clear, self.message,
                              self.counts, self.results, self.map])
        self.widget.add_class("m4d-explorer")

    def set(self, query: str = "", **selections: Any) -> None:
        """Set the search words and filters (facet keyword -> value), then redraw once."""
        self._quiet = True
        try:
            self.search.value = query
            for facet, control in self.filters.items():
                value = selections.pop(facet, "") or ""
                if value and value not in self.index.values[facet]:
                    value = self.index.values[facet][int(self.index._wanted(facet, value)[0])]
                control.value = value
            if selections:
                raise InputError(ngettext("The explorer has no filter {unknown}. Filters: {filters}.",
                                          "The explorer has no filter {unknown}. Filters: {filters}.",
                                          len(selections)).format(unknown=", ".join(map(repr, selections)),
                                                                  filters=", ".join(FACET_LABELS)))
        finally:
            self._quiet = False
        self.update()

    def reset(self) -> None:
        """Clear every filter and the search."""
        self.set("")

    def _changed(self) -> None:
        if not self._quiet:
            self.update()

    def selections(self) -> dict[str, str]:
        """The filters chosen now (facet -> value), without those left at All."""
        return {facet: control.value for facet, control in self.filters.items() if control.value}

    def update(self) -> None:
        """Filter the examples and redraw the message, counts, table and map."""
        try:
            self.result = explore_cases(self.search.value, index=self.index, **self.selections())
        except InputError as err:
            self.message.value = f'<div class="problem" role="alert">{html.escape(str(err))}</div>'
            return
        message = result_message(self.result, len(self.index.ids))
        self.message.value = f"<p><b>{html.escape(message)}</b></p>"
        parts = []
        none = pgettext("no value of a filter", "none")
        for facet in ("sector", "kind"):
            counts = ", ".join(f"{value_label(facet, k)} {n}" for k, n in self.result.counts[facet].items() if n)
            parts.append(f"<b>{html.escape(_(FACET_LABELS[facet]))}</b>: {html.escape(counts) or none}")
        leave = html.escape(_("Examples each value would leave:"))
        self.counts.value = f"<p><small>{leave} " + " · ".join(parts) + "</small></p>"
        self.results.value = results_html(self.result)
        ids = self.result.cases["id"].astype(int).tolist()
        self.map.outputs = ({"output_type": "display_data", "metadata": {},
                             "data": {"application/vnd.plotly.v1+json": map_spec(ids),
                                      "text/plain": f"[Figure] {map_alt(ids)}"}},)

    def snapshot_html(self) -> str:
        """A static view: the filters as set, the message, the matching examples and their map."""
        import plotly.graph_objects as go

        from m4d.figures import figure_bundle

        ids = self.result.cases["id"].astype(int).tolist()
        settings = "".join(f"<li>{html.escape(_(FACET_LABELS[k]))}: <b>{html.escape(value_label(k, v))}</b></li>"
                           for k, v in self.selections().items())
        if self.search.value.strip():
            search = html.escape(_("Search"))
            settings += f"<li>{search}: <b>{html.escape(self.search.value)}</b></li>"
        chart = figure_bundle(go.Figure(map_spec(ids)), map_alt(ids))["text/html"] if ids else ""
        static = _("A static snapshot of the explorer with the filters below. Open this page as a notebook to change "
                   "them, or use the explorer on the Module 4 page, which filters with no kernel.")
        note = f"<p><i>{html.escape(static, quote=False)}</i></p>"
        no_filter = html.escape(_("no filter"))
        return (f'<div class="m4d-explorer">{_STYLE}{note}<ul>{settings or f"<li>{no_filter}</li>"}</ul>'
                f"{self.message.value}{self.results.value}{chart}</div>")

    def snapshot_text(self) -> str:
        return _("{title} (a widget; its static snapshot is shown in the book)").format(
            title=_("Good-practice explorer"))

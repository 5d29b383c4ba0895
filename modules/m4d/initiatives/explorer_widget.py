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
from m4d.initiatives.explorer import FACET_LABELS, course_index, explore_cases, map_alt, map_spec
from m4d.snapshot import StaticSnapshot

_STYLE = """<style>
.m4d-explorer table{border-collapse:collapse;font-size:0.88em}
.m4d-explorer th,.m4d-explorer td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
.m4d-explorer .problem{background:#fde0dd;border-left:4px solid #b30000;padding:4px 8px}
</style>"""


def results_html(result) -> str:
    """The matching examples as an HTML table (example, title, where, sectors, kinds, pages)."""
    if result.cases.empty:
        return ""
    table = result.table()
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    rows = ""
    for row in table.itertuples(index=False):
        cells = "".join(f"<td>{html.escape('; '.join(v) if isinstance(v, list) else str(v))}</td>" for v in row)
        rows += f"<tr>{cells}</tr>"
    return (f"<table><caption>Examples of the JMDI guidelines that match (page = printed page that supports "
            f"the tags)</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


class GoodPracticeExplorer(StaticSnapshot):
    """Filter the guidelines' 28 examples by sector, kind, direction, region, actors and funding."""

    def __init__(self, query: str = "", **selections: Any):
        self.index = course_index()
        self.search = w.Text(value=query, description="Search", placeholder="a place, actor or topic",
                             continuous_update=True, layout=w.Layout(width="420px"))
        self.filters = {}
        for facet, label in FACET_LABELS.items():
            options = [("All", "")] + [(v, v) for v in self.index.values[facet]]
            self.filters[facet] = w.Dropdown(options=options, description=label,
                                             style={"description_width": "130px"}, layout=w.Layout(width="420px"))
        self.clear = w.Button(description="Clear filters")
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
                raise InputError(f"The explorer has no filter {', '.join(map(repr, selections))}. "
                                 f"Filters: {', '.join(FACET_LABELS)}.")
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
        self.message.value = f"<p><b>{html.escape(self.result.message)}</b></p>"
        parts = []
        for facet in ("sector", "kind"):
            counts = ", ".join(f"{k} {n}" for k, n in self.result.counts[facet].items() if n)
            parts.append(f"<b>{FACET_LABELS[facet]}</b>: {html.escape(counts) or 'none'}")
        self.counts.value = "<p><small>Examples each value would leave: " + " · ".join(parts) + "</small></p>"
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
        settings = "".join(f"<li>{html.escape(FACET_LABELS[k])}: <b>{html.escape(v)}</b></li>"
                           for k, v in self.selections().items())
        if self.search.value.strip():
            settings += f"<li>Search: <b>{html.escape(self.search.value)}</b></li>"
        chart = figure_bundle(go.Figure(map_spec(ids)), map_alt(ids))["text/html"] if ids else ""
        note = ("<p><i>A static snapshot of the explorer with the filters below. Open this page as a notebook "
                "to change them, or use the explorer on the Module 4 page, which filters with no kernel.</i></p>")
        return (f'<div class="m4d-explorer">{_STYLE}{note}<ul>{settings or "<li>no filter</li>"}</ul>'
                f"{self.message.value}{self.results.value}{chart}</div>")

    def snapshot_text(self) -> str:
        return "Good-practice explorer (a widget; its static snapshot is shown in the book)"

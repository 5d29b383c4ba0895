"""The good-practice explorer for the static book: filters, a table and a map that work with no kernel.

:func:`good_practice_html` is the case library table of :mod:`m4d.cases.table`
with the explorer's six facets (Module 4 sector, kind of initiative,
direction, world region, type of actor, funding source), the number of
examples each choice would leave, and a world map below it that keeps only the
points of the examples the table shows. The script and style are those of the
case library (served by the book through :mod:`m4d.book_extension`); plotly.js
comes with any page that holds a figure.
"""
from __future__ import annotations

from m4d.cases import load_cases
from m4d.cases.table import case_table_html
from m4d.initiatives.explorer import (FACET_COLUMNS, FACET_LABELS, _facet_vocabulary, map_alt, map_spec,
                                      with_module4_facets)


def good_practice_html(cases=None, table_id: str = "good-practice") -> str:
    """The explorer as one block of HTML: the filterable table, then the map that follows it."""
    import plotly.graph_objects as go

    from m4d.figures import figure_bundle

    frame = with_module4_facets(load_cases() if cases is None else cases)
    filters = tuple((facet, FACET_COLUMNS[facet], FACET_LABELS[facet]) for facet in FACET_COLUMNS)
    vocabularies = {FACET_COLUMNS[f]: _facet_vocabulary(f, frame) for f in ("sector", "kind", "funding_source")}
    ids = frame["id"].astype(int).tolist()
    spec = map_spec(ids, "Where the examples take place (the map follows the filters)")
    figure = figure_bundle(go.Figure(spec), map_alt(ids) + " The points follow the filters of the table above.")
    # figure_bundle names the plot's div from its content; read the name back to link table and map.
    html = figure["text/html"]
    start = html.index('id="fig-') + 4
    map_id = html[start:html.index('"', start)]
    table = case_table_html(frame, table_id, filters=filters, vocabularies=vocabularies, map_id=map_id, counts=True)
    return f'<div class="m4d-good-practice">{table}{html}</div>'

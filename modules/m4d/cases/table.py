"""The case library as a static HTML table that a reader can search and filter with no kernel.

:func:`case_table_html` returns plain HTML: a search box, one drop-down per
facet (sector, direction, kind of initiative, world region), a live count and
the table. Each row carries its facet values in ``data-`` attributes; the small
script ``static/case_library.js`` (served by the book itself through
:mod:`m4d.book_extension`) hides the rows that do not match. Without the script
(in JupyterLab, say) the whole table is shown and the controls do nothing.
"""
from __future__ import annotations

import html

import pandas as pd

from m4d.cases.library import citation, load_cases, vocabulary
from m4d.cases.search import case_text
from m4d.errors import InputError

#: Marks the HTML so that the book adds the script and style only to pages that hold the table.
TABLE_CLASS = "m4d-case-library"

#: The drop-down filters: (facet keyword, column, label shown to the reader).
FILTERS = (
    ("sector", "sectors", "Sector"),
    ("direction", "direction", "Direction"),
    ("initiative_kind", "initiative_kinds", "Kind of initiative"),
    ("world_region", "world_regions", "World region"),
)

_SEP = "|"


def _esc(value) -> str:
    return html.escape("" if value is None or value is pd.NA else str(value), quote=True)


def _items(values) -> str:
    return "; ".join(_esc(v) for v in (values or []))


def _select(prefix: str, facet: str, column: str, label: str, cases: pd.DataFrame,
            vocabularies: dict | None = None) -> str:
    present = {v for items in cases[column] for v in (items or [])}
    order = (vocabularies or {}).get(column)
    if order is None:
        try:
            order = vocabulary(column)
        except InputError:  # a free-text column (funders, say): its values in alphabetical order
            order = sorted(present)
    options = [v for v in order if v in present]
    control = f"{prefix}-{facet}"
    opts = "".join(f'<option value="{_esc(v)}">{_esc(v)}</option>' for v in options)
    return (f'<div class="m4d-cl-field"><label for="{control}">{_esc(label)}</label>'
            f'<select id="{control}" data-facet="{column}"><option value="">All</option>{opts}</select></div>')


def _corridor_cell(row: pd.Series) -> str:
    value = row["follows_corridor"]
    if value is pd.NA or value is None:
        answer = "planned"
    else:
        answer = "yes" if bool(value) else "no"
    detail = f"<br><small>{_esc(row['corridor'])}</small>" if row["corridor"] is not pd.NA and row["corridor"] else ""
    return f"{answer}{detail}"


def _row(row: pd.Series, filters=FILTERS) -> str:
    data = " ".join(f'data-{column.replace("_", "-")}="{_esc(_SEP.join(row[column] or []))}"'
                    for _, column, _ in filters)
    funding = _items(row["funding_sources"]) or '<span class="m4d-cl-none">not stated</span>'
    return (f'<tr {data} data-case="{int(row["id"])}" data-text="{_esc(case_text(row))}">'
            f'<td>{int(row["id"])}</td>'
            f'<td><strong>{_esc(row["title"])}</strong><br><small>{_esc(row["summary"])}</small></td>'
            f'<td>{_items(row["territories"])}<br><small>{_items(row["countries"])}</small></td>'
            f'<td>{_items(row["direction"]) or "not stated"}</td>'
            f'<td>{_items(row["sectors"])}</td>'
            f'<td>{_items(row["initiative_kinds"])}</td>'
            f'<td>{_items(row["actors"])}</td>'
            f'<td>{funding}</td>'
            f'<td>{_corridor_cell(row)}</td>'
            f'<td>{_esc(citation(row).split(", ", 2)[-1])}</td></tr>')


def case_table_html(cases: pd.DataFrame | None = None, table_id: str = "case-library", *,
                    filters=FILTERS, vocabularies: dict | None = None, map_id: str | None = None,
                    counts: bool = False) -> str:
    """The searchable, filterable HTML table of the cases (all by default).

    ``table_id`` prefixes the ids of the controls, so that two tables can share a page.
    ``filters`` are (facet, column, label) triples for the drop-downs (any list
    column of ``cases``), ``vocabularies`` the order of each column's values when
    it is not a coded column of the library. With ``map_id`` (the id of a plotly
    map whose points carry example numbers as ``customdata``) the script keeps
    only the matching examples on the map; with ``counts`` each option of a
    drop-down shows how many examples it would leave.
    """
    cases = load_cases() if cases is None else cases
    prefix = _esc(table_id)
    selects = "".join(_select(prefix, facet, column, label, cases, vocabularies) for facet, column, label in filters)
    header = "".join(f'<th scope="col">{h}</th>' for h in (
        "Example", "Case", "Territories and countries", "Direction", "Sectors", "Kinds of initiative",
        "Actors", "Funding sources", "Follows a migration corridor", "Page"))
    rows = "".join(_row(row, filters) for _, row in cases.iterrows())
    n = len(cases)
    extra = (f' data-map="{_esc(map_id)}"' if map_id else "") + (' data-counts="true"' if counts else "")
    return (
        f'<div class="{TABLE_CLASS}" id="{prefix}"{extra}>'
        f'<form class="m4d-cl-controls" role="search" aria-label="Search and filter the case library" '
        f'onsubmit="return false;">'
        f'<div class="m4d-cl-field m4d-cl-search"><label for="{prefix}-search">Search the cases</label>'
        f'<input type="search" id="{prefix}-search" placeholder="a place, actor or topic, e.g. diaspora" '
        f'autocomplete="off"></div>{selects}'
        f'<div class="m4d-cl-field"><button type="reset" class="m4d-cl-reset">Clear filters</button></div></form>'
        f'<p class="m4d-cl-count" role="status" aria-live="polite">Showing {n} of {n} examples.</p>'
        f'<div class="m4d-cl-scroll"><table class="m4d-cl-table">'
        f'<caption>The {n} examples of the JMDI guidelines on integrating migration into decentralised '
        f'cooperation (facts from the guidelines, summaries in the course\'s words; page = printed page).</caption>'
        f'<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></div></div>'
    )

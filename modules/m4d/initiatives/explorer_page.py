"""The good-practice explorer for the static book: filters, a table and a map that work with no kernel.

:func:`good_practice_html` writes one block of HTML: a search box and six
drop-downs (Module 4 sector, kind of initiative, direction, world region, type
of actor, funding source), a live count, the table of the guidelines' examples
with the pages that support their tags, and a world map below it.

It is laid out like the case library table of :mod:`m4d.cases.table` and
carries its class, so the book adds the case library's script and style
(:mod:`m4d.book_extension`), which hide the rows that do not match. A small
script of its own, in the block, does what is particular to the explorer:
each option shows how many examples it would leave with the other filters
kept, and the map keeps only the points of the examples the table shows. Both
scripts read the same controls and the same ``data-`` attributes and never
depend on each other's order. Without scripts (in JupyterLab, say) the whole
table and map are shown.
"""
from __future__ import annotations

import html
import json

from m4d.cases import load_cases
from m4d.cases.search import case_text
from m4d.cases.table import TABLE_CLASS
from m4d.initiatives.explorer import (FACET_COLUMNS, FACET_LABELS, _facet_vocabulary, _supporting_pages, map_alt,
                                      map_spec, with_module4_facets)

_SEP = "|"

# Counts in the options and a map that follows the table. Written for the book's static pages:
# plain ES5, no library but plotly.js, which the page loads for the map.
_SCRIPT = """
(function () {
  "use strict";
  var root = document.getElementById(%(root)s);
  if (!root) { return; }
  function fold(t) { return (t || "").normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase(); }
  var search = root.querySelector('input[type="search"]');
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-facet]"));
  var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr"));
  var form = root.querySelector("form");
  function has(row, sel, value) {
    var attr = "data-" + sel.getAttribute("data-facet").replace(/_/g, "-");
    return (row.getAttribute(attr) || "").split("|").indexOf(value) !== -1;
  }
  function matches(row, words, skip) {
    var text = row.getAttribute("data-text") || "";
    if (!words.every(function (w) { return text.indexOf(w) !== -1; })) { return false; }
    return selects.every(function (sel) { return sel === skip || !sel.value || has(row, sel, sel.value); });
  }
  function updateMap(ids) {
    var gd = document.getElementById(%(map)s);
    if (!gd || !window.Plotly || !gd.data) { return; }
    if (!gd.m4dAll) {
      gd.m4dAll = gd.data.map(function (t) {
        return {lat: (t.lat || []).slice(), lon: (t.lon || []).slice(), text: (t.text || []).slice(),
                customdata: (t.customdata || []).slice()};
      });
    }
    var next = {lat: [], lon: [], text: [], customdata: []};
    gd.m4dAll.forEach(function (t) {
      var keep = t.customdata.map(function (c) { return ids[String(c)] === true; });
      ["lat", "lon", "text", "customdata"].forEach(function (k) {
        next[k].push(t[k].filter(function (_, i) { return keep[i]; }));
      });
    });
    window.Plotly.restyle(gd, next);
  }
  function update() {
    var words = fold(search.value).split(/\\s+/).filter(Boolean);
    var ids = {};
    rows.forEach(function (row) { if (matches(row, words, null)) { ids[row.getAttribute("data-case")] = true; } });
    selects.forEach(function (sel) {
      var base = rows.filter(function (row) { return matches(row, words, sel); });
      Array.prototype.forEach.call(sel.options, function (opt) {
        var n = opt.value ? base.filter(function (row) { return has(row, sel, opt.value); }).length : base.length;
        opt.textContent = opt.getAttribute("data-label") + " (" + n + ")";
      });
    });
    updateMap(ids);
  }
  search.addEventListener("input", update);
  selects.forEach(function (sel) { sel.addEventListener("change", update); });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
"""


def _esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _items(values) -> str:
    return "; ".join(_esc(v) for v in (values or []))


def _select(prefix: str, facet: str, column: str, options: list[str], counts: dict[str, int], total: int) -> str:
    opts = "".join(f'<option value="{_esc(v)}" data-label="{_esc(v)}">{_esc(v)} ({counts.get(v, 0)})</option>'
                   for v in options)
    control = f"{prefix}-{facet}"
    return (f'<div class="m4d-cl-field"><label for="{control}">{_esc(FACET_LABELS[facet])}</label>'
            f'<select id="{control}" data-facet="{column}"><option value="" data-label="All">All ({total})</option>'
            f"{opts}</select></div>")


def good_practice_html(cases=None, table_id: str = "good-practice") -> str:
    """The explorer as one block of HTML: search, six filters with counts, the table, and the map."""
    import plotly.graph_objects as go

    from m4d.figures import figure_bundle

    frame = with_module4_facets(load_cases() if cases is None else cases).reset_index(drop=True)
    prefix = _esc(table_id)
    n = len(frame)
    selects = ""
    for facet, column in FACET_COLUMNS.items():
        present = {v for items in frame[column] for v in (items or [])}
        options = [v for v in _facet_vocabulary(facet, frame) if v in present]
        counts = {v: sum(v in (items or []) for items in frame[column]) for v in options}
        selects += _select(prefix, facet, column, options, counts, n)
    pages = _supporting_pages(None, frame)
    rows = ""
    for (_, row), page in zip(frame.iterrows(), pages):
        data = " ".join(f'data-{column.replace("_", "-")}="{_esc(_SEP.join(row[column] or []))}"'
                        for column in FACET_COLUMNS.values())
        funding = _items(row["funding_sources"]) or '<span class="m4d-cl-none">not stated</span>'
        text = f"{case_text(row)} {' '.join(row['m4_sectors'])} {' '.join(row['m4_kinds'])}".lower()
        rows += (f'<tr {data} data-case="{int(row["id"])}" data-text="{_esc(text)}">'
                 f'<td>{int(row["id"])}</td>'
                 f'<td><strong>{_esc(row["title"])}</strong><br><small>{_esc(row["summary"])}</small></td>'
                 f'<td>{_items(row["territories"])}<br><small>{_items(row["countries"])}</small></td>'
                 f'<td>{_items(row["direction"]) or "not stated"}</td>'
                 f'<td>{_items(row["m4_sectors"]) or "<span class=m4d-cl-none>none of the eight</span>"}</td>'
                 f'<td>{_items(row["m4_kinds"]) or "<span class=m4d-cl-none>other kinds</span>"}</td>'
                 f'<td>{_items(row["actor_types"])}</td>'
                 f'<td>{funding}</td>'
                 f'<td>{_esc(page)}</td></tr>')
    header = "".join(f'<th scope="col">{h}</th>' for h in (
        "Example", "Case", "Territories and countries", "Direction", "Sectors (Module 4)", "Kinds of initiative",
        "Types of actor", "Funding sources", "Pages"))
    ids = frame["id"].astype(int).tolist()
    figure = figure_bundle(go.Figure(map_spec(ids, "Where the examples take place (the map follows the filters)")),
                           map_alt(ids) + " The points follow the filters of the table above.")["text/html"]
    # figure_bundle names the plot's div from its content; read the name back to link the script to it.
    start = figure.index('id="fig-') + 4
    map_id = figure[start:figure.index('"', start)]
    script = _SCRIPT % {"root": json.dumps(table_id), "map": json.dumps(map_id)}
    return (
        f'<div class="{TABLE_CLASS} m4d-good-practice" id="{prefix}" data-map="{_esc(map_id)}">'
        f'<form class="m4d-cl-controls" role="search" aria-label="Search and filter the good practice of the '
        f'guidelines" onsubmit="return false;">'
        f'<div class="m4d-cl-field m4d-cl-search"><label for="{prefix}-search">Search the examples</label>'
        f'<input type="search" id="{prefix}-search" placeholder="a place, actor or topic, e.g. women" '
        f'autocomplete="off"></div>{selects}'
        f'<div class="m4d-cl-field"><button type="reset" class="m4d-cl-reset">Clear filters</button></div></form>'
        f'<p class="m4d-cl-count" role="status" aria-live="polite">Showing {n} of {n} examples.</p>'
        f'<div class="m4d-cl-scroll"><table class="m4d-cl-table">'
        f"<caption>Good practice: the {n} examples of the JMDI guidelines by Module 4 sector, kind of initiative, "
        f"direction, world region, type of actor and funding source. Pages are the printed pages that support "
        f"the example's tags; grouping the guidelines' themes into sectors is the course's reading.</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></div>"
        f"{figure}<script>{script}</script></div>"
    )

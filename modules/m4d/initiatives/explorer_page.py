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
from m4d.i18n import N_, SOURCE_LANGUAGE, _, language, ngettext, pgettext, translate_frame
from m4d.initiatives.explorer import (FACET_COLUMNS, FACET_LABELS, _facet_vocabulary, _pages_of, _supporting_pages,
                                      map_alt, map_spec, pages_text, value_label, with_module4_facets)

_SEP = "|"

#: The table's column headings, translated where the table is drawn.
HEADINGS = (N_("Example"), N_("Case"), N_("Territories and countries"), N_("Direction"), N_("Sectors (Module 4)"),
            N_("Kinds of initiative"), N_("Types of actor"), N_("Funding sources"), N_("Pages"))

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
  // The book shows the map as a picture until the reader asks for it (m4d.figure_images):
  // once drawn, it follows the filters already chosen.
  root.addEventListener("m4d-figure-shown", update);
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


def _labels(facet: str, values) -> list[str]:
    return [value_label(facet, v) for v in (values or [])]


def _select(prefix: str, facet: str, column: str, options: list[str], counts: dict[str, int], total: int) -> str:
    # The option's value stays the English value the rows carry; only its label is the reader's.
    opts = "".join(f'<option value="{_esc(v)}" data-label="{_esc(value_label(facet, v))}">'
                   f'{_esc(value_label(facet, v))} ({counts.get(v, 0)})</option>' for v in options)
    control = f"{prefix}-{facet}"
    every = _esc(pgettext("every value of a filter", "All"))
    return (f'<div class="m4d-cl-field"><label for="{control}">{_esc(_(FACET_LABELS[facet]))}</label>'
            f'<select id="{control}" data-facet="{column}"><option value="" data-label="{every}">{every} ({total})'
            f"</option>{opts}</select></div>")


def good_practice_html(cases=None, table_id: str = "good-practice") -> str:
    """The explorer as one block of HTML: search, six filters with counts, the table, and the map."""
    import plotly.graph_objects as go

    from m4d.figures import figure_bundle

    frame = with_module4_facets(load_cases() if cases is None else cases).reset_index(drop=True)
    english = language() == SOURCE_LANGUAGE
    shown = frame if english else translate_frame(frame, "cases")
    prefix = _esc(table_id)
    n = len(frame)
    selects = ""
    for facet, column in FACET_COLUMNS.items():
        present = {v for items in frame[column] for v in (items or [])}
        options = [v for v in _facet_vocabulary(facet, frame) if v in present]
        counts = {v: sum(v in (items or []) for items in frame[column]) for v in options}
        selects += _select(prefix, facet, column, options, counts, n)
    pages = _supporting_pages(None, frame) if english else [pages_text(p) for p in _pages_of(frame)]
    # Translated texts are computed first: the extractor does not look inside f-strings.
    not_stated = _esc(_("not stated"))
    no_sector = _esc(_("none of the eight"))
    other_kinds = _esc(_("other kinds"))
    rows = ""
    for (_i, row), (_j, seen), page in zip(frame.iterrows(), shown.iterrows(), pages):
        data = " ".join(f'data-{column.replace("_", "-")}="{_esc(_SEP.join(row[column] or []))}"'
                        for column in FACET_COLUMNS.values())
        sectors, kinds = _labels("sector", row["m4_sectors"]), _labels("kind", row["m4_kinds"])
        funding = (_items(_labels("funding_source", row["funding_sources"]))
                   or f'<span class="m4d-cl-none">{not_stated}</span>')
        text = f"{case_text(row)} {' '.join(row['m4_sectors'])} {' '.join(row['m4_kinds'])}".lower()
        if not english:
            # A reader may search in their language or with the guidelines' English names.
            text = f"{case_text(seen)} {' '.join(sectors)} {' '.join(kinds)} ".lower() + text
        rows += (f'<tr {data} data-case="{int(row["id"])}" data-text="{_esc(text)}">'
                 f'<td>{int(row["id"])}</td>'
                 f'<td><strong>{_esc(seen["title"])}</strong><br><small>{_esc(seen["summary"])}</small></td>'
                 f'<td>{_items(seen["territories"])}<br><small>{_items(seen["countries"])}</small></td>'
                 f'<td>{_items(seen["direction"]) or not_stated}</td>'
                 f'<td>{_items(sectors) or f"<span class=m4d-cl-none>{no_sector}</span>"}</td>'
                 f'<td>{_items(kinds) or f"<span class=m4d-cl-none>{other_kinds}</span>"}</td>'
                 f'<td>{_items(seen["actor_types"])}</td>'
                 f'<td>{funding}</td>'
                 f'<td>{_esc(page)}</td></tr>')
    header = "".join(f'<th scope="col">{_esc(_(h))}</th>' for h in HEADINGS)
    ids = frame["id"].astype(int).tolist()
    title = _("Where the examples take place (the map follows the filters)")
    alt = map_alt(ids) + " " + _("The points follow the filters of the table above.")
    figure = figure_bundle(go.Figure(map_spec(ids, title)), alt)["text/html"]
    # figure_bundle names the plot's div from its content; read the name back to link the script to it.
    start = figure.index('id="fig-') + 4
    map_id = figure[start:figure.index('"', start)]
    script = _SCRIPT % {"root": json.dumps(table_id), "map": json.dumps(map_id)}
    form_label = _esc(_("Search and filter the good practice of the guidelines"))
    search_label = _esc(_("Search the examples"))
    placeholder = _esc(_("a place, actor or topic, e.g. women"))
    reset_label = _esc(_("Clear filters"))
    # The case library's script rewrites the count as the reader filters: it takes its sentences from the
    # attributes, which an English page does without (the script's own sentences are the English ones).
    count_template = ngettext("Showing {shown} of {total} example.", "Showing {shown} of {total} examples.", n)
    count_data = "" if english else (
        f' data-template="{_esc(count_template)}" '
        f'data-none="{_esc(_("No example matches; clear a filter or change the search."))}"')
    caption = ngettext(
        "Good practice: the {n} example of the JMDI guidelines by Module 4 sector, kind of initiative, direction, "
        "world region, type of actor and funding source. Pages are the printed pages that support the example's "
        "tags; grouping the guidelines' themes into sectors is the course's reading.",
        "Good practice: the {n} examples of the JMDI guidelines by Module 4 sector, kind of initiative, direction, "
        "world region, type of actor and funding source. Pages are the printed pages that support the example's "
        "tags; grouping the guidelines' themes into sectors is the course's reading.", n).format(n=n)
    return (
        f'<div class="{TABLE_CLASS} m4d-good-practice" id="{prefix}" data-map="{_esc(map_id)}">'
        f'<form class="m4d-cl-controls" role="search" aria-label="{form_label}" onsubmit="return false;">'
        f'<div class="m4d-cl-field m4d-cl-search"><label for="{prefix}-search">{search_label}</label>'
        f'<input type="search" id="{prefix}-search" placeholder="{placeholder}" '
        f'autocomplete="off"></div>{selects}'
        f'<div class="m4d-cl-field"><button type="reset" class="m4d-cl-reset">{reset_label}</button></div></form>'
        f'<p class="m4d-cl-count" role="status" aria-live="polite"{count_data}>'
        f'{_esc(count_template.format(shown=n, total=n))}</p>'
        f'<div class="m4d-cl-scroll"><table class="m4d-cl-table">'
        f"<caption>{html.escape(caption, quote=False)}</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></div>"
        f"{figure}<script>{script}</script></div>"
    )

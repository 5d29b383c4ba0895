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
from m4d.i18n import N_, SOURCE_LANGUAGE, _, language, ngettext, pgettext, translate_frame, translate_value

#: Marks the HTML so that the book adds the script and style only to pages that hold the table.
TABLE_CLASS = "m4d-case-library"

#: The drop-down filters: (facet keyword, column, label shown to the reader).
FILTERS = (
    ("sector", "sectors", N_("Sector")),
    ("direction", "direction", N_("Direction")),
    ("initiative_kind", "initiative_kinds", N_("Kind of initiative")),
    ("world_region", "world_regions", N_("World region")),
)
#: The table's column headings, translated where the table is drawn.
HEADINGS = (N_("Example"), N_("Case"), N_("Territories and countries"), N_("Direction"), N_("Sectors"),
            N_("Kinds of initiative"), N_("Actors"), N_("Funding sources"), N_("Follows a migration corridor"),
            N_("Page"))

_SEP = "|"


def _esc(value) -> str:
    return html.escape("" if value is None or value is pd.NA else str(value), quote=True)


def _items(values) -> str:
    return "; ".join(_esc(v) for v in (values or []))


def _select(prefix: str, facet: str, column: str, label: str, cases: pd.DataFrame) -> str:
    present = {v for items in cases[column] for v in (items or [])}
    options = [v for v in vocabulary(column) if v in present]
    control = f"{prefix}-{facet}"
    # The option's value stays the English code the rows carry; only its label is translated.
    opts = "".join(f'<option value="{_esc(v)}">{_esc(translate_value("cases", column, v))}</option>' for v in options)
    every = _esc(pgettext("every value of a filter", "All"))
    return (f'<div class="m4d-cl-field"><label for="{control}">{_esc(_(label))}</label>'
            f'<select id="{control}" data-facet="{column}"><option value="">{every}</option>{opts}</select></div>')


def _corridor_cell(row: pd.Series, shown: pd.Series) -> str:
    value = row["follows_corridor"]
    if value is pd.NA or value is None:
        answer = pgettext("follows a migration corridor", "planned")
    else:
        answer = pgettext("follows a migration corridor", "yes") if bool(value) else pgettext(
            "follows a migration corridor", "no")
    detail = f"<br><small>{_esc(shown['corridor'])}</small>" if row["corridor"] is not pd.NA and row["corridor"] else ""
    return f"{answer}{detail}"


def _pages(row: pd.Series) -> str:
    if row["page"] == row["page_end"]:
        return _("p. {page}").format(page=row["page"])
    return _("pp. {first}-{last}").format(first=row["page"], last=row["page_end"])


def _row(row: pd.Series, shown: pd.Series) -> str:
    """One case: ``row`` holds the English codes the filters use, ``shown`` the reader's language."""
    data = " ".join(f'data-{column.replace("_", "-")}="{_esc(_SEP.join(row[column] or []))}"'
                    for __, column, __ in FILTERS)
    not_stated = _("not stated")
    funding = _items(shown["funding_sources"]) or f'<span class="m4d-cl-none">{_esc(not_stated)}</span>'
    # A reader may search in their language or with the guidelines' English names.
    text = case_text(row) if shown is row else f"{case_text(shown)} {case_text(row)}"
    return (f'<tr {data} data-text="{_esc(text)}">'
            f'<td>{int(row["id"])}</td>'
            f'<td><strong>{_esc(shown["title"])}</strong><br><small>{_esc(shown["summary"])}</small></td>'
            f'<td>{_items(shown["territories"])}<br><small>{_items(shown["countries"])}</small></td>'
            f'<td>{_items(shown["direction"]) or _esc(not_stated)}</td>'
            f'<td>{_items(shown["sectors"])}</td>'
            f'<td>{_items(shown["initiative_kinds"])}</td>'
            f'<td>{_items(shown["actors"])}</td>'
            f'<td>{funding}</td>'
            f'<td>{_corridor_cell(row, shown)}</td>'
            f'<td>{_esc(_pages(row))}</td></tr>')


def case_table_html(cases: pd.DataFrame | None = None, table_id: str = "case-library") -> str:
    """The searchable, filterable HTML table of the cases (all by default), in the current language.

    ``table_id`` prefixes the ids of the controls, so that two tables can share a page.
    """
    cases = load_cases() if cases is None else cases
    shown_cases = translate_frame(cases, "cases")
    prefix = _esc(table_id)
    selects = "".join(_select(prefix, facet, column, label, cases) for facet, column, label in FILTERS)
    header = "".join(f'<th scope="col">{_esc(_(h))}</th>' for h in HEADINGS)
    if language() == SOURCE_LANGUAGE:
        rows = "".join(_row(row, row) for __, row in cases.iterrows())
    else:
        rows = "".join(_row(row, shown) for (__, row), (__, shown) in zip(cases.iterrows(), shown_cases.iterrows()))
    n = len(cases)
    # The script rewrites the count as the reader filters: it takes its sentences from these attributes.
    count_template = ngettext("Showing {shown} of {total} example.", "Showing {shown} of {total} examples.", n)
    none_matches = _("No example matches; clear a filter or change the search.")
    caption = ngettext(
        "The {n} example of the JMDI guidelines on integrating migration into decentralised cooperation (facts "
        "from the guidelines, summaries in the course's words; page = printed page).",
        "The {n} examples of the JMDI guidelines on integrating migration into decentralised cooperation (facts "
        "from the guidelines, summaries in the course's words; page = printed page).", n).format(n=n)
    # Translated texts are computed first: the extractor does not look inside f-strings.
    form_label = _esc(_("Search and filter the case library"))
    search_label = _esc(_("Search the cases"))
    placeholder = _esc(_("a place, actor or topic, e.g. diaspora"))
    reset_label = _esc(_("Clear filters"))
    return (
        f'<div class="{TABLE_CLASS}" id="{prefix}">'
        f'<form class="m4d-cl-controls" role="search" aria-label="{form_label}" onsubmit="return false;">'
        f'<div class="m4d-cl-field m4d-cl-search"><label for="{prefix}-search">{search_label}</label>'
        f'<input type="search" id="{prefix}-search" placeholder="{placeholder}" '
        f'autocomplete="off"></div>{selects}'
        f'<div class="m4d-cl-field"><button type="reset" class="m4d-cl-reset">{reset_label}</button>'
        f'</div></form>'
        f'<p class="m4d-cl-count" role="status" aria-live="polite" data-template="{_esc(count_template)}" '
        f'data-none="{_esc(none_matches)}">{_esc(count_template.format(shown=n, total=n))}</p>'
        f'<div class="m4d-cl-scroll"><table class="m4d-cl-table">'
        f'<caption>{html.escape(caption, quote=False)}</caption>'
        f'<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></div></div>'
    )

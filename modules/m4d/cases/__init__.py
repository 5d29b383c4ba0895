"""The case library: every numbered example of the JMDI guidelines, to load, search, filter and map.

One row per example (``EXAMPLE 1`` to ``EXAMPLE 28``) with its territories,
countries, world regions, direction of cooperation, sectors, kinds of
initiative, actors, funding sources, whether it follows a migration corridor
and its printed page; a second table locates each territory. The functions are
pure: they take and return DataFrames, so lessons and other tools can combine
them freely.

>>> from m4d.cases import load_cases, filter_cases, search_cases
>>> cases = load_cases()
>>> sorted(filter_cases(cases, sector="health")["id"])[:3]
[12, 13, 15]
>>> search_cases(cases, "kasserine")["id"].tolist()
[6, 18]

Stable public names (other modules rely on them): :func:`load_cases`,
:func:`load_places`, :func:`vocabulary`, :func:`case`, :func:`citation`,
:func:`search_cases`, :func:`filter_cases`, :func:`case_map`,
:func:`case_map_alt`, :func:`case_table_html`, and the column constants.
"""
from m4d.cases.library import (
    FACETS,
    LIST_COLUMNS,
    case,
    citation,
    load_cases,
    load_places,
    mapped_places,
    vocabulary,
)
from m4d.cases.search import filter_cases, search_cases

__all__ = [
    "FACETS", "LIST_COLUMNS", "case", "citation", "load_cases", "load_places", "mapped_places",
    "vocabulary", "filter_cases", "search_cases", "case_map", "case_map_alt", "case_table_html",
]


def __getattr__(name):
    # The map needs plotly; load it only when asked for, so that loading the cases stays light.
    if name in ("case_map", "case_map_alt"):
        import importlib

        return getattr(importlib.import_module("m4d.cases.world_map"), name)
    if name == "case_table_html":
        from m4d.cases.table import case_table_html

        return case_table_html
    raise AttributeError(f"module 'm4d.cases' has no attribute {name!r}")

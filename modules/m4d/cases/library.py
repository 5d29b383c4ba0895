"""Load the case library and its vocabularies.

The library lives in ``datasets/cases.csv`` (one row per example of the
guidelines) and ``datasets/case_places.csv`` (one row per territory of an
example, located with GeoNames). Both are described in the data package, which
also holds the controlled vocabulary of each coded column (sectors, kinds of
initiative, actor types, world regions, direction).
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from m4d import datasets
from m4d.errors import InputError
from m4d.i18n import _

#: Columns that hold several values per case (lists once loaded).
LIST_COLUMNS = ("territories", "countries", "world_regions", "direction", "sectors",
                "initiative_kinds", "actor_types", "actors", "funding_sources")

#: The coded columns a reader can filter on, by the keyword :func:`filter_cases` takes.
FACETS = {
    "sector": "sectors",
    "direction": "direction",
    "initiative_kind": "initiative_kinds",
    "world_region": "world_regions",
    "actor_type": "actor_types",
    "country": "countries",
}


def load_cases() -> pd.DataFrame:
    """Every example of the guidelines, one row each, ordered by example number.

    Columns: ``id`` (example number, Int64), ``title`` and ``summary`` (the
    course's words), the list columns of :data:`LIST_COLUMNS`,
    ``direction_stated`` and ``follows_corridor`` (nullable booleans),
    ``corridor``, ``page`` and ``page_end`` (printed pages, Int64) and
    ``guideline_section``.
    """
    return datasets.load("cases").sort_values("id", kind="stable").reset_index(drop=True)


def load_places() -> pd.DataFrame:
    """Every territory of every example with how it was located and its coordinates.

    ``location_basis`` is ``place``, ``administrative seat``, ``national capital``
    or ``not mapped`` (then latitude and longitude are missing).
    """
    return datasets.load("case_places")


def mapped_places(places: pd.DataFrame | None = None) -> pd.DataFrame:
    """The territories that have coordinates (those drawn on the map)."""
    places = load_places() if places is None else places
    return places[places["latitude"].notna() & places["longitude"].notna()].reset_index(drop=True)


def vocabulary(column: str) -> list[str]:
    """The allowed values of a coded column (``sectors``, ``direction``, ...), in the data package's order.

    A facet keyword of :func:`filter_cases` (``sector``, ``initiative_kind``...)
    is accepted too.
    """
    column = FACETS.get(column, column)
    for field in datasets.resource("cases")["schema"]["fields"]:
        if field["name"] == column:
            if "m4d:vocabulary" not in field:
                raise InputError(_("The column {column} is free text and has no fixed vocabulary.").format(
                    column=repr(column)))
            return list(field["m4d:vocabulary"])
    raise InputError(_("The case library has no column {column}. Coded columns: {columns}.").format(
        column=repr(column), columns=", ".join(sorted(set(FACETS.values()) - {"countries"}))))


def case(cases: pd.DataFrame, example: int) -> dict[str, Any]:
    """One example as a dict, by its number in the guidelines."""
    try:
        number = int(example)
    except (TypeError, ValueError):
        raise InputError(_("An example is named by its number (1 to {last}), not {example}.").format(
            last=len(cases), example=repr(example))) from None
    rows = cases[cases["id"] == number]
    if rows.empty:
        raise InputError(_("There is no Example {example} in the case library; the examples run from {first} to "
                           "{last}.").format(example=number, first=int(cases["id"].min()), last=int(cases["id"].max())))
    return rows.iloc[0].to_dict()


def citation(row: dict[str, Any] | pd.Series) -> str:
    """How to cite an example: ``JMDI (2017), Example 11, p. 40``."""
    pages = f"p. {row['page']}" if row["page"] == row["page_end"] else f"pp. {row['page']}-{row['page_end']}"
    return f"JMDI (2017), Example {row['id']}, {pages}"

"""Search and filter the case library.

Both functions keep the order of the table they are given and return a new
DataFrame (never a view), so a caller may chain them. The static book page does
the same in JavaScript (``static/case_library.js``): a search matches a case
when every word of the query appears in it, ignoring case and accents.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import pandas as pd

from m4d.cases.library import FACETS, LIST_COLUMNS, vocabulary
from m4d.errors import InputError
from m4d.i18n import N_, _

#: The columns a text search looks in.
SEARCHED_COLUMNS = ("title", "summary", "corridor", "guideline_section") + LIST_COLUMNS


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents, so that 'sedhiou' finds 'Sédhiou'."""
    decomposed = unicodedata.normalize("NFD", str(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def case_text(row: pd.Series) -> str:
    """All the searchable text of one case, folded."""
    parts: list[str] = [str(row["id"])]
    for column in SEARCHED_COLUMNS:
        value = row.get(column)
        if isinstance(value, list):
            parts.extend(value)
        elif value is not None and not (isinstance(value, float) and pd.isna(value)) and value is not pd.NA:
            parts.append(str(value))
    return fold(" ".join(parts))


def search_cases(cases: pd.DataFrame, query: str) -> pd.DataFrame:
    """The cases whose text holds every word of ``query`` (case- and accent-insensitive).

    An empty query returns every case.
    """
    if not isinstance(query, str):
        raise InputError(_("The search text must be words, not {kind}.").format(kind=type(query).__name__))
    words = fold(query).split()
    if not words:
        return cases.copy()
    texts = cases.apply(case_text, axis=1) if len(cases) else pd.Series([], dtype=object)
    keep = texts.map(lambda text: all(word in text for word in words)).astype(bool)
    return cases[keep.values].copy()


#: What a reader is told for a value a facet does not have, one whole sentence per facet.
UNKNOWN_VALUE = {
    "sector": N_("{values} is not a sector of the case library. Choose from: {allowed}."),
    "direction": N_("{values} is not a direction of the case library. Choose from: {allowed}."),
    "initiative_kind": N_("{values} is not a initiative kind of the case library. Choose from: {allowed}."),
    "world_region": N_("{values} is not a world region of the case library. Choose from: {allowed}."),
    "actor_type": N_("{values} is not a actor type of the case library. Choose from: {allowed}."),
}


def _wanted(facet: str, value: str | Iterable[str]) -> set[str]:
    values = [value] if isinstance(value, str) else list(value)
    if facet == "country":
        return set(values)
    allowed = vocabulary(facet)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        # English as before (its "a initiative kind" included); the translations say it properly.
        raise InputError(_(UNKNOWN_VALUE[facet]).format(values=", ".join(map(repr, unknown)), allowed=", ".join(allowed)))
    return set(values)


def filter_cases(cases: pd.DataFrame, *, follows_corridor: bool | None = None, **facets) -> pd.DataFrame:
    """The cases that match every filter given.

    Keywords: ``sector``, ``direction``, ``initiative_kind``, ``world_region``,
    ``actor_type``, ``country`` (each one value or several; a case matches when
    it has any of them) and ``follows_corridor`` (True or False). ``None``
    means no filter. An unknown keyword or value raises :class:`m4d.InputError`
    listing what is allowed.

    >>> filter_cases(load_cases(), sector="health", direction="North-South")  # doctest: +SKIP
    """
    keep = pd.Series(True, index=cases.index)
    for facet, value in facets.items():
        if facet not in FACETS:
            raise InputError(_("Cases cannot be filtered by {facet}. Filters: {filters}, follows_corridor.").format(
                facet=repr(facet), filters=", ".join(FACETS)))
        if value is None:
            continue
        wanted = _wanted(facet, value)
        keep &= cases[FACETS[facet]].map(lambda items: bool(wanted & set(items or []))).astype(bool)
    if follows_corridor is not None:
        if not isinstance(follows_corridor, bool):
            raise InputError(_("follows_corridor is True, False or None (no filter)."))
        keep &= cases["follows_corridor"].fillna(not follows_corridor).astype(bool) == follows_corridor
    return cases[keep.values].copy()

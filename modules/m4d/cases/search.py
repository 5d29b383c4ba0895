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
        raise InputError(f"The search text must be words, not {type(query).__name__}.")
    words = fold(query).split()
    if not words:
        return cases.copy()
    texts = cases.apply(case_text, axis=1) if len(cases) else pd.Series([], dtype=object)
    keep = texts.map(lambda text: all(word in text for word in words)).astype(bool)
    return cases[keep.values].copy()


def _wanted(facet: str, value: str | Iterable[str]) -> set[str]:
    values = [value] if isinstance(value, str) else list(value)
    if facet == "country":
        return set(values)
    allowed = vocabulary(facet)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InputError(f"{', '.join(map(repr, unknown))} is not a {facet.replace('_', ' ')} of the case library. "
                         f"Choose from: {', '.join(allowed)}.")
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
            raise InputError(f"Cases cannot be filtered by {facet!r}. Filters: {', '.join(FACETS)}, follows_corridor.")
        if value is None:
            continue
        wanted = _wanted(facet, value)
        keep &= cases[FACETS[facet]].map(lambda items: bool(wanted & set(items or []))).astype(bool)
    if follows_corridor is not None:
        if not isinstance(follows_corridor, bool):
            raise InputError("follows_corridor is True, False or None (no filter).")
        keep &= cases["follows_corridor"].fillna(not follows_corridor).astype(bool) == follows_corridor
    return cases[keep.values].copy()

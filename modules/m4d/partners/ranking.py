"""Ranking candidate partners: screen, normalise, weigh, score, sort.

:func:`rank` is the whole method the course teaches, in one call. Ties are
broken deterministically: equal scores (to 12 decimal places, so that rounding
noise never decides) are ordered by the candidate's identifier, so the same
input always gives the same order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.partners.criteria import Criterion, as_criteria, criterion_values
from m4d.partners.normalisation import normalise_matrix
from m4d.partners.scoring import contributions, weighted_scores
from m4d.partners.screening import MustHave, screen
from m4d.partners.weights import validate_weights

#: Scores equal to this many decimal places count as a tie.
TIE_DECIMALS = 12


@dataclass
class Ranking:
    """The result of ranking candidates.

    ``table`` has one row per candidate that passed the must-haves, best first,
    with its rank, score, its value on each criterion (column = criterion key)
    and each criterion's contribution to the score (``<key>_contribution``).
    ``excluded`` lists the candidates set aside by a must-have, with the reason.
    ``normalised`` is the (candidates x criteria) matrix of normalised values in
    the order of ``table``; ``weights`` the checked weights in the order of
    ``criteria``.
    """

    table: pd.DataFrame
    excluded: pd.DataFrame
    criteria: tuple[Criterion, ...]
    weights: np.ndarray
    normalised: np.ndarray
    id_column: str
    must_haves: tuple[MustHave, ...] = field(default_factory=tuple)

    @property
    def top(self) -> str:
        """The identifier of the best-ranked candidate."""
        return str(self.table[self.id_column].iloc[0])

    @property
    def ids(self) -> list[str]:
        """Candidate identifiers, best first."""
        return [str(v) for v in self.table[self.id_column]]


def order_by_score(scores: np.ndarray, ids: Sequence[str]) -> np.ndarray:
    """Positions that sort candidates best first; equal scores in identifier order."""
    rounded = np.round(np.asarray(scores, dtype=float), TIE_DECIMALS)
    # lexsort sorts by the last key first: score descending, then identifier.
    return np.lexsort((np.asarray([str(i) for i in ids], dtype=object), -rounded))


def rank(
    candidates: pd.DataFrame,
    weights: Mapping[str, float],
    criteria: Iterable[Criterion | str] | None = None,
    must_haves: Sequence[MustHave] = (),
    id_column: str = "partner",
    label_columns: Sequence[str] = (),
) -> Ranking:
    """Rank candidate partners on weighted criteria, after must-have screening.

    ``candidates`` has one row per candidate, an identifier column and one
    column per criterion. ``weights`` maps criterion keys to non-negative
    numbers (not all zero). ``criteria`` defaults to the five criteria of the
    guidelines; add your own as :class:`Criterion` objects. ``label_columns``
    are carried into the result table (for example the candidate's name).
    """
    if not isinstance(candidates, pd.DataFrame):
        raise InputError("Give the candidates as a table (a pandas DataFrame), one row per candidate.")
    crits = as_criteria(criteria)
    w = validate_weights(weights, crits)
    if id_column not in candidates.columns:
        raise InputError(
            f"The candidate table has no identifier column {id_column!r}. "
            f"Its columns are: {', '.join(map(str, candidates.columns))}."
        )
    ids = candidates[id_column]
    if ids.isna().any():
        raise InputError(f"A candidate has no identifier in column {id_column!r}; give every candidate one.")
    repeated = ids[ids.duplicated()].astype(str).unique().tolist()
    if repeated:
        raise InputError(f"The candidate {', '.join(map(repr, repeated))} appears more than once; list each candidate once.")
    missing_labels = [c for c in label_columns if c not in candidates.columns]
    if missing_labels:
        raise InputError(f"The candidate table has no column {', '.join(map(repr, missing_labels))} to show.")

    kept, excluded = screen(candidates, tuple(must_haves))
    if len(kept) == 0:
        raise InputError(
            f"None of the {len(candidates)} candidates meets every must-have. Relax a must-have to see a ranking."
        )
    if len(kept) == 1:
        raise InputError(
            f"Only {str(kept[id_column].iloc[0])!r} meets every must-have, so there is nothing to compare. "
            "Relax a must-have to rank more candidates."
        )

    values = criterion_values(kept, crits, id_column)
    names = [str(v) for v in kept[id_column]]
    # A criterion that does not count (weight 0) may lack spread: it then adds nothing,
    # so it is left at 0 rather than stopping the ranking.
    counted = [j for j in range(len(crits)) if w[j] > 0]
    normalised = np.zeros_like(values)
    normalised[:, counted] = normalise_matrix(values[:, counted], [crits[j] for j in counted], names)
    for j in range(len(crits)):
        if w[j] == 0 and crits[j].lower is None and np.ptp(values[:, j]) > 0:
            normalised[:, [j]] = normalise_matrix(values[:, [j]], [crits[j]], names)
        elif w[j] == 0 and crits[j].lower is not None:
            normalised[:, [j]] = normalise_matrix(values[:, [j]], [crits[j]], names)

    scores = weighted_scores(normalised, w)
    parts = contributions(normalised, w)
    order = order_by_score(scores, names)

    table = pd.DataFrame({"rank": np.arange(1, len(kept) + 1), id_column: np.asarray(names, dtype=object)[order]})
    for col in label_columns:
        if col != id_column:
            table[col] = kept[col].to_numpy()[order]
    # Scores as they were compared: rounding noise must not make tied candidates look unequal.
    table["score"] = np.round(scores, TIE_DECIMALS)[order]
    for j, crit in enumerate(crits):
        table[crit.key] = values[order, j]
    for j, crit in enumerate(crits):
        table[f"{crit.key}_contribution"] = parts[order, j]
    return Ranking(
        table=table,
        excluded=excluded.reset_index(drop=True),
        criteria=crits,
        weights=w,
        normalised=normalised[order],
        id_column=id_column,
        must_haves=tuple(must_haves),
    )

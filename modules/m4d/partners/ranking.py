"""Ranking candidate partners: screen, normalise, weigh, score, sort.

:func:`rank` is the whole method the course teaches, in one call. Ties are
broken deterministically: candidates whose scores are equal are ordered by
their identifier, so the same input always gives the same order. "Equal" is
decided exactly: where two floating-point scores are close enough for rounding
to matter, the scores are recomputed in exact rational arithmetic
(:class:`fractions.Fraction`) from the same values and weights, so rounding
noise never decides and no cut-off (such as rounding to 12 decimals) can split
a tie or make one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import _
from m4d.partners.criteria import Criterion, as_criteria, criterion_values
from m4d.partners.normalisation import normalise_matrix
from m4d.partners.scoring import contributions, weighted_scores
from m4d.partners.screening import MustHave, screen
from m4d.partners.weights import validate_weights

#: Kept for compatibility: ties are no longer decided by rounding (see the module's description).
TIE_DECIMALS = 12
#: Scores closer than this are compared again in exact arithmetic; far above any rounding error of a score.
NEAR_TIE = 1e-9


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


def order_by_score(scores: np.ndarray, ids: Sequence[str], exact=None) -> np.ndarray:
    """Positions that sort candidates best first; equal scores in identifier order.

    ``exact``, if given, returns the exact score (a Fraction) of a position:
    candidates within :data:`NEAR_TIE` of each other are ordered by it, so a
    tie is a tie in exact arithmetic. Without it, floating-point scores are
    compared as they are.
    """
    scores = np.asarray(scores, dtype=float)
    names = np.asarray([str(i) for i in ids], dtype=object)
    order = np.lexsort((names, -scores))
    if exact is None or len(order) < 2:
        return order
    sorted_scores = scores[order]
    # Runs of neighbours closer than NEAR_TIE: within a run, order by the exact score, then identifier.
    breaks = np.flatnonzero(np.abs(np.diff(sorted_scores)) > NEAR_TIE) + 1
    out = []
    for run in np.split(order, breaks):
        if len(run) > 1:
            run = np.array(sorted(run, key=lambda i: (-exact(i), names[i])))
        out.append(run)
    return np.concatenate(out)


def exact_scorer(values: np.ndarray, criteria: Sequence[Criterion], weights: np.ndarray):
    """A function from a candidate's position to its score in exact rational arithmetic."""
    columns = []
    for j, crit in enumerate(criteria):
        col = values[:, j]
        if crit.lower is not None:
            lo, hi = Fraction(float(crit.lower)), Fraction(float(crit.upper))
        else:
            lo, hi = Fraction(float(col.min())), Fraction(float(col.max()))
        columns.append((lo, hi, crit.more_is_better))
    w = [Fraction(float(x)) for x in weights]
    total = sum(w)

    def score(i: int) -> Fraction:
        out = Fraction(0)
        for j, (lo, hi, more) in enumerate(columns):
            if w[j] == 0 or hi == lo:
                continue
            scaled = (Fraction(float(values[i, j])) - lo) / (hi - lo)
            out += w[j] * (scaled if more else 1 - scaled)
        return out / total

    return score


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
        raise InputError(_("Give the candidates as a table (a pandas DataFrame), one row per candidate."))
    crits = as_criteria(criteria)
    w = validate_weights(weights, crits)
    if id_column not in candidates.columns:
        raise InputError(_("The candidate table has no identifier column {column}. Its columns are: {columns}.").format(
            column=repr(id_column), columns=", ".join(map(str, candidates.columns))))
    ids = candidates[id_column]
    if ids.isna().any():
        raise InputError(_("A candidate has no identifier in column {column}; give every candidate one.").format(
            column=repr(id_column)))
    repeated = ids[ids.duplicated()].astype(str).unique().tolist()
    if repeated:
        raise InputError(_("The candidate {candidates} appears more than once; list each candidate once.").format(
            candidates=", ".join(map(repr, repeated))))
    missing_labels = [c for c in label_columns if c not in candidates.columns]
    if missing_labels:
        raise InputError(_("The candidate table has no column {columns} to show.").format(
            columns=", ".join(map(repr, missing_labels))))

    kept, excluded = screen(candidates, tuple(must_haves))
    if len(kept) == 0:
        raise InputError(_("None of the {n} candidates meets every must-have. Relax a must-have to see a "
                           "ranking.").format(n=len(candidates)))
    if len(kept) == 1:
        raise InputError(_("Only {candidate} meets every must-have, so there is nothing to compare. Relax a "
                           "must-have to rank more candidates.").format(candidate=repr(str(kept[id_column].iloc[0]))))

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
    exact = exact_scorer(values, crits, w)
    order = order_by_score(scores, names, exact)

    table = pd.DataFrame({"rank": np.arange(1, len(kept) + 1), id_column: np.asarray(names, dtype=object)[order]})
    for col in label_columns:
        if col != id_column:
            table[col] = kept[col].to_numpy()[order]
    # Scores as they were compared: tied candidates (equal in exact arithmetic) show the same score.
    shown = scores[order].copy()
    near = np.flatnonzero(np.abs(np.diff(shown)) <= NEAR_TIE)
    for k in np.union1d(near, near + 1):
        shown[k] = float(exact(order[k]))
    table["score"] = shown
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

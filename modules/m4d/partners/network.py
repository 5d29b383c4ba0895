"""Network matching: pair many home territories with many partners at once.

An association of local authorities (a national association with thousands of
members, say) may want to propose partnerships to all its members at once. Each
possible pair along a corridor has a score (for example from :func:`rank`), and
each territory can take on only so many partnerships (its capacity). Two ways
of choosing the pairs are offered, because they answer different questions:

``method="optimal"``
    The pairs with the highest total score that respect every capacity. This is
    a maximum-weight bipartite b-matching. It is solved as a linear programme
    with the HiGHS dual simplex (``scipy.optimize.linprog``): the constraint
    matrix of a bipartite graph is totally unimodular, so the simplex method's
    optimal vertex is already whole (0 or 1 per corridor). Should rounding ever
    leave a fractional value, the same programme is re-solved as an integer
    programme (``scipy.optimize.milp``). It scales to thousands of territories on
    each side because only the corridors (the possible pairs) are variables,
    not every pair of territories; an expanded square cost matrix for
    ``linear_sum_assignment`` would need (total capacity)^2 cells instead.

``method="stable"``
    Deferred acceptance (Gale and Shapley), many-to-many with capacities: home
    territories propose to candidates in order of preference, candidates keep
    the best proposals up to their capacity. The result is *stable*: no home
    territory and candidate would both rather be paired with each other than
    with one of their partners. It suits voluntary partnerships, where a pair
    that both sides would prefer will form anyway. Both sides rank by the pair
    score unless the candidates' own scores are given (``partner_score_column``).

In both methods a corridor whose score is 0 or less (for the stable method:
to either side) is never chosen: it would add nothing, or harm, so no
territory would rather take it than stay free.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from numbers import Integral
from typing import Mapping

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array, vstack

from m4d.errors import InputError
from m4d.i18n import _
from m4d.i18n.numbers import number

METHODS = ("optimal", "stable")


@dataclass
class Matching:
    """The chosen partnerships: ``pairs`` (home, partner, score), best first within each home."""

    pairs: pd.DataFrame
    total_score: float
    method: str
    home_capacity_left: pd.Series
    partner_capacity_left: pd.Series


def _capacities(capacity, names: np.ndarray, side: str) -> np.ndarray:
    # One whole sentence per side: a translation cannot put "home" or "partner" into a sentence as a word.
    home = side == "home"
    if isinstance(capacity, Integral) and not isinstance(capacity, bool):
        if capacity < 0:
            text = (_("The capacity of every home territory is {capacity}; a capacity cannot be negative.") if home
                    else _("The capacity of every partner territory is {capacity}; a capacity cannot be negative."))
            raise InputError(text.format(capacity=number(capacity, "")))
        return np.full(len(names), int(capacity), dtype=np.int64)
    if not isinstance(capacity, (Mapping, pd.Series)):
        raise InputError(
            _("Give the home capacities as one whole number or a mapping from territory to whole number.") if home
            else _("Give the partner capacities as one whole number or a mapping from territory to whole number."))
    out = np.empty(len(names), dtype=np.int64)
    for i, name in enumerate(names):
        if name not in capacity:
            text = (_("The home territory {territory} appears in a corridor but has no capacity. Give every home "
                      "territory a capacity (0 to leave it out).") if home
                    else _("The partner territory {territory} appears in a corridor but has no capacity. Give every "
                           "partner territory a capacity (0 to leave it out)."))
            raise InputError(text.format(territory=repr(name)))
        value = capacity[name]
        if isinstance(value, bool) or not isinstance(value, (Integral, float)) or (
            isinstance(value, float) and (math.isnan(value) or not value.is_integer())
        ):
            raise InputError(_("The capacity of {territory} is {value}; give a whole number of partnerships.").format(
                territory=repr(name), value=repr(value)))
        if value < 0:
            raise InputError(_("The capacity of {territory} is {capacity}; a capacity cannot be negative.").format(
                territory=repr(name), capacity=number(value, "")))
        out[i] = int(value)
    return out


def _edges(corridors: pd.DataFrame, home_column: str, partner_column: str, score_column: str):
    if not isinstance(corridors, pd.DataFrame):
        raise InputError(_("Give the corridors as a table (a pandas DataFrame) with one row per possible pair."))
    missing = [c for c in (home_column, partner_column, score_column) if c not in corridors.columns]
    if missing:
        raise InputError(_("The corridor table lacks the column(s) {missing}. Its columns are: {columns}.").format(
            missing=", ".join(missing), columns=", ".join(map(str, corridors.columns))))
    if corridors.empty:
        raise InputError(_("The corridor table is empty: list at least one possible pair."))
    for col in (home_column, partner_column):
        if corridors[col].isna().any():
            row = int(np.flatnonzero(corridors[col].isna().to_numpy())[0]) + 1
            raise InputError(_("Corridor {row} has no {column}; every corridor joins two named territories.").format(
                row=row, column=col))
    score = pd.to_numeric(corridors[score_column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if not np.isfinite(score).all():
        row = int(np.flatnonzero(~np.isfinite(score))[0])
        raise InputError(_("The corridor {home} - {partner} has no usable {column} ({value}); give every corridor a "
                           "number.").format(home=repr(corridors[home_column].iloc[row]),
                                             partner=repr(corridors[partner_column].iloc[row]), column=score_column,
                                             value=repr(corridors[score_column].iloc[row])))
    homes, h_idx = np.unique(corridors[home_column].astype(str).to_numpy(), return_inverse=True)
    partners, p_idx = np.unique(corridors[partner_column].astype(str).to_numpy(), return_inverse=True)
    pair_code = h_idx.astype(np.int64) * len(partners) + p_idx
    uniq, counts = np.unique(pair_code, return_counts=True)
    if (counts > 1).any():
        code = int(uniq[np.argmax(counts > 1)])
        raise InputError(_("The pair {home} - {partner} is listed more than once; list each corridor once.").format(
            home=repr(homes[code // len(partners)]), partner=repr(partners[code % len(partners)])))
    return homes, partners, h_idx, p_idx, score


def match_network(
    corridors: pd.DataFrame,
    home_capacity: int | Mapping[str, int] = 1,
    partner_capacity: int | Mapping[str, int] = 1,
    method: str = "optimal",
    home_column: str = "home",
    partner_column: str = "partner",
    score_column: str = "score",
    partner_score_column: str | None = None,
) -> Matching:
    """Match home territories to partners along their corridors, within each one's capacity.

    ``corridors`` lists the possible pairs with a score (higher is better).
    Capacities are whole numbers: one for every territory on a side, or a
    mapping per territory. See the module's description for the two methods.
    """
    if method not in METHODS:
        raise InputError(_("The matching method {method} is not known; use 'optimal' or 'stable'.").format(
            method=repr(method)))
    homes, partners, h_idx, p_idx, score = _edges(corridors, home_column, partner_column, score_column)
    h_cap = _capacities(home_capacity, homes, "home")
    p_cap = _capacities(partner_capacity, partners, "partner")
    if method == "optimal":
        chosen = _optimal(h_idx, p_idx, score, h_cap, p_cap)
    else:
        if partner_score_column is not None:
            if partner_score_column not in corridors.columns:
                raise InputError(_("The corridor table has no column {column} for the partners' scores.").format(
                    column=repr(partner_score_column)))
            p_score = pd.to_numeric(corridors[partner_score_column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            if not np.isfinite(p_score).all():
                raise InputError(_("Every corridor needs a number in {column}.").format(
                    column=repr(partner_score_column)))
        else:
            p_score = score
        # As in the optimal method, a pair worth 0 or less (to either side) is no partnership at all:
        # leaving it out keeps the two methods answering the same question.
        acceptable = np.flatnonzero((score > 0) & (p_score > 0))
        chosen = acceptable[_deferred_acceptance(h_idx[acceptable], p_idx[acceptable], score[acceptable],
                                                 p_score[acceptable], homes, partners, h_cap, p_cap)]

    pairs = pd.DataFrame({
        home_column: homes[h_idx[chosen]],
        partner_column: partners[p_idx[chosen]],
        score_column: score[chosen],
    })
    pairs = pairs.sort_values([home_column, score_column, partner_column], ascending=[True, False, True],
                              kind="stable").reset_index(drop=True)
    used_h = np.bincount(h_idx[chosen], minlength=len(homes))
    used_p = np.bincount(p_idx[chosen], minlength=len(partners))
    return Matching(
        pairs=pairs,
        total_score=float(score[chosen].sum()),
        method=method,
        home_capacity_left=pd.Series(h_cap - used_h, index=homes, name="capacity_left"),
        partner_capacity_left=pd.Series(p_cap - used_p, index=partners, name="capacity_left"),
    )


def _optimal(h_idx, p_idx, score, h_cap, p_cap) -> np.ndarray:
    """Indices of the corridors in a maximum-score b-matching (linear programme, HiGHS)."""
    # A corridor with a score of 0 or less can never raise the total: leave it out.
    useful = np.flatnonzero(score > 0)
    if useful.size == 0:
        return useful
    m = useful.size
    cols = np.arange(m)
    a_home = csr_array((np.ones(m), (h_idx[useful], cols)), shape=(len(h_cap), m))
    a_partner = csr_array((np.ones(m), (p_idx[useful], cols)), shape=(len(p_cap), m))
    a = vstack([a_home, a_partner]).tocsr()
    caps = np.concatenate([h_cap, p_cap]).astype(float)
    result = linprog(-score[useful], A_ub=a, b_ub=caps, bounds=(0, 1), method="highs-ds")
    if result.status == 0 and np.all(np.minimum(np.abs(result.x), np.abs(result.x - 1)) < 1e-6):
        return useful[result.x > 0.5]
    result = milp(-score[useful], constraints=[LinearConstraint(a, 0, caps)], bounds=Bounds(0, 1),
                  integrality=np.ones(m))
    if result.status != 0 or result.x is None:
        # Translators: {reason} is the solver's own message (in English).
        raise InputError(_("The matching could not be solved ({reason}). Check the capacities and scores.").format(
            reason=result.message))
    return useful[result.x > 0.5]


def _deferred_acceptance(h_idx, p_idx, h_score, p_score, homes, partners, h_cap, p_cap) -> np.ndarray:
    """Indices of the corridors in the home-proposing stable matching."""
    n_edges = len(h_idx)
    # Each home's proposals, best first (ties: partner identifier).
    order = np.lexsort((partners[p_idx], -h_score, h_idx))
    starts = np.searchsorted(h_idx[order], np.arange(len(homes) + 1))
    next_proposal = starts[:-1].copy()
    free = h_cap.copy()
    # Each partner holds its accepted proposals in a min-heap keyed by its own preference,
    # so the weakest held proposal is at the top. Ties: the home with the later identifier is weaker.
    home_rank = np.empty(len(homes), dtype=np.int64)
    home_rank[np.argsort(homes)] = np.arange(len(homes))
    held: list[list[tuple[float, int, int]]] = [[] for _ in partners]
    accepted = np.zeros(n_edges, dtype=bool)
    queue = [h for h in range(len(homes)) if free[h] > 0]
    while queue:
        h = queue.pop()
        while free[h] > 0 and next_proposal[h] < starts[h + 1]:
            e = order[next_proposal[h]]
            next_proposal[h] += 1
            p = p_idx[e]
            if p_cap[p] == 0:
                continue
            key = (p_score[e], -home_rank[h], e)
            if len(held[p]) < p_cap[p]:
                heapq.heappush(held[p], key)
                accepted[e] = True
                free[h] -= 1
            elif key > held[p][0]:
                _, _, dropped = heapq.heapreplace(held[p], key)
                accepted[dropped] = False
                accepted[e] = True
                free[h] -= 1
                loser = h_idx[dropped]
                free[loser] += 1
                queue.append(loser)
    return np.flatnonzero(accepted)

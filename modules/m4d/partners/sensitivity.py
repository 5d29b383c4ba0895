"""How robust is the choice of partner to the weights?

Weights are judgements, so a ranking is only as convincing as its top choice is
stable. Two questions are answered here:

* :func:`flip_points`: for each criterion, keeping the other weights as they
  are, at what weight does a different candidate come out on top? This is
  exact. With the other weights fixed, every candidate's score is
  ``(x * n_c + R) / (x + W)`` for the weight ``x`` of criterion ``c``; the
  denominator is the same for everyone, so candidates swap places exactly where
  the straight lines ``x * n_c + R`` cross.
* :func:`top_stability`: if every weight were a little different (each
  multiplied by a random factor between ``1 - spread`` and ``1 + spread``), how
  often would the top choice stay on top? The draws are seeded, so the answer
  is the same every time it is asked.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import _
from m4d.partners.ranking import NEAR_TIE, Ranking


def flip_points(ranking: Ranking) -> pd.DataFrame:
    """For each criterion, the weight at which the top candidate changes.

    One row per criterion with its current ``weight``; ``raise_to`` is the
    weight above which ``top_if_raised`` takes first place, and ``lower_to``
    the weight below which ``top_if_lowered`` does (other weights unchanged).
    NaN and an empty name mean that no weight in that direction changes the
    top choice. ``share_*`` columns give the same weights as a share of the total.
    """
    n = ranking.normalised
    w = ranking.weights
    ids = ranking.ids
    t = 0  # the table is ordered best first
    rows = []
    for c, crit in enumerate(ranking.criteria):
        rest = np.delete(w, c)
        rest_total = float(rest.sum())
        r = np.delete(n, c, axis=1) @ rest  # the other criteria's weighted sum, per candidate
        slope = n[:, c]
        x0 = float(w[c])
        raise_to, top_raised = _first_crossing(slope, r, ids, t, x0, upward=True)
        lower_to, top_lowered = _first_crossing(slope, r, ids, t, x0, upward=False, rest_total=rest_total)
        rows.append({
            "criterion": crit.key,
            "label": crit.label,
            "weight": x0,
            "share": x0 / w.sum(),
            "raise_to": raise_to,
            "share_raise_to": raise_to / (raise_to + rest_total) if np.isfinite(raise_to) else np.nan,
            "top_if_raised": top_raised,
            "lower_to": lower_to,
            "share_lower_to": lower_to / (lower_to + rest_total) if np.isfinite(lower_to) and lower_to + rest_total > 0 else np.nan,
            "top_if_lowered": top_lowered,
        })
    return pd.DataFrame(rows)


def _first_crossing(slope, r, ids, t, x0, upward, rest_total=0.0):
    """The nearest weight from ``x0`` (up or down) where another line overtakes the top's."""
    best_x, best = np.nan, ""
    best_slope = np.nan
    for j in range(len(ids)):
        if j == t:
            continue
        gap_slope = slope[j] - slope[t]
        if upward and gap_slope > 0:
            x = (r[t] - r[j]) / gap_slope
            x = max(x, x0)  # already tied now: any increase hands over first place
            better = np.isnan(best_x) or x < best_x - 1e-12
            same = not better and abs(x - best_x) <= 1e-12
            # At the same crossing, the steeper line is the one on top just after it.
            if better or (same and (slope[j] > best_slope or (slope[j] == best_slope and ids[j] < best))):
                best_x, best, best_slope = x, ids[j], slope[j]
        elif not upward and gap_slope < 0:
            x = (r[j] - r[t]) / (-gap_slope)
            if x > x0 + 1e-12:
                continue  # cannot happen for a true top; guards rounding
            # The weight cannot go below 0, and all weights cannot be 0 together.
            if x < 0 or (x == 0 and (rest_total == 0 or ids[j] > ids[t])):
                continue
            better = np.isnan(best_x) or x > best_x + 1e-12
            same = not better and abs(x - best_x) <= 1e-12
            if better or (same and (slope[j] < best_slope or (slope[j] == best_slope and ids[j] < best))):
                best_x, best, best_slope = min(x, x0), ids[j], slope[j]
    return float(best_x), best


@dataclass(frozen=True)
class Stability:
    """How often each candidate comes first when the weights are perturbed."""

    top: str
    stays_on_top: float
    share_on_top: pd.Series
    draws: int
    spread: float


def top_stability(ranking: Ranking, draws: int = 1000, spread: float = 0.5, seed: int = 0) -> Stability:
    """Share of random weight perturbations in which the top candidate stays first.

    Each weight is multiplied by an independent factor drawn uniformly from
    ``[1 - spread, 1 + spread]``; a weight of 0 stays 0 (a criterion the user
    left out stays out). ``seed`` makes the draws repeatable.
    """
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise InputError(_("The number of draws must be a whole number of at least 1, not {draws}.").format(
            draws=repr(draws)))
    if isinstance(spread, bool) or not isinstance(spread, (int, float)) or not 0 <= spread < 1:
        raise InputError(_("The spread must be a number from 0 up to (not including) 1, not {spread}.").format(
            spread=repr(spread)))
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(int(draws), len(ranking.weights)))
    w = factors * ranking.weights
    ids = np.asarray(ranking.ids, dtype=object)
    by_id = np.argsort(ids, kind="stable")  # so that argmax breaks ties by identifier
    n = ranking.normalised[by_id]
    scores = (w @ n.T) / w.sum(axis=1, keepdims=True)
    # The first (by identifier) of the candidates within rounding distance of the best is the winner.
    best = scores.max(axis=1, keepdims=True)
    winners = ids[by_id][(scores >= best - NEAR_TIE).argmax(axis=1)]
    counts = pd.Series(winners).value_counts()
    share = (counts / draws).reindex(ranking.ids, fill_value=0.0).rename("share_on_top")
    share.index.name = ranking.id_column
    return Stability(top=ranking.top, stays_on_top=float(share[ranking.top]), share_on_top=share,
                     draws=int(draws), spread=float(spread))

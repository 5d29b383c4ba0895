r"""Sharing a sample out between strata.

- **proportional**: each stratum gets its share of the population,
  $n_h = n N_h / N$; the sample looks like the region.
- **Neyman** (optimal): $n_h = n N_h S_h / \sum_k N_k S_k$, with $S_h$ the
  expected standard deviation in the stratum (for a share $p_h$,
  $S_h = \sqrt{p_h(1-p_h)}$); more interviews go where answers vary most,
  which gives the smallest variance for the regional estimate.
- a **minimum** per stratum keeps every stratum large enough to report on its
  own; the strata held at the minimum are fixed and the rest of the sample is
  shared out again among the others.

No stratum gets more interviews than it has households. Results are whole
numbers that add up to ``n`` exactly (largest remainders).
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.i18n.numbers import number
from m4d.survey import checks

METHODS = ("proportional", "neyman")


def allocate(populations: Mapping[str, int] | pd.Series, n: int, method: str = "proportional",
             standard_deviations: Mapping[str, float] | pd.Series | None = None,
             minimum: int = 0) -> pd.Series:
    """Interviews per stratum: a whole-number Series indexed by stratum that sums to ``n``.

    ``populations`` maps each stratum to its number of households (or people);
    ``standard_deviations`` (Neyman only) maps each stratum to the expected
    standard deviation of the main variable.
    """
    sizes = _sizes(populations)
    total = checks.whole(n, N_("The sample size"), minimum=1)
    floor = checks.whole(minimum, N_("The minimum per stratum"), minimum=0)
    if method not in METHODS:
        raise InputError(_("Unknown allocation method {method}: use 'proportional' or 'neyman'.").format(
            method=repr(method)))
    if total > sizes.sum():
        raise InputError(_("A sample of {total} is more than the {units} units in all strata together; "
                           "survey everyone (a census) or lower the sample size.").format(
            total=number(total, "d"), units=number(int(sizes.sum()), "d")))
    floors = np.minimum(sizes.to_numpy(dtype=float), floor)
    if floors.sum() > total:
        raise InputError(_("A minimum of {floor} in each of the {strata} strata needs {needed} interviews, more "
                           "than the sample of {total}; lower the minimum or raise the sample.").format(
            floor=number(floor, "d"), strata=number(len(sizes), "d"), needed=number(int(floors.sum()), "d"),
            total=number(total, "d")))
    if method == "neyman":
        spread = _standard_deviations(standard_deviations, sizes.index)
        score = sizes.to_numpy(dtype=float) * spread
        if score.sum() == 0:
            raise InputError(_("Every stratum has a standard deviation of 0, so Neyman allocation has nothing "
                               "to go on; use proportional allocation."))
    else:
        score = sizes.to_numpy(dtype=float)
    share = _bounded_shares(score, total, floors, sizes.to_numpy(dtype=float))
    counts = _round_to_total(share, total, floors, sizes.to_numpy(dtype=float))
    return pd.Series(counts, index=sizes.index, name="sample", dtype="int64")


def _sizes(populations) -> pd.Series:
    if isinstance(populations, Mapping):
        populations = pd.Series(dict(populations), dtype=object)
    if not isinstance(populations, pd.Series):
        raise InputError(_("Give the strata as a dict or a pandas Series from stratum name to population."))
    if populations.empty:
        raise InputError(_("There are no strata: give at least one stratum with its population."))
    if populations.index.has_duplicates:
        raise InputError(_("Stratum {stratum} is listed twice.").format(
            stratum=repr(populations.index[populations.index.duplicated()][0])))
    out = {}
    for stratum, value in populations.items():
        size = checks.whole(value, _("The population of stratum {stratum}").format(stratum=repr(stratum)))
        if size == 0:
            raise InputError(_("Stratum {stratum} has no population: remove it, or merge it with a neighbouring "
                               "stratum.").format(stratum=repr(stratum)))
        out[stratum] = size
    return pd.Series(out, dtype="int64")


def _standard_deviations(values, strata: pd.Index) -> np.ndarray:
    if values is None:
        raise InputError(_("Neyman allocation needs the expected standard deviation of each stratum "
                           "(standard_deviations=...); for a share p use sqrt(p(1-p))."))
    values = pd.Series(dict(values)) if isinstance(values, Mapping) else values
    missing = [s for s in strata if s not in values.index]
    if missing:
        raise InputError(_("No standard deviation for stratum(s) {strata}.").format(strata=", ".join(map(repr, missing))))
    spread = np.array([checks.number(values[s], _("The standard deviation of stratum {stratum}").format(stratum=repr(s))) for s in strata])
    if (spread < 0).any():
        raise InputError(_("A standard deviation cannot be negative."))
    return spread


def _bounded_shares(score: np.ndarray, total: int, floors: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Shares proportional to ``score``, each kept between its floor and its cap, adding up to ``total``.

    The shares are clip(lambda x score, floor, cap) for the one lambda that makes
    them add up to the total (found by bisection: the sum only grows with lambda).
    """
    def shares(lam: float) -> np.ndarray:
        return np.clip(lam * score, floors, caps)

    positive = score > 0
    most = np.where(positive, caps, floors).sum()
    if most < total:
        # Strata whose score is 0 must take the rest: share it by size among them.
        base = np.where(positive, caps, floors)
        room = np.where(positive, 0.0, caps - floors)
        return base + room * (total - most) / room.sum()
    low, high = 0.0, 1.0
    while shares(high).sum() < total:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if shares(mid).sum() < total:
            low = mid
        else:
            high = mid
    return shares(high)


def _round_to_total(share: np.ndarray, total: int, floors: np.ndarray, caps: np.ndarray) -> np.ndarray:
    counts = np.floor(share + 1e-9).astype(int)
    counts = np.clip(counts, np.ceil(floors).astype(int), caps.astype(int))
    remainder = share - counts
    missing = total - counts.sum()
    # Largest remainders get the units left over; ties go to the first stratum listed.
    for i in sorted(range(len(share)), key=lambda i: (-remainder[i], i)):
        if missing <= 0:
            break
        if counts[i] < caps[i]:
            counts[i] += 1
            missing -= 1
    # Rounding noise can leave one unit too many; take it from the smallest remainder above its floor.
    for i in sorted(range(len(share)), key=lambda i: (remainder[i], i)):
        if missing >= 0:
            break
        if counts[i] > floors[i]:
            counts[i] -= 1
            missing += 1
    if missing != 0:  # pragma: no cover - the bounds above make this impossible
        raise InputError(_("The sample could not be shared out; check the strata sizes."))
    return counts


def standard_deviation_of_share(proportion: float) -> float:
    """The standard deviation sqrt(p(1-p)) of a yes/no answer whose share of yes is ``proportion``."""
    p = checks.share(proportion, N_("The expected proportion"), allow_zero=True)
    return math.sqrt(p * (1 - p))

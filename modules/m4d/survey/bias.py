"""What a convenience sample does to an estimate, against a random sample.

A team that interviews whoever comes to the town hall, or whoever a migrant
association puts them in touch with, reaches some households far more easily
than others. If those households differ in what is measured (having a
member abroad, receiving remittances) the estimate is off, and interviewing
more people does not fix it: the error is bias, not chance.

:func:`simulate_bias` draws many samples of the same size from a population
whose truth is known, once at random and once by convenience, and reports for
each design the average estimate, its bias, and its root mean squared error.
Convenience is modelled by a *reachability* score: households are drawn one
after another, each time with probability proportional to its score among
those not yet drawn (successive sampling without replacement).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.i18n.numbers import number
from m4d.survey import checks

DESIGNS = ("random", "convenience")


@dataclass(frozen=True)
class BiasResult:
    """The estimates of every simulated sample and their summary against the truth."""

    truth: float
    runs: pd.DataFrame  #: one row per sample: run, design, estimate
    summary: pd.DataFrame  #: one row per design: mean estimate, bias, standard deviation, RMSE

    def bias(self, design: str) -> float:
        return float(self.summary.set_index("design").loc[design, "bias"])


def reachability(population: pd.DataFrame, centre_pull: float = 1.0, association_pull: float = 3.0,
                 distance: str = "distance_to_centre_km", contact: str = "association_contact") -> np.ndarray:
    """How easily a convenience survey reaches each household (relative, all above 0).

    ``centre_pull`` makes households near the municipal centre easier to reach
    (the weight falls by a factor e for every 2 km times the pull);
    ``association_pull`` multiplies the weight of households in contact with a
    migrant association by 1 + pull. Both at 0 give a random sample.
    """
    checks.columns(population, [distance, contact], "The population")
    centre = checks.number(centre_pull, N_("The pull of the centre"))
    assoc = checks.number(association_pull, N_("The pull of associations"))
    if centre < 0 or assoc < 0:
        raise InputError(_("The pulls cannot be negative; 0 means no pull at all."))
    km = pd.to_numeric(population[distance], errors="coerce").to_numpy(dtype=float)
    if np.isnan(km).any() or (km < 0).any():
        raise InputError(_("Column {column} must hold distances of 0 km or more.").format(column=repr(distance)))
    linked = population[contact].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return np.exp(-centre * km / 2.0) * (1.0 + assoc * linked)


def successive_sample(rng: np.random.Generator, cumulative: np.ndarray, n: int) -> np.ndarray:
    """Indices of ``n`` distinct households drawn one by one with probability proportional to weight.

    Drawing with replacement and skipping repeats gives exactly the successive
    (draw-by-draw) design, and it is much faster than re-normalising after
    every draw. ``cumulative`` is the cumulative sum of the normalised weights.
    """
    found = np.empty(0, dtype=np.int64)
    while True:
        draws = np.searchsorted(cumulative, rng.random(n + n // 4 + 8) * cumulative[-1], side="right")
        draws = np.minimum(draws, len(cumulative) - 1)
        merged = np.concatenate([found, draws])
        _, first = np.unique(merged, return_index=True)
        found = merged[np.sort(first)]
        if len(found) >= n:
            return found[:n]


def weighted_draws(rng: np.random.Generator, weights: np.ndarray):
    """A function ``draw(shape)`` of household indices drawn with replacement, in proportion to ``weights``.

    Households with the same weight form a class: a draw picks a class by its
    total weight, then a household uniformly within it. The result is exactly
    proportional to weight, and searching a few hundred classes instead of
    every household keeps the widget fast.
    """
    values, inverse = np.unique(weights, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    sizes = np.bincount(inverse, minlength=len(values))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    cumulative = np.cumsum(values * sizes)

    def draw(shape):
        picked = np.searchsorted(cumulative, rng.random(shape) * cumulative[-1], side="right")
        picked = np.minimum(picked, len(values) - 1)
        return order[starts[picked] + (rng.random(shape) * sizes[picked]).astype(np.int64)]

    return draw


def successive_samples(rng: np.random.Generator, draw, n: int, runs: int) -> np.ndarray:
    """``runs`` samples of ``n`` distinct households at once (a runs x n array of indices).

    ``draw(shape)`` returns household indices drawn with replacement (uniformly
    for a random sample, by weight for a convenience one). Each row keeps its
    first ``n`` distinct draws, which is the successive design; rows that come
    up short (only with extreme weights) are completed one by one.
    """
    width = n + n // 8 + 16
    draws = draw((runs, width))
    order = np.argsort(draws, axis=1, kind="stable")
    ordered = np.take_along_axis(draws, order, axis=1)
    first_sorted = np.ones_like(ordered, dtype=bool)
    first_sorted[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.empty_like(first_sorted)
    np.put_along_axis(first, order, first_sorted, axis=1)
    rank = np.cumsum(first, axis=1)
    keep = first & (rank <= n)
    out = np.empty((runs, n), dtype=np.int64)
    for row in range(runs):
        chosen = draws[row][keep[row]]
        while len(chosen) < n:
            extra = draw((1, width))[0]
            merged = np.concatenate([chosen, extra])
            _, index = np.unique(merged, return_index=True)
            chosen = merged[np.sort(index)][:n]
        out[row] = chosen
    return out


def simulate_bias(population: pd.DataFrame, variable: str, n: int, reach: np.ndarray | str | None = None,
                  runs: int = 200, seed: int = 0, truth: float | None = None) -> BiasResult:
    """Draw ``runs`` random and ``runs`` convenience samples of ``n`` households and compare them with the truth.

    ``variable`` is the column to estimate (a yes/no column gives a share);
    ``reach`` the reachability of each household (an array, a column name, or
    None for :func:`reachability` with its default pulls). The truth defaults
    to the population mean of ``variable``.
    """
    checks.columns(population, [variable], "The population")
    size = checks.whole(n, N_("The sample size"), minimum=2)
    repeats = checks.whole(runs, N_("The number of simulated samples"), minimum=1)
    if size > len(population):
        raise InputError(_("A sample of {size} is larger than the population of {population}.").format(
            size=number(size, "d"), population=number(len(population), "d")))
    column = population[variable]
    if column.dtype == bool or str(column.dtype) == "boolean":
        y = column.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    else:
        y = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
    if np.isnan(y).any():
        raise InputError(_("Column {column} must be numbers or yes/no values with no gaps.").format(
            column=repr(variable)))
    if reach is None:
        weights = reachability(population)
    elif isinstance(reach, str):
        checks.columns(population, [reach], "The population")
        weights = pd.to_numeric(population[reach], errors="coerce").to_numpy(dtype=float)
    else:
        weights = np.asarray(reach, dtype=float)
    if weights.shape != y.shape:
        raise InputError(_("There must be one reachability value for every household."))
    if np.isnan(weights).any() or (weights <= 0).any():
        raise InputError(_("Every household needs a reachability above 0 (a household nobody can reach "
                           "cannot be in any sample: remove it or give it a small value)."))
    true_value = float(y.mean()) if truth is None else checks.number(truth, N_("The truth"))

    rng = np.random.default_rng(seed)
    count = len(y)
    random_idx = successive_samples(rng, lambda shape: rng.integers(0, count, size=shape), size, repeats)
    by_reach = weighted_draws(rng, weights)

    convenience_idx = successive_samples(rng, by_reach, size, repeats)
    random_est = y[random_idx].mean(axis=1)
    convenience_est = y[convenience_idx].mean(axis=1)

    runs_frame = pd.DataFrame({
        "run": np.tile(np.arange(1, repeats + 1), 2),
        "design": np.repeat(DESIGNS, repeats),
        "estimate": np.concatenate([random_est, convenience_est]),
    })
    summary = []
    for design, est in zip(DESIGNS, (random_est, convenience_est)):
        error = est - true_value
        summary.append({"design": design, "truth": true_value, "mean_estimate": float(est.mean()),
                        "bias": float(error.mean()), "standard_deviation": float(est.std(ddof=1)) if repeats > 1 else 0.0,
                        "rmse": float(np.sqrt((error ** 2).mean()))})
    return BiasResult(truth=true_value, runs=runs_frame, summary=pd.DataFrame(summary))

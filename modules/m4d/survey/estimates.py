r"""Design-based estimates with confidence intervals, for the region and for groups.

The estimate of a mean (a share is the mean of a 0/1 answer) is the weighted
mean $\hat{\bar y} = \sum w_i y_i / \sum w_i$. Its variance is estimated by
Taylor linearisation, as survey software does. With
$z_i = w_i (y_i - \hat{\bar y}) / \sum w$ summed within each primary sampling
unit (PSU: a cluster such as a village or an enumeration area, or the
household itself when the sample is not clustered), $z_{hi}$ for PSU $i$ of
stratum $h$,

$$\widehat{V} = \sum_h (1 - f_h)\, \frac{n_h}{n_h - 1} \sum_{i \in h} (z_{hi} - \bar z_h)^2 ,$$

with $n_h$ PSUs in stratum $h$ and $f_h$ its sampling fraction (the finite
population correction; 0 when none is given). The degrees of freedom are the
number of PSUs minus the number of strata.

- The **design effect** is $\widehat{V}$ divided by the variance a simple
  random sample of the same number of respondents would have had; the
  **effective sample size** is the number of respondents divided by it.
  Clustering raises it (households of one village answer alike), so does
  unequal weighting; stratification can lower it.
- A **share** gets the Korn-Graubard interval (Korn and Graubard 1998): a
  Clopper-Pearson interval computed on the effective sample size, adjusted
  for the design's degrees of freedom. It stays inside [0, 1], is never of
  zero width when everyone answered the same, and keeps its coverage in
  small samples. ``interval="logit"`` gives the logit interval that samplics
  and Stata use, and ``interval="t"`` the symmetric one.
- A **mean** gets the symmetric interval with Student's $t$.
- An estimate resting on fewer than ``min_respondents`` respondents (default
  30, the course's default: agree yours with the statistics office), or on
  too few PSUs to estimate a variance, is **not published**: it comes back
  with ``publishable=False``, no value and a note that says why.

For a group (a *domain*, e.g. women, or one municipality) the same formula runs
over the whole sample with $y$ and $w$ set to 0 outside the group, which keeps
the randomness of the group's sample size in the variance.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from m4d.errors import InputError
from m4d.i18n import N_, _, ngettext
from m4d.i18n.numbers import number
from m4d.survey import checks

#: Fewer respondents than this and an estimate is not published (the course's default).
MIN_RESPONDENTS = 30
INTERVALS = ("auto", "korn-graubard", "logit", "t")


@dataclass(frozen=True)
class Estimate:
    """A survey estimate with its standard error, confidence interval and design effect."""

    value: float
    standard_error: float
    low: float
    high: float
    respondents: int  #: rows that contributed (unweighted)
    population: float  #: sum of the weights: the population the estimate speaks for
    design_effect: float = float("nan")  #: variance over that of a simple random sample of the same size
    effective_sample_size: float = float("nan")  #: respondents divided by the design effect
    degrees_of_freedom: int = 0  #: PSUs minus strata
    interval: str = "t"  #: how the interval was computed
    publishable: bool = True
    note: str = ""  #: why an estimate is not published

    @property
    def margin(self) -> float:
        return (self.high - self.low) / 2

    def __str__(self) -> str:
        if not self.publishable:
            return _("not published: {note}").format(note=self.note)
        # The English says "respondents" for any number; a translation has its own singular and plural.
        return ngettext("{value} ({low} to {high}), {n} respondents, design effect {design_effect}",
                        "{value} ({low} to {high}), {n} respondents, design effect {design_effect}",
                        self.respondents).format(
            value=number(self.value, '.4g'), low=number(self.low, '.4g'), high=number(self.high, '.4g'),
            n=number(self.respondents, 'd'), design_effect=number(self.design_effect, '.2f'))


def estimate(sample: pd.DataFrame, variable: str, weight: str | None = "weight", stratum: str | None = None,
             confidence: float = 0.95, domain: pd.Series | None = None, cluster: str | None = None,
             fpc: float | Mapping | str | None = None, interval: str = "auto",
             min_respondents: int = MIN_RESPONDENTS) -> Estimate:
    """Weighted mean (or share, for a yes/no or 0/1 column) of ``variable`` with a design-based interval.

    ``cluster`` names the column of primary sampling units and ``stratum``
    the column of strata. ``fpc`` gives the finite population correction:
    one sampling fraction for every stratum (0.1 when one PSU in ten was
    drawn), a mapping from stratum to fraction, or the name of a column that
    holds, on every row, the number of PSUs (of households when there are no
    clusters) in that row's stratum in the population.
    """
    needed = [variable] + [c for c in (weight, stratum, cluster) if c is not None]
    if isinstance(fpc, str):
        needed.append(fpc)
    checks.columns(sample, needed, "The sample")
    level = checks.share(confidence, N_("The confidence level"), allow_one=False)
    if interval not in INTERVALS:
        raise InputError(_("Unknown interval {interval}: use one of {intervals}.").format(
            interval=repr(interval), intervals=", ".join(INTERVALS)))
    least = checks.whole(min_respondents, N_("The minimum number of respondents"), minimum=1)
    y = _numeric(sample[variable], variable)
    w = np.ones(len(sample)) if weight is None else _numeric(sample[weight], weight)
    if (w < 0).any():
        raise InputError(_("Column {column} has negative weights; weights are 0 or more.").format(column=repr(weight)))
    keep = ~np.isnan(y) & ~np.isnan(w)
    if domain is not None:
        inside = np.asarray(domain, dtype=bool)
        if inside.shape != (len(sample),):
            raise InputError(_("The domain must say, for every row of the sample, whether it is in the group."))
        w = np.where(inside, w, 0.0)
    strata = np.zeros(len(sample), dtype=np.int64) if stratum is None else _codes(sample[stratum], stratum)
    psu = np.arange(len(sample)) if cluster is None else _codes(sample[cluster], cluster)
    y, w = np.where(keep, y, 0.0), np.where(keep, w, 0.0)
    total_w = w.sum()
    used = int((keep & (w > 0)).sum())
    if total_w <= 0:
        raise InputError(_("No respondent with a positive weight answered this question (in this group), "
                           "so there is nothing to estimate."))
    answered = y[keep & (w > 0)]
    share = bool(np.isin(answered, (0.0, 1.0)).all())
    kind = ("korn-graubard" if share else "t") if interval == "auto" else interval
    if kind in ("korn-graubard", "logit") and not share:
        # The interval's name is the value of ``interval=`` the user typed: it stays as written.
        raise InputError(_("The {kind} interval is for a share (answers of 0 and 1); {variable} has other "
                           "values.").format(kind=kind, variable=repr(variable)))

    mean = float((w * y).sum() / total_w)
    z = w * (y - mean) / total_w
    variance, n_psu, n_strata, fraction = _linearised_variance(z, strata, psu, _fractions(sample, fpc, stratum,
                                                                                          cluster, strata, psu))
    df = n_psu - n_strata
    base = dict(respondents=used, population=float(total_w), degrees_of_freedom=int(df), interval=kind)
    if used < least:
        return _withheld(_("too few respondents to publish: {used} answered (at least {least} needed)").format(
            used=number(used, "d"), least=number(least, "d")), base)
    if df < 1:
        return _withheld(_("too few primary sampling units to estimate the variance: each stratum needs two "
                           "or more; merge strata or clusters"), base)
    se = math.sqrt(variance)
    # What a simple random sample of the same respondents would give (without replacement if a fraction is known).
    spread = float((w * (y - mean) ** 2).sum() / total_w) * used / max(used - 1, 1)
    srs = (1 - fraction) * spread / used
    deff = variance / srs if srs > 0 else float("nan")
    n_eff = used / deff if deff > 0 and np.isfinite(deff) else float(used)
    t = float(stats.t.ppf(0.5 + level / 2, df))
    if kind == "korn-graubard":
        low, high = _korn_graubard(mean, n_eff, used, df, level)
    elif kind == "logit":
        low, high = _logit(mean, se, t)
    else:
        low, high = mean - t * se, mean + t * se
    return Estimate(value=mean, standard_error=se, low=low, high=high, design_effect=deff,
                    effective_sample_size=n_eff, **base)


def _withheld(note: str, base: dict) -> Estimate:
    nan = float("nan")
    return Estimate(value=nan, standard_error=nan, low=nan, high=nan, publishable=False, note=note, **base)


def _linearised_variance(z: np.ndarray, strata: np.ndarray, psu: np.ndarray, fractions: np.ndarray):
    """Between-PSU variance of the linearised values within strata; returns (variance, PSUs, strata, mean f)."""
    # One key per (stratum, PSU): a PSU label reused in two strata is two PSUs.
    key = strata.astype(np.int64) * (int(psu.max()) + 1) + psu
    units, unit_of = np.unique(key, return_inverse=True)
    totals = np.bincount(unit_of, weights=z, minlength=len(units))
    unit_stratum = np.zeros(len(units), dtype=np.int64)
    unit_stratum[unit_of] = strata
    unit_fraction = np.zeros(len(units))
    unit_fraction[unit_of] = fractions
    variance = 0.0
    n_strata = 0
    for h in np.unique(unit_stratum):
        zh = totals[unit_stratum == h]
        nh = len(zh)
        n_strata += 1
        if nh > 1:
            f = float(unit_fraction[unit_stratum == h][0])
            variance += (1 - f) * nh / (nh - 1) * float(((zh - zh.mean()) ** 2).sum())
    mean_fraction = float(np.average(unit_fraction)) if len(units) else 0.0
    return variance, len(units), n_strata, mean_fraction


def _fractions(sample, fpc, stratum, cluster, strata, psu) -> np.ndarray:
    """The sampling fraction of every row's stratum (0 without a finite population correction)."""
    n = len(sample)
    if fpc is None:
        return np.zeros(n)
    if isinstance(fpc, str):
        sizes = _numeric(sample[fpc], fpc)
        if np.isnan(sizes).any() or (sizes <= 0).any():
            raise InputError(_("Column {column} must give the population size of every row's stratum (above 0).").format(
                column=repr(fpc)))
        out = np.zeros(n)
        for h in np.unique(strata):
            rows = strata == h
            drawn = len(np.unique(psu[rows]))
            size = float(sizes[rows][0])
            if (sizes[rows] != size).any():
                raise InputError(_("Column {column} gives different population sizes within one stratum.").format(
                    column=repr(fpc)))
            if drawn > size:
                # One sentence for clusters, one for households: the unit is a word of the sentence.
                raise InputError((_("A stratum has {drawn} sampled PSUs but a population of {size} in {column}; give "
                                    "the number of PSUs in the population.") if cluster else
                                  _("A stratum has {drawn} sampled households but a population of {size} in {column}; "
                                    "give the number of households in the population.")).format(
                    drawn=number(drawn, "d"), size=number(size, "g"), column=repr(fpc)))
            out[rows] = drawn / size
        return out
    if isinstance(fpc, Mapping):
        if stratum is None:
            raise InputError(_("A sampling fraction per stratum needs stratum=...; give one number otherwise."))
        labels = sample[stratum]
        missing = sorted({str(s) for s in labels.unique() if s not in fpc})
        if missing:
            # The English says "stratum" for one or several; a translation has its own singular and plural.
            raise InputError(ngettext("No sampling fraction for stratum {strata}.",
                                      "No sampling fraction for stratum {strata}.", len(missing)).format(
                strata=", ".join(missing)))
        values = labels.map(lambda s: checks.share(fpc[s], _("The sampling fraction of stratum {stratum}").format(stratum=repr(s)),
                                                   allow_zero=True, allow_one=False))
        return values.to_numpy(dtype=float)
    f = checks.share(fpc, N_("The sampling fraction"), allow_zero=True, allow_one=False,
                     hint=N_("Give the share of units drawn, e.g. 0.1 when one in ten was sampled."))
    return np.full(n, f)


def _korn_graubard(p: float, n_eff: float, n: int, df: int, level: float) -> tuple[float, float]:
    """Clopper-Pearson on the effective sample size, with Korn and Graubard's degrees-of-freedom adjustment."""
    alpha = 1 - level
    size = n_eff
    if 0 < p < 1 and df > 0 and n > 1:
        size = n_eff * (stats.t.ppf(alpha / 2, n - 1) / stats.t.ppf(alpha / 2, df)) ** 2
    if p <= 0 or p >= 1:
        size = float(n)  # everyone answered alike: the variance is 0, the respondents are what is known
    x = p * size
    low = 0.0 if x <= 0 else float(stats.beta.ppf(alpha / 2, x, size - x + 1))
    high = 1.0 if x >= size else float(stats.beta.ppf(1 - alpha / 2, x + 1, size - x))
    return low, high


def _logit(p: float, se: float, t: float) -> tuple[float, float]:
    if p <= 0 or p >= 1:
        raise InputError(_("The logit interval has no width when everyone answered the same; use the "
                           "Korn-Graubard interval (interval='korn-graubard')."))
    centre, scale = math.log(p / (1 - p)), se / (p * (1 - p))
    low, high = centre - t * scale, centre + t * scale
    return 1 / (1 + math.exp(-low)), 1 / (1 + math.exp(-high))


def estimates_by(sample: pd.DataFrame, variable: str, by: str | list[str], weight: str | None = "weight",
                 stratum: str | None = None, confidence: float = 0.95, cluster: str | None = None,
                 fpc: float | Mapping | str | None = None, interval: str = "auto",
                 min_respondents: int = MIN_RESPONDENTS) -> pd.DataFrame:
    """One estimate per group (domain) of ``by``: value, interval, respondents, design effect, publishable."""
    groups = [by] if isinstance(by, str) else list(by)
    checks.columns(sample, groups, "The sample")
    rows = []
    grouper = groups if len(groups) > 1 else groups[0]
    for key, index in sample.groupby(grouper, sort=True, observed=True).groups.items():
        inside = sample.index.isin(index)
        est = estimate(sample, variable, weight, stratum, confidence, domain=inside, cluster=cluster, fpc=fpc,
                       interval=interval, min_respondents=min_respondents)
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(groups, key)), "estimate": est.value, "standard_error": est.standard_error,
                     "low": est.low, "high": est.high, "respondents": est.respondents,
                     "population": est.population, "design_effect": est.design_effect,
                     "effective_sample_size": est.effective_sample_size, "publishable": est.publishable,
                     "note": est.note})
    return pd.DataFrame(rows)


def _codes(column: pd.Series, name: str) -> np.ndarray:
    if column.isna().any():
        raise InputError(_("Column {column} has empty cells; every row needs a {name}.").format(column=repr(name),
                                                                                             name=name))
    return pd.factorize(column, sort=True)[0].astype(np.int64)


def _numeric(column: pd.Series, name: str) -> np.ndarray:
    if column.dtype == bool or str(column.dtype) == "boolean":
        return column.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna() & column.notna()
    if bad.any():
        raise InputError(_("Column {column} holds a value that is not a number: {value}.").format(
            column=repr(name), value=repr(column[bad].iloc[0])))
    return values.astype(float).to_numpy()

r"""Weighted estimates with confidence intervals, for the region and for groups.

The estimate of a mean (a share is the mean of a 0/1 answer) is the weighted
mean $\hat{\bar y} = \sum w_i y_i / \sum w_i$. Its variance is estimated by
Taylor linearisation within strata, as survey software does: with
$z_i = w_i (y_i - \hat{\bar y}) / \sum w$,

$$\widehat{V} = \sum_h \frac{n_h}{n_h - 1} \sum_{i \in h} (z_i - \bar z_h)^2 .$$

The interval uses Student's $t$ with $n - H$ degrees of freedom (scipy.stats).
For a group (a *domain*, e.g. women, or one municipality) the same formula runs
over the whole sample with $y$ and $w$ set to 0 outside the group, which keeps
the randomness of the group's sample size in the variance.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from m4d.errors import InputError
from m4d.survey import checks


@dataclass(frozen=True)
class Estimate:
    """A survey estimate with its standard error and confidence interval."""

    value: float
    standard_error: float
    low: float
    high: float
    respondents: int  #: rows that contributed (unweighted)
    population: float  #: sum of the weights: the population the estimate speaks for

    @property
    def margin(self) -> float:
        return (self.high - self.low) / 2


def estimate(sample: pd.DataFrame, variable: str, weight: str | None = "weight", stratum: str | None = None,
             confidence: float = 0.95, domain: pd.Series | None = None) -> Estimate:
    """Weighted mean (or share, for a yes/no or 0/1 column) of ``variable`` with a confidence interval."""
    needed = [variable] + [c for c in (weight, stratum) if c is not None]
    checks.columns(sample, needed, "The sample")
    level = checks.share(confidence, "The confidence level", allow_one=False)
    y = _numeric(sample[variable], variable)
    w = np.ones(len(sample)) if weight is None else _numeric(sample[weight], weight)
    if (w < 0).any():
        raise InputError(f"Column {weight!r} has negative weights; weights are 0 or more.")
    keep = ~np.isnan(y) & ~np.isnan(w)
    if domain is not None:
        inside = np.asarray(domain, dtype=bool)
        w = np.where(inside, w, 0.0)
    strata = np.zeros(len(sample), dtype=int) if stratum is None else pd.factorize(sample[stratum])[0]
    y, w, strata = np.where(keep, y, 0.0), np.where(keep, w, 0.0), strata
    total_w = w.sum()
    if total_w <= 0:
        raise InputError("No respondent with a positive weight answered this question (in this group), "
                         "so there is nothing to estimate.")
    mean = float((w * y).sum() / total_w)
    z = w * (y - mean) / total_w
    # Rows without an answer stay in the design (their stratum counts) but contribute z = 0.
    variance = 0.0
    for h in np.unique(strata):
        zh = z[strata == h]
        nh = len(zh)
        if nh > 1:
            variance += nh / (nh - 1) * float(((zh - zh.mean()) ** 2).sum())
    se = math.sqrt(variance)
    df = max(len(sample) - len(np.unique(strata)), 1)
    half = float(stats.t.ppf(0.5 + level / 2, df)) * se
    used = int((keep & (w > 0)).sum())
    return Estimate(value=mean, standard_error=se, low=mean - half, high=mean + half,
                    respondents=used, population=float(total_w))


def estimates_by(sample: pd.DataFrame, variable: str, by: str | list[str], weight: str | None = "weight",
                 stratum: str | None = None, confidence: float = 0.95) -> pd.DataFrame:
    """One estimate per group (domain) of ``by``: value, standard error, interval, respondents."""
    groups = [by] if isinstance(by, str) else list(by)
    checks.columns(sample, groups, "The sample")
    rows = []
    grouper = groups if len(groups) > 1 else groups[0]
    for key, index in sample.groupby(grouper, sort=True, observed=True).groups.items():
        inside = sample.index.isin(index)
        est = estimate(sample, variable, weight, stratum, confidence, domain=inside)
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(groups, key)), "estimate": est.value, "standard_error": est.standard_error,
                     "low": est.low, "high": est.high, "respondents": est.respondents,
                     "population": est.population})
    return pd.DataFrame(rows)


def _numeric(column: pd.Series, name: str) -> np.ndarray:
    if column.dtype == bool or str(column.dtype) == "boolean":
        return column.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna() & column.notna()
    if bad.any():
        raise InputError(f"Column {name!r} holds a value that is not a number: {column[bad].iloc[0]!r}.")
    return values.astype(float).to_numpy()

"""Survey weights: how many households each interview stands for.

- The **design weight** of a household sampled in stratum $h$ is $N_h / n_h$:
  with 6,000 households and 120 sampled, each sampled household stands for 50.
- **Non-response adjustment**: when only $r_h$ of the $n_h$ sampled households
  answer, the respondents also stand for the ones who did not, so their weight
  is multiplied by $n_h / r_h$ (within each adjustment class, usually the
  stratum). This assumes that, within a class, those who did not answer are
  like those who did; when that is doubtful, use finer classes.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import _, ngettext
from m4d.i18n.numbers import number
from m4d.survey import checks


def design_weights(sample: pd.DataFrame, populations: Mapping[str, int] | pd.Series,
                   stratum: str = "stratum") -> pd.Series:
    """The design weight N_h / n_h of every sampled row (aligned with ``sample``)."""
    checks.columns(sample, [stratum], "The sample")
    sizes = pd.Series(dict(populations)) if isinstance(populations, Mapping) else populations
    drawn = sample[stratum].value_counts()
    unknown = [s for s in drawn.index if s not in sizes.index]
    if unknown:
        raise InputError(_("The sample has stratum {stratum}, which has no population figure; known strata: "
                           "{strata}.").format(stratum=repr(unknown[0]), strata=", ".join(map(str, sizes.index))))
    for s in drawn.index:
        size = checks.whole(sizes[s], _("The population of stratum {stratum}").format(stratum=repr(s)))
        if size == 0:
            # The English says "rows" for any number; a translation has its own singular and plural.
            raise InputError(ngettext("Stratum {stratum} has no population but {n} sampled rows; check the stratum "
                                      "labels.",
                                      "Stratum {stratum} has no population but {n} sampled rows; check the stratum "
                                      "labels.", int(drawn[s])).format(stratum=repr(s), n=number(int(drawn[s]), "d")))
        if drawn[s] > size:
            raise InputError(_("Stratum {stratum} has {n} sampled rows but a population of only {size}.").format(
                stratum=repr(s), n=number(int(drawn[s]), "d"), size=number(size, "d")))
    per_stratum = sizes.astype(float) / drawn
    return sample[stratum].map(per_stratum).astype(float).rename("design_weight")


def adjust_for_nonresponse(sample: pd.DataFrame, weights: pd.Series | str, responded: str = "responded",
                           by: str = "stratum") -> pd.Series:
    """Weights of respondents raised so that, in each class, they add up to the whole sample's weight.

    Non-respondents get weight 0. A class where nobody answered cannot be
    adjusted: merge it with a similar class first.
    """
    checks.columns(sample, [responded, by], "The sample")
    w = sample[weights] if isinstance(weights, str) else weights
    if len(w) != len(sample):
        raise InputError(_("There must be one weight for every row of the sample."))
    w = pd.Series(pd.to_numeric(pd.Series(w).to_numpy(), errors="coerce"), index=sample.index, dtype=float)
    if w.isna().any() or (w < 0).any():
        raise InputError(_("Weights must be numbers of 0 or more; some are missing or negative."))
    answered = sample[responded].astype("boolean").fillna(False).astype(bool)
    total = w.groupby(sample[by]).sum()
    kept = w.where(answered, 0.0).groupby(sample[by]).sum()
    empty = [c for c in total.index if total[c] > 0 and kept[c] == 0]
    if empty:
        raise InputError(_("Nobody answered in class {group}, so its non-respondents cannot be represented; merge it "
                           "with a similar class before adjusting.").format(group=repr(empty[0])))
    factor = (total / kept.where(kept > 0)).fillna(0.0)
    return (w * sample[by].map(factor).astype(float)).where(answered, 0.0).rename("weight")

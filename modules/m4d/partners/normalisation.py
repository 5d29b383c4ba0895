"""Normalisation: put every criterion on the same 0-to-1 scale, best = 1.

Criteria come in different units (people, associations, years, scores out of
ten). Before they can be weighed against each other, each is rescaled so that
the worst candidate gets 0 and the best gets 1 (min-max normalisation), with
the direction taken into account: for a criterion where less is better the
scale is turned round.

Min-max over the candidates themselves has a known side effect that learners
should see: adding or removing a candidate can stretch a scale and so change
how the others compare (rank reversal). A criterion with fixed ends
(``Criterion(lower=0, upper=10)``) is rescaled against those ends instead,
which removes that effect for that criterion.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from m4d.errors import InputError
from m4d.i18n import _
from m4d.i18n.numbers import number
from m4d.partners.criteria import Criterion


def normalise_matrix(values: np.ndarray, criteria: Sequence[Criterion], names: Sequence[str] | None = None) -> np.ndarray:
    """Rescale a (candidates x criteria) matrix to [0, 1] column by column, 1 = best.

    Raises :class:`InputError` when a criterion does not vary across the
    candidates (it cannot tell them apart; give it weight 0 or leave it out),
    or when a value lies outside a criterion's fixed scale.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or values.shape[1] != len(criteria):
        raise InputError(_("Expected a table with one column per criterion ({criteria}), got shape {shape}.").format(
            criteria=len(criteria), shape=values.shape))
    if values.shape[0] == 0:
        raise InputError(_("There are no candidates to compare."))
    if not np.isfinite(values).all():
        j = int(np.flatnonzero(~np.isfinite(values).all(axis=0))[0])
        raise InputError(_("'{criterion}' has a missing value; fill it in or leave the criterion out.").format(
            criterion=_(criteria[j].label)))
    out = np.empty_like(values)
    for j, crit in enumerate(criteria):
        col = values[:, j]
        if crit.lower is not None:
            lo, hi = float(crit.lower), float(crit.upper)
            outside = (col < lo) | (col > hi)
            if outside.any():
                i = int(np.flatnonzero(outside)[0])
                outside_scale = (_("'{criterion}' of candidate {candidate} is {value}, outside its scale {lower} to "
                                   "{upper}.") if names is not None else
                                 _("'{criterion}' of row {row} is {value}, outside its scale {lower} to {upper}."))
                raise InputError(outside_scale.format(
                    criterion=_(crit.label), candidate=repr(names[i]) if names is not None else "", row=i + 1,
                    value=number(float(col[i]), "g"), lower=number(lo, "g"), upper=number(hi, "g")))
        else:
            lo, hi = float(col.min()), float(col.max())
            if hi == lo:
                raise InputError(_("'{criterion}' is {value} for every candidate, so it cannot tell them apart. Set its "
                                   "weight to 0 or leave it out.").format(criterion=_(crit.label), value=number(lo, "g")))
        scaled = (col - lo) / (hi - lo)
        out[:, j] = scaled if crit.more_is_better else 1.0 - scaled
    return out

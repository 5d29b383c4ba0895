"""Weights: how much each criterion counts, as the user sets them.

Weights are relative: (3, 1) means the same as (75 %, 25 %). They are checked
before anything is scored, because a negative, missing or all-zero set of
weights would produce a ranking that looks plausible and means nothing.
"""
from __future__ import annotations

import math
from numbers import Real
from typing import Mapping, Sequence

import numpy as np

from m4d.errors import InputError
from m4d.i18n import _, ngettext
from m4d.i18n.numbers import number
from m4d.partners.criteria import Criterion


def validate_weights(weights: Mapping[str, float], criteria: Sequence[Criterion]) -> np.ndarray:
    """The weights as a float array in the order of ``criteria``, after checking them.

    A criterion without a weight counts 0. Raises :class:`InputError` for a
    weight on an unknown criterion, a weight that is not a number (or is NaN or
    infinite), a negative weight, or weights that are all zero.
    """
    if not isinstance(weights, Mapping):
        # The doubled braces are the example's own braces (a str.format template shows them once).
        raise InputError(_("Give the weights as a mapping from criterion to weight, e.g. {{'associations': 2}}.").format())
    keys = [c.key for c in criteria]
    unknown = [k for k in weights if k not in keys]
    if unknown:
        # The English says "a weight" for one or several; a translation has its own singular and plural.
        raise InputError(ngettext(
            "There is a weight for {unknown}, which is not one of the criteria ({criteria}). Add it as a criterion or "
            "remove its weight.",
            "There is a weight for {unknown}, which is not one of the criteria ({criteria}). Add it as a criterion or "
            "remove its weight.", len(unknown)).format(unknown=", ".join(map(repr, unknown)), criteria=", ".join(keys)))
    out = np.zeros(len(criteria), dtype=float)
    for j, crit in enumerate(criteria):
        w = weights.get(crit.key, 0.0)
        if isinstance(w, bool) or not isinstance(w, Real):
            raise InputError(_("The weight of '{criterion}' is {value}, which is not a number.").format(
                criterion=_(crit.label), value=repr(w)))
        w = float(w)
        if math.isnan(w) or math.isinf(w):
            raise InputError(_("The weight of '{criterion}' is {weight}; give a finite number (0 to leave it out).").format(
                criterion=_(crit.label), weight=number(w, "g")))
        if w < 0:
            raise InputError(_("The weight of '{criterion}' is {weight}; weights cannot be negative. To prefer lower "
                               "values, set the criterion's direction to 'less' and give it a positive weight.").format(
                criterion=_(crit.label), weight=number(w, "g")))
        out[j] = w
    if not out.any():
        raise InputError(_("Every weight is zero, so no criterion counts. Give at least one criterion a weight above "
                           "zero."))
    return out


def weight_shares(weights: np.ndarray) -> np.ndarray:
    """Each weight as a share of the total (the shares add up to 1)."""
    return weights / weights.sum()

"""The criteria on which candidate partner territories are compared.

The JMDI guidelines suggest five things to weigh when looking for a partner
along a migratory channel (printed p. 39): where the main migrant groups come
from or go to (here: the size of the migrant group), whether migrant or
diaspora associations exist, the candidate's experience of decentralised
cooperation, the resources it has available, and cultural and language
proximity. A user may add any other measurable criterion (distance, a shared
sector of interest, ...) with its own direction.

A criterion says which column of a candidate table holds its values and whether
more is better (the size of a diaspora) or worse (the distance to travel).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.i18n.numbers import number

MORE_IS_BETTER = "more"
LESS_IS_BETTER = "less"
DIRECTIONS = (MORE_IS_BETTER, LESS_IS_BETTER)


@dataclass(frozen=True)
class Criterion:
    """One thing on which candidate partners are compared.

    ``key`` is the column of the candidate table; ``direction`` is ``"more"``
    when a higher value makes a better partner and ``"less"`` when a lower one
    does. ``lower`` and ``upper``, when both are given, are the fixed ends of
    the criterion's scale (for example 0 and 10 for a score out of ten), used
    instead of the candidates' own smallest and largest values.
    """

    key: str
    label: str
    direction: str = MORE_IS_BETTER
    description: str = ""
    lower: float | None = None
    upper: float | None = None

    def __post_init__(self) -> None:
        if not str(self.key).strip():
            raise InputError(_("A criterion needs a key: the name of the column that holds its values."))
        if self.direction not in DIRECTIONS:
            raise InputError(_("Criterion {criterion}: direction {direction} is not understood. Use 'more' (more is "
                               "better) or 'less' (less is better).").format(criterion=repr(self.key),
                                                                             direction=repr(self.direction)))
        if (self.lower is None) != (self.upper is None):
            raise InputError(_("Criterion {criterion}: give both ends of its scale (lower and upper) or neither.").format(
                criterion=repr(self.key)))
        if self.lower is not None and not float(self.lower) < float(self.upper):
            raise InputError(_("Criterion {criterion}: the lower end of its scale ({lower}) must be below the upper end "
                               "({upper}).").format(criterion=repr(self.key), lower=number(self.lower, ""),
                                                    upper=number(self.upper, "")))

    @property
    def more_is_better(self) -> bool:
        return self.direction == MORE_IS_BETTER


MIGRANT_GROUP = Criterion(
    "migrant_group", N_("Size of the migrant group"),
    description="People from the candidate territory living in the home territory (or the reverse).",
)
ASSOCIATIONS = Criterion(
    "associations", N_("Migrant and diaspora associations"),
    description="Migrant or diaspora associations active along the corridor.",
)
DC_EXPERIENCE = Criterion(
    "dc_experience", N_("Decentralised cooperation experience"),
    description="Years of experience of the candidate authority in decentralised cooperation.",
)
RESOURCES = Criterion(
    "resources", N_("Available resources"),
    description="Resources the candidate can bring to a partnership (staff, budget, services), scored 0-10.",
)
PROXIMITY = Criterion(
    "proximity", N_("Cultural and language proximity"),
    description="How close the two territories are in language and culture, scored 0-10.",
)

#: The five criteria the guidelines suggest (JMDI 2017, printed p. 39), in their order.
GUIDELINE_CRITERIA: tuple[Criterion, ...] = (MIGRANT_GROUP, ASSOCIATIONS, DC_EXPERIENCE, RESOURCES, PROXIMITY)

#: A criterion a user often adds: the great-circle distance between the two territories.
DISTANCE = Criterion(
    "distance_km", N_("Distance (km)"), direction=LESS_IS_BETTER,
    description="Great-circle distance between the two territories; shorter makes visits cheaper.",
)


def as_criteria(criteria: Iterable[Criterion | str] | None) -> tuple[Criterion, ...]:
    """The criteria to use: Criterion objects as given, or keys of the guidelines' criteria.

    ``None`` means the five criteria of the guidelines. A plain string must be
    the key of one of those (or ``distance_km``); a user-added criterion is
    passed as a :class:`Criterion`.
    """
    if criteria is None:
        return GUIDELINE_CRITERIA
    known = {c.key: c for c in (*GUIDELINE_CRITERIA, DISTANCE)}
    out: list[Criterion] = []
    for item in criteria:
        if isinstance(item, Criterion):
            out.append(item)
        elif isinstance(item, str) and item in known:
            out.append(known[item])
        else:
            raise InputError(_("{criterion} is not a known criterion. Use one of {criteria} or describe your own with "
                               "Criterion(key, label, direction).").format(criterion=repr(item),
                                                                           criteria=", ".join(known)))
    if not out:
        raise InputError(_("Choose at least one criterion to compare candidates on."))
    keys = [c.key for c in out]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise InputError(_("The criterion {criteria} is listed more than once; list each criterion once.").format(
            criteria=", ".join(repeated)))
    return tuple(out)


def criterion_values(candidates: pd.DataFrame, criteria: Sequence[Criterion], id_column: str) -> np.ndarray:
    """The candidates' values on each criterion as a float matrix (candidates x criteria).

    Raises :class:`InputError` for a missing column, a value that is not a
    number, or a missing value, naming the candidate and the criterion.
    """
    missing = [c.key for c in criteria if c.key not in candidates.columns]
    if missing:
        raise InputError(_("The candidate table has no column for the criterion {criteria}. Its columns are: "
                           "{columns}.").format(criteria=", ".join(missing),
                                                columns=", ".join(map(str, candidates.columns))))
    matrix = np.empty((len(candidates), len(criteria)), dtype=float)
    for j, crit in enumerate(criteria):
        column = candidates[crit.key]
        numeric = pd.to_numeric(column, errors="coerce")
        bad = numeric.isna() & column.notna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(_("Candidate {candidate}: the value {value} for '{criterion}' is not a number.").format(
                candidate=repr(candidates[id_column].iloc[i]), value=repr(column.iloc[i]), criterion=_(crit.label)))
        values = numeric.to_numpy(dtype=float, na_value=np.nan)
        gaps = ~np.isfinite(values)
        if gaps.any():
            names = ", ".join(repr(str(v)) for v in candidates[id_column].to_numpy()[gaps][:5])
            raise InputError(_("'{criterion}' has no value for {candidates}. Fill in the missing values, or leave the "
                               "criterion out.").format(criterion=_(crit.label), candidates=names))
        matrix[:, j] = values
    return matrix

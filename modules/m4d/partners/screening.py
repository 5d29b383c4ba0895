"""Must-have screening: drop the candidates that fail a condition before scoring.

Some conditions are not a matter of degree. A city that wants its diaspora to
lead the partnership may refuse any candidate without a migrant association,
however well it scores otherwise. A must-have is such a condition: a minimum
(or a maximum) on one column. Candidates that fail any must-have are set aside
with the reason, and only the rest are scored and ranked.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.i18n.numbers import number


@dataclass(frozen=True)
class MustHave:
    """A condition every candidate must meet: ``minimum <= value <= maximum`` on one column."""

    key: str
    minimum: float | None = None
    maximum: float | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if self.minimum is None and self.maximum is None:
            raise InputError(_("The must-have on {column} needs a minimum, a maximum or both.").format(
                column=repr(self.key)))
        for end in (self.minimum, self.maximum):
            if end is not None and (not isinstance(end, (int, float)) or isinstance(end, bool) or math.isnan(end)):
                raise InputError(_("The must-have on {column}: {value} is not a number.").format(
                    column=repr(self.key), value=repr(end)))
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise InputError(_("The must-have on {column} asks for at least {minimum} and at most {maximum}: no value "
                               "can meet both.").format(column=repr(self.key), minimum=number(self.minimum, ""),
                                                        maximum=number(self.maximum, "")))

    def describe(self) -> str:
        """The condition in words: its label, or e.g. ``associations at least 1``."""
        if self.label:
            return self.label
        name = self.key
        if self.minimum is not None and self.maximum is not None:
            return _("{name} between {minimum} and {maximum}").format(
                name=name, minimum=number(self.minimum, "g"), maximum=number(self.maximum, "g"))
        if self.minimum is not None:
            return _("{name} at least {minimum}").format(name=name, minimum=number(self.minimum, "g"))
        return _("{name} at most {maximum}").format(name=name, maximum=number(self.maximum, "g"))


#: Must-haves the course offers as toggles.
HAS_ASSOCIATION = MustHave("associations", minimum=1, label=N_("At least one migrant or diaspora association"))
HAS_DC_EXPERIENCE = MustHave("dc_experience", minimum=1, label=N_("Some decentralised cooperation experience"))
HAS_RESOURCES = MustHave("resources", minimum=3, label=N_("Resources of at least 3 out of 10"))


def screen(candidates: pd.DataFrame, must_haves: Sequence[MustHave] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split candidates into those that meet every must-have and those that do not.

    Returns ``(kept, excluded)``; ``excluded`` has a ``reason`` column naming
    the first condition each candidate failed. A missing value fails the
    condition (a partner cannot be assumed to meet it).
    """
    passes = np.ones(len(candidates), dtype=bool)
    reasons = np.array([""] * len(candidates), dtype=object)
    for rule in must_haves:
        if rule.key not in candidates.columns:
            raise InputError(_("The must-have '{condition}' refers to the column {column}, which the candidate table "
                               "does not have. Its columns are: {columns}.").format(
                condition=_(rule.describe()) if rule.label else rule.describe(), column=repr(rule.key),
                columns=", ".join(map(str, candidates.columns))))
        values = pd.to_numeric(candidates[rule.key], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        ok = np.isfinite(values)
        if rule.minimum is not None:
            ok &= values >= rule.minimum
        if rule.maximum is not None:
            ok &= values <= rule.maximum
        newly = passes & ~ok
        reasons[newly] = _("fails: {condition}").format(condition=_(rule.describe()))
        passes &= ok
    kept = candidates[passes]
    excluded = candidates[~passes].assign(reason=reasons[~passes])
    return kept, excluded

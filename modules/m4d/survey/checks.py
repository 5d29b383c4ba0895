"""Checks of the numbers a survey planner types in, with messages that say how to fix them."""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.i18n.numbers import number as number_text

#: What a share must lie between, by whether 0 and 1 are allowed: one whole sentence each, for the translators.
_SHARE_RANGE = {
    (True, True): N_("{name} is {value}; it must be between 0 and 1."),
    (True, False): N_("{name} is {value}; it must be between 0 and just below 1."),
    (False, True): N_("{name} is {value}; it must be between just above 0 and 1."),
    (False, False): N_("{name} is {value}; it must be between just above 0 and just below 1."),
}


def number(value: Any, name: str) -> float:
    """``value`` as a finite float, or an InputError naming the setting."""
    if isinstance(value, bool):
        raise InputError(_("{name} must be a number, not {value}.").format(name=_(name), value=repr(value)))
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise InputError(_("{name} must be a number; got {value}.").format(name=_(name), value=repr(value))) from None
    if not math.isfinite(result):
        raise InputError(_("{name} must be a finite number; got {value}.").format(name=_(name), value=repr(value)))
    return result


def share(value: Any, name: str, *, allow_zero: bool = False, allow_one: bool = True, hint: str = "") -> float:
    """A proportion between 0 and 1 (a percentage typed as 5 instead of 0.05 is caught)."""
    result = number(value, name)
    low_ok = result >= 0 if allow_zero else result > 0
    high_ok = result <= 1 if allow_one else result < 1
    if not (low_ok and high_ok):
        if result > 1:
            hint = hint or _("Give it as a proportion: {proportion} for {value} %.").format(
                proportion=number_text(result / 100, "g"), value=number_text(result, "g"))
        text = _(_SHARE_RANGE[allow_zero, allow_one]).format(name=_(name), value=number_text(result, "g"))
        raise InputError(f"{text} {_(hint.strip())}" if hint.strip() else text)
    return result


def positive(value: Any, name: str, hint: str = "") -> float:
    result = number(value, name)
    if result <= 0:
        text = _("{name} is {value}; it must be above 0.").format(name=_(name), value=number_text(result, "g"))
        raise InputError(f"{text} {_(hint)}" if hint else text)
    return result


def whole(value: Any, name: str, *, minimum: int = 0) -> int:
    """A whole number at least ``minimum`` (5.0 is accepted as 5, 5.5 is not)."""
    result = number(value, name)
    if result != int(result):
        raise InputError(_("{name} must be a whole number; got {value}.").format(name=_(name), value=repr(value)))
    if result < minimum:
        raise InputError(_("{name} is {value}; it must be at least {minimum}.").format(
            name=_(name), value=number_text(int(result), "d"), minimum=number_text(int(minimum), "d")))
    return int(result)


#: The tables the survey calculators check, each with its two sentences ("not a DataFrame", "no column ..."):
#: whole sentences, because "the sample", "the data" and "the population" take different articles and
#: agreements in French and Spanish. A ``what`` not listed here is shown in English.
_TABLES = {
    "The sample": (N_("The sample must be a pandas DataFrame; got {type}."),
                   N_("The sample has no column {missing}. Its columns are: {columns}.")),
    "The data": (N_("The data must be a pandas DataFrame; got {type}."),
                 N_("The data has no column {missing}. Its columns are: {columns}.")),
    "The population": (N_("The population must be a pandas DataFrame; got {type}."),
                       N_("The population has no column {missing}. Its columns are: {columns}.")),
    "the table": (N_("the table must be a pandas DataFrame; got {type}."),
                  N_("the table has no column {missing}. Its columns are: {columns}.")),
}


def columns(frame: Any, needed: list[str], what: str = "the table") -> None:
    """Every column in ``needed`` is in ``frame``; otherwise say which are missing and what exists."""
    not_a_frame, no_column = (_(t) for t in _TABLES[what]) if what in _TABLES else (
        "{what} must be a pandas DataFrame; got {type}.", "{what} has no column {missing}. Its columns are: {columns}.")
    if not isinstance(frame, pd.DataFrame):
        raise InputError(not_a_frame.format(what=what, type=type(frame).__name__))
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise InputError(no_column.format(what=what, missing=", ".join(repr(c) for c in missing),
                                          columns=", ".join(map(str, frame.columns))))

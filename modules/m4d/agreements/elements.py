"""The elements a partnership agreement must contain, as the guidelines list them.

A *new* agreement between local and regional authorities should at a minimum
contain twelve elements; the *revision* of an existing agreement, to bring
migration into it, should cover eleven points (JMDI guidelines, p. 44). Both
lists live in the course dataset ``agreement_elements``, together with the
course's rules for recognising each element in a draft:

- ``heading_keywords``: groups of words; a heading names the element when it
  contains every word of one group, each matched as the *start* of a word
  ("monitor" matches "Monitoring", "area cooperat" matches "Areas of
  cooperation");
- ``required_terms``: words of which the section must mention at least one
  (for example "indicator" for the monitoring and evaluation system, which the
  guidelines say includes indicators).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from m4d import datasets
from m4d.errors import InputError
from m4d.i18n import N_

MODES = ("new", "revision")
MODE_TITLES = {
    "new": N_("a new partnership agreement"),
    "revision": N_("the revision of an existing agreement"),
}


@dataclass(frozen=True)
class AgreementElement:
    """One element an agreement must contain, with the rules that recognise it."""

    mode: str
    element: str
    position: int
    name: str
    heading_keywords: tuple[tuple[str, ...], ...]
    required_terms: tuple[str, ...]
    guidance: str


def check_mode(mode: str) -> str:
    """Return ``mode`` if it is ``"new"`` or ``"revision"``, else raise :class:`InputError`."""
    if mode not in MODES:
        raise InputError(
            f"Unknown agreement mode {mode!r}: use 'new' for a new partnership agreement "
            "or 'revision' for revising an existing one to include migration."
        )
    return mode


@lru_cache(maxsize=2)
def minimum_elements(mode: str = "new") -> tuple[AgreementElement, ...]:
    """The elements an agreement of this mode must contain, in the guidelines' order."""
    check_mode(mode)
    frame = datasets.load("agreement_elements")
    frame = frame[frame["mode"] == mode].sort_values("position")
    # Plain dicts rather than itertuples: itertuples builds a namedtuple class on every call, which the
    # grading sandbox refuses while an assignment (A4) checks a student's agreement.
    return tuple(
        AgreementElement(
            mode=mode,
            element=str(row["element"]),
            position=int(row["position"]),
            name=str(row["name"]),
            heading_keywords=tuple(tuple(group.lower().split()) for group in row["heading_keywords"]),
            required_terms=tuple(term.lower() for term in row["required_terms"]),
            guidance=str(row["guidance"]),
        )
        for row in frame.to_dict("records")
    )

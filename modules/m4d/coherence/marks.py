"""The three marks a learner gives a sector policy at one level of government.

A policy *helps* migrants when it opens a service, a right or an opportunity to
them (or builds on what they bring); it *ignores* them when it is written as if
migrants were not part of the population it serves; it *hinders* them when it
shuts them out or works against what other policies do for them. The course
scores the marks +1, 0 and -1 so that the distance between two marks says how
far apart two policies pull.
"""
from __future__ import annotations

from m4d.errors import InputError

HELPS = "helps"
IGNORES = "ignores"
HINDERS = "hinders"

#: The marks in the order a learner meets them in the widget (most supportive first).
MARKS: tuple[str, ...] = (HELPS, IGNORES, HINDERS)

#: The score of each mark: how far a policy pulls towards including migrants.
MARK_SCORES: dict[str, int] = {HELPS: 1, IGNORES: 0, HINDERS: -1}

#: How a mark reads in a sentence about a policy.
MARK_PHRASES: dict[str, str] = {
    HELPS: "helps migrants",
    IGNORES: "ignores migrants",
    HINDERS: "hinders migrants",
}


def parse_mark(value: object, where: str = "") -> str:
    """Return the mark that ``value`` names, ignoring case and surrounding spaces.

    Raises :class:`m4d.InputError` naming the allowed marks when ``value`` is
    not one of them; ``where`` (for example ``"housing at the local level"``)
    says which cell the value was meant for.
    """
    text = str(value).strip().lower() if value is not None else ""
    if text in MARK_SCORES:
        return text
    at = f" for {where}" if where else ""
    shown = "an empty value" if not text else repr(str(value).strip())
    raise InputError(
        f"{shown} is not a mark{at}. Use one of: {', '.join(MARKS)} "
        "(helps = the policy opens services, rights or opportunities to migrants; "
        "ignores = it is silent about them; hinders = it shuts them out)."
    )

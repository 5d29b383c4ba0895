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
from m4d.i18n import _, pgettext

HELPS = "helps"
IGNORES = "ignores"
HINDERS = "hinders"

#: The marks in the order a learner meets them in the widget (most supportive first).
MARKS: tuple[str, ...] = (HELPS, IGNORES, HINDERS)

#: The score of each mark: how far a policy pulls towards including migrants.
MARK_SCORES: dict[str, int] = {HELPS: 1, IGNORES: 0, HINDERS: -1}

#: How a mark reads in a sentence about a policy (English; sentences are translated whole where shown).
MARK_PHRASES: dict[str, str] = {
    HELPS: "helps migrants",
    IGNORES: "ignores migrants",
    HINDERS: "hinders migrants",
}


def mark_label(mark: str) -> str:
    """The word a reader sees for ``mark``, in the current language (the code itself in English)."""
    labels = {HELPS: pgettext("policy-coherence mark", "helps"),
              IGNORES: pgettext("policy-coherence mark", "ignores"),
              HINDERS: pgettext("policy-coherence mark", "hinders")}
    return labels[mark]


def parse_mark(value: object, where: str = "") -> str:
    """Return the mark that ``value`` names, ignoring case and surrounding spaces.

    Raises :class:`m4d.InputError` naming the allowed marks when ``value`` is
    not one of them; ``where`` (for example ``"housing at the local level"``)
    says which cell the value was meant for.
    """
    text = str(value).strip().lower() if value is not None else ""
    if text in MARK_SCORES:
        return text
    # A learner may type the mark in the language the widget shows.
    for mark in MARKS:
        if text and text == mark_label(mark).lower():
            return mark
    marks = ", ".join(mark_label(m) for m in MARKS)
    if not text:
        message = (_("an empty value is not a mark for {where}. Use one of: {marks} (helps = the policy opens "
                     "services, rights or opportunities to migrants; ignores = it is silent about them; hinders = "
                     "it shuts them out).") if where else
                   _("an empty value is not a mark. Use one of: {marks} (helps = the policy opens services, rights "
                     "or opportunities to migrants; ignores = it is silent about them; hinders = it shuts them out)."))
    else:
        message = (_("{value} is not a mark for {where}. Use one of: {marks} (helps = the policy opens services, "
                     "rights or opportunities to migrants; ignores = it is silent about them; hinders = it shuts "
                     "them out).") if where else
                   _("{value} is not a mark. Use one of: {marks} (helps = the policy opens services, rights or "
                     "opportunities to migrants; ignores = it is silent about them; hinders = it shuts them out)."))
    raise InputError(message.format(value=repr(str(value).strip()), where=where, marks=marks))

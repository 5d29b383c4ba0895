"""The toolbox's own messages in the reader's language (gettext domain ``m4d``).

Mark every string a person reads (a label, an error message, a figure title,
an axis label, an alt text) with these functions; ``make locales`` finds the
marked strings and adds them to ``locales/<language>/LC_MESSAGES/m4d.po``::

    from m4d.i18n import _, ngettext, N_

    title = _("Where the examples of the JMDI guidelines take place")
    count = ngettext("{n} example", "{n} examples", n).format(n=n)
    FILTERS = (("sector", N_("Sector")),)   # translated where it is shown: _(label)

Placeholders are named and filled *after* translation, with ``str.format``, so
a translator can move them: never build a sentence from pieces or an f-string.
"""
from __future__ import annotations

from m4d.i18n.catalogues import catalogue
from m4d.i18n.languages import SOURCE_LANGUAGE, language

DOMAIN = "m4d"


def gettext(message: str) -> str:
    """``message`` in the current language (itself in English or when no translation exists)."""
    current = language()
    if current == SOURCE_LANGUAGE:
        return message
    return catalogue(DOMAIN, current).gettext(message)


def pgettext(context: str, message: str) -> str:
    """Like :func:`gettext`, for a short string whose meaning depends on ``context`` (e.g. "Page")."""
    current = language()
    if current == SOURCE_LANGUAGE:
        return message
    return catalogue(DOMAIN, current).gettext(message, context)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, by the plural rules of the current language."""
    current = language()
    if current == SOURCE_LANGUAGE:
        return singular if n == 1 else plural
    return catalogue(DOMAIN, current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now (module constants); translate it where shown."""
    return message


_ = gettext

"""Which language the toolbox speaks: the book edition's, the user's choice, or the user's locale.

The order is gettext's own, with two course-specific steps in front:

1. :func:`set_language` (or :func:`use_language` for a block of code), so a
   notebook can switch with one line;
2. ``M4D_LANG``, which the book build sets for the kernels that execute an
   edition's notebooks, so the French edition's figures and quizzes come out in
   French;
3. the user's locale, as gettext reads it: ``LANGUAGE`` (a colon-separated list
   of preferences), then ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``.

Anything the course is not translated into falls back to English.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from m4d.errors import InputError

#: The languages the course is published in; the first is the source language.
LANGUAGES = ("en", "fr", "es")
SOURCE_LANGUAGE = LANGUAGES[0]
#: Each language's name in that language (what a language switcher shows).
NATIVE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}

_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_chosen: str | None = None


def normalise(tag: str | None) -> str | None:
    """The course language a locale name or language tag stands for (``fr_FR.UTF-8`` -> ``fr``), or None."""
    if not tag:
        return None
    code = tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def _from_environment() -> str | None:
    explicit = os.environ.get("M4D_LANG")
    if explicit:
        return normalise(explicit) or SOURCE_LANGUAGE
    for variable in _LOCALE_VARIABLES:
        value = os.environ.get(variable)
        if not value:
            continue
        # LANGUAGE may list several preferences ("fr:en"); C and POSIX mean "no preference".
        for preference in value.split(":"):
            if preference in ("C", "POSIX") or preference.startswith(("C.", "POSIX.")):
                continue
            found = normalise(preference)
            if found:
                return found
        if variable != "LANGUAGE":
            # gettext stops at the first of LC_ALL, LC_MESSAGES, LANG that is set.
            return None
    return None


def language() -> str:
    """The language the toolbox's messages, figures, quizzes and data labels are shown in."""
    return _chosen or _from_environment() or SOURCE_LANGUAGE


def set_language(code: str | None) -> str:
    """Show everything in ``code`` (``"fr"``, ``"es"`` or ``"en"``) from now on; None goes back to the default.

    Returns the language now in use.
    """
    global _chosen
    if code is None:
        _chosen = None
        return language()
    found = normalise(code)
    if found is None:
        raise InputError(f"The course is not translated into {code!r}: choose one of {', '.join(LANGUAGES)}.")
    _chosen = found
    return found


@contextlib.contextmanager
def use_language(code: str) -> Iterator[str]:
    """Within the block, show everything in ``code``; the previous choice comes back afterwards."""
    global _chosen
    before = _chosen
    set_language(code)
    try:
        yield _chosen
    finally:
        _chosen = before

"""Where the translations live and how they are read.

Every translation of the course is a gettext catalogue (a ``.po`` file) under
``locales/<language>/LC_MESSAGES/``, the folder Sphinx and sphinx-intl use for
the book's pages:

- ``book/<module>/<lesson>.po``: a page of the book (Sphinx's gettext builder);
- ``m4d.po``: the toolbox's own messages, figure titles, labels and alt texts;
- ``datasets.po``: the translatable columns of the course data (one catalogue,
  so the CSV files exist once, in English);
- ``quizzes/<lesson id>.po``: a lesson's self-check questions, options and feedback.

The toolbox reads ``.po`` files directly (with Babel), so a translator's change
shows on the next run with no compile step. Entries marked *fuzzy* (the English
changed since they were translated) and empty ones are ignored: the English
text shows instead, as gettext does.
"""
from __future__ import annotations

import gettext as _stdlib_gettext
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from m4d.errors import InputError

#: The package's own copy: a link to the repository's ``locales/`` in a checkout, package data in a wheel.
PACKAGE_LOCALES = Path(__file__).resolve().parent.parent / "locales"
_lock = threading.Lock()
_cache: dict[tuple[str, str, str], tuple[int, "Catalogue"]] = {}


def locales_dir() -> Path:
    """The ``locales`` folder in use: ``M4D_LOCALES`` (the book build sets it) or the package's own."""
    configured = os.environ.get("M4D_LOCALES")
    return Path(configured) if configured else PACKAGE_LOCALES


def catalogue_path(domain: str, language: str, base: Path | None = None) -> Path:
    """The ``.po`` file of a domain (``m4d``, ``datasets``, ``quizzes/m1_01``) in a language."""
    return (base or locales_dir()) / language / "LC_MESSAGES" / f"{domain}.po"


@dataclass
class Catalogue:
    """The usable translations of one ``.po`` file (fuzzy and empty entries left out)."""

    language: str
    messages: dict[tuple[str | None, str], str | tuple[str, ...]] = field(default_factory=dict)
    plural_expr: str = "(n != 1)"

    def gettext(self, message: str, context: str | None = None) -> str:
        found = self.messages.get((context, message))
        return found if isinstance(found, str) and found else message

    def ngettext(self, singular: str, plural: str, n: int, context: str | None = None) -> str:
        found = self.messages.get((context, singular))
        if isinstance(found, tuple) and all(found):
            index = int(_stdlib_gettext.c2py(self.plural_expr)(n))
            if 0 <= index < len(found):
                return found[index]
        return singular if n == 1 else plural

    def __contains__(self, key: tuple[str | None, str]) -> bool:
        return key in self.messages


def read_catalogue(path: Path, language: str) -> Catalogue:
    """Parse a ``.po`` file; a file that does not exist is an empty catalogue (everything stays English)."""
    from babel.messages.pofile import PoFileError, read_po

    catalogue = Catalogue(language)
    if not path.exists():
        return catalogue
    try:
        with path.open("rb") as fh:
            po = read_po(fh, locale=language, abort_invalid=True)
    except (PoFileError, ValueError) as err:
        raise InputError(f"The translation file {path} cannot be read ({err}); open it in Poedit, which "
                         "shows the broken entry, or restore it from the repository.") from None
    catalogue.plural_expr = po.plural_expr or catalogue.plural_expr
    for message in po:
        if not message.id or message.fuzzy:
            continue
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        if isinstance(message.string, (tuple, list)):
            if all(message.string):
                catalogue.messages[(message.context, key)] = tuple(message.string)
        elif message.string:
            catalogue.messages[(message.context, key)] = message.string
    return catalogue


def catalogue(domain: str, language: str) -> Catalogue:
    """The catalogue of ``domain`` in ``language``, re-read whenever its file changes."""
    path = catalogue_path(domain, language)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        stamp = -1
    key = (str(path), domain, language)
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
    loaded = read_catalogue(path, language)
    with _lock:
        _cache[key] = (stamp, loaded)
    return loaded

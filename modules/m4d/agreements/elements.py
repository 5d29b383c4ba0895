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

Both rules are recognised in English, French and Spanish at once, whatever the
reader's language: an agreement's language is the partners' choice, not the
reader's (a French-speaking officer may check a Spanish draft). The French and
Spanish keywords are the translations of the English ones in
``locales/<language>/LC_MESSAGES/datasets.po`` (contexts
``agreement_elements.heading_keywords`` and ``.required_terms``), where one
translation may hold several groups separated by ``;`` ("calendrier;chronogramme").
Keywords are compared without accents or case, so translators write them with
their accents.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from m4d import datasets
from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.i18n.data import translate_value
from m4d.i18n.languages import SOURCE_LANGUAGE

#: The languages whose headings the checker recognises in every edition (see the module's docstring).
DRAFT_LANGUAGES = (SOURCE_LANGUAGE, "fr", "es")

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
    #: The keyword groups of each language (``(language, groups)`` pairs), to tell a reader which words count.
    keywords_by_language: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def keywords_in(self, lang: str) -> tuple[str, ...]:
        """The heading keyword groups of ``lang`` (the English ones for a language the checker does not read)."""
        shown = dict(self.keywords_by_language)
        return shown.get(lang) or shown.get(SOURCE_LANGUAGE) or tuple(" ".join(g) for g in self.heading_keywords)


def check_mode(mode: str) -> str:
    """Return ``mode`` if it is ``"new"`` or ``"revision"``, else raise :class:`InputError`."""
    if mode not in MODES:
        raise InputError(_("Unknown agreement mode {mode}: use 'new' for a new partnership agreement or 'revision' "
                           "for revising an existing one to include migration.").format(mode=repr(mode)))
    return mode


def plain(text: str) -> str:
    """Lower case without accents, with the ligatures of French spelled out ("Mise en œuvre" -> "mise en oeuvre")."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _keywords(column: str, english: list[str], lang: str) -> tuple[str, ...]:
    """The keywords of one element in ``lang`` as a reader reads them (lower case, accents kept), without repeats."""
    found: dict[str, None] = {}
    for keyword in english:
        shown = keyword if lang == SOURCE_LANGUAGE else translate_value("agreement_elements", column, keyword, lang)
        for group in str(shown).split(";"):
            if group.strip():
                found.setdefault(" ".join(group.lower().split()))
    return tuple(found)


def _every_language(column: str, english: list[str]) -> tuple[str, ...]:
    """The keywords of every language the checker reads, as it matches them (no accents, no case)."""
    matched = (" ".join(re.findall(r"[a-z0-9&*]+", plain(k))) for lang in DRAFT_LANGUAGES
               for k in _keywords(column, english, lang))
    return tuple(dict.fromkeys(k for k in matched if k))


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
            heading_keywords=tuple(tuple(group.split()) for group in _every_language("heading_keywords",
                                                                                       row["heading_keywords"])),
            required_terms=_every_language("required_terms", row["required_terms"]),
            guidance=str(row["guidance"]),
            keywords_by_language=tuple((lang, _keywords("heading_keywords", row["heading_keywords"], lang))
                                       for lang in DRAFT_LANGUAGES),
        )
        for row in frame.to_dict("records")
    )

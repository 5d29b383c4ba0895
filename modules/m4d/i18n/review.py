"""Checks a reviewer would make of every translated entry, run in seconds before the book is built.

- **Markup kept**: every cross-reference, citation, glossary link, inline code,
  maths and link target of the English is in the translation, unchanged (the
  text shown may change: ``{term}`ALR <LRA>``` for ``{term}`LRA```); otherwise
  the edition loses a link or its build fails.
- **Placeholders kept**: ``{name}`` fields of the toolbox's messages.
- **Not left in English**: a translation identical to a prose English text.
- **Termbase**: :mod:`m4d.i18n.termbase`.
- **French spacing**: no breakable space before ``:`` ``;`` ``?`` ``!`` or inside « » in a
  French translation (:mod:`m4d.i18n.typography`; ``m4d locales fix-typography`` fixes them).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from m4d.i18n.termbase import Term, check_translation
from m4d.i18n.typography import spacing_problems

_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`")
_CODE = re.compile(r"(?<![`}])``?[^`]+``?")
_MATH = re.compile(r"\$[^$\s][^$]*\$")
_TEXT_IN_MATH = re.compile(r"\\text\{[^{}]*\}")
_EMPTY_TEXT = r"\\text{}"
_LINK_TARGET = re.compile(r"\]\(([^)]+)\)")
_URL = re.compile(r"(?<![(<])https?://[^\s)>]+")
_PLACEHOLDER = re.compile(r"(?<!\{)\{[a-z_][a-z0-9_]*(?:[:!][^{}]*)?\}(?!\})")
_ENGLISH_WORDS = re.compile(r"\b(the|and|of|with|which|that|is|are|to)\b", re.IGNORECASE)


def _targets(text: str) -> Counter:
    """The parts of a MyST text a translation must keep: roles' targets, code, maths, links."""
    kept = Counter()
    for match in _ROLE.finditer(text):
        role, body = match.group("role"), match.group("body")
        target = body.rsplit("<", 1)[1].rstrip(">").strip() if body.endswith(">") and "<" in body else body.strip()
        if role == "term":
            target = target.casefold()
        kept[f"{{{role}}}:{target}"] += 1
    rest = _ROLE.sub(" ", text)
    kept.update(f"code:{m.group(0).strip('`')}" for m in _CODE.finditer(rest))
    # Words inside \text{...} are prose a translator translates; the rest of the formula must not change.
    kept.update("math:" + _TEXT_IN_MATH.sub(_EMPTY_TEXT, m.group(0)) for m in _MATH.finditer(rest))
    kept.update(f"link:{m.group(1)}" for m in _LINK_TARGET.finditer(rest))
    kept.update(f"url:{m.group(0)}" for m in _URL.finditer(_LINK_TARGET.sub(" ", rest)))
    return kept


@dataclass(frozen=True)
class EntryProblem:
    catalogue: str
    language: str
    english: str
    translation: str
    problem: str

    def __str__(self) -> str:
        return (f"[{self.language}] {self.catalogue}: {self.problem}\n    en: {self.english[:200]}\n"
                f"    {self.language}: {self.translation[:200]}")


def check_entry(english: str, translation: str, domain: str, language: str, terms: list[Term]) -> list[EntryProblem]:
    """Every problem of one translated entry."""
    problems = []
    missing = _targets(english) - _targets(translation)
    extra = _targets(translation) - _targets(english)
    if missing:
        problems.append(EntryProblem(domain, language, english, translation,
                                     "markup of the English is missing or changed: " + ", ".join(sorted(missing))))
    if extra:
        problems.append(EntryProblem(domain, language, english, translation,
                                     "markup that the English does not have: " + ", ".join(sorted(extra))))
    if domain == "m4d" and Counter(_PLACEHOLDER.findall(english)) != Counter(_PLACEHOLDER.findall(translation)):
        problems.append(EntryProblem(domain, language, english, translation,
                                     "the {placeholders} differ from the English"))
    if translation.strip() == english.strip() and len(_ENGLISH_WORDS.findall(english)) >= 2:
        problems.append(EntryProblem(domain, language, english, translation, "left in English"))
    for term_problem in check_translation(terms, english, translation, language):
        problems.append(EntryProblem(domain, language, english, translation, term_problem.problem))
    if language == "fr":
        spots = spacing_problems(translation)
        if spots:
            # One problem per entry, however many spaces: the translator fixes an entry, not a space.
            problems.append(EntryProblem(domain, language, english, translation,
                                         f"French spacing: {len(spots)} breakable space(s) where a no-break space "
                                         f"(U+00A0) belongs, first a {spots[0].describe(translation)}; "
                                         "`m4d locales fix-typography` fixes them"))
    return problems


def review_catalogue(po_file: Path, domain: str, language: str, terms: list[Term]) -> list[EntryProblem]:
    """The problems of every translated, non-fuzzy entry of one ``.po`` file."""
    from babel.messages.pofile import read_po

    with po_file.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    problems = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        for n, translation in enumerate(strings):
            english = ids[0] if n == 0 else ids[-1]
            if translation:
                problems.extend(check_entry(english, translation, domain, language, terms))
    return problems


def review_locales(locales: Path, languages, terms: list[Term]) -> list[EntryProblem]:
    """The problems of every catalogue of the given languages."""
    problems = []
    for language in languages:
        base = locales / language / "LC_MESSAGES"
        for po_file in sorted(base.rglob("*.po")):
            problems.extend(review_catalogue(po_file, po_file.relative_to(base).with_suffix("").as_posix(),
                                             language, terms))
    return problems

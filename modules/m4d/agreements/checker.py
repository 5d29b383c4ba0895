"""Check a draft agreement for every element the guidelines require.

How a draft *contains* an element (the rules are data, in the dataset
``agreement_elements``; see :mod:`m4d.agreements.elements`):

1. some section's heading contains every word of one of the element's keyword
   groups, ignoring case and accents; a keyword matches the same word or its
   plural in -s ("indicator" matches "Indicators"), and a keyword ending in
   ``*`` matches every word that starts with it ("monitor*" matches
   "Monitoring"), and
2. that section holds at least :data:`MIN_BODY_WORDS` words of its own once
   placeholders such as "TBD" or "to be completed" are taken out, and
3. if the element has required terms, the section (heading or text) mentions
   at least one of them.

The document's title (the only heading of the top level, when other headings
follow it) names the document, not an element, and is not matched. One section
may carry several elements ("Aim and expected results"). An element
is reported as ``present``, or else as ``missing`` (no heading names it),
``empty`` (a heading names it but the text under it is too thin) or
``incomplete`` (the text does not mention what the guidelines ask for, such as
the indicators of the monitoring system).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from m4d.agreements.builder import semicolon_list
from m4d.agreements.draft import Section, read_draft, sections_from_markdown
from m4d.agreements.elements import MODE_TITLES, AgreementElement, check_mode, minimum_elements, plain
from m4d.errors import InputError
from m4d.i18n import _, language, pgettext
from m4d.i18n.data import translate_value

MIN_BODY_WORDS = 5
PLACEHOLDERS = ("to be completed", "to be defined", "to be confirmed", "to be decided",
                "tbd", "tbc", "todo", "xxx", "lorem ipsum", "...", "…",
                # French and Spanish drafts (the checker reads the three languages, m4d.agreements.elements).
                "a completer", "a definir", "a preciser", "a confirmer", "a decider",
                "por completar", "por definir", "por confirmar", "por decidir", "a completar", "a definir")
STATUSES = ("present", "missing", "empty", "incomplete")
# When several headings name an element, the report keeps the most nearly complete one.
_STATUS_RANK = {"present": 0, "incomplete": 1, "empty": 2, "missing": 3}


def status_label(status: str) -> str:
    """The word a reader sees for a checker status, in the current language (the code itself in English)."""
    return {"present": pgettext("agreement element", "present"), "missing": pgettext("agreement element", "missing"),
            "empty": pgettext("agreement element", "empty"),
            "incomplete": pgettext("agreement element", "incomplete")}.get(status, status)


@dataclass(frozen=True)
class ElementCheck:
    """What the checker found for one required element."""

    element: str
    name: str
    status: str
    heading: str | None
    message: str


@dataclass(frozen=True)
class AgreementCheck:
    """The result of checking a draft: one :class:`ElementCheck` per required element."""

    mode: str
    elements: tuple[ElementCheck, ...]

    @property
    def complete(self) -> bool:
        """True when every required element is present."""
        return all(e.status == "present" for e in self.elements)

    @property
    def missing(self) -> list[str]:
        """Names of the elements that are not (fully) there, in the guidelines' order."""
        return [e.name for e in self.elements if e.status != "present"]

    def to_frame(self) -> pd.DataFrame:
        """One row per element: its name, status, the heading found and what to do."""
        return pd.DataFrame(
            [{"element": e.name, "status": e.status, "heading found": e.heading or "", "what to do": e.message}
             for e in self.elements]
        )

    def summary(self) -> str:
        """A plain-language verdict, listing exactly what is missing."""
        total = len(self.elements)
        done = total - len(self.missing)
        head = _("Checked as {mode}: {done} of {total} required elements are present.").format(
            mode=_(MODE_TITLES[self.mode]), done=done, total=total)
        if self.complete:
            return head + " " + _("Nothing is missing.")
        lines = [head, _("Missing or incomplete:")]
        lines += [f"- {element_name(e.name)} ({status_label(e.status)}): {e.message}" for e in self.elements
                  if e.status != "present"]
        return "\n".join(lines)


def element_name(name: str) -> str:
    """An element's name (English, as :class:`ElementCheck` keeps it) in the reader's language."""
    return translate_value("agreement_elements", "name", name)


def _guidance(element: AgreementElement) -> str:
    return translate_value("agreement_elements", "guidance", element.guidance)


def words(text: str) -> list[str]:
    """The words of a text, lower-case, without accents or possessive 's ("Partner's" -> "partner")."""
    text = re.sub(r"['\u2019]s\b", "", text)
    return re.findall(r"[a-z0-9&]+", plain(text))


def word_matches(word: str, keyword: str) -> bool:
    """True if ``word`` is ``keyword`` or its plural in -s, or starts with it when it ends in ``*``."""
    if keyword.endswith("*"):
        return word.startswith(keyword[:-1])
    return word == keyword or word == keyword + "s"


def mentions(tokens: Iterable[str], keyword: str) -> bool:
    """True if the words contain every word of ``keyword`` (a keyword may have several words)."""
    tokens = list(tokens)
    return all(any(word_matches(t, k) for t in tokens) for k in keyword.split())


def heading_names(element: AgreementElement, heading: str) -> bool:
    """True if the heading names the element (contains every word of one keyword group)."""
    tokens = words(heading)
    return any(mentions(tokens, " ".join(group)) for group in element.heading_keywords)


def _matched_words(element: AgreementElement, tokens: list[str]) -> frozenset[int]:
    """The positions of the heading's words that the element's keyword groups account for (empty: not named)."""
    found: set[int] = set()
    for group in element.heading_keywords:
        positions = [{i for i, t in enumerate(tokens) if word_matches(t, k)} for k in group]
        if all(positions):
            found.update(*positions)
    return frozenset(found)


def elements_named(elements: Iterable[AgreementElement], heading: str) -> list[AgreementElement]:
    """The elements a heading names, each word of the heading counted for one element only.

    The keyword groups of three languages are read at once, so a word of one language can be a
    keyword of another element in another: the French "Parties prenantes" (stakeholders) holds the
    English "parties" (partners), and "Objectifs de développement durable" (the SDGs) holds the
    French "objectif" (the aim). An element is dropped when the words that name it are only part
    of the words that name another one, so the longer, more precise name wins; a heading that
    names two elements with different words ("Aim and expected results") still names both.
    """
    tokens = words(heading)
    matched = [(element, _matched_words(element, tokens)) for element in elements]
    matched = [(element, found) for element, found in matched if found]
    return [element for element, found in matched if not any(found < other for _, other in matched)]


def document_title(sections: list[Section]) -> Section | None:
    """The section that is the document's title: the only one of the top level, with others after it."""
    if len(sections) < 2:
        return None
    top = min(s.level for s in sections)
    tops = [s for s in sections if s.level == top]
    return tops[0] if len(tops) == 1 and sections[0] is tops[0] else None


def substantive_words(body: str) -> int:
    """How many words a section's text has once placeholders are removed."""
    text = body.lower()
    for placeholder in sorted(PLACEHOLDERS, key=len, reverse=True):
        text = text.replace(placeholder, " ")
    return len(words(text))


def check_sections(sections: list[Section], mode: str = "new") -> AgreementCheck:
    """Check the sections of a draft against the required elements of ``mode``."""
    check_mode(mode)
    title = document_title(sections)
    sections = [s for s in sections if s is not title]
    elements = minimum_elements(mode)
    named = [{e.element for e in elements_named(elements, s.heading)} for s in sections]
    results = []
    for element in elements:
        candidates = [_judge(element, s) for s, names in zip(sections, named) if element.element in names]
        if not candidates:
            keywords = semicolon_list(element.keywords_in(language()))
            results.append(ElementCheck(
                element.element, element.name, "missing", None,
                _("No heading names it. Add a section headed, for example, '{name}' (a heading is recognised by the "
                  "words: {keywords}). It should say: {guidance}").format(name=element_name(element.name), keywords=keywords,
                                                                        guidance=_guidance(element)),
            ))
            continue
        results.append(min(candidates, key=lambda c: _STATUS_RANK[c.status]))
    return AgreementCheck(mode=mode, elements=tuple(results))


def _judge(element: AgreementElement, section: Section) -> ElementCheck:
    count = substantive_words(section.body)
    if count < MIN_BODY_WORDS:
        return ElementCheck(
            element.element, element.name, "empty", section.heading,
            _("The section '{heading}' has {count} word(s) of content; write at least {minimum}. It should say: "
              "{guidance}").format(heading=section.heading, count=count, minimum=MIN_BODY_WORDS,
                                   guidance=_guidance(element)),
        )
    if element.required_terms:
        tokens = words(section.heading + " " + section.body)
        if not any(mentions(tokens, term) for term in element.required_terms):
            terms = _(" or ").join(_("a word starting with '{start}'").format(start=t[:-1]) if t.endswith("*")
                                   else f"'{t}'" for t in element.required_terms)
            return ElementCheck(
                element.element, element.name, "incomplete", section.heading,
                _("The section '{heading}' does not mention {terms}. It should say: {guidance}").format(
                    heading=section.heading, terms=terms, guidance=_guidance(element)),
            )
    return ElementCheck(element.element, element.name, "present", section.heading, _("Present."))


def check_agreement(draft: str, mode: str = "new") -> AgreementCheck:
    """Check a draft agreement given as Markdown text."""
    if not isinstance(draft, str):
        raise InputError(_("The draft must be text (Markdown); to check a file use check_agreement_file(path)."))
    if not draft.strip():
        raise InputError(_("The draft is empty: paste or load the text of the agreement to check."))
    return check_sections(sections_from_markdown(draft), mode)


def check_agreement_file(path: str | Path, mode: str = "new") -> AgreementCheck:
    """Check a draft agreement file (Markdown, plain text or Word)."""
    check_mode(mode)
    sections = read_draft(path)
    return check_sections(sections, mode)

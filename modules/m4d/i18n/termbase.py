"""The course's termbase: the official French and Spanish names of documents, organisations,
places and the course's key concepts, and the check that every translation uses them.

``locales/termbase.csv`` has one row per term (open it in a spreadsheet):

- ``en``: the English forms that call for the term (full name; acronym), ``;``-separated;
- ``fr`` / ``es``: the accepted forms in that language, official form first; a
  translation of an English text that contains an ``en`` form must contain one
  of them (a form may be a stem, e.g. ``intégr`` for intégrer / intégration);
- ``fr_avoid`` / ``es_avoid``: forms that must not appear in any translation
  (an unofficial title, an English acronym in French prose);
- ``status`` (verified, partly verified, course choice), ``source`` (where the
  official form was checked) and ``note`` (how to use it).

``kind`` is document, organisation, concept, place or lesson: a *lesson* row holds
the course's own name of a lesson or of its tool, in the words of that lesson's
translated heading (its ``source`` names the lesson, e.g. ``lesson m5_05``).

English forms written in capitals (acronyms) match case-sensitively, others in
any case; both match whole words. Accepted forms match in any case. Forms to
avoid match whole words, case-sensitively. Text inside roles' targets
(``{term}`ALR <LRA>``` keeps ``LRA``), citation keys and inline code is ignored.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from m4d.errors import InputError

TERMBASE_FILE = "termbase.csv"
COLUMNS = ("id", "kind", "en", "fr", "es", "fr_avoid", "es_avoid", "status", "source", "note")
KINDS = {"document", "organisation", "concept", "place", "lesson"}
STATUSES = {"verified", "partly verified", "course choice"}

_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`")
_CODE = re.compile(r"``[^`]+``|`[^`]+`")
_URL = re.compile(r"https?://\S+|\]\([^)]*\)")


@dataclass(frozen=True)
class Term:
    id: str
    kind: str
    en: tuple[str, ...]
    forms: dict[str, tuple[str, ...]]
    avoid: dict[str, tuple[str, ...]]
    status: str
    source: str
    note: str

    def called_for(self, english: str) -> bool:
        return any(_english_pattern(form).search(english) for form in self.en)

    def used_in(self, translation: str, language: str) -> bool:
        folded = _one_space(translation).casefold()
        return any(_one_space(form).casefold() in folded for form in self.forms.get(language, ()))

    def avoided_forms_in(self, translation: str, language: str) -> list[str]:
        return [form for form in self.avoid.get(language, ())
                if re.search(rf"(?<!\w){re.escape(_one_space(form.strip()))}(?!\w)", _one_space(translation))]


def _one_space(text: str) -> str:
    """``text`` with its no-break spaces as plain ones: French puts U+00A0 before ':' (a heading's
    "L'évaluation des besoins : méthodes"), and a term is the same term whichever space it has."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _english_pattern(form: str) -> re.Pattern:
    acronym = form.replace("s", "").isupper() and len(form) <= 7
    return re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", 0 if acronym else re.IGNORECASE)


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


def load_termbase(path: Path) -> list[Term]:
    """Read and check the termbase file."""
    if not path.exists():
        raise InputError(f"The termbase {path} is missing: restore it from the repository.")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise InputError(f"{path}: the columns must be {', '.join(COLUMNS)} (found {reader.fieldnames}).")
        terms, seen = [], set()
        for line, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise InputError(f"{path}, line {line}: wrong number of cells; quote a cell that contains a comma.")
            if row["id"] in seen:
                raise InputError(f"{path}, line {line}: the id {row['id']!r} is used twice.")
            seen.add(row["id"])
            if row["kind"] not in KINDS or row["status"] not in STATUSES:
                raise InputError(f"{path}, line {line}: kind must be one of {sorted(KINDS)} and status one of "
                                 f"{sorted(STATUSES)}.")
            if not (_split(row["en"]) and _split(row["fr"]) and _split(row["es"])):
                raise InputError(f"{path}, line {line}: a term needs English, French and Spanish forms.")
            terms.append(Term(row["id"], row["kind"], _split(row["en"]),
                              {"fr": _split(row["fr"]), "es": _split(row["es"])},
                              {"fr": _split(row["fr_avoid"]), "es": _split(row["es_avoid"])},
                              row["status"], row["source"], row["note"]))
    return terms


_FIELD = re.compile(r"(?<!\{)\{[a-z_][a-z0-9_]*(?:[:!][^{}]*)?\}(?![`}])")


def prose(text: str) -> str:
    """What a reader reads of a MyST text: roles reduced to their shown text, no citation keys, code or URLs."""
    def shown(match: re.Match) -> str:
        role, body = match.group("role"), match.group("body")
        if role in ("cite", "cite:p", "cite:t", "ref", "numref", "eq", "download", "doc") and "<" not in body:
            return "" if role.startswith("cite") else " "
        return body.split("<", 1)[0].strip() if "<" in body else body
    text = _ROLE.sub(shown, text)
    text = _URL.sub(" ", text)
    # A toolbox message's {field} is filled in later (a value, a name): its name is not a word the reader reads.
    text = _FIELD.sub(" ", text)
    return _CODE.sub(" ", text)


@dataclass(frozen=True)
class TermProblem:
    term: str
    language: str
    english: str
    translation: str
    problem: str

    def __str__(self) -> str:
        return f"[{self.language}] {self.term}: {self.problem}\n    en: {self.english[:160]}\n    {self.language}: {self.translation[:160]}"


def check_translation(terms: list[Term], english: str, translation: str, language: str) -> list[TermProblem]:
    """The termbase problems of one translated entry (empty when it follows the termbase)."""
    problems = []
    source, target = prose(english), prose(translation)
    for term in terms:
        if term.called_for(source) and not term.used_in(target, language):
            wanted = " / ".join(term.forms[language])
            problems.append(TermProblem(term.id, language, english, translation,
                                        f"the English names {term.id} but the translation has none of: {wanted}"))
        for form in term.avoided_forms_in(target, language):
            problems.append(TermProblem(term.id, language, english, translation,
                                        f"uses {form!r}, which the termbase says to avoid"))
    return problems

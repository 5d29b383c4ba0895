"""How much of the course is translated: per catalogue and per language, against the current English.

The figures are measured against fresh templates (``make locales`` writes them
to ``_build/locales/pot``), not against the ``.po`` files alone: a paragraph
added to a lesson after its catalogue was last updated counts as untranslated,
even though no ``.po`` file mentions it yet.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from m4d.i18n.languages import LANGUAGES, SOURCE_LANGUAGE


@dataclass
class CatalogueCoverage:
    domain: str
    language: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    words: int = 0
    translated_words: int = 0
    missing: list[str] = field(default_factory=list)
    fuzzy_ids: list[str] = field(default_factory=list)

    @property
    def untranslated(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def _read(path: Path, locale: str | None = None):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _key(message) -> tuple[str | None, str]:
    msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return message.context, msgid


def _is_translated(message) -> bool:
    if isinstance(message.string, (tuple, list)):
        return all(message.string)
    return bool(message.string)


def catalogue_coverage(template: Path, po_file: Path, domain: str, language: str) -> CatalogueCoverage:
    """Coverage of one catalogue: every msgid of the template must have a non-fuzzy translation."""
    result = CatalogueCoverage(domain, language)
    entries = {}
    if po_file.exists():
        entries = {_key(m): m for m in _read(po_file, language) if m.id}
    for message in _read(template):
        if not message.id:
            continue
        key = _key(message)
        words = len(key[1].split())
        result.total += 1
        result.words += words
        found = entries.get(key)
        if found is not None and found.fuzzy and _is_translated(found):
            result.fuzzy += 1
            result.fuzzy_ids.append(key[1])
        elif found is not None and _is_translated(found):
            result.translated += 1
            result.translated_words += words
        else:
            result.missing.append(key[1])
    return result


def coverage(pot_dir: Path, locales: Path, languages: Iterable[str] | None = None) -> list[CatalogueCoverage]:
    """Coverage of every catalogue of every language, in a stable order (language, then catalogue)."""
    languages = [lang for lang in (languages or LANGUAGES) if lang != SOURCE_LANGUAGE]
    results = []
    for language in languages:
        for template in sorted(pot_dir.rglob("*.pot")):
            domain = template.relative_to(pot_dir).with_suffix("").as_posix()
            po_file = locales / language / "LC_MESSAGES" / f"{domain}.po"
            results.append(catalogue_coverage(template, po_file, domain, language))
    return results


def summary_lines(results: Iterable[CatalogueCoverage], per_catalogue: bool = True) -> list[str]:
    """``name_unit: value`` lines: per language (and per catalogue), percent of entries translated."""
    results = list(results)
    lines = []
    for language in dict.fromkeys(r.language for r in results):
        mine = [r for r in results if r.language == language]
        total = sum(r.total for r in mine)
        done = sum(r.translated for r in mine)
        words = sum(r.words for r in mine)
        done_words = sum(r.translated_words for r in mine)
        lines.append(f"{language}_entries_translated_percent: {100.0 * done / total if total else 100.0:.1f}")
        lines.append(f"{language}_words_translated_percent: {100.0 * done_words / words if words else 100.0:.1f}")
        lines.append(f"{language}_entries: {done}/{total} translated, {sum(r.fuzzy for r in mine)} fuzzy, "
                     f"{sum(r.untranslated for r in mine)} untranslated")
        if per_catalogue:
            for r in mine:
                lines.append(f"  {language} {r.domain}: {r.percent:.0f} % ({r.translated}/{r.total}"
                             + (f", {r.fuzzy} fuzzy" if r.fuzzy else "") + ")")
    return lines

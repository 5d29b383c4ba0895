"""Every error message a reader of the toolbox can meet goes through the catalogue (issue 17).

A practitioner's mistake (a bad cell in a CSV, a weight out of range, an unknown partner) raises
``m4d.InputError``; the widgets show its message and the practitioners' commands print it, in the
reader's language. This reads the toolbox's source and fails on any ``InputError(...)`` whose message
has English words that do not pass through ``_``, ``ngettext`` or ``pgettext``: a new message written
as an f-string would otherwise reach French and Spanish readers in English, and no example-based test
would notice until someone typed that mistake.

English by design, and so left out: the trainers' and graders' commands (``m4d.hub``, ``m4d.grading``),
the translators' tools (``m4d.i18n``) and the quiz files' checker (``m4d.quiz``), whose readers are the
course's authors.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "modules" / "m4d"
ENGLISH_BY_DESIGN = ("hub", "grading", "i18n", "quiz.py")
TRANSLATING = {"_", "gettext", "ngettext", "pgettext", "npgettext"}


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _untranslated_messages(tree: ast.AST) -> list[int]:
    """Lines of InputError(...) calls whose first argument holds words not passed through the catalogue."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node) == "InputError" and node.args:
            message = node.args[0]
            translated = any(isinstance(n, ast.Call) and _name(n) in TRANSLATING for n in ast.walk(message))
            words = any(isinstance(n, ast.JoinedStr) or (isinstance(n, ast.Constant) and isinstance(n.value, str)
                                                          and any(c.isalpha() for c in n.value))
                        for n in ast.walk(message))
            if words and not translated:
                found.append(node.lineno)
    return found


def _readers_sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if p.relative_to(PACKAGE).parts[0] not in ENGLISH_BY_DESIGN)


def test_the_scan_finds_an_english_message_and_accepts_a_translated_one():
    english = ast.parse('raise InputError(f"The weight {w} must be between 0 and 1.")\n'
                        'raise InputError("Give the counts as a DataFrame.")\n')
    translated = ast.parse('raise InputError(_("The weight {weight} must be between 0 and 1.").format(weight=w))\n'
                           'raise InputError(ngettext("{n} row", "{n} rows", n).format(n=n))\n'
                           'raise InputError(message)\n')
    assert _untranslated_messages(english) == [1, 2]
    assert _untranslated_messages(translated) == []


@pytest.mark.parametrize("source", _readers_sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_input_error_a_reader_meets_is_in_the_catalogue(source):
    lines = _untranslated_messages(ast.parse(source.read_text(encoding="utf-8")))
    assert not lines, (f"{source.relative_to(PACKAGE)}: InputError messages at lines {lines} are English only; "
                       "wrap each in _() with named placeholders (CONTRIBUTING.md, Translations) and add its "
                       "French and Spanish to locales/*/LC_MESSAGES/m4d.po")

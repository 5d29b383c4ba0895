"""French spacing: a no-break space (U+00A0) before : ; ? ! and inside « », never inside code, URLs,
maths, MyST markup or the toolbox's placeholders; and a fix that changes nothing else of a catalogue.

The expected texts below are written by hand from the typographic rule (the Imprimerie nationale's
"espace insécable" before the two-part marks and inside guillemets), not computed by the code tested.
"""
from __future__ import annotations

import gettext
import io
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from m4d.i18n.typography import fix_catalogue_text, fix_spacing, spacing_problems

ROOT = Path(__file__).resolve().parents[1]
FRENCH = ROOT / "locales" / "fr" / "LC_MESSAGES"
NB = "\u00a0"


@pytest.mark.parametrize("text, expected", [
    ("Durée : environ 30 minutes", f"Durée{NB}: environ 30 minutes"),
    ("Trois étapes ; puis une ? Enfin !", f"Trois étapes{NB}; puis une{NB}? Enfin{NB}!"),
    ("une « politique migratoire »", f"une «{NB}politique migratoire{NB}»"),
    ("**Durée :** 30 minutes", f"**Durée{NB}:** 30 minutes"),                    # inside bold: still text
    ("Vraiment ?!", f"Vraiment{NB}?!"),
    ("deux espaces  :", f"deux espaces{NB}:"),                                          # a doubled space is one
    # Not French text: left as it is.
    ("La réunion commence à 12:30.", "La réunion commence à 12:30."),
    ("Tapez `m4d budget check --rules a : b` puis validez", "Tapez `m4d budget check --rules a : b` puis validez"),
    ("Voir https://example.org/page?id=3 ou www.example.org/a?b", "Voir https://example.org/page?id=3 ou www.example.org/a?b"),
    ("la marge $e : n$ et \\(a ; b\\)", "la marge $e : n$ et \\(a ; b\\)"),
    ("$$\nx : y\n$$", "$$\nx : y\n$$"),
    ("Exemple ::", "Exemple ::"),
    ("si x != y", "si x != y"),
    ("Voir ![le schéma](schema.png)", "Voir ![le schéma](schema.png)"),
    ("{value:.1f} et {name!r}", "{value:.1f} et {name!r}"),
    ("{term}`ALR <LRA : x>`", "{term}`ALR <LRA : x>`"),
    ("[le lien](https://a.example/?q=1 ;x)", "[le lien](https://a.example/?q=1 ;x)"),
    (":::{note}\n:class: tip ; x\n:::", ":::{note}\n:class: tip ; x\n:::"),
    ("```python\nd = {'a' : 1}\n```", "```python\nd = {'a' : 1}\n```"),
    ("ligne\n: une définition", "ligne\n: une définition"),                      # a line break is structure
    ("déjà bon{NB}:".replace("{NB}", NB), f"déjà bon{NB}:"),
    ("déjà fine\u202f;", "déjà fine\u202f;"),
])
def test_the_french_spacing_rule_changes_only_spaces_of_french_text(text, expected):
    assert fix_spacing(text) == expected
    assert fix_spacing(expected) == expected                 # once fixed, nothing left to fix
    assert not spacing_problems(expected)


@pytest.mark.parametrize("text, expected", [
    # Around markup and placeholders the space is the sentence's: it is fixed, the markup is not touched.
    ("{name} : {count} partenaires ; %(x)s ?", f"{{name}}{NB}: {{count}} partenaires{NB}; %(x)s{NB}?"),
    ("Voir {ref}`m1-02` : la suite", f"Voir {{ref}}`m1-02`{NB}: la suite"),
    ("Tapez `pip install` : rien d'autre", f"Tapez `pip install`{NB}: rien d'autre"),
    ("la marge $e$ ; puis [la page](https://a.example) !", f"la marge $e${NB}; puis [la page](https://a.example){NB}!"),
    ("« {heading} »", f"«{NB}{{heading}}{NB}»"),
])
def test_a_space_next_to_markup_or_a_placeholder_is_french_text(text, expected):
    assert fix_spacing(text) == expected


CATALOGUE = textwrap.dedent('''\
    # French translations of one page.
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Language: fr\\n"

    #: book/page.md
    msgid "Time: about 30 minutes; then a question?"
    msgstr "Durée : environ 30 minutes ; puis une question ?"

    msgid ""
    "A long paragraph that was wrapped by the writer at the width of seventy-six "
    "characters: it goes on."
    msgstr ""
    "Un long paragraphe que le programme a coupé à la largeur de soixante-seize "
    ": il continue, « comme ceci »."

    #, fuzzy
    msgid "Unchanged English : with a space"
    msgstr "Texte déjà relu"

    msgid "{n} partner"
    msgid_plural "{n} partners"
    msgstr[0] "{n} partenaire : un"
    msgstr[1] "{n} partenaires : plusieurs"
    ''')


def test_the_fix_rewrites_only_the_msgstr_lines_it_changes_and_keeps_their_line_breaks():
    fixed, count = fix_catalogue_text(CATALOGUE)
    assert count == 8
    before, after = CATALOGUE.split("\n"), fixed.split("\n")
    assert len(before) == len(after)                         # no line added, removed or re-wrapped
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(changed) == 5 and all(b.replace(NB, " ") == a for a, b in changed)   # a space became U+00A0
    assert all(b.startswith(("msgstr", '"')) for _, b in changed)
    # The wrapped paragraph: its space ended one line and its colon starts the next; both lines keep their place.
    assert f'"Un long paragraphe que le programme a coupé à la largeur de soixante-seize{NB}"' in after
    # The header (its "text/plain; charset") and the English are untouched.
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in after
    assert 'msgid "Unchanged English : with a space"' in after
    old, new = (list(read_po(io.BytesIO(t.encode()))) for t in (CATALOGUE, fixed))
    assert [(m.id, m.context, m.flags) for m in old] == [(m.id, m.context, m.flags) for m in new]
    assert fix_catalogue_text(fixed) == (fixed, 0)


def _locales_command(argv: list[str]) -> int:
    """``m4d locales ...`` as the command line parses it (only the locales commands, so it starts fast)."""
    import argparse

    from m4d.i18n.cli import register

    parser = argparse.ArgumentParser(prog="m4d")
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.func(args)


def test_m4d_locales_check_names_the_catalogue_and_entry_and_fix_typography_clears_it(tmp_path, capsys):
    from m4d.errors import InputError
    from m4d.i18n.review import check_entry, review_catalogue

    po_file = tmp_path / "page.po"
    po_file.write_text(CATALOGUE, encoding="utf-8")
    problems = review_catalogue(po_file, "book/page", "fr", [])
    spacing = [p for p in problems if "French spacing" in p.problem]
    assert {p.english for p in spacing} == {"Time: about 30 minutes; then a question?",
                                           "A long paragraph that was wrapped by the writer at the width of "
                                           "seventy-six characters: it goes on.", "{n} partner", "{n} partners"}
    assert all(p.catalogue == "book/page" for p in spacing) and "fix-typography" in str(spacing[0])
    # Spanish has no such rule; an English or a Spanish text with " :" is not reported.
    assert not [p for p in check_entry("a: b", "a : b", "m4d", "es", []) if "spacing" in p.problem]

    assert _locales_command(["locales", "fix-typography", "--dry-run", str(po_file)]) == 0
    assert po_file.read_text(encoding="utf-8") == CATALOGUE
    assert _locales_command(["locales", "fix-typography", str(po_file)]) == 0
    assert "8 breakable space(s)" in capsys.readouterr().out
    assert not [p for p in review_catalogue(po_file, "book/page", "fr", []) if "French spacing" in p.problem]
    with pytest.raises(InputError, match="No catalogue"):      # m4d's main prints it as a message, no traceback
        _locales_command(["locales", "fix-typography", str(tmp_path / "missing.po")])


def _myst_inline():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    md = create_md_parser(MdParserConfig(enable_extensions={"dollarmath", "colon_fence"}), RendererHTML)

    def markup(text: str) -> list[tuple[str, str]]:
        tokens = md.parseInline(text)[0].children or []
        return [(t.type, t.content if t.type != "text" else "") for t in tokens]

    return markup


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is a Debian package of the test env")
def test_a_fixed_french_page_compiles_and_keeps_every_link_role_code_and_formula(tmp_path):
    """The French page of lesson m1_03 (many colons, semicolons, citations and glossary links), as the
    build reads it: compiled by msgfmt with its checks, read back through gettext, it has the same MyST
    markup as the same text with plain spaces, and `m4d locales check` finds nothing in it."""
    from m4d.i18n.review import review_catalogue
    from m4d.i18n.termbase import load_termbase

    po_file = FRENCH / "book" / "m1_migration_is_local" / "m1_03_global_agenda.po"
    mo_file = tmp_path / "m1_03_global_agenda.mo"
    done = subprocess.run(["msgfmt", "--check", "-o", str(mo_file), str(po_file)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    with mo_file.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    with po_file.open("rb") as fh:
        entries = [m for m in read_po(fh) if m.id and m.string and not m.fuzzy]
    markup = _myst_inline()
    with_no_break = 0
    for entry in entries:
        shown = compiled.gettext(entry.id)
        assert shown == entry.string
        with_no_break += NB in shown
        # The same text typed with plain spaces (what the translator wrote) parses to the same markup.
        assert markup(shown) == markup(shown.replace(NB, " ")), entry.id
    assert with_no_break >= 20
    assert review_catalogue(po_file, "book/m1_migration_is_local/m1_03_global_agenda", "fr",
                            load_termbase(ROOT / "locales" / "termbase.csv")) == []

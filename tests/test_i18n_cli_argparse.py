"""argparse's own messages (a missing argument, a value that is not a number, an unknown option) reach a
French or Spanish reader of the practitioners' commands in their language, with argparse's exit status 2 and
no traceback; English is argparse's own, word for word; the trainers' commands keep argparse's English; and
the sample-size note is translated with the reader's numbers (issue 17)."""
from __future__ import annotations

import argparse
import ast
import gettext
import re

import pytest

from m4d.cli import main
from m4d.cli_argparse import ARGPARSE_MESSAGES
from m4d.i18n import use_language
from m4d.i18n.catalogues import catalogue


def run(lang, argv, capsys):
    with use_language(lang):
        try:
            code = main(argv)
        except SystemExit as stop:
            code = stop.code
    out = capsys.readouterr()
    return code, out.out, out.err


def argparses_own_messages() -> set[str]:
    """Every string argparse.py passes to its ``_()`` or ``ngettext()``, read from the source of the argparse
    this Python runs (so a Python that changes a message makes this test fail, not the reader's screen)."""
    tree = ast.parse(open(argparse.__file__, encoding="utf-8").read())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"_", "ngettext"}:
            found.update(arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    return found


def stock_parser_error(prog, arguments, argv) -> str:
    """The last line a plain argparse parser (no toolbox code) writes for ``argv``: argparse's own English."""
    import contextlib
    import io

    parser = argparse.ArgumentParser(prog=prog)
    for flags, options in arguments:
        parser.add_argument(*flags, **options)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        parser.parse_args(argv)
    return err.getvalue().rstrip("\n").splitlines()[-1]


PERCENT_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sr]")

# The three mistakes a practitioner makes most, each with what a plain argparse parser needs to make it too.
MISTAKES = {
    "missing argument": (["survey", "sample-size"], "m4d survey sample-size",
                         [(["--margin"], {"type": float, "required": True})], []),
    "invalid int": (["survey", "sample-size", "--margin", "0.05", "--population", "abc"], "m4d survey sample-size",
                    [(["--margin"], {"type": float}), (["--population"], {"type": int})], ["--population", "abc"]),
    "unknown option": (["survey", "sample-size", "--margin", "0.05", "--bogus"], "m4d", [], ["--bogus"]),
}

FRENCH = {
    "missing argument": "m4d survey sample-size\u00a0: erreur\u00a0: les arguments suivants sont obligatoires\u00a0: "
                        "--margin",
    "invalid int": "m4d survey sample-size\u00a0: erreur\u00a0: argument --population\u00a0: valeur int non valide\u00a0: "
                   "'abc'",
    "unknown option": "m4d\u00a0: erreur\u00a0: arguments non reconnus\u00a0: --bogus",
}
SPANISH = {
    "missing argument": "m4d survey sample-size: error: faltan los siguientes argumentos obligatorios: --margin",
    "invalid int": "m4d survey sample-size: error: argumento --population: valor int no válido: 'abc'",
    "unknown option": "m4d: error: argumentos no reconocidos: --bogus",
}
# argparse's English words that must not be left in a French or Spanish error ("error" is Spanish too).
ENGLISH_WORDS = {"fr": ["usage", "error", "required", "invalid", "unrecognized", "following"],
                 "es": ["usage", "required", "invalid", "unrecognized", "following", "argument "]}


def test_every_argparse_msgid_of_the_catalogue_is_argparses_own_word_for_word():
    own = argparses_own_messages()
    assert set(ARGPARSE_MESSAGES) <= own, sorted(set(ARGPARSE_MESSAGES) - own)
    # the help words translated earlier (m4d.cli) are argparse's too, so its own lookup finds them
    assert {"usage: ", "options", "positional arguments", "show this help message and exit"} <= own


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_argparse_message_is_translated_and_keeps_its_placeholders(lang):
    messages = catalogue("m4d", lang).messages
    for msgid in ARGPARSE_MESSAGES:
        translation = messages.get((None, msgid))
        assert isinstance(translation, str) and translation, f"{lang}: {msgid!r} is not translated"
        assert sorted(PERCENT_PLACEHOLDER.findall(translation)) == sorted(PERCENT_PLACEHOLDER.findall(msgid)), msgid
        assert translation.endswith("\n") == msgid.endswith("\n"), msgid


@pytest.mark.parametrize("mistake", list(MISTAKES))
@pytest.mark.parametrize("lang, expected", [("fr", FRENCH), ("es", SPANISH)])
def test_a_usage_mistake_is_told_in_the_readers_language_with_exit_status_2(lang, expected, mistake, capsys):
    argv = MISTAKES[mistake][0]
    code, out, err = run(lang, argv, capsys)
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.rstrip("\n").splitlines()[-1] == expected[mistake]
    assert err.startswith("utilisation\u00a0: " if lang == "fr" else "uso: ")
    left = [word for word in ENGLISH_WORDS[lang] if word in err.replace("--", " ")]
    assert not left, f"{lang}: argparse's English left: {left}"


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_usage_mistake_in_english_is_argparses_own_message(mistake, capsys):
    argv, prog, arguments, stock_argv = MISTAKES[mistake]
    code, _out, err = run("en", argv, capsys)
    assert code == 2 and "Traceback" not in err and err.startswith("usage: ")
    assert err.rstrip("\n").splitlines()[-1] == stock_parser_error(prog, arguments, stock_argv)


def test_the_trainers_commands_keep_argparses_english_errors(capsys):
    code, _out, err = run("fr", ["grade"], capsys)
    assert code == 2
    assert err.rstrip("\n").splitlines()[-1] == stock_parser_error(
        "m4d grade", [(["assignment"], {"metavar": "ASSIGNMENT"})], [])


def test_argparse_gets_its_own_lookup_back_after_a_french_command(capsys):
    run("fr", ["survey", "sample-size"], capsys)
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext


@pytest.mark.parametrize("lang, heading", [("fr", "options\u00a0:\n"), ("es", "opciones:\n"), ("en", "options:\n")])
def test_help_section_titles_follow_the_languages_typography(lang, heading, capsys):
    code, out, _err = run(lang, ["survey", "sample-size", "--help"], capsys)
    assert code == 0 and heading in out


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_too_small_population_note_is_in_the_readers_language_and_numbers(lang):
    from babel.numbers import format_decimal

    from m4d.survey.sample_size import sample_size_proportion

    with use_language(lang):
        plan = sample_size_proportion(0.05, response_rate=0.1, population=3000)
    # 3,000 households answering at 10 % give 300 interviews, fewer than the plan needs
    assert plan.to_contact == 3000 and plan.completed > 300
    note = plan.note
    words = {"en": "Even contacting all", "fr": "Même en contactant les", "es": "Aun contactando a los"}[lang]
    assert note.startswith(words)
    for value in (3000, 300, plan.completed):
        assert format_decimal(value, locale=lang) in note
    if lang == "en":
        assert "a response rate of 10% gives about 300 completed interviews" in note


@pytest.mark.parametrize("lang, words", [("en", "nobody differs"), ("fr", "personne ne diffère"),
                                         ("es", "nadie difiere")])
def test_a_proportion_of_0_or_1_is_explained_in_the_readers_language(lang, words, capsys):
    code, _out, err = run(lang, ["survey", "sample-size", "--margin", "0.05", "--proportion", "1"], capsys)
    assert code == 2 and words in err and "Traceback" not in err


def strata_file(tmp_path, rows):
    path = tmp_path / "strates.csv"
    path.write_text("stratum,population\n" + "".join(f"{s},{p}\n" for s, p in rows), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("lang, words", [
    ("en", "A sample of 5000 is more than the 1500 units in all strata together"),
    ("fr", "Un échantillon de 5\u202f000 dépasse les 1\u202f500 unités de toutes les strates réunies"),
    ("es", "Una muestra de 5.000 supera las 1.500 unidades de todos los estratos juntos")])
def test_a_sample_larger_than_the_strata_is_explained_in_the_readers_language(tmp_path, lang, words, capsys):
    strata = strata_file(tmp_path, [("urbain", 1000), ("rural", 500)])
    code, out, err = run(lang, ["survey", "allocate", strata, "--n", "5000"], capsys)
    assert code == 2 and out == "" and words in err and "Traceback" not in err


@pytest.mark.parametrize("lang, words", [("en", "Stratum 'rural' has no population"),
                                         ("fr", "La strate 'rural' n'a pas de population\u00a0:"),
                                         ("es", "El estrato 'rural' no tiene población:")])
def test_an_empty_stratum_is_explained_in_the_readers_language(tmp_path, lang, words, capsys):
    strata = strata_file(tmp_path, [("urbain", 1000), ("rural", 0)])
    code, _out, err = run(lang, ["survey", "allocate", strata, "--n", "50"], capsys)
    assert code == 2 and words in err


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_missing_positional_argument_is_named_as_the_readers_help_names_it(lang, capsys):
    """The required-arguments message names a positional argument by the placeholder the usage line shows
    in that language (``strates``), not by argparse's English name; options keep their option strings."""
    _code, usage, _err = run(lang, ["survey", "allocate", "--help"], capsys)
    shown = " ".join(usage.split("\n\n")[0].split()).split()[-1]  # the usage line's last word: the positional
    code, _out, err = run(lang, ["survey", "allocate"], capsys)
    last = err.rstrip("\n").splitlines()[-1]
    assert code == 2 and shown != "strata"
    assert last.endswith(f"{shown}, --n") and "strata" not in last


def test_argparse_names_arguments_its_own_way_again_after_a_french_command(capsys):
    run("fr", ["survey", "allocate"], capsys)
    code, _out, err = run("en", ["survey", "allocate"], capsys)
    assert err.rstrip("\n").splitlines()[-1].endswith("the following arguments are required: strata, --n")
    assert argparse._get_action_name.__module__ == "argparse"

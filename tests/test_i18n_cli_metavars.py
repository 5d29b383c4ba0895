"""The placeholders of the practitioners' commands' help (argparse's metavars, ``--margin MARGIN``, and the
names of positional arguments) reach a French or Spanish reader in their language, exactly where and as
argparse would print them had the command been written with those names; English --help is argparse's own;
option names, ``choices`` values, subcommand names and the trainers' commands stay as they are (issue 17)."""
from __future__ import annotations

import argparse
import re

import pytest

from m4d.cli import build_parser
from m4d.cli_argparse import placeholders
from m4d.i18n import use_language
from m4d.i18n.catalogues import catalogue

CONTEXT = "a command-line placeholder"

# Placeholders whose translation is, by choice, the same word: French says "action", "sources" and "minimum".
SAME_WORD = {"fr": {"ACTION", "SOURCES", "MINIMUM"}, "es": set()}


def readers_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """``parser`` and every subcommand's parser under it that speaks the reader's language."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in {id(p): p for p in action.choices.values()}.values():
                if getattr(sub, "readers_language", False):
                    found.extend(readers_parsers(sub))
    return found


def shows_a_placeholder(action: argparse.Action) -> bool:
    """Whether argparse's help shows a placeholder for ``action`` (a flag or a list of choices shows none)."""
    if isinstance(action, (argparse._HelpAction, argparse._VersionAction)) or action.nargs == 0:
        return False
    return action.metavar is not None or action.choices is None


def english_placeholder(action: argparse.Action) -> str:
    """The placeholder argparse itself shows (its documented rule): the metavar, else an option's name in
    capitals with "_" for "-", else a positional argument's name."""
    if action.metavar is not None:
        return action.metavar
    return action.dest.upper() if action.option_strings else action.dest


def the_commands(lang: str) -> list[argparse.ArgumentParser]:
    with use_language(lang):
        return readers_parsers(build_parser())


def help_in(lang: str, parser: argparse.ArgumentParser) -> str:
    with use_language(lang):
        return parser.format_help()


def argparses_own_formatter(parser: argparse.ArgumentParser) -> type[argparse.HelpFormatter]:
    """The parser's formatter with argparse's own ``_metavar_formatter`` instead of the toolbox's."""
    return type("PlainPlaceholders", (parser.formatter_class,),
                {"_metavar_formatter": argparse.HelpFormatter._metavar_formatter})


def usage_and_invocations(help_text: str) -> str:
    """The usage block and the left column of the help (``  --margin MARGE``), not the help sentences."""
    usage, _blank, rest = help_text.partition("\n\n")
    columns = [match.group(1) for match in re.finditer(r"^ {2,4}(\S.*?)(?: {2,}|$)", rest, flags=re.M)]
    return usage + "\n" + "\n".join(columns)


PARSER_NAMES = [parser.prog for parser in the_commands("en")]


def test_the_practitioners_commands_are_walked_and_the_trainers_are_not():
    assert {"m4d", "m4d survey sample-size", "m4d budget export", "m4d partners rank", "m4d data check",
            "m4d agreement build"} <= set(PARSER_NAMES)
    assert not [name for name in PARSER_NAMES if name.split()[1:2] in (["grade"], ["hub"], ["locales"])]


def test_the_table_knows_every_placeholder_of_the_practitioners_commands_and_no_other():
    shown = {english_placeholder(action) for parser in the_commands("en") for action in parser._actions
             if shows_a_placeholder(action)}
    with use_language("en"):
        table = placeholders()
    assert set(table) == shown
    # in English each entry is its own msgid: the key is the word the extractor sees
    assert all(english == shown_in_english for english, shown_in_english in table.items())


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_placeholder_is_translated_as_one_word_in_the_same_case(lang):
    messages = catalogue("m4d", lang).messages
    with use_language("en"):
        english = list(placeholders())
    for word in english:
        translation = messages.get((CONTEXT, word))
        assert isinstance(translation, str) and translation, f"{lang}: {word!r} is not translated"
        assert re.fullmatch(r"[^\W\d][\w]*", translation), f"{lang}: {translation!r} is not one word"
        assert translation.isupper() == word.isupper() and translation.islower() == word.islower(), translation
        assert translation != word or word in SAME_WORD[lang], f"{lang}: {word!r} is left in English"


@pytest.mark.parametrize("prog", PARSER_NAMES)
def test_english_help_is_argparses_own_formatting(prog):
    parser = next(p for p in the_commands("en") if p.prog == prog)
    ours = help_in("en", parser)
    parser.formatter_class = argparse.HelpFormatter
    assert ours == help_in("en", parser)


@pytest.mark.parametrize("prog", PARSER_NAMES)
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_help_shows_the_readers_placeholders_where_argparse_would_print_them(lang, prog):
    parser = next(p for p in the_commands(lang) if p.prog == prog)
    ours = help_in(lang, parser)
    # argparse's own formatting of the same command written with the catalogue's words as its metavars
    messages = catalogue("m4d", lang).messages
    for action in parser._actions:
        if shows_a_placeholder(action):
            action.metavar = messages[(CONTEXT, english_placeholder(action))]
    parser.formatter_class = argparses_own_formatter(parser)
    assert ours == help_in(lang, parser)


@pytest.mark.parametrize("prog", PARSER_NAMES)
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_english_placeholder_is_left_and_codes_stay(lang, prog):
    english_parser = next(p for p in the_commands("en") if p.prog == prog)
    english = {english_placeholder(action) for action in english_parser._actions if shows_a_placeholder(action)}
    codes = {option for action in english_parser._actions for option in action.option_strings}
    shown = usage_and_invocations(help_in(lang, next(p for p in the_commands(lang) if p.prog == prog)))
    left = [word for word in english - SAME_WORD[lang] if re.search(rf"(?<![\w-]){word}(?![\w-])", shown)]
    assert not left, f"{lang} {prog}: English placeholders left: {left}"
    for option in codes:
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", shown), f"{option} is missing"


@pytest.mark.parametrize("lang, usage", [
    ("fr", "utilisation\u00a0: m4d survey sample-size [-h] --margin MARGE [--confidence NIVEAU]"),
    ("es", "uso: m4d survey sample-size [-h] --margin MARGEN [--confidence NIVEL]")])
def test_the_sample_size_usage_reads_as_a_french_or_spanish_reader_expects(lang, usage):
    parser = next(p for p in the_commands(lang) if p.prog == "m4d survey sample-size")
    assert help_in(lang, parser).startswith(usage)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_choices_and_subcommand_names_are_codes_and_stay(lang):
    parsers = {p.prog: p for p in the_commands(lang)}
    assert "[--method {proportional,neyman}]" in help_in(lang, parsers["m4d survey allocate"])
    survey = help_in(lang, parsers["m4d survey"])
    for command in ("sample-size", "allocate", "questionnaire"):
        assert re.search(rf"^    {command}\b", survey, flags=re.M), command
    top = help_in(lang, parsers["m4d"])
    assert re.search(r"^    grade\b", top, flags=re.M) and re.search(r"^    survey\b", top, flags=re.M)


def test_the_trainers_commands_keep_english_placeholders():
    with use_language("fr"):
        parser = build_parser()
        grade = parser._subparsers._group_actions[0].choices["grade"]
        assert "ASSIGNMENT" in grade.format_help()

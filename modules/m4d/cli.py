"""The ``m4d`` command: one entry point, one subcommand per task.

Each subcommand lives in its own module that defines ``register(subparsers)``;
the module adds its parser and sets ``func`` to a function that takes the parsed
arguments and returns an exit status. Errors meant for people
(:class:`m4d.InputError`) are printed as a message, never as a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from m4d import __version__
from m4d.cli_argparse import ReadersArgumentParser, readers_metavar_formatter, section_heading
from m4d.errors import InputError
from m4d.i18n import _

# Subcommand modules, in the order `m4d --help` lists them. A module that is not
# part of this installation (an optional feature) is skipped.
SUBCOMMAND_MODULES = [
    "m4d.data_cli",
    "m4d.partners.cli",
    "m4d.agreements.cli",
    "m4d.budget.cli",
    "m4d.survey.cli",
    "m4d.grading.cli",
    "m4d.hub.cli",
    "m4d.i18n.cli",
]


def build_parser() -> argparse.ArgumentParser:
    parser = ReadersArgumentParser(
        prog="m4d",
        description=_("Toolbox of the course 'Migration for local development': "
                      "data, partner matching, budget planning, survey design, grading and workshops."),
        epilog=_("Language: M4D_LANG=fr, es or en chooses it; without M4D_LANG the locale does (LANGUAGE, then the "
                 "first of LC_ALL, LC_MESSAGES and LANG that is set), and any other language gives English. CSV and "
                 "JSON output is never translated."),
    )
    parser.add_argument("--version", action="version", version=f"m4d {__version__}")
    subparsers = parser.add_subparsers(title=_("commands"), metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        if _module_exists(name):
            before = set(subparsers.choices)
            importlib.import_module(name).register(subparsers)
            if name in READER_FACING_MODULES:
                for command in set(subparsers.choices) - before:
                    _speak_the_readers_language(subparsers.choices[command])
    _speak_the_readers_language(parser, recurse=False)
    return parser


# The commands a practitioner or a learner runs; the grading, hub and locales commands are trainers' and
# maintainers' tools and stay in English, argparse's own words included.
READER_FACING_MODULES = {"m4d.data_cli", "m4d.partners.cli", "m4d.agreements.cli", "m4d.budget.cli",
                         "m4d.survey.cli"}


def _speak_the_readers_language(parser: argparse.ArgumentParser, recurse: bool = True) -> None:
    """Give argparse's own words in ``parser``'s help ("usage:", "options", "show this help message and
    exit") and its placeholders (``--margin MARGIN``, see :func:`m4d.cli_argparse.placeholders`) the reader's
    language. argparse takes its words from the global gettext domain, where the toolbox has no catalogue, so
    they are replaced by the toolbox's own messages: in English they are the same words.
    Its error messages follow once the parser is marked ``readers_language`` (see :mod:`m4d.cli_argparse`)."""
    parser.readers_language = True
    parser._positionals.title = _("positional arguments")
    parser._optionals.title = _("options")
    base = parser.formatter_class
    if not getattr(base, "readers_language", False):
        def add_usage(self, usage, actions, groups, prefix=None):
            return base.add_usage(self, usage, actions, groups, _("usage: ") if prefix is None else prefix)

        def start_section(self, heading):
            return base.start_section(self, section_heading(heading))

        parser.formatter_class = type(base.__name__, (base,), {"add_usage": add_usage, "start_section": start_section,
                                                               "_metavar_formatter": readers_metavar_formatter(base),
                                                               "readers_language": True})
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = _("show this help message and exit")
        elif isinstance(action, argparse._VersionAction):
            action.help = _("show program's version number and exit")
        elif recurse and isinstance(action, argparse._SubParsersAction):
            for sub in {id(p): p for p in action.choices.values()}.values():
                _speak_the_readers_language(sub)


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


# Packages that only an optional part of the toolbox needs, and the extra that brings them.
EXTRAS = {"nbgrader": "grading", "nbconvert": "grading", "nbformat": "grading", "sqlalchemy": "grading",
          "traitlets": "grading", "tqdm": "grading", "jupyterhub": "hub", "requests": "hub", "websocket": "hub",
          "sphinx": "book"}


def _extra_for(module: str) -> str | None:
    return EXTRAS.get(module.split(".")[0])


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except InputError as err:
        print(f"m4d: {err}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as err:
        extra = _extra_for(err.name or "")
        if extra is None:
            raise
        print("m4d: " + _("this command needs the {extra!r} extra, which this installation lacks ({module} is "
                          "missing). Install it with: pip install 'm4d[{extra}]'").format(extra=extra, module=err.name),
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("m4d: " + _("interrupted."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""argparse's own messages ("the following arguments are required", "invalid int value", "unrecognized
arguments", "usage:") in the reader's language, for the commands a practitioner or a learner runs.

Why this way. Python's argparse (3.11) takes every message it prints from ``from gettext import gettext as _,
ngettext``: the module-level names ``argparse._`` and ``argparse.ngettext``, which read the *global* gettext
domain ``messages`` with the locale's language. The toolbox has no catalogue there and chooses its language
itself (``M4D_LANG``, :func:`m4d.i18n.set_language`), so it lends argparse its own lookup instead: while a
reader-facing parser parses (or reports an error), ``argparse._``/``argparse.ngettext`` are the toolbox's
:func:`~m4d.i18n.gettext`/:func:`~m4d.i18n.ngettext`, and they are put back as they were afterwards. The
alternatives are worse: rebinding the global ``messages`` domain (``gettext.bindtextdomain``) would translate
every other library's messages and follow the locale rather than ``M4D_LANG``, and overriding
``ArgumentParser.error`` would mean parsing argparse's English sentences back into their parts. The swap lasts
only as long as the parse (single-threaded, like any command line) and the trainers' commands, whose parsers
are not marked reader-facing, parse with argparse's English even inside ``m4d``.

The msgids below are argparse's exactly (Python 3.11 ``argparse.py``, placeholders included), so that its
lookup finds them in ``m4d.po``; ``tests/test_i18n_cli_argparse.py`` checks them against argparse's source.
"""
from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from m4d.i18n import N_, _, gettext, ngettext, pgettext

# The names argparse looks its messages up with, as argparse.py bound them at import.
_ARGPARSE_GETTEXT = argparse._
_ARGPARSE_NGETTEXT = argparse.ngettext

ARGPARSE_MESSAGES = (
    # Translators: argparse's own words (Python's argparse.py, 3.11). Keep %(name)s, %s and %r exactly as they
    # are: argparse fills them (an option's name, a value in quotes, a list).
    N_("argument %(argument_name)s: %(message)s"),
    # Translators: argparse's own message (Python's argparse.py); %(prog)s is the command, e.g. "m4d survey".
    N_("%(prog)s: error: %(message)s\n"),
    # Translators: argparse's own message (Python's argparse.py); %s lists the missing arguments.
    N_("the following arguments are required: %s"),
    # Translators: argparse's own message (Python's argparse.py); %s lists the words it did not understand.
    N_("unrecognized arguments: %s"),
    # Translators: argparse's own message (Python's argparse.py); %(type)s is a Python type name (int, float).
    N_("invalid %(type)s value: %(value)r"),
    # Translators: argparse's own message (Python's argparse.py).
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    # Translators: argparse's own message (Python's argparse.py).
    N_("expected one argument"),
    # Translators: argparse's own message (Python's argparse.py).
    N_("expected at most one argument"),
    # Translators: argparse's own message (Python's argparse.py).
    N_("expected at least one argument"),
    # Translators: argparse's own message (Python's argparse.py); %s is an option such as --weights.
    N_("not allowed with argument %s"),
    # Translators: argparse's own message (Python's argparse.py); %r is the text after "=".
    N_("ignored explicit argument %r"),
    # Translators: argparse's own message (Python's argparse.py); %s lists the options, one of them is needed.
    N_("one of the arguments %s is required"),
    # Translators: argparse's own message (Python's argparse.py): an abbreviated option fits several options.
    N_("ambiguous option: %(option)s could match %(matches)s"),
    # Translators: argparse's own message (Python's argparse.py).
    N_("unexpected option string: %s"),
    # Translators: argparse's own message (Python's argparse.py).
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    # Translators: argparse's own message (Python's argparse.py): a file given on the command line.
    N_("can't open '%(filename)s': %(error)s"),
)


# argparse's plural message ("expected %s arguments", for nargs=N) is left out: no toolbox option takes a
# fixed number of values, so a reader never meets it.


@contextlib.contextmanager
def argparse_speaks(readers_language: bool) -> Iterator[None]:
    """While this lasts, argparse's messages are the toolbox's translations (or argparse's English)."""
    saved = argparse._, argparse.ngettext, argparse._get_action_name
    if readers_language:
        argparse._, argparse.ngettext = gettext, ngettext
        argparse._get_action_name = _readers_action_name
    else:
        argparse._, argparse.ngettext = _ARGPARSE_GETTEXT, _ARGPARSE_NGETTEXT
        argparse._get_action_name = _ARGPARSE_ACTION_NAME
    try:
        yield
    finally:
        argparse._, argparse.ngettext, argparse._get_action_name = saved


_ARGPARSE_ACTION_NAME = argparse._get_action_name


def _readers_action_name(argument):
    """How argparse's errors name an argument ("the following arguments are required: strata"): an option by
    its option strings (codes), a positional argument by its placeholder in the reader's language, as the help
    shows it (:func:`placeholders`)."""
    name = _ARGPARSE_ACTION_NAME(argument)
    if argument is None or getattr(argument, "option_strings", None) or name is None:
        return name
    return placeholders().get(name, name)


def section_heading(heading: str | None) -> str | None:
    """A help section's title as argparse writes it before its own colon: ``"options\\u00a0"`` in French.

    argparse adds ``":"`` after the title itself; French puts a no-break space before it, so the catalogue
    gives the whole heading and the colon it ends with is left to argparse."""
    if not heading or heading is argparse.SUPPRESS:
        return heading
    # Translators: a help section's title and its colon ("options:", "commands:"); French: a no-break space.
    whole = _("{heading}:").format(heading=heading)
    return whole[:-1] if whole.endswith(":") else heading


class ReadersArgumentParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` whose errors speak the reader's language once it is marked
    ``readers_language`` (the practitioners' commands); unmarked ones (trainers' tools) stay in English.

    Subcommands' parsers are of the same class (argparse's ``add_subparsers`` uses the parent's class), so
    each parser decides for itself while it parses its part of the command line."""

    readers_language = False

    def parse_known_args(self, args=None, namespace=None):
        with argparse_speaks(self.readers_language):
            return super().parse_known_args(args, namespace)

    def parse_args(self, args=None, namespace=None):
        # "unrecognized arguments" is reported here, after parse_known_args has returned.
        with argparse_speaks(self.readers_language):
            return super().parse_args(args, namespace)

    def error(self, message):
        with argparse_speaks(self.readers_language):
            super().error(message)


def placeholders() -> dict[str, str]:
    """The practitioners' commands' placeholders (argparse's metavars: ``MARGIN`` in ``--margin MARGIN``, a
    positional argument's name such as ``strata``) in the reader's language, keyed by argparse's English.

    Why a table. argparse derives most of them from the option's name at display time (``--margin`` gives
    ``MARGIN``), so no ``_()`` in the commands' code ever sees them; listing each English placeholder here with
    its ``pgettext`` call lets the extractor find it and the lookup happen when the help is shown, in the
    language of that moment. A placeholder missing here stays English; ``tests/test_i18n_cli_metavars.py``
    walks every practitioner's command to catch it."""
    # Translators: a placeholder of a command's help (argparse's metavar), the value a reader types after an
    # option ("--margin MARGIN"). One word, no spaces (join words with "_"), upper case when the English is
    # upper case (an option's value) and lower case when it is lower case (a positional argument's name).
    return {
        "COMMAND": pgettext("a command-line placeholder", "COMMAND"),
        "ACTION": pgettext("a command-line placeholder", "ACTION"),
        "TASK": pgettext("a command-line placeholder", "TASK"),
        "name": pgettext("a command-line placeholder", "name"),
        "FILE": pgettext("a command-line placeholder", "FILE"),
        "csv": pgettext("a command-line placeholder", "csv"),
        "HOME": pgettext("a command-line placeholder", "HOME"),
        "ID_COLUMN": pgettext("a command-line placeholder", "ID_COLUMN"),
        "WEIGHTS": pgettext("a command-line placeholder", "WEIGHTS"),
        "COLUMN": pgettext("a command-line placeholder", "COLUMN"),
        "RULE": pgettext("a command-line placeholder", "RULE"),
        "OUTPUT": pgettext("a command-line placeholder", "OUTPUT"),
        "SCORE_COLUMN": pgettext("a command-line placeholder", "SCORE_COLUMN"),
        "HOME_CAPACITY": pgettext("a command-line placeholder", "HOME_CAPACITY"),
        "PARTNER_CAPACITY": pgettext("a command-line placeholder", "PARTNER_CAPACITY"),
        "fields": pgettext("a command-line placeholder", "fields"),
        "OUT": pgettext("a command-line placeholder", "OUT"),
        "draft": pgettext("a command-line placeholder", "draft"),
        "EXCEL": pgettext("a command-line placeholder", "EXCEL"),
        "LINES": pgettext("a command-line placeholder", "LINES"),
        "SOURCES": pgettext("a command-line placeholder", "SOURCES"),
        "ALLOCATION": pgettext("a command-line placeholder", "ALLOCATION"),
        "CURRENCY": pgettext("a command-line placeholder", "CURRENCY"),
        "MIN_OWN_SHARE": pgettext("a command-line placeholder", "MIN_OWN_SHARE"),
        "MAX_IN_KIND_SHARE": pgettext("a command-line placeholder", "MAX_IN_KIND_SHARE"),
        "MIN_ME_SHARE": pgettext("a command-line placeholder", "MIN_ME_SHARE"),
        "MAX_ME_SHARE": pgettext("a command-line placeholder", "MAX_ME_SHARE"),
        "source": pgettext("a command-line placeholder", "source"),
        "CUT": pgettext("a command-line placeholder", "CUT"),
        "target": pgettext("a command-line placeholder", "target"),
        "MARGIN": pgettext("a command-line placeholder", "MARGIN"),
        "CONFIDENCE": pgettext("a command-line placeholder", "CONFIDENCE"),
        "PROPORTION": pgettext("a command-line placeholder", "PROPORTION"),
        "SD": pgettext("a command-line placeholder", "SD"),
        "DESIGN_EFFECT": pgettext("a command-line placeholder", "DESIGN_EFFECT"),
        "RESPONSE_RATE": pgettext("a command-line placeholder", "RESPONSE_RATE"),
        "POPULATION": pgettext("a command-line placeholder", "POPULATION"),
        "TARGET": pgettext("a command-line placeholder", "TARGET"),
        "PREVALENCE": pgettext("a command-line placeholder", "PREVALENCE"),
        "ASSURANCE": pgettext("a command-line placeholder", "ASSURANCE"),
        "strata": pgettext("a command-line placeholder", "strata"),
        "N": pgettext("a command-line placeholder", "N"),
        "MINIMUM": pgettext("a command-line placeholder", "MINIMUM"),
        "output": pgettext("a command-line placeholder", "output"),
        "TITLE": pgettext("a command-line placeholder", "TITLE"),
        "FORM_ID": pgettext("a command-line placeholder", "FORM_ID"),
        "data": pgettext("a command-line placeholder", "data"),
        "ROWS": pgettext("a command-line placeholder", "ROWS"),
        "COLUMNS": pgettext("a command-line placeholder", "COLUMNS"),
        "THRESHOLD": pgettext("a command-line placeholder", "THRESHOLD"),
        "WEIGHT": pgettext("a command-line placeholder", "WEIGHT"),
    }


def readers_metavar_formatter(base: type[argparse.HelpFormatter]):
    """``HelpFormatter._metavar_formatter`` for a practitioner's parser: the placeholder it shows is the reader's
    (:func:`placeholders`). ``choices`` values and the subcommands listed under "commands" are codes and are
    left as argparse writes them, and so is any placeholder the table does not know."""

    def _metavar_formatter(self, action, default_metavar):
        listed_command = isinstance(action, argparse._SubParsersAction._ChoicesPseudoAction)
        if listed_command or (action.metavar is None and action.choices is not None):
            return base._metavar_formatter(self, action, default_metavar)
        english = action.metavar if action.metavar is not None else default_metavar
        table = placeholders()
        if isinstance(english, tuple):
            shown = tuple(table.get(part, part) for part in english)
            return lambda tuple_size: shown
        shown = table.get(english, english)
        return lambda tuple_size: (shown,) * tuple_size

    return _metavar_formatter

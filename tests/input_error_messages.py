"""What the toolbox told a reader who made a mistake, and the expected words with Babel's numbers: shared by
the tests that check InputError messages in French, Spanish and English (tests/test_i18n_*errors*.py)."""
from __future__ import annotations

import re

import pytest
from babel.numbers import format_decimal

from m4d.errors import InputError
from m4d.i18n import use_language

_NUMBER = re.compile(r"\{(-?\d+(?:\.\d+)?)\}")


def babel_decimal(value, language: str) -> str:
    """Babel's writing of ``value`` (all its digits) in ``language``: worked out here, not by the toolbox."""
    return format_decimal(value, format="#,##0.###", locale=language)


def raised_message(case, language: str, *args) -> str:
    """The message of the InputError that ``case(*args)`` raises while the reader's language is ``language``."""
    with use_language(language), pytest.raises(InputError) as caught:
        case(*args)
    return str(caught.value)


def with_babel_numbers(fragment: str, language: str) -> str:
    """An expected fragment with each ``{number}`` in it written as Babel writes it in ``language``."""
    return _NUMBER.sub(lambda found: babel_decimal(float(found[1]), language), fragment)

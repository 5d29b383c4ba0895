"""Numbers, percentages and amounts of money as the reader writes them (CLDR's rules, through Babel).

Every widget, check message and export that shows a number to a reader goes through these
functions, so a French reader sees ``1 234,5`` (a narrow no-break space between groups),
``12 %`` and ``12 345 €``, and a Spanish reader ``1.234,5``, ``12 %`` and ``12.345 €``::

    from m4d.i18n.numbers import amount, number, percent

    number(1234.5, ",.1f")     # en '1,234.5'   fr '1 234,5'   es '1.234,5'
    percent(0.05)              # en '5%'        fr '5 %'       es '5 %'
    amount(12345, "EUR")       # en 'EUR 12,345' fr '12 345 €' es '12.345 €'

In English each function gives exactly what the toolbox printed before with Python's own
format (``format(value, spec)``, ``f"{currency} {value:,.0f}"``), so the English book, its
snapshots and every English message stay the same; in French and Spanish the same figure is
written with the locale's separators, percent sign and currency pattern from Babel's CLDR data.
Years and identifiers are not numbers to a reader: leave them as they are.
"""
from __future__ import annotations

import math
import numbers as _numbers
import re
from functools import lru_cache

from m4d.i18n.languages import SOURCE_LANGUAGE, language

#: The Python format specifications :func:`number` understands: grouping, fixed decimals or significant digits.
_SPEC = re.compile(r"^(?P<sign>\+?)(?P<group>,?)(?:\.(?P<digits>\d+))?(?P<kind>[fdg]?)$")


@lru_cache(maxsize=None)
def _locale(code: str):
    from babel import Locale

    return Locale.parse(code)


def _babel_decimal(value: float, fraction: str, code: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, format=f"#,##0{fraction}", locale=_locale(code), decimal_quantization=True)


def number(value: float | int, spec: str = ",", lang: str | None = None, trim: bool = False) -> str:
    """``value`` written for the reader: ``spec`` is the Python format the English text uses.

    ``","`` (grouped integer or decimal), ``",.0f"``/``".1f"`` (fixed decimals), ``"g"``/``".3g"``
    (significant digits, trailing zeros dropped), ``"d"``. In English the result is
    ``format(value, spec)``; in another language the same rounding, with that language's
    decimal and group separators. A value that is not a finite number is written as Python writes it.
    ``trim`` drops the trailing zeros of fixed decimals (``12.0`` is ``12``, ``12.50`` is ``12.5``).
    """
    code = lang or language()
    if code == SOURCE_LANGUAGE or not isinstance(value, _numbers.Real) or isinstance(value, bool) \
            or not math.isfinite(value):
        text = format(value, spec)
        return text.rstrip("0").rstrip(".") if trim and "." in text else text
    match = _SPEC.match(spec)
    if match is None:
        raise ValueError(f"number() does not know the format {spec!r}; use ',', ',.Nf', '.Nf', 'g', '.Ng', 'd' "
                         "(with '+' first for a sign).")
    kind, digits = match["kind"], match["digits"]
    if match["sign"]:
        # "+" as Python writes it: a plus sign before zero and positive values (a bias of +1.5 points).
        text = number(value, spec[1:], lang=code, trim=trim)
        return text if text.startswith("-") or value < 0 else "+" + text
    if kind == "g":
        # The digits Python's %g keeps, then no exponent: a reader of a check message wants 1 250 000, not 1.25e+06.
        rounded = float(format(value, f".{digits or 6}g"))
        return _babel_decimal(rounded, "." + "#" * 15, code)
    if kind == "f":
        places = int(digits if digits is not None else 6)
        return _babel_decimal(round(value, places), "." + ("#" if trim else "0") * places if places else "", code)
    if kind == "d" or isinstance(value, _numbers.Integral):
        return _babel_decimal(value, "", code)
    return _babel_decimal(value, "." + "#" * 15, code)


def percent(fraction: float, digits: int = 0, lang: str | None = None) -> str:
    """A share (0.125 is 12.5 %) as a percentage with ``digits`` decimals, in the locale's percent style."""
    code = lang or language()
    if code == SOURCE_LANGUAGE or not isinstance(fraction, _numbers.Real) or not math.isfinite(fraction):
        return format(fraction, f".{digits}%")
    from babel.numbers import format_percent

    pattern = _locale(code).percent_formats[None].pattern.split(";")[0]
    if digits:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * digits, 1)
    return format_percent(fraction, format=pattern, locale=_locale(code), decimal_quantization=True)


def amount(value: float | int, currency: str, digits: int = 0, lang: str | None = None) -> str:
    """An amount of money with its currency: ``EUR 12,345`` in English, the locale's currency pattern otherwise.

    ``currency`` is an ISO 4217 code (``EUR``, ``TND``, ``XOF``): Babel writes the symbol the locale uses for
    it (``€``, ``TND``, ``F CFA``); a currency Babel does not know is written as given.
    """
    code = lang or language()
    if code == SOURCE_LANGUAGE or not isinstance(value, _numbers.Real) or not math.isfinite(value):
        return f"{currency} {value:,.{digits}f}"
    from babel.numbers import format_currency

    pattern = _locale(code).currency_formats["standard"].pattern.split(";")[0]
    pattern = re.sub(r"0\.0+", "0" + ("." + "0" * digits if digits else ""), pattern)
    return format_currency(round(value, digits), str(currency).strip().upper() or "XXX", format=pattern,
                           locale=_locale(code), currency_digits=False, decimal_quantization=True)


def word_list(words: list[str], lang: str | None = None) -> str:
    """Words already translated, joined as the locale writes a list ("a, b et c"; "a, b y c")."""
    from babel.lists import format_list

    return format_list(list(words), locale=_locale(lang or language()))


def formatter(spec: str = ",", lang: str | None = None, missing: str = ""):
    """A one-argument function that writes a table's cell with :func:`number` (pandas' ``Styler.format``,
    ``DataFrame.to_string(float_format=...)``); a missing cell is written as ``missing``."""

    def write(value) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return missing
        try:
            import pandas as pd

            if value is pd.NA:
                return missing
        except ImportError:  # pragma: no cover - pandas is a dependency of the toolbox
            pass
        return number(value, spec, lang=lang)

    return write


def plotly_separators(lang: str | None = None) -> str | None:
    """The two characters plotly's ``layout.separators`` takes (decimal mark, then group separator) for the
    reader's language: ``",\\u202f"`` in French, ``",."`` in Spanish; ``None`` in English, whose figures keep
    plotly's default (``".,"``) so that their stored output does not change.

    Setting the layout's separators makes every d3 format of a figure (``%{y:,.0f}`` in a hover text, an axis'
    ``tickformat``, a Sankey's ``valueformat``) write numbers the reader's way without rewriting the templates."""
    code = lang or language()
    if code == SOURCE_LANGUAGE:
        return None
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(_locale(code)) + get_group_symbol(_locale(code))


def localise_figure_layout(layout: dict, lang: str | None = None) -> dict:
    """``layout`` (a plotly figure's layout dict) with the reader's separators set; unchanged in English."""
    separators = plotly_separators(lang)
    if separators is not None:
        layout["separators"] = separators
    return layout


def table_text(frame, spec: str = ",", lang: str | None = None, **to_string) -> str:
    """A DataFrame as plain text for a terminal, its decimal numbers written with :func:`number` and ``spec``.

    In English it is exactly ``frame.to_string(**to_string)`` (what the toolbox printed before); in another
    language the float cells go through :func:`formatter`. Integer cells, identifiers and headings stay as
    they are."""
    code = lang or language()
    if code == SOURCE_LANGUAGE:
        return frame.to_string(**to_string)
    to_string.pop("float_format", None)
    return frame.to_string(float_format=formatter(spec, lang=code), **to_string)


def percent_points(value: float, spec: str = ",.1f", lang: str | None = None) -> str:
    """A value already in percent (``21.2`` for 21.2 %) with the locale's percent sign: ``21.2%`` in English
    (``format(value, spec) + "%"``, as before), ``21,2 %`` in French and Spanish (CLDR's percent pattern, whose
    space before the sign does not break). ``spec`` may start with ``+`` for a signed gap (``+10.9%``)."""
    code = lang or language()
    text = number(value, spec, lang=code)
    if code == SOURCE_LANGUAGE:
        return text + "%"
    pattern = _locale(code).percent_formats[None].pattern.split(";")[0]
    prefix, suffix = pattern[:pattern.index("#")] if "#" in pattern else "", pattern[pattern.rindex("0") + 1:]
    return prefix + text + suffix

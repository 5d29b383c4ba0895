"""Dates as a reader of each edition writes them: month names and word order from CLDR (Babel).

The English edition writes dates the British way, day before month ("19 September 2016",
"June 2014"), which is CLDR's ``en_GB``; French and Spanish take their own CLDR patterns
("19 septembre 2016", "junio de 2014"). Only the few sentences that join two dates (a range)
are the course's own, translated in ``m4d.po`` like every other message::

    from m4d.i18n.dates import day_month_year, month_and_year, date_range

    month_and_year(date(2014, 6, 1))                       # 'June 2014' / 'juin 2014' / 'junio de 2014'
    date_range(date(2018, 12, 10), date(2018, 12, 11))     # '10-11 December 2018' / '10-11 décembre 2018'
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton

from m4d.i18n.languages import language
from m4d.i18n.messages import _

# The CLDR locale each edition writes its dates in (the course's English is British English).
CLDR_LOCALES = {"en": "en_GB", "fr": "fr", "es": "es"}


def _cldr_locale(lang: str | None = None) -> str:
    return CLDR_LOCALES.get(lang or language(), CLDR_LOCALES["en"])


def _as_date(value) -> dt.date:
    # A pandas Timestamp is a datetime; CLDR's day patterns need only its calendar date.
    return value.date() if isinstance(value, dt.datetime) else value


def month_and_year(value) -> str:
    """A month of a year in words: 'June 2014', 'juin 2014', 'junio de 2014' (CLDR skeleton yMMMM)."""
    return format_skeleton("yMMMM", _as_date(value), locale=_cldr_locale())


def day_month_year(value) -> str:
    """A day in words: '19 September 2016', '19 septembre 2016', '19 de septiembre de 2016' (yMMMMd)."""
    return format_skeleton("yMMMMd", _as_date(value), locale=_cldr_locale())


def numeric_month(value) -> str:
    """A month in figures for a compact table: '2014-06' in English (ISO), '06/2014' and '6/2014' (CLDR yMM)."""
    value = _as_date(value)
    if _cldr_locale() == CLDR_LOCALES["en"]:
        return f"{value.year:04d}-{value.month:02d}"
    return format_skeleton("yMM", value, locale=_cldr_locale())


def date_range(start, end) -> str:
    """Two days as one span: '10-11 December 2018' in one month, '19 September 2016 to 10 December 2018' across months."""
    start, end = _as_date(start), _as_date(end)
    if end == start:
        return day_month_year(start)
    if (end.year, end.month) == (start.year, start.month):
        # Translators: two days of one month, e.g. "10-11 December 2018"; {month_and_year} is "December 2018".
        return _("{first_day}-{last_day} {month_and_year}").format(
            first_day=start.day, last_day=end.day, month_and_year=month_and_year(start))
    # Translators: a span of days across months; {start} and {end} are dates such as "19 September 2016".
    return _("{start} to {end}").format(start=day_month_year(start), end=day_month_year(end))


def date_text(value, lang: str | None = None) -> str:
    """A calendar date in a sentence: ISO (``2026-01-15``) in English as before, the locale's medium date otherwise
    (``15 janv. 2026``, ``15 ene 2026``). Tables that are read back keep ISO dates in every language."""
    code = lang or language()
    if code == "en" or not hasattr(value, "year"):
        return str(value)
    from babel.dates import format_date

    return format_date(value, format="medium", locale=_cldr_locale(code))

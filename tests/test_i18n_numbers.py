"""Numbers, percentages and amounts as French, Spanish and English readers write them (m4d.i18n.numbers).

Checked against Babel's own CLDR output, against published examples of the locales' conventions,
by reading the text back with Babel's parser, and, in English, against what the toolbox printed
before (Python's own format), so the English book does not change.
"""
from __future__ import annotations

import pytest
from babel.numbers import format_currency, format_decimal, format_percent, parse_decimal

from m4d import i18n
from m4d.budget.model import format_money
from m4d.i18n.numbers import amount, number, percent

NARROW_NO_BREAK_SPACE, NO_BREAK_SPACE = "\u202f", "\u00a0"
VALUES = (0, 7, 999, 1234.5, -1234.5, 12345.678, 1_250_000, 0.0625, 98.76)


def test_french_groups_digits_with_a_narrow_no_break_space_and_writes_a_decimal_comma():
    # CLDR's French symbols (published in the Unicode CLDR charts, "Numbers" for fr): group U+202F, decimal ",".
    assert number(1234.5, ",.1f", lang="fr") == f"1{NARROW_NO_BREAK_SPACE}234,5"
    assert number(1_250_000, ",", lang="fr") == f"1{NARROW_NO_BREAK_SPACE}250{NARROW_NO_BREAK_SPACE}000"
    # French puts a no-break space before the percent sign and writes the euro after the amount.
    assert percent(0.12, lang="fr") == f"12{NO_BREAK_SPACE}%"
    assert amount(12345, "EUR", lang="fr") == f"12{NARROW_NO_BREAK_SPACE}345{NO_BREAK_SPACE}€"


def test_spanish_groups_digits_with_a_point_and_writes_a_decimal_comma():
    assert number(1234567.5, ",.1f", lang="es") == "1.234.567,5"
    assert amount(12345, "EUR", lang="es") == f"12.345{NO_BREAK_SPACE}€"


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("value", VALUES)
def test_a_number_is_what_babel_writes_for_the_readers_locale_and_reads_back(value, language):
    assert number(value, ",.2f", lang=language) == format_decimal(value, format="#,##0.00", locale=language)
    if isinstance(value, int):
        assert number(value, ",", lang=language) == format_decimal(value, locale=language)
    assert float(parse_decimal(number(value, ",.2f", lang=language), locale=language)) == pytest.approx(round(value, 2))
    assert float(parse_decimal(number(value, "g", lang=language), locale=language)) == pytest.approx(
        float(format(value, "g")))


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("share", [0.0, 0.05, 0.125, 0.5, 1.0])
def test_a_percentage_and_an_amount_follow_the_locales_standard_patterns(share, language):
    # Babel's standard percent pattern has no decimals; its currency pattern has the currency's two.
    assert percent(share, lang=language) == format_percent(share, locale=language)
    assert amount(share * 98765.43, "EUR", digits=2, lang=language) == format_currency(
        round(share * 98765.43, 2), "EUR", locale=language)


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("spec", [",", ",.0f", ",.1f", ".1f", "g", ".3g"])
def test_english_is_exactly_what_the_toolbox_printed_before(value, spec):
    assert number(value, spec, lang="en") == format(value, spec)
    assert percent(value / 100, 1, lang="en") == f"{value / 100:.1%}"
    assert amount(value, "TND", lang="en") == f"TND {value:,.0f}"


def test_the_budgets_amounts_follow_the_readers_language_and_stay_the_same_in_english():
    with i18n.use_language("en"):
        assert format_money(12500, "EUR") == "EUR 12,500" and format_money(0.4, "EUR") == "EUR 0.40"
    with i18n.use_language("fr"):
        assert format_money(12500, "EUR") == format_currency(12500, "EUR", locale="fr").replace(",00", "")
        assert format_money(0.4, "EUR") == format_currency(0.4, "EUR", locale="fr")


def test_an_unknown_format_is_refused_with_the_ones_it_knows():
    with pytest.raises(ValueError, match="',.Nf'"):
        number(3.5, ">10", lang="fr")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_planners_costs_are_written_the_readers_way(language):
    import html

    from m4d.initiatives.planner_widget import InitiativePlanner

    with i18n.use_language(language):
        planner = InitiativePlanner()
    total, currency = planner.plan.total_cost, planner.plan.currency
    shown = html.unescape(planner.costs_view.value)
    if language == "en":
        assert f"{currency} {total:,.0f}" in shown
    else:
        # Babel's standard currency pattern, without the cents the planner does not show.
        assert format_currency(round(total), currency, locale=language).replace(",00", "") in shown
        assert f"{total:,.0f}" not in shown

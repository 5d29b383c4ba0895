"""What a reader who typed a bad value into the budget planner, the partner ranking or a survey calculator is
told, in French, Spanish and English.

Each case feeds the toolbox's own function one mistake a practitioner makes (a percentage typed as 60, a
currency written EURO, a negative weight, a sample size of 2.5 ...). In French and Spanish the message must be
the catalogue's translation (none of the English sentence's words left), still name the column or setting, the
wrong value and how to fix it; a number the toolbox computed or parsed is written as Babel writes it in that
language (``format_decimal``, worked out here), while a value quoted from the user's own file or call keeps
the user's text in quotes. In English the message is word for word what the toolbox said before.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from babel.numbers import format_decimal

from m4d.errors import InputError
from m4d.i18n import use_language
from tests.input_error_messages import raised_message, with_babel_numbers

LINES = [{"line_id": "L1", "year": 2027, "category": "staff", "amount": 100}]
SOURCES = [{"source_id": "own", "name": "Own", "kind": "own_budget", "form": "cash", "cap": 100,
            "max_share": 0.5, "eligible_categories": "staff"}]

#: Words of the English sentences that a translation must not keep.
ENGLISH_WORDS = (" must ", " is not ", " the ", " of ", " every ", " cannot ", " outside ", " above ", " got ")


def _source(**changes):
    return [dict(SOURCES[0], **changes)]


def _line(**changes):
    return [dict(LINES[0], **changes)]


def _plan(lines=LINES, sources=SOURCES, currency="EUR"):
    from m4d.budget.model import build_plan

    return build_plan(lines, sources, currency=currency)


def _rules(**settings):
    from m4d.budget.rules import RuleSettings

    return RuleSettings(**settings)


def _scale(names):
    from m4d.partners.criteria import Criterion
    from m4d.partners.normalisation import normalise_matrix

    return normalise_matrix(np.array([[4.0], [6.5]]), [Criterion("score", "Score", "more", lower=1, upper=5)],
                            names=names)


def _constant():
    from m4d.partners.criteria import Criterion
    from m4d.partners.normalisation import normalise_matrix

    return normalise_matrix(np.array([[2.5], [2.5]]), [Criterion("associations", "Associations", "more")])


def _negative_weight():
    from m4d.partners.criteria import Criterion
    from m4d.partners.weights import validate_weights

    return validate_weights({"associations": -1.5}, [Criterion("associations", "Associations", "more")])


def _share(value, **kw):
    from m4d.survey import checks

    return checks.share(value, "The response rate", **kw)


def _whole(value, minimum=0):
    from m4d.survey import checks

    return checks.whole(value, "The sample size", minimum=minimum)


def _positive(value):
    from m4d.survey import checks

    return checks.positive(value, "The design effect")


def _fpc():
    from m4d.survey.estimates import estimate

    sample = pd.DataFrame({"y": [1, 0, 1, 1], "weight": [1.0] * 4, "N": [10, 0, 10, 10]})
    return estimate(sample, "y", fpc="N")


def dec(value, language, places=None):
    """Babel's writing of ``value`` (all its digits, or ``places`` fixed decimals)."""
    fmt = "#,##0" + ("." + "0" * places if places else ".###") if places != 0 else "#,##0"
    return format_decimal(value, format=fmt, locale=language)


# Each case: the mistake, then what the message must hold in French and in Spanish. ``{n:...}`` fragments are
# numbers written with Babel; the rest are the words a reader needs (the column, their own text, the fix).
CASES = {
    "currency written EURO": (lambda: _plan(currency="EURO"), {
        "fr": ["'EURO'", "monnaie", "trois lettres", "EUR ou USD"],
        "es": ["'EURO'", "moneda", "tres letras", "EUR o USD"]}),
    "cost lines in two currencies": (lambda: _plan(lines=_line(currency="USD")), {
        "fr": ["lignes de coûts", "USD", "Convertissez", "en EUR"],
        "es": ["partidas", "USD", "Convierta", "a EUR"]}),
    "funding sources in two currencies": (lambda: _plan(sources=_source(currency="USD")), {
        "fr": ["sources de financement", "USD", "Convertissez", "en EUR"],
        "es": ["fuentes de financiación", "USD", "Convierta", "a EUR"]}),
    "unknown cost category": (lambda: _plan(lines=_line(category="food")), {
        "fr": ["colonne category", "'food'", "catégorie de coûts", "staff, travel"],
        "es": ["columna category", "'food'", "categoría de costes", "staff, travel"]}),
    "unknown kind of source": (lambda: _plan(sources=_source(kind="bank")), {
        "fr": ["colonne kind", "'bank'", "type de source", "own_budget"],
        "es": ["columna kind", "'bank'", "tipo de fuente", "own_budget"]}),
    "unknown form": (lambda: _plan(sources=_source(form="loan")), {
        "fr": ["colonne form", "'loan'", "'cash'", "'in_kind'"],
        "es": ["columna form", "'loan'", "'cash'", "'in_kind'"]}),
    "maximum share typed as a percentage": (lambda: _plan(sources=_source(max_share=62.5)), {
        "fr": ["colonne max_share", "entre 0 et 1", "{62.5}", "{0.625}", "100 %"],
        "es": ["columna max_share", "entre 0 y 1", "{62.5}", "{0.625}", "100 %"]}),
    "maximum share far above 100 %": (lambda: _plan(sources=_source(max_share=1500)), {
        "fr": ["colonne max_share", "entre 0 et 1", "{1500}", "dépasse"],
        "es": ["columna max_share", "entre 0 y 1", "{1500}", "supera"]}),
    "negative maximum share": (lambda: _plan(sources=_source(max_share=-0.25)), {
        "fr": ["colonne max_share", "{-0.25}", "négatif"],
        "es": ["columna max_share", "{-0.25}", "negativo"]}),
    "rule setting that is text": (lambda: _rules(min_own_share="x"), {
        "fr": ["min_own_share", "'x'", "nombre"], "es": ["min_own_share", "'x'", "número"]}),
    "rule setting above 1": (lambda: _rules(min_own_share=1.5), {
        "fr": ["min_own_share", "{1.5}", "entre 0 et 1"], "es": ["min_own_share", "{1.5}", "entre 0 y 1"]}),
    "monitoring minimum above its maximum": (lambda: _rules(min_me_share=0.12, max_me_share=0.1), {
        "fr": ["suivi et de l'évaluation", "{12}\u00a0%", "{10}\u00a0%", "minimum"],
        "es": ["seguimiento y evaluación", "{12}\u00a0%", "{10}\u00a0%", "mínimo"]}),
    "score outside its scale, named candidate": (lambda: _scale(["Dakar", "Thiès"]), {
        "fr": ["'Thiès'", "{6.5}", "de 1 à 5"], "es": ["'Thiès'", "{6.5}", "de 1 a 5", "Puntuación"]}),
    "score outside its scale, numbered row": (lambda: _scale(None), {
        "fr": ["ligne 2", "{6.5}", "de 1 à 5"], "es": ["fila 2", "{6.5}", "de 1 a 5"]}),
    "criterion equal for every candidate": (_constant, {
        "fr": ["Associations", "{2.5}", "poids de 0"], "es": ["Associations", "{2.5}", "peso de 0"]}),
    "negative weight": (_negative_weight, {
        "fr": ["Associations", "{-1.5}", "'less'", "négatif"], "es": ["Associations", "{-1.5}", "'less'", "negativos"]}),
    "response rate typed as a percentage": (lambda: _share(12.5), {
        "fr": ["{12.5}", "{0.125}", "proportion"], "es": ["{12.5}", "{0.125}", "proporción"]}),
    "share that may be neither 0 nor 1": (lambda: _share(0, allow_one=False), {
        "fr": ["un peu plus de 0", "un peu moins de 1"], "es": ["algo más de 0", "algo menos de 1"]}),
    "design effect of zero or less": (lambda: _positive(-2.5), {
        "fr": ["{-2.5}", "supérieure à 0"], "es": ["{-2.5}", "mayor que 0"]}),
    "sample size with decimals": (lambda: _whole(2.5), {
        "fr": ["2.5", "nombre entier"], "es": ["2.5", "número entero"]}),
    "sample size below its minimum": (lambda: _whole(1, minimum=1500), {
        "fr": ["{1500}", "au moins"], "es": ["{1500}", "como mínimo"]}),
    "population sizes with a zero": (_fpc, {
        "fr": ["'N'", "taille de la population", "strate"], "es": ["'N'", "tamaño de la población", "estrato"]}),
}




@pytest.mark.parametrize("language", ("fr", "es"))
@pytest.mark.parametrize("mistake", list(CASES))
def test_a_bad_input_is_explained_in_the_readers_language(mistake, language):
    case, expected = CASES[mistake]
    message = raised_message(case, language)
    english = raised_message(case, "en")
    assert message != english
    for fragment in expected[language]:
        assert with_babel_numbers(fragment, language) in message, (fragment, message)
    # The catalogue's sentence, not the English one with a few words swapped. The survey's setting names
    # ("The response rate") come from the calculators that call the check, so they are left out of the count.
    checked = f" {message.replace('The response rate', '').replace('The sample size', '').replace('The design effect', '')} "
    assert not [w for w in ENGLISH_WORDS if w in checked], message


def test_french_messages_put_a_no_break_space_before_colons_and_semicolons():
    for mistake in ("maximum share typed as a percentage", "negative weight", "unknown cost category"):
        message = raised_message(CASES[mistake][0], "fr")
        assert " :" not in message and " ;" not in message, message
        assert "\u00a0:" in message or "\u00a0;" in message, message


ENGLISH = {
    "currency written EURO": "budget plan: the currency must be a three-letter code such as EUR or USD, not 'EURO'.",
    "maximum share typed as a percentage": "budget plan, funding source row 2, column max_share: a share must lie "
                                           "between 0 and 1 (100 % is 1); 62.5 is above 100 % (did you mean 0.625?).",
    "maximum share far above 100 %": "budget plan, funding source row 2, column max_share: a share must lie between "
                                     "0 and 1 (100 % is 1); 1500 is above 100 %.",
    "monitoring minimum above its maximum": "The minimum share for monitoring and evaluation (12%) is above the "
                                            "maximum (10%); make the minimum the smaller one.",
    "score outside its scale, named candidate": "'Score' of candidate 'Thiès' is 6.5, outside its scale 1 to 5.",
    "response rate typed as a percentage": "The response rate is 12.5; it must be between just above 0 and 1. Give "
                                           "it as a proportion: 0.125 for 12.5 %.",
    "sample size below its minimum": "The sample size is 1; it must be at least 1500.",
    "population sizes with a zero": "Column 'N' must give the population size of every row's stratum (above 0).",
}


@pytest.mark.parametrize("mistake", list(ENGLISH))
def test_english_messages_are_what_the_toolbox_said_before(mistake):
    assert raised_message(CASES[mistake][0], "en") == ENGLISH[mistake]


# The survey calculators name the setting a reader got wrong; checks.py words the sentence. Each case calls a
# calculator itself with one mistake, with the English words of the setting's name (and of its hint) that a
# French or Spanish message must not keep, then the words of the name in that language.
SAMPLE = pd.DataFrame({"y": [1, 0, 1, 1], "weight": [1.0] * 4, "stratum": ["A", "A", "B", "B"]})
TABLE = pd.DataFrame({"x": [3, 9], "y": [12, 20]}, index=["a", "b"])


def _survey(name, *args, **kw):
    import importlib

    module, function = name.rsplit(".", 1)
    return lambda: getattr(importlib.import_module(f"m4d.survey.{module}"), function)(*args, **kw)


SURVEY_CALLERS = {
    "confidence level typed as 95": (_survey("sample_size.z_value", 95), ["confidence level", "for example"], {
        "fr": ["niveau de confiance", "0,95"], "es": ["nivel de confianza", "0,95"]}),
    "margin of error of 0": (_survey("sample_size.sample_size_proportion", 0), ["margin of error", "infinite"], {
        "fr": ["marge d'erreur", "infini"], "es": ["margen de error", "infinita"]}),
    "expected proportion above 1": (_survey("sample_size.sample_size_proportion", 0.05, proportion=50),
                                    ["expected proportion"], {"fr": ["proportion attendue"],
                                                              "es": ["proporción esperada"]}),
    "standard deviation of 0": (_survey("sample_size.sample_size_mean", 5, standard_deviation=0),
                                ["standard deviation", "earlier survey"], {
        "fr": ["écart-type", "enquête antérieure"], "es": ["desviación típica", "encuesta anterior"]}),
    "design effect of 0": (_survey("sample_size.sample_size_proportion", 0.05, design_effect=0),
                           ["design effect", "simple random", "clusters"], {
        "fr": ["effet de plan", "grappes"], "es": ["efecto de diseño", "conglomerados"]}),
    "response rate typed as 80": (_survey("sample_size.sample_size_proportion", 0.05, response_rate=80),
                                  ["response rate", "households to answer"], {
        "fr": ["taux de réponse", "ménages"], "es": ["tasa de respuesta", "hogares"]}),
    "population size of 0": (_survey("sample_size.sample_size_proportion", 0.05, population=0),
                             ["population size"], {"fr": ["taille de la population"],
                                                   "es": ["tamaño de la población"]}),
    "no completed interviews": (_survey("sample_size.achieved_margin", 0), ["completed interviews"], {
        "fr": ["entretiens réalisés"], "es": ["entrevistas completas"]}),
    "allocation of no interviews": (_survey("allocation.allocate", {"A": 100}, 0), ["sample size"], {
        "fr": ["taille de l'échantillon"], "es": ["tamaño de la muestra"]}),
    "negative minimum per stratum": (_survey("allocation.allocate", {"A": 100}, 5, minimum=-1),
                                     ["minimum per stratum"], {"fr": ["minimum par strate"],
                                                               "es": ["mínimo por estrato"]}),
    "stratum population with decimals": (_survey("allocation.allocate", {"A": 10.5}, 5),
                                         ["population of stratum"], {"fr": ["population de la strate 'A'"],
                                                                     "es": ["población del estrato 'A'"]}),
    "share of yes above 1": (_survey("allocation.standard_deviation_of_share", 1.5), ["expected proportion"], {
        "fr": ["proportion attendue"], "es": ["proporción esperada"]}),
    "bias simulation of one household": (_survey("bias.simulate_bias", SAMPLE, "y", 1), ["sample size"], {
        "fr": ["taille de l'échantillon"], "es": ["tamaño de la muestra"]}),
    "bias simulation with no runs": (_survey("bias.simulate_bias", SAMPLE, "y", 2, runs=0),
                                     ["simulated samples"], {"fr": ["échantillons simulés"],
                                                             "es": ["muestras simuladas"]}),
    "design weight of a fractional population": (_survey("weights.design_weights", SAMPLE, {"A": 2.5, "B": 4}),
                                                 ["population of stratum"], {"fr": ["population de la strate 'A'"],
                                                                             "es": ["población del estrato 'A'"]}),
    "suppression threshold of 0": (_survey("suppression.suppress", TABLE, threshold=0), ["suppression threshold"], {
        "fr": ["seuil de suppression"], "es": ["umbral de supresión"]}),
    "protection width of 0": (_survey("suppression.suppress", TABLE, protection=0),
                              ["protection width", "least range", "good default"], {
        "fr": ["largeur de protection", "répondants"], "es": ["amplitud de protección", "informantes"]}),
    "estimate at 95 % confidence typed as 95": (_survey("estimates.estimate", SAMPLE, "y", confidence=95),
                                                ["confidence level"], {"fr": ["niveau de confiance"],
                                                                       "es": ["nivel de confianza"]}),
    "estimate with no minimum of respondents": (_survey("estimates.estimate", SAMPLE, "y", min_respondents=0),
                                                ["number of respondents"], {"fr": ["nombre minimal de répondants"],
                                                                            "es": ["número mínimo de informantes"]}),
    "sampling fraction of 1": (_survey("estimates.estimate", SAMPLE, "y", fpc=1), ["sampling fraction", "units drawn"], {
        "fr": ["taux de sondage", "unités tirées"], "es": ["fracción de muestreo", "unidades extraídas"]}),
    "stratum sampling fraction of 1": (_survey("estimates.estimate", SAMPLE, "y", stratum="stratum",
                                               fpc={"A": 1, "B": 0.5}), ["sampling fraction of stratum"], {
        "fr": ["taux de sondage de la strate 'A'"], "es": ["fracción de muestreo del estrato 'A'"]}),
}


@pytest.mark.parametrize("language", ("fr", "es"))
@pytest.mark.parametrize("mistake", list(SURVEY_CALLERS))
def test_a_survey_calculator_names_its_setting_in_the_readers_language(mistake, language):
    case, english_words, expected = SURVEY_CALLERS[mistake]
    message = raised_message(case, language)
    english = raised_message(case, "en")
    for words in english_words:
        assert words in english.lower(), (words, english)  # the case does reach the setting it is about
        assert words not in message.lower(), (words, message)
    for fragment in expected[language]:
        assert fragment in message, (fragment, message)
    assert not [w for w in ENGLISH_WORDS if w in f" {message} "], message


def test_the_budget_plan_is_named_in_the_readers_language_by_default():
    assert raised_message(CASES["currency written EURO"][0], "fr").startswith("plan budgétaire\u00a0:")
    assert raised_message(CASES["currency written EURO"][0], "es").startswith("plan presupuestario:")
    from m4d.budget.model import build_plan

    with use_language("fr"), pytest.raises(InputError) as caught:
        build_plan(LINES, SOURCES, currency="EURO", where="plan de Kasserine")
    assert str(caught.value).startswith("plan de Kasserine\u00a0:")


SURVEY_ENGLISH = {
    "confidence level typed as 95": "The confidence level is 95; it must be between just above 0 and just below 1. "
                                    "Use for example 0.95 for 95 %.",
    "response rate typed as 80": "The expected response rate is 80; it must be between just above 0 and 1. "
                                 "Use for example 0.8 if you expect 8 in 10 households to answer.",
    "design effect of 0": "The design effect is 0; it must be above 0. Use 1 for a simple random sample, "
                          "about 1.5 to 2 for a sample in clusters.",
    "stratum population with decimals": "The population of stratum 'A' must be a whole number; got 10.5.",
    "protection width of 0": "The protection width is 0; it must be above 0. It is the least range each hidden "
                             "small count must keep, in respondents; the threshold is a good default.",
    "stratum sampling fraction of 1": "The sampling fraction of stratum 'A' is 1; it must be between 0 and just "
                                      "below 1.",
}


@pytest.mark.parametrize("mistake", list(SURVEY_ENGLISH))
def test_english_survey_messages_are_what_the_toolbox_said_before(mistake):
    assert raised_message(SURVEY_CALLERS[mistake][0], "en") == SURVEY_ENGLISH[mistake]


# The field errors of the budget plan and its allocation, and the survey's and the partner ranking's table and
# number checks: each case feeds a public function one mistake, with the English sentence it must still give word
# for word, then what the French and Spanish message must hold (the column or setting, the user's own value as
# they typed it, a number the toolbox computed written the reader's way with ``{number}``).
def _plan_with(lines=LINES, sources=SOURCES):
    return lambda: _plan(lines=lines, sources=sources)


def _without(rows, *names):
    return [{k: v for k, v in row.items() if k not in names} for row in rows]


def _allocate(rows):
    def case():
        from m4d.budget.model import build_allocation

        return build_allocation(_plan(), rows)

    return case


def _check(function, value):
    from m4d.survey import checks

    return lambda: getattr(checks, function)(value, "The design effect")


def _partner_weights(weights):
    def case():
        from m4d.partners.criteria import Criterion
        from m4d.partners.weights import validate_weights

        return validate_weights(weights, [Criterion("associations", "Associations", "more")])

    return case


RESPONDED = SAMPLE.assign(responded=[True, False, False, False])
CLUSTERED = SAMPLE.assign(village=["v1", "v2", "v3", "v4"], N=[1, 1, 10, 10])
_BUDGET = "budget plan, cost line row 2, column"
_SOURCE = "budget plan, funding source row 2, column"
_CATEGORY_CODES = "staff, travel, training, equipment, communication, monitoring_evaluation, contingency, indirect"

FIELD_ERRORS = {
    "cost lines that are not a table": (_plan_with(lines=5),
        "budget plan: the cost lines must be a table (a DataFrame or a list of rows).", {
        "fr": ["plan budgétaire", "lignes de coûts", "tableau"], "es": ["plan presupuestario", "partidas", "tabla"]}),
    "funding sources that are not a table": (_plan_with(sources=5),
        "budget plan: the funding sources must be a table (a DataFrame or a list of rows).", {
        "fr": ["sources de financement", "tableau"], "es": ["fuentes de financiación", "tabla"]}),
    "cost lines without an amount column": (_plan_with(lines=_without(LINES, "amount")),
        "budget plan: the cost lines lack the column(s) amount. Expected columns: line_id, year, category, "
        "description, amount.", {
        "fr": ["la colonne amount", "line_id, year, category, description, amount"],
        "es": ["la columna amount", "line_id, year, category, description, amount"]}),
    "cost lines without two columns": (_plan_with(lines=_without(LINES, "year", "amount")),
        "budget plan: the cost lines lack the column(s) year, amount. Expected columns: line_id, year, category, "
        "description, amount.", {
        "fr": ["les colonnes year, amount"], "es": ["las columnas year, amount"]}),
    "funding sources without a cap column": (_plan_with(sources=_without(SOURCES, "cap")),
        "budget plan: the funding sources lack the column(s) cap. Expected columns: source_id, name, kind, form, "
        "cap, max_share, eligible_categories.", {
        "fr": ["sources de financement", "la colonne cap"], "es": ["fuentes de financiación", "la columna cap"]}),
    "empty amount cell": (_plan_with(lines=_line(amount=None)),
        f"{_BUDGET} amount: a value is required but the cell is empty.", {
        "fr": ["ligne de coûts (ligne 2)", "colonne amount", "vide"], "es": ["partida fila 2", "columna amount",
                                                                        "vacía"]}),
    "blank amount cell": (_plan_with(lines=_line(amount="  ")),
        f"{_BUDGET} amount: a value is required but the cell is empty.", {
        "fr": ["colonne amount", "vide"], "es": ["columna amount", "vacía"]}),
    "share written with a percent sign": (_plan_with(sources=_source(max_share="60%")),
        f"{_SOURCE} max_share: write shares as fractions between 0 and 1 (60 % is 0.6), not '60%'.", {
        "fr": ["source de financement (ligne 2)", "colonne max_share", "'60%'", "{0.6}"],
        "es": ["fuente de financiación fila 2", "columna max_share", "'60%'", "{0.6}"]}),
    "amount written in words": (_plan_with(lines=_line(amount="a lot")),
        f"{_BUDGET} amount: 'a lot' is not a number.", {
        "fr": ["colonne amount", "'a lot'", "nombre"], "es": ["columna amount", "'a lot'", "número"]}),
    "amount ticked as a yes/no": (_plan_with(lines=_line(amount=True)),
        f"{_BUDGET} amount: True is not a number.", {
        "fr": ["colonne amount", "True", "nombre"], "es": ["columna amount", "True", "número"]}),
    "infinite cap": (_plan_with(sources=_source(cap="inf")),
        f"{_SOURCE} cap: 'inf' is not a finite number.", {
        "fr": ["colonne cap", "'inf'", "nombre fini"], "es": ["columna cap", "'inf'", "número finito"]}),
    "source eligible for no category": (_plan_with(sources=_source(eligible_categories=" ; ")),
        f"{_SOURCE} eligible_categories: the source may pay for no cost category. List at least one, separated by "
        "';' (for example 'staff;training').", {
        "fr": ["colonne eligible_categories", "aucune catégorie", "'staff;training'"],
        "es": ["columna eligible_categories", "ninguna categoría", "'staff;training'"]}),
    "eligible category that does not exist": (_plan_with(sources=_source(eligible_categories="staff;food")),
        f"{_SOURCE} eligible_categories: 'food' is not a cost category. Use: {_CATEGORY_CODES}.", {
        "fr": ["colonne eligible_categories", "'food' n'est pas une catégorie", _CATEGORY_CODES],
        "es": ["columna eligible_categories", "'food' no es una categoría", _CATEGORY_CODES]}),
    "two eligible categories that do not exist": (_plan_with(sources=_source(eligible_categories="food;rent")),
        f"{_SOURCE} eligible_categories: 'food', 'rent' is not a cost category. Use: {_CATEGORY_CODES}.", {
        "fr": ["'food', 'rent' ne sont pas des catégories"], "es": ["'food', 'rent' no son categorías"]}),
    "negative cost with decimals": (_plan_with(lines=_line(amount=-2.5)),
        f"{_BUDGET} amount: the cost of L1 is negative (-2.5). Enter costs as positive amounts; a saving is a "
        "smaller cost, not a negative line.", {
        "fr": ["colonne amount", "L1", "({-2.5})"], "es": ["columna amount", "L1", "({-2.5})"]}),
    "negative cap in thousands": (_plan_with(sources=_source(cap=-1250.5)),
        f"{_SOURCE} cap: the cap of own is negative (-1250.5); enter the most it will give, 0 or more.", {
        "fr": ["colonne cap", "own", "({-1250.5})"], "es": ["columna cap", "own", "({-1250.5})"]}),
    "allocation that is not a table": (_allocate(7),
        "allocation: the allocation must be a table (a DataFrame or a list of rows).", {
        "fr": ["répartition\u00a0: la répartition", "tableau"], "es": ["reparto: el reparto", "tabla"]}),
    "allocation without an amount column": (_allocate([{"line_id": "L1", "source_id": "own"}]),
        "allocation: the allocation rows lack the column(s) amount. Expected columns: line_id, source_id, amount.", {
        "fr": ["la colonne amount", "line_id, source_id, amount"], "es": ["la columna amount",
                                                                         "line_id, source_id, amount"]}),
    "allocation to a cost line not in the plan": (_allocate([{"line_id": "L9", "source_id": "own", "amount": 5}]),
        "allocation, row 2, column line_id: there is no cost line 'L9' in the plan.", {
        "fr": ["ligne 2", "colonne line_id", "ligne de coûts 'L9'"], "es": ["fila 2", "columna line_id",
                                                                           "partida 'L9'"]}),
    "allocation from a source not in the plan": (_allocate([{"line_id": "L1", "source_id": "bank", "amount": 5}]),
        "allocation, row 2, column source_id: there is no funding source 'bank' in the plan.", {
        "fr": ["colonne source_id", "source de financement 'bank'"],
        "es": ["columna source_id", "fuente de financiación 'bank'"]}),
    "negative allocation": (_allocate([{"line_id": "L1", "source_id": "own", "amount": -12.5}]),
        "allocation, row 2, column amount: -12.5 is negative; a source pays 0 or more towards a line.", {
        "fr": ["colonne amount", "{-12.5} est négatif"], "es": ["columna amount", "{-12.5} es negativo"]}),
    "survey setting written in words": (_check("positive", "big"),
        "The design effect must be a number; got 'big'.", {
        "fr": ["L'effet de plan", "'big'", "nombre"], "es": ["El efecto de diseño", "'big'", "número"]}),
    "survey setting ticked as a yes/no": (_check("positive", True),
        "The design effect must be a number, not True.", {
        "fr": ["L'effet de plan", "True", "nombre"], "es": ["El efecto de diseño", "True", "número"]}),
    "infinite survey setting": (_check("positive", float("inf")),
        "The design effect must be a finite number; got inf.", {
        "fr": ["L'effet de plan", "inf", "nombre fini"], "es": ["El efecto de diseño", "inf", "número finito"]}),
    "sample that is not a table": (_survey("estimates.estimate", [1, 2], "y"),
        "The sample must be a pandas DataFrame; got list.", {
        "fr": ["L'échantillon", "DataFrame", "list"], "es": ["La muestra", "DataFrame", "list"]}),
    "sample without the variable": (_survey("estimates.estimate", SAMPLE, "income"),
        "The sample has no column 'income'. Its columns are: y, weight, stratum.", {
        "fr": ["L'échantillon", "colonne 'income'", "y, weight, stratum"],
        "es": ["La muestra", "columna 'income'", "y, weight, stratum"]}),
    "population table that is not a table": (_survey("bias.simulate_bias", [1, 2], "y", 2),
        "The population must be a pandas DataFrame; got list.", {
        "fr": ["La population doit", "list"], "es": ["La población debe", "list"]}),
    "table without the row variable": (_survey("disaggregation.cross_table", SAMPLE, ["sex"], ["y"]),
        "The data has no column 'sex'. Its columns are: y, weight, stratum.", {
        "fr": ["Les données n'ont", "'sex'"], "es": ["Los datos no tienen", "'sex'"]}),
    "unknown kind of interval": (_survey("estimates.estimate", SAMPLE, "y", interval="wald"),
        "Unknown interval 'wald': use one of auto, korn-graubard, logit, t.", {
        "fr": ["'wald'", "auto, korn-graubard, logit, t"], "es": ["'wald'", "auto, korn-graubard, logit, t"]}),
    "negative survey weight": (_survey("estimates.estimate", SAMPLE.assign(weight=[1.0, -2.0, 1.0, 1.0]), "y"),
        "Column 'weight' has negative weights; weights are 0 or more.", {
        "fr": ["colonne 'weight'", "négatifs"], "es": ["columna 'weight'", "negativos"]}),
    "domain of the wrong length": (_survey("estimates.estimate", SAMPLE, "y", domain=[True, False]),
        "The domain must say, for every row of the sample, whether it is in the group.", {
        "fr": ["domaine", "groupe"], "es": ["dominio", "grupo"]}),
    "no respondent with a weight": (_survey("estimates.estimate", SAMPLE.assign(weight=0.0), "y"),
        "No respondent with a positive weight answered this question (in this group), so there is nothing to "
        "estimate.", {"fr": ["poids positif", "estimer"], "es": ["peso positivo", "estimar"]}),
    "share interval asked for a mean": (_survey("estimates.estimate", SAMPLE.assign(y=[1, 2, 3, 4]), "y",
                                                interval="logit"),
        "The logit interval is for a share (answers of 0 and 1); 'y' has other values.", {
        "fr": ["logit", "'y'", "proportion"], "es": ["logit", "'y'", "proporción"]}),
    "population sizes that differ within a stratum": (
        _survey("estimates.estimate", SAMPLE.assign(N=[10, 12, 10, 10]), "y", stratum="stratum", fpc="N"),
        "Column 'N' gives different population sizes within one stratum.", {
        "fr": ["colonne 'N'", "strate"], "es": ["columna 'N'", "estrato"]}),
    "more households drawn than the population": (
        _survey("estimates.estimate", SAMPLE.assign(N=[1.5, 1.5, 10, 10]), "y", stratum="stratum", fpc="N"),
        "A stratum has 2 sampled households but a population of 1.5 in 'N'; give the number of households in the "
        "population.", {
        "fr": ["2 ménages", "{1.5}", "'N'"], "es": ["2 hogares", "{1.5}", "'N'"]}),
    "more clusters drawn than the population": (
        _survey("estimates.estimate", CLUSTERED, "y", stratum="stratum", cluster="village", fpc="N"),
        "A stratum has 2 sampled PSUs but a population of 1 in 'N'; give the number of PSUs in the population.", {
        "fr": ["2 unités primaires", "'N'"], "es": ["2 unidades primarias", "'N'"]}),
    "sampling fractions per stratum without strata": (_survey("estimates.estimate", SAMPLE, "y", fpc={"A": 0.1}),
        "A sampling fraction per stratum needs stratum=...; give one number otherwise.", {
        "fr": ["taux de sondage", "stratum=..."], "es": ["fracción de muestreo", "stratum=..."]}),
    "stratum without a sampling fraction": (_survey("estimates.estimate", SAMPLE, "y", stratum="stratum",
                                                    fpc={"A": 0.1}),
        "No sampling fraction for stratum B.", {"fr": ["la strate B"], "es": ["el estrato B"]}),
    "logit interval when everyone answered alike": (_survey("estimates.estimate", SAMPLE.assign(y=1), "y",
                                                            interval="logit", min_respondents=1),
        "The logit interval has no width when everyone answered the same; use the Korn-Graubard interval "
        "(interval='korn-graubard').", {
        "fr": ["logit", "interval='korn-graubard'"], "es": ["logit", "interval='korn-graubard'"]}),
    "stratum column with an empty cell": (_survey("estimates.estimate", SAMPLE.assign(stratum=["A", None, "B", "B"]),
                                                  "y", stratum="stratum"),
        "Column 'stratum' has empty cells; every row needs a stratum.", {
        "fr": ["colonne 'stratum'", "vides"], "es": ["columna 'stratum'", "vacías"]}),
    "answer that is not a number": (_survey("estimates.estimate", SAMPLE.assign(y=["1", "0", "yes", "1"]), "y"),
        "Column 'y' holds a value that is not a number: 'yes'.", {
        "fr": ["colonne 'y'", "'yes'", "nombre"], "es": ["columna 'y'", "'yes'", "número"]}),
    "stratum with no population figure": (_survey("weights.design_weights", SAMPLE, {"A": 100}),
        "The sample has stratum 'B', which has no population figure; known strata: A.", {
        "fr": ["strate 'B'", "strates connues\u00a0: A"], "es": ["estrato 'B'", "estratos conocidos: A"]}),
    "stratum with a population of 0": (_survey("weights.design_weights", SAMPLE, {"A": 0, "B": 100}),
        "Stratum 'A' has no population but 2 sampled rows; check the stratum labels.", {
        "fr": ["strate 'A'", "2 lignes"], "es": ["estrato 'A'", "2 filas"]}),
    "more rows drawn than the stratum's population": (_survey("weights.design_weights", SAMPLE, {"A": 1, "B": 100}),
        "Stratum 'A' has 2 sampled rows but a population of only 1.", {
        "fr": ["strate 'A'", "2 lignes", "de 1"], "es": ["estrato 'A'", "2 filas", "de solo 1"]}),
    "weights of another length than the sample": (_survey("weights.adjust_for_nonresponse", RESPONDED, [1.0, 2.0]),
        "There must be one weight for every row of the sample.", {
        "fr": ["poids", "échantillon"], "es": ["peso", "muestra"]}),
    "missing and negative weights": (_survey("weights.adjust_for_nonresponse", RESPONDED, [1.0, None, 1.0, -3.0]),
        "Weights must be numbers of 0 or more; some are missing or negative.", {
        "fr": ["poids", "négatifs"], "es": ["pesos", "negativos"]}),
    "adjustment class where nobody answered": (_survey("weights.adjust_for_nonresponse", RESPONDED, [1.0] * 4),
        "Nobody answered in class 'B', so its non-respondents cannot be represented; merge it with a similar class "
        "before adjusting.", {"fr": ["classe 'B'", "regroupez"], "es": ["clase 'B'", "agrúpela"]}),
    "weights given as a list": (_partner_weights([2]),
        "Give the weights as a mapping from criterion to weight, e.g. {'associations': 2}.", {
        "fr": ["poids", "'associations': 2}."], "es": ["pesos", "'associations': 2}."]}),
    "weight for a criterion that does not exist": (_partner_weights({"distance": 2}),
        "There is a weight for 'distance', which is not one of the criteria (associations). Add it as a criterion "
        "or remove its weight.", {
        "fr": ["'distance'", "(associations)", "critère"], "es": ["'distance'", "(associations)", "criterio"]}),
    "weight written as text": (_partner_weights({"associations": "2"}),
        "The weight of 'Associations' is '2', which is not a number.", {
        "fr": ["Associations", "'2'", "nombre"], "es": ["Associations", "'2'", "número"]}),
    "infinite weight": (_partner_weights({"associations": float("inf")}),
        "The weight of 'Associations' is inf; give a finite number (0 to leave it out).", {
        "fr": ["Associations", "inf", "nombre fini"], "es": ["Associations", "inf", "número finito"]}),
}

#: Words an English message and its translation may share: the column names, codes and values the reader typed
#: (they stay as written), the code a reader types (``DataFrame``, ``interval='korn-graubard'``) and words that are
#: the same in French or Spanish (``plan``, ``population``, ``variance``; Spanish ``Use``, "use it").
KEPT_WORDS = {
    "amount", "year", "category", "description", "name", "kind", "form", "cap", "weight", "stratum", "income",
    "staff", "travel", "training", "equipment", "communication", "contingency", "indirect", "food", "rent", "own",
    "bank", "lot", "big", "yes", "true", "inf", "distance", "associations", "sex", "wald", "auto", "logit", "korn",
    "graubard", "interval", "dataframe", "pandas", "list",
}
COGNATES = {"fr": {"plan", "source", "sources", "fractions", "population", "question", "non", "variance"},
            "es": {"plan", "use"}}


def _english_words_left(english: str, message: str, language: str) -> list[str]:
    """The words of the English sentence (three letters or more) that its translation still holds."""
    import re

    words = {w.lower() for w in re.findall(r"\b[A-Za-z]{3,}\b", english)} - KEPT_WORDS - COGNATES[language]
    return sorted(w for w in words if re.search(rf"\b{w}\b", message, re.IGNORECASE))


@pytest.mark.parametrize("language", ("fr", "es"))
@pytest.mark.parametrize("mistake", list(FIELD_ERRORS))
def test_a_field_error_is_a_whole_sentence_in_the_readers_language(mistake, language):
    case, english, expected = FIELD_ERRORS[mistake]
    message = raised_message(case, language)
    assert raised_message(case, "en") == english  # the case reaches the message it is about
    for fragment in expected[language]:
        assert with_babel_numbers(fragment, language) in message, (fragment, message)
    assert not _english_words_left(english, message, language), message
    assert not [w for w in ENGLISH_WORDS if w in f" {message} "], message
    if language == "fr":
        assert " :" not in message and " ;" not in message, message


@pytest.mark.parametrize("mistake", list(FIELD_ERRORS))
def test_english_field_errors_are_what_the_toolbox_said_before(mistake):
    case, english, _ = FIELD_ERRORS[mistake]
    assert raised_message(case, "en") == english


def test_a_withheld_estimate_says_why_in_the_readers_language():
    from m4d.survey.estimates import estimate

    few = SAMPLE.assign(y=[1, 0, 1, 1])
    alone = SAMPLE.assign(stratum=["A", "B", "C", "D"])
    english = {
        "respondents": "too few respondents to publish: 4 answered (at least 1500 needed)",
        "units": "too few primary sampling units to estimate the variance: each stratum needs two or more; merge "
                 "strata or clusters",
    }
    wanted = {"fr": {"respondents": ["trop peu de répondants", "4 ont répondu", "{1500}"],
                     "units": ["unités primaires", "strate", "grappes"]},
              "es": {"respondents": ["demasiado pocos informantes", "respondieron 4", "{1500}"],
                     "units": ["unidades primarias", "estrato", "conglomerados"]}}
    for language in ("en", "fr", "es"):
        with use_language(language):
            notes = {"respondents": estimate(few, "y", min_respondents=1500),
                     "units": estimate(alone, "y", stratum="stratum", min_respondents=1)}
            shown = {k: str(e) for k, e in notes.items()}
        for key, result in notes.items():
            assert not result.publishable
            if language == "en":
                assert result.note == english[key]
                assert shown[key] == f"not published: {english[key]}"
                continue
            for fragment in wanted[language][key]:
                assert with_babel_numbers(fragment, language) in result.note, (fragment, result.note)
            assert not _english_words_left(english[key], result.note, language), result.note
            assert not shown[key].startswith("not published"), shown[key]


def test_a_published_estimate_is_summarised_in_the_readers_language():
    from m4d.survey.estimates import estimate

    with use_language("en"):
        english = str(estimate(SAMPLE, "y", min_respondents=1))
    assert english.startswith("0.75 (") and english.endswith(", 4 respondents, design effect 1.00"), english
    with use_language("fr"):
        french = str(estimate(SAMPLE, "y", min_respondents=1))
    with use_language("es"):
        spanish = str(estimate(SAMPLE, "y", min_respondents=1))
    assert french.startswith("0,75 (") and "4 répondants, effet de plan 1,00" in french, french
    assert spanish.startswith("0,75 (") and "4 informantes, efecto de diseño 1,00" in spanish, spanish

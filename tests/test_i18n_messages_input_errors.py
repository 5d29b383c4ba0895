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


def _message(case, language):
    with use_language(language):
        with pytest.raises(InputError) as caught:
            case()
    return str(caught.value)


def _expected(fragment: str, language: str) -> str:
    """A fragment with its ``{number}`` written as Babel writes it in ``language``."""
    if "{" not in fragment:
        return fragment
    head, rest = fragment.split("{", 1)
    value, tail = rest.split("}", 1)
    return head + dec(float(value), language) + tail


@pytest.mark.parametrize("language", ("fr", "es"))
@pytest.mark.parametrize("mistake", list(CASES))
def test_a_bad_input_is_explained_in_the_readers_language(mistake, language):
    case, expected = CASES[mistake]
    message = _message(case, language)
    english = _message(case, "en")
    assert message != english
    for fragment in expected[language]:
        assert _expected(fragment, language) in message, (fragment, message)
    # The catalogue's sentence, not the English one with a few words swapped. The survey's setting names
    # ("The response rate") come from the calculators that call the check, so they are left out of the count.
    checked = f" {message.replace('The response rate', '').replace('The sample size', '').replace('The design effect', '')} "
    assert not [w for w in ENGLISH_WORDS if w in checked], message


def test_french_messages_put_a_no_break_space_before_colons_and_semicolons():
    for mistake in ("maximum share typed as a percentage", "negative weight", "unknown cost category"):
        message = _message(CASES[mistake][0], "fr")
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
    assert _message(CASES[mistake][0], "en") == ENGLISH[mistake]


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
    message = _message(case, language)
    english = _message(case, "en")
    for words in english_words:
        assert words in english.lower(), (words, english)  # the case does reach the setting it is about
        assert words not in message.lower(), (words, message)
    for fragment in expected[language]:
        assert fragment in message, (fragment, message)
    assert not [w for w in ENGLISH_WORDS if w in f" {message} "], message


def test_the_budget_plan_is_named_in_the_readers_language_by_default():
    assert _message(CASES["currency written EURO"][0], "fr").startswith("plan budgétaire\u00a0:")
    assert _message(CASES["currency written EURO"][0], "es").startswith("plan presupuestario:")
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
    assert _message(SURVEY_CALLERS[mistake][0], "en") == SURVEY_ENGLISH[mistake]

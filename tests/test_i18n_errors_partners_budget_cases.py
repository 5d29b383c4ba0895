"""What a reader who made a mistake with the partner matching, the budget planner's files and scenarios, the case
library, the desk review, the self-assessment, the GCM/SDG explorer's data, the seven steps, a figure or the
agreement builder is told, in French, Spanish and English (issue 17).

Each case feeds the toolbox's own public function one mistake a practitioner makes (a capacity of -1500, a
territory spelt "Schaerbek", a funder that is not in the plan, an example named "eleven", an answer "maybe" ...).
In French and Spanish the message must be the catalogue's sentence: none of the English sentence's words are left
(apart from the codes and values it quotes), it still names the setting or column and the user's own value (in its
quotes), and a number the toolbox writes is written as Babel writes it in that language. In English the message is,
word for word, the sentence the toolbox printed before its messages were translated (written out here from the
old code, not from the catalogue). The commands `m4d partners` and `m4d budget` print the same translated messages.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from m4d.i18n import use_language
from tests.input_error_messages import raised_message, with_babel_numbers

CORRIDORS = pd.DataFrame({"home": ["A", "A", "C"], "partner": ["B", "D", "B"], "score": [0.9, 0.4, 0.7]})


def _match(corridors=CORRIDORS, **kw):
    from m4d.partners.network import match_network

    return lambda: match_network(corridors, **kw)


def _criterion(**kw):
    from m4d.partners.criteria import Criterion

    return lambda: Criterion("budget", "Budget", **kw)


def _candidates():
    from m4d.partners.corridors import candidates_for

    return candidates_for("Schaerbeek")


def _rank(candidates=None, **kw):
    def case():
        from m4d.partners.ranking import rank

        return rank(_candidates() if candidates is None else candidates(), {"associations": 1, "resources": 1}, **kw)

    return case


def _with_text_value():
    frame = _candidates().astype({"associations": object})
    frame.loc[frame.index[0], "associations"] = "many"
    return frame


def _must_have(**kw):
    from m4d.partners.screening import MustHave

    return lambda: MustHave("associations", **kw)


def _missing_must_have():
    from m4d.partners.screening import MustHave

    return _rank(must_haves=[MustHave("twinning", minimum=1)])()


def _normalise_with_a_gap():
    from m4d.partners.criteria import ASSOCIATIONS
    from m4d.partners.normalisation import normalise_matrix

    return normalise_matrix(np.array([[np.nan], [1.0]]), [ASSOCIATIONS])


def _stability(**kw):
    def case():
        from m4d.partners.sensitivity import top_stability

        return top_stability(_rank()(), **kw)

    return case


def _partner_of_others():
    from m4d.partners.corridors import candidates_for, home_territories, territories

    return candidates_for(next(t for t in territories()["territory"] if t not in home_territories()))


def _call(module, function, *args, **kw):
    import importlib

    return lambda: getattr(importlib.import_module(module), function)(*args, **kw)


def _plan():
    from m4d.budget import course_plan

    return course_plan()


def _withdraw(source, cut=1.0):
    def case():
        from m4d.budget.scenarios import withdraw

        plan, allocation = _plan()
        return withdraw(plan, allocation, source if source else plan.sources["source_id"].iloc[0], cut=cut)

    return case


def _cases(function, *args, **kw):
    def case():
        from m4d.cases import library, search

        return getattr(library if hasattr(library, function) else search, function)(library.load_cases(), *args, **kw)

    return case


def _first_question():
    from m4d.self_assessment import blank_answers

    return next(iter(blank_answers()))


def _links(table, row, column, value):
    def case():
        from m4d import datasets
        from m4d.agenda.explorer import check_links

        tables = {name: datasets.load(name) for name in ("gcm_objectives", "sdg_targets", "gcm_sdg_links",
                                                          "local_action_examples")}
        tables[table].at[row, column] = value
        return check_links(*tables.values())

    return case


def _figure():
    import plotly.graph_objects as go

    from m4d.figures import figure_bundle

    return figure_bundle(go.Figure(), alt=" ")


CANDIDATE_COLUMNS = ("partner, name, country, latitude, longitude, migrant_group, associations, dc_experience, "
                     "resources, proximity, distance_km, guidelines_mention")
HOMES = "Schaerbeek, Tuscany, Santa Maria da Feira, Sabadell, Santa Perpètua de Mogoda, Region of Murcia"
PLAN_SOURCES = "own_cash, own_staff, diaspora, chamber, national, international, foundation"
REGIONS = "Africa, Asia, Europe, Latin America and the Caribbean, Northern America"
ANSWER_CODES = ("not_in_place (Not in place), started (Planned or started), in_place (In place), reviewed (In place "
                "and reviewed with the people concerned), dont_know (Don't know)")

# Each case: the mistake, the English sentence the toolbox gave before (word for word), what the French and the
# Spanish message must hold ({number} is written with Babel), and the codes or data values quoted in the sentence
# (a list of names, a course vocabulary) that stay as they are in every language.
CASES = {
    # m4d.partners.network
    "negative capacity for every home territory": (_match(home_capacity=-1500),
        "The capacity of every home territory is -1500; a capacity cannot be negative.", {
        "fr": ["territoire d'origine", "{-1500}", "négative"], "es": ["territorio de origen", "{-1500}", "negativa"]},
        ()),
    "partner territory without a capacity": (_match(partner_capacity={"B": 1}),
        "The partner territory 'D' appears in a corridor but has no capacity. Give every partner territory a "
        "capacity (0 to leave it out).", {
        "fr": ["territoire partenaire 'D'", "capacité", "0 pour"], "es": ["territorio socio 'D'", "capacidad",
                                                                         "0 para"]}, ()),
    "capacities that are not a number or a mapping": (_match(home_capacity="two"),
        "Give the home capacities as one whole number or a mapping from territory to whole number.", {
        "fr": ["territoires d'origine", "nombre entier"], "es": ["territorios de origen", "número entero"]}, ()),
    "capacity with decimals": (_match(home_capacity={"A": 1.5, "C": 1}),
        "The capacity of 'A' is 1.5; give a whole number of partnerships.", {
        "fr": ["'A'", "1.5", "nombre entier de partenariats"], "es": ["'A'", "1.5", "número entero"]}, ()),
    "corridor listed twice": (_match(pd.concat([CORRIDORS, CORRIDORS.iloc[:1]])),
        "The pair 'A' - 'B' is listed more than once; list each corridor once.", {
        "fr": ["'A' - 'B'", "plusieurs fois"], "es": ["'A' - 'B'", "más de una vez"]}, ()),
    "unknown matching method": (_match(method="greedy"),
        "The matching method 'greedy' is not known; use 'optimal' or 'stable'.", {
        "fr": ["'greedy'", "'optimal' ou 'stable'"], "es": ["'greedy'", "'optimal' o 'stable'"]},
        ("greedy", "optimal", "stable")),
    "score written in words": (_match(CORRIDORS.assign(score=["high", 0.4, 0.7])),
        "The corridor 'A' - 'B' has no usable score ('high'); give every corridor a number.", {
        "fr": ["'A' - 'B'", "score", "('high')"], "es": ["'A' - 'B'", "score", "('high')"]}, ("score", "high")),
    "corridors without a score column": (_match(CORRIDORS.drop(columns="score")),
        "The corridor table lacks the column(s) score. Its columns are: home, partner.", {
        "fr": ["colonnes score", "home, partner"], "es": ["columna(s) score", "home, partner"]}, ("score", "home, partner")),
    "corridor without a home": (_match(CORRIDORS.assign(home=["A", None, "C"])),
        "Corridor 2 has no home; every corridor joins two named territories.", {
        "fr": ["corridor 2", "valeur dans home"], "es": ["corredor 2", "valor en home"]}, ("home",)),
    "no corridors at all": (_match(CORRIDORS.iloc[:0]),
        "The corridor table is empty: list at least one possible pair.", {
        "fr": ["vide"], "es": ["vacía"]}, ()),
    "partners' scores in a column that is not there": (_match(method="stable", partner_score_column="their_score"),
        "The corridor table has no column 'their_score' for the partners' scores.", {
        "fr": ["'their_score'", "partenaires"], "es": ["'their_score'", "socios"]}, ()),
    # m4d.partners.criteria
    "criterion direction 'up'": (_criterion(direction="up"),
        "Criterion 'budget': direction 'up' is not understood. Use 'more' (more is better) or 'less' (less is "
        "better).", {
        "fr": ["'budget'", "'up'", "'more'", "'less'"], "es": ["'budget'", "'up'", "'more'", "'less'"]},
        ("budget", "more", "less")),
    "scale upside down": (_criterion(lower=2.5, upper=1.5),
        "Criterion 'budget': the lower end of its scale (2.5) must be below the upper end (1.5).", {
        "fr": ["'budget'", "({2.5})", "({1.5})"], "es": ["'budget'", "({2.5})", "({1.5})"]}, ("budget",)),
    "scale with one end": (_criterion(lower=0),
        "Criterion 'budget': give both ends of its scale (lower and upper) or neither.", {
        "fr": ["'budget'", "inférieure et supérieure"], "es": ["'budget'", "inferior y superior"]}, ("budget",)),
    "unknown criterion": (_call("m4d.partners.criteria", "as_criteria", ["size"]),
        "'size' is not a known criterion. Use one of migrant_group, associations, dc_experience, resources, "
        "proximity, distance_km or describe your own with Criterion(key, label, direction).", {
        "fr": ["'size'", "critère connu", "Criterion(key, label, direction)"],
        "es": ["'size'", "criterio conocido", "Criterion(key, label, direction)"]},
        ("size", "associations", "resources", "proximity", "Criterion(key, label, direction)")),
    "no criterion": (_call("m4d.partners.criteria", "as_criteria", []),
        "Choose at least one criterion to compare candidates on.", {
        "fr": ["au moins un critère"], "es": ["al menos un criterio"]}, ()),
    "criterion value written in words": (_rank(_with_text_value),
        "Candidate 'al_hoceima': the value 'many' for 'Migrant and diaspora associations' is not a number.", {
        "fr": ["'al_hoceima'", "'many'", "'Associations de migrants", "nombre"],
        "es": ["'al_hoceima'", "'many'", "'Asociaciones de migrantes", "número"]}, ("many",)),
    # m4d.partners.normalisation
    "criterion with a gap": (_normalise_with_a_gap,
        "'Migrant and diaspora associations' has a missing value; fill it in or leave the criterion out.", {
        "fr": ["'Associations de migrants", "valeur"], "es": ["'Asociaciones de migrantes", "valor"]}, ()),
    # m4d.partners.ranking
    "no identifier column": (_rank(id_column="code"),
        f"The candidate table has no identifier column 'code'. Its columns are: {CANDIDATE_COLUMNS}.", {
        "fr": ["colonne d'identifiant 'code'", "partner, name"], "es": ["columna de identificador 'code'",
                                                                       "partner, name"]}, ("code", CANDIDATE_COLUMNS)),
    "candidate listed twice": (_rank(lambda: pd.concat([_candidates(), _candidates().iloc[:1]])),
        "The candidate 'al_hoceima' appears more than once; list each candidate once.", {
        "fr": ["candidat 'al_hoceima'", "plusieurs fois"], "es": ["candidato 'al_hoceima'", "más de una vez"]}, ()),
    "candidates that are not a table": (_rank(lambda: [1, 2]),
        "Give the candidates as a table (a pandas DataFrame), one row per candidate.", {
        "fr": ["DataFrame pandas", "candidat"], "es": ["DataFrame de pandas", "candidato"]}, ("pandas", "DataFrame")),
    # m4d.partners.screening
    "must-have that no value meets": (_must_have(minimum=2.5, maximum=1),
        "The must-have on 'associations' asks for at least 2.5 and at most 1: no value can meet both.", {
        "fr": ["critère obligatoire", "'associations'", "au moins {2.5}", "au plus 1"],
        "es": ["requisito obligatorio", "'associations'", "como mínimo {2.5}", "como máximo 1"]}, ("associations",)),
    "must-have without a bound": (_must_have(),
        "The must-have on 'associations' needs a minimum, a maximum or both.", {
        "fr": ["'associations'", "minimum", "maximum"], "es": ["'associations'", "mínimo", "máximo"]},
        ("associations", "minimum", "maximum")),
    "must-have bound written in words": (_must_have(minimum="one"),
        "The must-have on 'associations': 'one' is not a number.", {
        "fr": ["'associations'", "'one'", "nombre"], "es": ["'associations'", "'one'", "número"]},
        ("associations", "one")),
    "must-have on a column that is not there": (_missing_must_have,
        "The must-have 'twinning at least 1' refers to the column 'twinning', which the candidate table does not "
        f"have. Its columns are: {CANDIDATE_COLUMNS}.", {
        "fr": ["'twinning au moins 1'", "colonne 'twinning'"], "es": ["'twinning al menos 1'", "columna 'twinning'"]},
        ("twinning", CANDIDATE_COLUMNS)),
    # m4d.partners.corridors
    "territory spelt wrong": (_call("m4d.partners.corridors", "territory_id", "Schaerbek"),
        "'Schaerbek' is not a territory of the course data. Did you mean Schaerbeek?", {
        "fr": ["'Schaerbek'", "Vouliez-vous dire Schaerbeek\u00a0?"], "es": ["'Schaerbek'", "¿Quería decir Schaerbeek?"]},
        ("Schaerbek", "Schaerbeek")),
    "territory that is only a partner": (_partner_of_others,
        f"'al_hoceima' has no candidate partners in the course data; it is a partner of other territories. Home "
        f"territories with candidates: {HOMES}.", {
        "fr": ["'al_hoceima'", "partenaires candidats", "Schaerbeek, Tuscany"],
        "es": ["'al_hoceima'", "socios candidatos", "Schaerbeek, Tuscany"]}, (HOMES,)),
    # m4d.partners.sensitivity
    "spread of 150 %": (_stability(spread=1.5),
        "The spread must be a number from 0 up to (not including) 1, not 1.5.", {
        "fr": ["amplitude", "1.5"], "es": ["amplitud", "1.5"]}, ()),
    "no draws": (_stability(draws=0),
        "The number of draws must be a whole number of at least 1, not 0.", {
        "fr": ["tirages", "au moins 1"], "es": ["extracciones", "al menos 1"]}, ()),
    # m4d.partners.widget
    "widget weight for an unknown criterion": (_call("m4d.partners.widget", "PartnerMatchingWidget",
                                                     weights={"size": 2}),
        "The widget has no criterion size; use migrant_group, associations, dc_experience, resources, proximity, "
        "distance_km.", {"fr": ["critère size", "migrant_group"], "es": ["criterio size", "migrant_group"]},
        ("widget", "size", "associations", "resources", "proximity")),
    "widget must-have that it does not offer": (_call("m4d.partners.widget", "PartnerMatchingWidget",
                                                      must_haves=["twinning"]),
        "The widget offers no must-have on twinning; use associations, dc_experience, resources.", {
        "fr": ["critère obligatoire sur twinning", "associations, dc_experience"],
        "es": ["requisito obligatorio sobre twinning", "associations, dc_experience"]},
        ("widget", "twinning", "associations", "resources")),
    # m4d.budget.allocation, m4d.budget.io, m4d.budget.scenarios
    "unknown allocation objective": (lambda: _call("m4d.budget.allocation", "allocate", _plan()[0],
                                                   objective="cheapest")(),
        "Unknown objective 'cheapest'. Choose one of: min_largest_funder, max_own_share.", {
        "fr": ["'cheapest'", "min_largest_funder"], "es": ["'cheapest'", "min_largest_funder"]}, ("cheapest",)),
    "caps of the wrong length": (lambda: _call("m4d.budget.allocation", "allocate", _plan()[0], caps=[1.0])(),
        "caps must give one amount of 0 or more for each funding source, in the plan's order.", {
        "fr": ["caps", "source de financement"], "es": ["caps", "fuente de financiación"]}, ("caps",)),
    "plan workbook that is not there": (_call("m4d.budget.io", "read_plan_excel", "/nonexistent/plan.xlsx"),
        "The file /nonexistent/plan.xlsx does not exist. Check the path.", {
        "fr": ["/nonexistent/plan.xlsx", "n'existe pas"], "es": ["/nonexistent/plan.xlsx", "no existe"]},
        ("/nonexistent/plan.xlsx",)),
    "Excel plan saved as .csv": (lambda: _call("m4d.budget.io", "write_plan_excel", _plan()[0], "/tmp/plan.csv")(),
        "plan.csv: an Excel plan is saved as a .xlsx file.", {
        "fr": ["plan.csv\u00a0:", ".xlsx"], "es": ["plan.csv:", ".xlsx"]}, ("plan.csv", "xlsx", "Excel")),
    "withdrawal of a funder not in the plan": (_withdraw("bank"),
        f"There is no funding source 'bank' in the plan. Sources: {PLAN_SOURCES}.", {
        "fr": ["source de financement 'bank'", "own_cash"], "es": ["fuente de financiación 'bank'", "own_cash"]},
        ("bank", PLAN_SOURCES)),
    "cut typed as a percentage": (_withdraw(None, cut=50),
        "The cut is a share between 0 and 1 (a withdrawal is 1, a cut by half is 0.5), not 50.", {
        "fr": ["réduction", "0,5", "non 50"], "es": ["recorte", "0,5", "no 50"]}, ()),
    # m4d.cases.library, m4d.cases.search
    "example named in words": (_cases("case", "eleven"),
        "An example is named by its number (1 to 28), not 'eleven'.", {
        "fr": ["numéro", "'eleven'"], "es": ["número", "'eleven'"]}, ("eleven",)),
    "example that is not in the library": (_cases("case", 99),
        "There is no Example 99 in the case library; the examples run from 1 to 28.", {
        "fr": ["exemple 99", "de 1 à 28"], "es": ["ejemplo 99", "del 1 al 28"]}, ()),
    "vocabulary of a free-text column": (_call("m4d.cases.library", "vocabulary", "title"),
        "The column 'title' is free text and has no fixed vocabulary.", {
        "fr": ["colonne 'title'", "texte libre"], "es": ["columna 'title'", "texto libre"]}, ("title",)),
    "world region that is not in the library": (_cases("filter_cases", world_region="Oceania"),
        f"'Oceania' is not a world region of the case library. Choose from: {REGIONS}.", {
        "fr": ["'Oceania'", "région du monde", "Africa, Asia"], "es": ["'Oceania'", "región del mundo", "Africa, Asia"]},
        ("Oceania", REGIONS)),
    "kind of initiative that is not in the library": (_cases("filter_cases", initiative_kind="fair"),
        "'fair' is not a initiative kind of the case library. Choose from: ", {
        "fr": ["'fair'", "type d'initiative"], "es": ["'fair'", "tipo de iniciativa"]}, ("fair",)),
    "filter that does not exist": (_cases("filter_cases", colour="red"),
        "Cases cannot be filtered by 'colour'. Filters: sector, direction, initiative_kind, world_region, actor_type, "
        "country, follows_corridor.", {
        "fr": ["'colour'", "Filtres\u00a0:"], "es": ["'colour'", "Filtros:"]},
        ("colour", "sector, direction, initiative_kind, world_region, actor_type, country")),
    "corridor filter given as text": (_cases("filter_cases", follows_corridor="yes"),
        "follows_corridor is True, False or None (no filter).", {
        "fr": ["True, False ou None"], "es": ["True, False o None"]}, ("True", "False", "None")),
    # m4d.desk_review
    "desk review of a place spelt wrong": (_call("m4d.desk_review", "trend_table",
                                                 pd.DataFrame({"area": ["Lyon"], "migrants": [5], "year": [2020]}),
                                                 ["Lion"]),
        "No rows for 'Lion'; check the spelling against the source's names (for example Lyon).", {
        "fr": ["'Lion'", "orthographe", "Lyon"], "es": ["'Lion'", "ortografía", "Lyon"]}, ("Lion", "Lyon")),
    "desk review without its year column": (_call("m4d.desk_review", "trend_table",
                                                  pd.DataFrame({"area": ["Lyon"], "migrants": [5]}), ["Lyon"]),
        "The table has no column 'year'; its columns are area, migrants.", {
        "fr": ["colonne 'year'", "area, migrants"], "es": ["columna 'year'", "area, migrants"]},
        ("year", "area, migrants")),
    # m4d.self_assessment.answers
    "answer to a question that does not exist": (_call("m4d.self_assessment", "check_answers", {"Q99": "in_place"}),
        "self-assessment: there is no question 'Q99'; the questions are R1 to O4 (see "
        "m4d.self_assessment.questions()).", {
        "fr": ["autoévaluation\u00a0:", "'Q99'", "R1 à O4"], "es": ["autoevaluación:", "'Q99'", "R1 a la O4"]},
        ("m4d.self_assessment.questions()",)),
    "answer that is not on the scale": (lambda: _call("m4d.self_assessment", "check_answers",
                                                      {_first_question(): "maybe"})(),
        f"self-assessment, question R1: 'maybe' is not an answer. Use one of: {ANSWER_CODES}.", {
        "fr": ["question R1", "'maybe'", "in_place (En place)"], "es": ["pregunta R1", "'maybe'", "in_place (Existe)"]},
        ("maybe", "not_in_place", "started", "in_place", "reviewed", "dont_know")),
    "answers that are not a table": (_call("m4d.self_assessment", "check_answers", ["in_place"]),
        "self-assessment: give the answers as a dict from question id to answer, or as a table.", {
        "fr": ["autoévaluation", "dict"], "es": ["autoevaluación", "dict"]}, ("dict",)),
    # m4d.agenda.explorer, m4d.agenda.course_map
    "link to a theme the course does not have": (_links("gcm_sdg_links", 0, "themes", ["sport"]),
        "gcm_sdg_links, row 2, column themes: 'sport' is not a course theme. Themes: ", {
        "fr": ["gcm_sdg_links, ligne 2, colonne themes", "'sport'"], "es": ["gcm_sdg_links, fila 2, columna themes",
                                                                           "'sport'"]}, ("sport", "themes")),
    "example linked to objective 24": (_links("local_action_examples", 0, "gcm_objectives", ["24"]),
        "local_action_examples, row 2, column gcm_objectives: '24' is not a GCM objective number (1 to 23).", {
        "fr": ["ligne 2", "'24'", "Pacte mondial", "(1 à 23)"], "es": ["fila 2", "'24'", "Pacto Mundial", "(1 a 23)"]},
        ()),
    "lesson that is not in the course": (_call("m4d.agenda.course_map", "course_place", "m9_99"),
        "'m9_99' is neither a lesson nor a module of the course. Use one of: ", {
        "fr": ["'m9_99'", "leçon", "module"], "es": ["'m9_99'", "lección", "módulo"]}, ()),
    # m4d.process.steps, m4d.figures, m4d.agreements.elements
    "seven steps of an unknown track": (_call("m4d.process.steps", "seven_steps", "old_partnership"),
        "Unknown track 'old_partnership': use 'new_partnership' or 'existing_partnership'.", {
        "fr": ["'old_partnership'", "'new_partnership' ou 'existing_partnership'"],
        "es": ["'old_partnership'", "'new_partnership' o 'existing_partnership'"]}, ()),
    "figure without alternative text": (_figure,
        "Every figure needs alternative text (alt=...) that says what it shows.", {
        "fr": ["texte alternatif", "alt=..."], "es": ["texto alternativo", "alt=..."]}, ("alt",)),
    "agreement mode 'draft'": (_call("m4d.agreements.elements", "check_mode", "draft"),
        "Unknown agreement mode 'draft': use 'new' for a new partnership agreement or 'revision' for revising an "
        "existing one to include migration.", {
        "fr": ["'draft'", "'new'", "'revision'", "accord de partenariat"],
        "es": ["'draft'", "'new'", "'revision'", "acuerdo de asociación"]}, ("draft", "new", "revision")),
}

#: Words that French or Spanish share with the English sentences above ("plan", Spanish "use": "use it"; a
#: criterion's French label "Associations de migrants et de la diaspora").
COGNATES = {"fr": {"plan", "source", "sources", "question", "questions", "module", "mode", "minimum", "maximum",
                   "widget", "excel", "corridor", "possible", "scores", "associations", "diaspora", "initiative", "place", "figure",
                   "migration"},
            "es": {"plan", "use", "widget", "excel", "sector"}}




def _english_words_left(english: str, message: str, language: str, codes) -> list[str]:
    """The words of the English sentence (three letters or more, codes left out) that its translation holds."""
    for code in sorted(codes, key=len, reverse=True):
        english, message = english.replace(code, " "), message.replace(code, " ")
    words = {w.lower() for w in re.findall(r"\b[A-Za-z]{3,}\b", english)} - COGNATES[language]
    return sorted(w for w in words if re.search(rf"\b{w}\b", message, re.IGNORECASE))


@pytest.mark.parametrize("mistake", list(CASES))
def test_english_messages_are_what_the_toolbox_said_before(mistake):
    case, english, _, _ = CASES[mistake]
    message = raised_message(case, "en")
    # Two cases end with a long course vocabulary: the sentence before it is what is checked.
    assert message == english if english.endswith((".", "?")) else message.startswith(english), message


@pytest.mark.parametrize("language", ("fr", "es"))
@pytest.mark.parametrize("mistake", list(CASES))
def test_a_mistake_is_explained_in_the_readers_language(mistake, language):
    case, english, expected, codes = CASES[mistake]
    message = raised_message(case, language)
    english_message = raised_message(case, "en")
    assert message != english_message
    for fragment in expected[language]:
        assert with_babel_numbers(fragment, language) in message, (fragment, message)
    # The vocabulary a sentence lists (sectors, lessons, themes, kinds of initiative) is codes: left out of the count.
    codes = (*codes, *([english_message[len(english):]] if not english.endswith((".", "?")) else []))
    assert not _english_words_left(english_message, message, language, codes), message
    if language == "fr":
        assert not re.search(r" [:;?!]", message), message


def test_a_number_the_toolbox_writes_follows_the_readers_language():
    # -1500 with the reader's group separator: a narrow no-break space in French, a full stop in Spanish.
    case = CASES["negative capacity for every home territory"][0]
    assert "-1\u202f500" in raised_message(case, "fr")
    assert "-1.500" in raised_message(case, "es")
    assert "-1500;" in raised_message(case, "en")


def test_the_matching_names_each_side_in_its_own_sentence():
    home = raised_message(_match(home_capacity={"A": 1}), "fr")
    partner = raised_message(_match(partner_capacity={"B": 1}), "fr")
    assert "territoire d'origine 'C'" in home and "chaque territoire d'origine" in home
    assert "territoire partenaire 'D'" in partner and "chaque territoire partenaire" in partner


# --- the commands: `m4d partners` and `m4d budget` print the same translated messages ----------------------------

def _run(lang, argv, capsys):
    from m4d.cli import main

    with use_language(lang):
        code = main(argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("lang, words", [
    ("en", "'Schaerbek' is not a territory of the course data. Did you mean Schaerbeek?"),
    ("fr", "'Schaerbek' n'est pas un territoire des données du cours. Vouliez-vous dire Schaerbeek\u00a0?"),
    ("es", "'Schaerbek' no es un territorio de los datos del curso. ¿Quería decir Schaerbeek?")])
def test_a_misspelt_home_territory_is_explained_in_the_readers_language(lang, words, capsys):
    code, err = _run(lang, ["partners", "rank", "--home", "Schaerbek"], capsys)
    assert code == 2 and words in err


@pytest.mark.parametrize("lang, words", [
    ("en", "The pair 'A' - 'B' is listed more than once; list each corridor once."),
    ("fr", "La paire 'A' - 'B' figure plusieurs fois\u00a0; indiquez chaque corridor une seule fois."),
    ("es", "El par 'A' - 'B' aparece más de una vez; indique cada corredor una sola vez.")])
def test_a_corridor_listed_twice_is_explained_in_the_readers_language(tmp_path, lang, words, capsys):
    corridors = tmp_path / "corridors.csv"
    pd.concat([CORRIDORS, CORRIDORS.iloc[:1]]).to_csv(corridors, index=False)
    code, err = _run(lang, ["partners", "match", str(corridors)], capsys)
    assert code == 2 and words in err


@pytest.mark.parametrize("lang, words", [
    ("en", "There is no funding source 'bank' in the plan. Sources: own_cash,"),
    ("fr", "Le plan n'a pas de source de financement 'bank'. Sources\u00a0: own_cash,"),
    ("es", "El plan no tiene ninguna fuente de financiación 'bank'. Fuentes: own_cash,")])
def test_withdrawing_a_funder_not_in_the_plan_is_explained_in_the_readers_language(lang, words, capsys):
    code, err = _run(lang, ["budget", "withdraw", "bank"], capsys)
    assert code == 2 and words in err


@pytest.mark.parametrize("lang, words", [
    ("en", "does not exist. Check the path."), ("fr", "n'existe pas. Vérifiez le chemin."),
    ("es", "no existe. Compruebe la ruta.")])
def test_a_plan_workbook_that_is_not_there_is_explained_in_the_readers_language(tmp_path, lang, words, capsys):
    code, err = _run(lang, ["budget", "check", "--excel", str(tmp_path / "plan.xlsx")], capsys)
    assert code == 2 and words in err and "plan.xlsx" in err

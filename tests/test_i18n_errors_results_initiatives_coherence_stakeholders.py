"""What a practitioner who typed a bad value into a results framework, an initiative plan, a policy-coherence
matrix or a stakeholder map is told, in French, Spanish and English.

Each case feeds the toolbox's own public function one mistake a person makes (a level typed "goal", a year typed
"next year", a share of 50 for 0.5, a plan file saved as .txt, an actor listed twice ...). In French and Spanish
the message must be the catalogue's translation (none of the English sentence's words left), still name the
column or setting and the wrong value as the user typed it, and say how to fix it; a number the toolbox computed
is written as Babel writes it in that language. In English the message is word for word what the toolbox said
before these messages were translated.
"""
from __future__ import annotations

import pandas as pd
import pytest

from m4d.i18n import use_language
from tests.input_error_messages import raised_message, with_babel_numbers

#: Words of the English sentences that a translation must not keep.
ENGLISH_WORDS = (" must ", " is not ", " the ", " of ", " every ", " cannot ", " has no ", " needs ", " twice",
                 " which ", " add ", " there is ", " a number")

RESULTS = [{"result_id": "I1", "level": "impact", "statement": "Better maternal health"},
           {"result_id": "O1", "level": "outcome", "statement": "More women use antenatal care",
            "contributes_to": "I1"}]
INDICATOR = {"indicator_id": "K1", "result_id": "O1", "definition": "Share of women with four visits",
             "unit": "percent", "baseline": 40, "baseline_year": 2026, "target": 50, "target_year": 2028,
             "source": "S1", "frequency": "yearly"}
SOURCES = [{"source_id": "S1", "name": "Household survey", "method": "survey", "records": "sex",
            "interviews": 400, "margin": 0.1, "confidence": 0.95, "design_effect": 1.5}]
GROUPS = [{"variable": "sex", "group": "women", "share": 0.5}, {"variable": "sex", "group": "men", "share": 0.5}]


def _framework(results=RESULTS, indicators=(INDICATOR,), start=2026, end=2028):
    from m4d.results import build_framework

    return lambda: build_framework(results, list(indicators), start_year=start, end_year=end)


def _result(**changes):
    return [RESULTS[0], dict(RESULTS[1], **changes)]


def _indicator(**changes):
    return _framework(indicators=[dict(INDICATOR, **changes)])


def _collection(sources=SOURCES, groups=GROUPS):
    from m4d.results import build_collection_plan

    return lambda: build_collection_plan(sources, groups)


def _source(**changes):
    return _collection(sources=[dict(SOURCES[0], **changes)])


def _no_shares():
    from m4d.results import build_collection_plan, minimum_interviews

    plan = build_collection_plan(SOURCES, GROUPS)
    return minimum_interviews(plan, "S1", ["age"])


def _check_settings():
    from m4d.results import CheckSettings

    return CheckSettings(max_points_per_year=-5)


def _workbook_without_indicators(tmp):
    def case():
        from m4d.results.io import read_framework_excel

        path = tmp / "framework.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            pd.DataFrame({"field": ["start_year", "end_year"], "value": [2026, 2028]}).to_excel(
                writer, sheet_name="about", index=False)
            pd.DataFrame(RESULTS).to_excel(writer, sheet_name="results", index=False)
        return read_framework_excel(path)
    return case


def _course_plan(name):
    from m4d.initiatives.course_plans import course_plan

    return lambda: course_plan(name)


def _plan_file(tmp, name, text=""):
    def case():
        from m4d.initiatives.export import read_plan

        path = tmp / name
        path.write_text(text, encoding="utf-8")
        return read_plan(path)
    return case


def _markdown_without_plan_table():
    from m4d.initiatives.export import read_plan_markdown

    return read_plan_markdown("# A plan\n\n## Notes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")


def _part_with_a_wrong_header():
    from m4d.initiatives.export import part_from_text

    return part_from_text("id | what\nO1 | Better services", "objectives")


def _explore(**selections):
    from m4d.initiatives.explorer import explore_cases

    return lambda: explore_cases(**selections)


def _start(**kw):
    from m4d.initiatives import start_plan

    return lambda: start_plan("health", "peer_learning", **{"start": "2026-01-01", **kw})


def _budget_of_a_plan_without_costs():
    from m4d.initiatives import course_plan, plan_to_dict, to_budget_plan

    data = plan_to_dict(course_plan())
    data["cost_lines"] = []
    return to_budget_plan(data)


def _coherence_table(rows, **kw):
    from m4d.coherence import matrix_from_table

    return lambda: matrix_from_table(pd.DataFrame(rows, columns=["sector", "level", "mark"]), **kw)


def _blank(sectors, levels):
    from m4d.coherence import blank_matrix

    return lambda: blank_matrix(sectors, levels)


def _coherence_widget_with_other_sectors():
    from m4d.coherence import CoherenceMatrixWidget, blank_matrix

    widget = CoherenceMatrixWidget(blank_matrix(["housing", "health"], ["local", "national"]))
    widget.load(blank_matrix(["housing"], ["local", "national"]))


ACTORS = pd.DataFrame({"actor": ["p", "a"], "label": ["Partnership", "Association"], "kind": ["partnership", "diaspora"]})
LINKS = pd.DataFrame({"source": ["a"], "target": ["p"], "role": ["takes part"]})


def _graph(actors=ACTORS, links=LINKS):
    from m4d.stakeholders import graph_from_tables

    return lambda: graph_from_tables(actors, links)



# Each case: the mistake, the English sentence it must still give word for word (None: only its start is
# checked), then what the French and Spanish message must hold. ``{number}`` fragments are numbers written
# with Babel; the rest are the words a reader needs (the column, their own text, the fix).
CASES = {
    # results/model.py
    "result level typed as goal": (_framework(results=_result(level="goal")),
        "results framework, results, row 3, column level: 'goal' is not a level of the results chain. Use one of: "
        "input, activity, output, outcome, impact.", {
        "fr": ["cadre de résultats, tableau des résultats (results), ligne 3, colonne level", "'goal'",
               "chaîne des résultats", "input, activity"],
        "es": ["marco de resultados, tabla de resultados (results), fila 3, columna level", "'goal'",
               "cadena de resultados", "input, activity"]}),
    "result without a statement": (_framework(results=_result(statement="")),
        None, {"fr": ["colonne statement", "O1", "énoncé"], "es": ["columna statement", "O1", "enunciado"]}),
    "result identifier used twice": (_framework(results=_result(result_id="I1")),
        "results framework, results, row 3, column result_id: 'I1' is used twice; give each result its own "
        "identifier.", {"fr": ["'I1'", "deux fois", "identifiant"], "es": ["'I1'", "dos veces", "identificador"]}),
    "outcome that skips a level": (_framework(results=RESULTS + [{"result_id": "A1", "level": "activity",
                                                                   "statement": "Visits", "contributes_to": "O1"}]),
        "results framework, results, row 4, column contributes_to: A1 is an activity and contributes to O1, which "
        "is an outcome. In a results chain an activity leads to an output.", {
        "fr": ["A1", "niveau activity", "niveau outcome", "niveau output"],
        "es": ["A1", "nivel activity", "nivel outcome", "nivel output"]}),
    "result contributing to an unknown one": (_framework(results=_result(contributes_to="I9")),
        None, {"fr": ["'I9'", "I1, O1"], "es": ["'I9'", "I1, O1"]}),
    "results table without a level column": (_framework(results=[{"result_id": "O1", "statement": "x"}]),
        "results framework, results: the results table lacks the column(s) level. Expected columns: result_id, "
        "level, statement.", {"fr": ["la colonne level", "result_id, level, statement"],
                               "es": ["la columna level", "result_id, level, statement"]}),
    "baseline typed as words": (_indicator(baseline="about forty"),
        "results framework, indicators, row 2, column baseline: 'about forty' is not a number. Write it as 12 or "
        "12.5 (leave the cell empty if it is not known yet).", {
        "fr": ["tableau des indicateurs (indicators), ligne 2, colonne baseline", "'about forty'", "nombre"],
        "es": ["tabla de indicadores (indicators), fila 2, columna baseline", "'about forty'", "número"]}),
    "target year typed as words": (_indicator(target_year="2027.5"),
        None, {"fr": ["colonne target_year", "'2027.5'", "année", "2027"],
               "es": ["columna target_year", "'2027.5'", "año", "2027"]}),
    "GCM objective 24": (_indicator(gcm_objectives="24"),
        "results framework, indicators, row 2, column gcm_objectives: the GCM has objectives 1 to 23; '24' is not "
        "one of them.", {"fr": ["'24'", "Pacte mondial", "1 à 23"], "es": ["'24'", "Pacto Mundial", "1 a 23"]}),
    "unknown SDG target": (_indicator(sdg_targets="99.1"),
        None, {"fr": ["'99.1'", "ODD", "10.7"], "es": ["'99.1'", "ODS", "10.7"]}),
    "unknown breakdown": (_indicator(disaggregation="religion"),
        None, {"fr": ["'religion'", "ventilation", "migration_status"], "es": ["'religion'", "desglose",
                                                                             "migration_status"]}),
    "unknown frequency": (_indicator(frequency="sometimes"),
        "results framework, indicators, row 2, column frequency: 'sometimes' is not a frequency the course knows. "
        "Use one of: monthly, quarterly, twice a year, yearly, baseline and end, baseline, mid-term and end.", {
        "fr": ["'sometimes'", "fréquence", "monthly"], "es": ["'sometimes'", "frecuencia", "monthly"]}),
    "indicator without a unit": (_indicator(unit=""),
        None, {"fr": ["colonne unit", "K1", "unité"], "es": ["columna unit", "K1", "unidad"]}),
    "indicator of an unknown result": (_indicator(result_id="O7"),
        None, {"fr": ["K1", "'O7'", "I1, O1"], "es": ["K1", "'O7'", "I1, O1"]}),
    "negative fastest change": (_indicator(max_change_per_year=-2.5),
        "results framework, indicators, row 2, column max_change_per_year: the fastest plausible change per year "
        "must be above 0, not -2.5; leave it empty to use the course default.", {
        "fr": ["max_change_per_year", "{-2.5}", "supérieur à 0"], "es": ["max_change_per_year", "{-2.5}", "mayor que 0"]}),
    "years swapped": (_framework(start=2028, end=2026),
        "results framework: the initiative ends in 2026, before it starts in 2028; swap the years.", {
        "fr": ["2026", "2028", "intervertissez"], "es": ["2026", "2028", "intercambie"]}),
    # results/collection.py
    "unknown collection method": (_source(method="poll"),
        "data collection plan, sources, row 2, column method: 'poll' is not a method the course knows. Use one of: "
        "survey, records, meetings, other.", {
        "fr": ["plan de collecte des données, tableau des sources (sources), ligne 2, colonne method", "'poll'"],
        "es": ["plan de recolección de datos, tabla de fuentes (sources), fila 2, columna method", "'poll'"]}),
    "survey without interviews": (_source(interviews=None),
        None, {"fr": ["S1", "entretiens réalisés"], "es": ["S1", "entrevistas completas"]}),
    "margin of error of 150": (_source(margin=150),
        "data collection plan, sources, row 2, column margin: the margin of error of a group's estimate is a "
        "fraction such as 0.10 for ±10 points, not 150.", {
        "fr": ["marge d'erreur", "0,10", "150"], "es": ["margen de error", "0,10", "150"]}),
    "design effect of 0": (_source(design_effect=0),
        None, {"fr": ["effet de plan", "1,5", "grappes"], "es": ["efecto de diseño", "1,5", "conglomerados"]}),
    "group share typed as 50": (_collection(groups=[dict(GROUPS[0], share=50), GROUPS[1]]),
        "data collection plan, groups, row 2, column share: the expected share of 'women' among the people "
        "interviewed is a fraction above 0 and at most 1 (did you mean 0.5?).", {
        "fr": ["'women'", "{0.5}", "vouliez-vous dire"], "es": ["'women'", "{0.5}", "quería decir"]}),
    "group shares that do not add up": (_collection(groups=[GROUPS[0], dict(GROUPS[1], share=0.3)]),
        "data collection plan, groups: the shares of the groups of sex add up to 80 %, not 100 %. Correct them so "
        "that every person interviewed is in one group.", {"fr": ["sex", "80 %"], "es": ["sex", "80 %"]}),
    "group listed twice": (_collection(groups=[GROUPS[0], GROUPS[0]]),
        None, {"fr": ["'women'", "sex", "deux fois"], "es": ["'women'", "sex", "dos veces"]}),
    "breakdown without group shares": (_no_shares,
        "The plan gives no group shares for age group; add them to its groups.", {
        "fr": ["tranche d'âge"], "es": ["grupo de edad"]}),
    # results/checks.py, results/io.py
    "negative fastest change in the check settings": (_check_settings,
        "max_points_per_year must be a number above 0, not -5.", {
        "fr": ["max_points_per_year", "-5", "supérieur à 0"], "es": ["max_points_per_year", "-5", "mayor que 0"]}),
    # initiatives
    "unknown course plan": (_course_plan("dakar"),
        None, {"fr": ["'dakar'", "tuscany_kasserine"], "es": ["'dakar'", "tuscany_kasserine"]}),
    "Markdown without the plan table": (_markdown_without_plan_table,
        "Markdown plan: no table headed 'Plan' (with the title, sector, kind and dates). Keep the heading and "
        "table the export wrote.", {"fr": ["plan Markdown", "'Plan'", "titre"],
                                    "es": ["plan en Markdown", "'Plan'", "título"]}),
    "part text with a wrong header": (_part_with_a_wrong_header,
        None, {"fr": ["planificateur", "'id | what'", "en-tête"], "es": ["planificador", "'id | what'", "encabezado"]}),
    "explorer sector that does not exist": (_explore(sector="space travel"),
        None, {"fr": ["'space travel'", "secteur", "Choisissez"], "es": ["'space travel'", "sector", "Elija"]}),
    "explorer region that does not exist": (_explore(world_region="Atlantis"),
        "'Atlantis' is not a world region the explorer knows. Choose from: " , {
        "fr": ["'Atlantis'", "région du monde"], "es": ["'Atlantis'", "región del mundo"]}),
    "explorer filter that does not exist": (_explore(colour="red"),
        "The explorer cannot filter by 'colour'. Filters: sector, kind, direction, world_region, actor_type, "
        "funding_source, query.", {"fr": ["'colour'", "filtrer"], "es": ["'colour'", "filtrar"]}),
    "initiative of 0 months": (_start(months=0),
        "months is the length of the initiative, a whole number from 1 to 120, not 0.", {
        "fr": ["months", "1 à 120"], "es": ["months", "1 a 120"]}),
    "unknown sector of Module 4": (lambda: __import__("m4d.initiatives", fromlist=["x"]).sector_code("space"),
        None, {"fr": ["'space'", "module 4"], "es": ["'space'", "módulo 4"]}),
    "plan without cost lines for the budget": (_budget_of_a_plan_without_costs,
        None, {"fr": ["cost_lines", "budget"], "es": ["cost_lines", "presupuesto"]}),
    # coherence
    "coherence sector named twice": (_blank(["housing", "housing"], ["local"]),
        "The sector 'housing' appears twice: each sector may appear only once.", {
        "fr": ["secteur 'housing'", "deux fois"], "es": ["sector 'housing'", "dos veces"]}),
    "coherence level without a name": (_blank(["housing"], [""]),
        None, {"fr": ["niveau", "local"], "es": ["nivel", "local"]}),
    "coherence cell marked twice": (_coherence_table([("housing", "local", "helps"), ("housing", "local", "hinders")]),
        "Row 3: housing at the local level is marked twice; keep one row for it.", {
        "fr": ["Ligne 3", "housing au niveau local"], "es": ["Fila 3", "housing en el nivel local"]}),
    "coherence cell without a mark": (_coherence_table([("housing", "local", "helps"), ("health", "national", "helps")]),
        "housing has no mark at the national level: add a row 'housing,national,<helps|ignores|hinders>' to the "
        "table.", {"fr": ["housing", "national", "'housing,national,<helps|ignores|hinders>'"],
                   "es": ["housing", "national", "'housing,national,<helps|ignores|hinders>'"]}),
    "coherence level not in the given levels": (_coherence_table([("housing", "town", "helps")], levels=["local"]),
        "Unknown level 'town' in the table. Known levels: local.", {
        "fr": ["'town'", "Niveaux connus"], "es": ["'town'", "Niveles conocidos"]}),
    "coherence table without a mark column": (lambda: __import__("m4d.coherence", fromlist=["x"]).matrix_from_table(
        pd.DataFrame({"sector": ["housing"], "level": ["local"]})), None, {
        "fr": ["la colonne mark", "sector, level et mark"], "es": ["la columna mark", "sector, level y mark"]}),
    "coherence widget loaded with other sectors": (_coherence_widget_with_other_sectors,
        "The new matrix must have the same sectors and levels as the widget: sectors housing, health; levels "
        "local, national.", {"fr": ["housing, health", "local, national"], "es": ["housing, health", "local, national"]}),
    # stakeholders
    "actor listed twice": (_graph(actors=pd.concat([ACTORS, ACTORS.iloc[[1]]])),
        "The actor 'a' appears twice; each actor is listed once.", {
        "fr": ["L'acteur 'a'", "deux fois"], "es": ["El actor 'a'", "dos veces"]}),
    "actor of an unknown kind": (_graph(actors=ACTORS.assign(kind=["partnership", "bank"])),
        None, {"fr": ["'a'", "'bank'", "diaspora"], "es": ["'a'", "'bank'", "diaspora"]}),
    "link to an actor not on the map": (_graph(links=LINKS.assign(target=["z"])),
        "A link names the actor 'z', which is not in the actors table.", {
        "fr": ["'z'", "tableau des acteurs"], "es": ["'z'", "tabla de actores"]}),
    "links table without a role column": (_graph(links=LINKS.drop(columns="role")),
        "The links table lacks the column(s) role; it needs source, target, role.", {
        "fr": ["tableau des liens", "la colonne role"], "es": ["tabla de vínculos", "la columna role"]}),
    "unknown stakeholder map case": (lambda: __import__("m4d.stakeholders", fromlist=["x"]).stakeholder_graph("nowhere"),
        None, {"fr": ["'nowhere'"], "es": ["'nowhere'"]}),
}




#: Mistakes whose message ends with the values the function accepts, as the course data writes them (English
#: codes such as "twice a year", the explorer's world regions): only the sentence before them is checked.
ENDS_WITH_CODES = {"unknown frequency", "explorer region that does not exist", "explorer sector that does not exist"}


def _english_left(message: str) -> list[str]:
    return [w for w in ENGLISH_WORDS if w.lower() in f" {message} ".lower()]


@pytest.mark.parametrize("language", ("fr", "es"))
@pytest.mark.parametrize("mistake", list(CASES))
def test_a_bad_input_is_explained_in_the_readers_language(mistake, language):
    case, _english, expected = CASES[mistake]
    message = raised_message(case, language)
    english = raised_message(case, "en")
    assert message != english
    for fragment in expected[language]:
        assert with_babel_numbers(fragment, language) in message, (fragment, message)
    sentence = message.rsplit(":", 1)[0] if mistake in ENDS_WITH_CODES else message
    assert not _english_left(sentence), message


@pytest.mark.parametrize("mistake", [m for m, (_c, english, _e) in CASES.items() if english is not None])
def test_english_messages_are_what_the_toolbox_said_before(mistake):
    case, english, _expected_words = CASES[mistake]
    message = raised_message(case, "en")
    if english.endswith(": "):  # a list of the course data's values follows: only the sentence is pinned
        assert message.startswith(english), message
    else:
        assert message == english


def test_a_plan_file_of_another_kind_is_refused_in_the_readers_language(tmp_path):
    case = _plan_file(tmp_path, "plan.txt", "a plan")
    assert raised_message(case, "en") == "plan.txt: a plan is read from a .md, .docx, .xlsx or .json file, not .txt."
    assert raised_message(case, "fr") == ("plan.txt\u00a0: un plan se lit dans un fichier .md, .docx, .xlsx ou .json, "
                                    "et non .txt.")
    assert raised_message(case, "es") == "plan.txt: un plan se lee de un archivo .md, .docx, .xlsx o .json, no .txt."
    no_suffix = _plan_file(tmp_path, "plan", "a plan")
    assert raised_message(no_suffix, "en").endswith("not a file with no extension.")
    assert "sans extension" in raised_message(no_suffix, "fr") and "sin extensión" in raised_message(no_suffix, "es")


def test_a_broken_json_plan_names_the_file_in_the_readers_language(tmp_path):
    case = _plan_file(tmp_path, "plan.json", "{not json")
    assert raised_message(case, "en").startswith("plan.json is not valid JSON (")
    assert raised_message(case, "fr").startswith("plan.json n'est pas un JSON valide (")
    assert raised_message(case, "es").startswith("plan.json no es un JSON válido (")


def test_a_workbook_without_its_indicators_sheet_names_the_sheet(tmp_path):
    case = _workbook_without_indicators(tmp_path)
    english = raised_message(case, "en")
    assert english.startswith("framework.xlsx: the workbook has no sheet 'indicators'. A results framework workbook")
    for language, words in (("fr", "classeur"), ("es", "libro")):
        message = raised_message(case, language)
        assert "'indicators'" in message and words in message, message
        assert not _english_left(message.replace("about, results", "")), message


def test_a_french_message_puts_a_no_break_space_before_its_colon():
    for mistake in ("result level typed as goal", "unknown collection method", "coherence cell without a mark"):
        message = raised_message(CASES[mistake][0], "fr")
        assert " :" not in message and " ;" not in message, message
        assert "\u00a0:" in message, message


def test_a_number_the_toolbox_computed_is_written_the_readers_way():
    # 80 % is computed from the shares the user gave; 1,5 and 0,10 are the toolbox's own examples.
    shares = raised_message(CASES["group shares that do not add up"][0], "fr")
    assert "totalisent 80 %" in shares
    design = raised_message(CASES["design effect of 0"][0], "es")
    assert "entre 1,5 y 2" in design


def test_the_notes_of_a_framework_started_from_a_plan_are_in_the_readers_language():
    from m4d.initiatives import course_plan, plan_to_dict
    from m4d.results import framework_from_plan

    data = plan_to_dict(course_plan())
    data["indicators"][0]["result"] = ""
    with use_language("en"):
        english = framework_from_plan(data).notes
    with use_language("fr"):
        french = framework_from_plan(data).notes
    first = data["indicators"][0]["id"]
    assert f"Indicator {first} measures no result in the plan; it was left out." in english
    assert f"L'indicateur {first} ne mesure aucun résultat du plan\u00a0; il a été laissé de côté." in french
    assert len(french) == len(english)
    assert not [n for n in french if _english_left(n)], french


@pytest.mark.parametrize("language", ("fr", "es"))
def test_the_builder_names_the_place_of_a_bad_baseline_in_the_readers_language(language):
    from m4d.results.widget import ResultsFrameworkBuilder

    shown = {}
    for lang in ("en", language):
        with use_language(lang):
            builder = ResultsFrameworkBuilder()
            builder.choice.value = "K2"
            builder.baseline.value = "thirty"
            shown[lang] = builder.error
    assert shown["en"].startswith("builder, indicators, row ") and "'thirty' is not a number" in shown["en"]
    place = {"fr": "constructeur, tableau des indicateurs (indicators), ligne ",
             "es": "constructor, tabla de indicadores (indicators), fila "}[language]
    assert shown[language].startswith(place), shown[language]
    assert "'thirty'" in shown[language] and not _english_left(shown[language]), shown[language]

"""What a practitioner who gave the survey tools or the data loader a bad file, table or setting is told, in
French, Spanish and English (issue 17).

Each case feeds a public function of :mod:`m4d.survey` or :mod:`m4d.datasets` one real mistake: a CSV saved in
Latin-1, a year typed as a word, a key repeated, a published table with a sub-total row, a questionnaire saved as
.csv, a sample larger than its population... In French and Spanish the message must be the catalogue's sentence
(none of the English sentence's words left), and still name the file, the row, the column or setting and the
wrong value (quoted as the user wrote it); a number the toolbox computed is written as Babel writes it in that
language. In English the message is, word for word, what the toolbox said before these messages were
translated. The last tests run the ``m4d`` command itself.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from m4d.errors import InputError
from m4d.i18n import use_language
from tests.input_error_messages import raised_message, with_babel_numbers

#: Words of the English sentences that a translation must not keep.
ENGLISH_WORDS = (" must ", " is not ", " the ", " of ", " every ", " cannot ", " has ", " have ", " needs ",
                 " does not ", " lacks ", " holds ", " row ", " column ", " is ", " are ", " and ", " with ",
                 " give ", " could not ", " which ", " but ", " above ", " below ")

SCHEMA = {"fields": [{"name": "place", "type": "string", "constraints": {"required": True}},
                     {"name": "year", "type": "year"},
                     {"name": "share", "type": "number", "constraints": {"minimum": 0, "maximum": 1}},
                     {"name": "households", "type": "integer", "constraints": {"minimum": 1}},
                     {"name": "coastal", "type": "boolean"},
                     {"name": "surveyed", "type": "date"},
                     {"name": "stratum", "type": "string", "constraints": {"enum": ["city", "town", "rural"]}}],
          "primaryKey": ["place", "year"]}
GOOD_ROW = "Tozeur,2024,0.25,120,false,2024-05-02,town"
HEADER = "place,year,share,households,coastal,surveyed,stratum"



def _table(tmp, *rows, header=HEADER, name="places.csv"):
    path = tmp / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _datasets():
    from m4d import datasets

    return datasets


def _load(tmp, *rows, **kw):
    from m4d.datasets import load_csv

    return load_csv(_table(tmp, *rows, **kw), SCHEMA)


def _read(tmp, text, required=("stratum", "population"), fields=None):
    from m4d.datasets import read_csv

    path = tmp / "strata.csv"
    path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    return read_csv(path, fields or {"population": "integer"}, required=list(required))


def _suppress(table, **kw):
    from m4d.survey.suppression import suppress

    return lambda tmp: suppress(table, **kw)


def _audit(table, **kw):
    from m4d.survey.suppression import audit

    return lambda tmp: audit(table, **kw)


def _survey(name, *args, **kw):
    import importlib

    module, function = name.rsplit(".", 1)
    return lambda tmp: getattr(importlib.import_module(f"m4d.survey.{module}"), function)(*args, **kw)


def _json(tmp, payload):
    from m4d.survey.public_data import read_remittances

    path = tmp / "remittances.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return read_remittances(path)


def _workbook(tmp, rows, sheet="Table 1"):
    from m4d.survey.public_data import read_migrant_stock

    path = tmp / "stock.xlsx"
    pd.DataFrame(rows).to_excel(path, sheet_name=sheet, header=False, index=False)
    return read_migrant_stock(path)


def _xlsform(tmp, name, **options):
    from m4d.survey.questionnaire import write_xlsform

    return write_xlsform(tmp / name, **options)


PUBLISHED = pd.DataFrame({"f": [4.0, np.nan, 10.0], "m": [np.nan, 6.0, 12.0], "Total": [10.0, 12.0, 22.0]},
                         index=["a", "b", "Total"])
HOUSEHOLDS = pd.DataFrame({"distance_to_centre_km": [1.0, 2.5, -3.0], "association_contact": [True, False, True],
                           "has_member_abroad": [True, False, np.nan], "sex": ["f", None, "m"],
                           "municipality": ["VV01", "VV02", "VV01"], "weight": [1.0, "heavy", 2.0]})
SAMPLE = pd.DataFrame({"y": [1, 0, 1, 1], "weight": [1.0] * 4, "stratum": ["A"] * 4, "N": [2] * 4})

# Each case: the mistake (a function of a temporary folder), then what the French and the Spanish message must
# hold, then (where the English sentence has words of its own beyond its codes) the user's or a library's own
# words that the English-word check leaves out. ``{n}`` fragments are numbers written with Babel.
CASES = {
    # ----- the data loader (m4d.datasets), which every command reading a user's CSV goes through
    "a file that does not exist": (lambda tmp: _datasets().load_csv(tmp / "missing.csv", SCHEMA), {
        "fr": ["missing.csv", "n'existe pas", "Vérifiez le chemin"],
        "es": ["missing.csv", "no existe", "Revise la ruta"]}, ()),
    "a folder instead of a file": (lambda tmp: _datasets().read_csv(tmp), {
        "fr": ["est un dossier", "fichier CSV"], "es": ["es una carpeta", "archivo CSV"]}, ()),
    "a CSV saved in Latin-1": (lambda tmp: _read(tmp, "stratum,population\nBéja,12\n".encode("latin-1")), {
        "fr": ["strata.csv", "UTF-8", "'CSV UTF-8'", "réessayez"],
        "es": ["strata.csv", "UTF-8", "'CSV UTF-8'", "vuelva a intentarlo"]}, ()),
    "an empty file": (lambda tmp: _read(tmp, ""), {
        "fr": ["strata.csv", "est vide", "ligne d'en-tête"], "es": ["strata.csv", "está vacío", "fila de encabezado"]},
        ()),
    "a row with one cell too many": (lambda tmp: _read(tmp, "stratum,population\ncity,10\ntown,20,30\n"), {
        "fr": ["strata.csv", "CSV bien formé"], "es": ["strata.csv", "CSV bien formado"]},
        ("Expected 2 fields in line 3, saw 3",)),
    "a column the schema needs is missing": (lambda tmp: _load(tmp, "Tozeur,2024", header="place,year"), {
        "fr": ["Il manque à places.csv", "share, households", "Colonnes attendues"],
        "es": ["A places.csv le falta", "share, households", "Columnas esperadas"]}, ()),
    "a column the schema does not describe": (lambda tmp: _load(tmp, GOOD_ROW + ",x", header=HEADER + ",notes"), {
        "fr": ["places.csv", "notes", "le schéma ne décrit pas"], "es": ["places.csv", "notes", "el esquema no describe"]},
        ()),
    "a repeated key": (lambda tmp: _load(tmp, GOOD_ROW, GOOD_ROW), {
        "fr": ["places.csv, ligne 3", "place='Tozeur'", "est répétée", "place + year"],
        "es": ["places.csv, fila 3", "place='Tozeur'", "está repetida", "place + year"]}, ()),
    "a required cell left empty": (lambda tmp: _load(tmp, GOOD_ROW, GOOD_ROW.replace("Tozeur", "", 1)), {
        "fr": ["places.csv, ligne 3, colonne place", "obligatoire", "vide"],
        "es": ["places.csv, fila 3, columna place", "hace falta un valor", "vacía"]}, ()),
    "a year typed as a word": (lambda tmp: _load(tmp, GOOD_ROW.replace("2024", "twenty", 1)), {
        "fr": ["ligne 2, colonne year", "'twenty'", "n'est pas une année"],
        "es": ["fila 2, columna year", "'twenty'", "no es un año"]}, ()),
    "a share written with a semicolon": (lambda tmp: _load(tmp, GOOD_ROW.replace("0.25", "0;25")), {
        "fr": ["colonne share", "'0;25'", "n'est pas un nombre"], "es": ["columna share", "'0;25'", "no es un número"]},
        ()),
    "households with decimals": (lambda tmp: _load(tmp, GOOD_ROW.replace(",120,", ",12.5,")), {
        "fr": ["colonne households", "'12.5'", "nombre entier"], "es": ["columna households", "'12.5'", "número entero"]},
        ()),
    "a yes/no cell written 'oui'": (lambda tmp: _load(tmp, GOOD_ROW.replace("false", "oui")), {
        "fr": ["colonne coastal", "'oui'", "ni vrai ni faux", "true ou false"],
        "es": ["columna coastal", "'oui'", "ni falso", "true o false"]}, ()),
    "a date with a stray letter": (lambda tmp: _load(tmp, GOOD_ROW.replace("2024-05-02", "02/13/2024x")), {
        "fr": ["colonne surveyed", "'02/13/2024x'", "n'est pas une date", "AAAA-MM-JJ"],
        "es": ["columna surveyed", "'02/13/2024x'", "no es una fecha", "AAAA-MM-DD"]}, ()),
    "a value outside the allowed list": (lambda tmp: _load(tmp, GOOD_ROW.replace("town", "village")), {
        "fr": ["colonne stratum", "'village'", "valeurs autorisées", "city, town, rural"],
        "es": ["columna stratum", "'village'", "valores permitidos", "city, town, rural"]}, ()),
    "a share typed as a percentage": (lambda tmp: _load(tmp, GOOD_ROW.replace("0.25", "62.5")), {
        "fr": ["colonne share", "{62.5}", "supérieur au maximum"], "es": ["columna share", "{62.5}", "mayor que el máximo"]},
        ()),
    "no household at all": (lambda tmp: _load(tmp, GOOD_ROW.replace(",120,", ",0,")), {
        "fr": ["colonne households", "0", "inférieur au minimum", "1"],
        "es": ["columna households", "0", "menor que el mínimo", "1"]}, ()),
    "a required column missing from a user's CSV": (lambda tmp: _read(tmp, "name,population\ncity,10\n"), {
        "fr": ["Il manque à strata.csv", "stratum", "Ses colonnes sont", "name, population"],
        "es": ["A strata.csv le falta", "stratum", "Sus columnas son", "name, population"]}, ()),
    "an empty stratum in a user's CSV": (lambda tmp: _read(tmp, "stratum,population\ncity,10\n,20\n",
                                                           fields={"population": "integer"}), {
        "fr": ["strata.csv, ligne 3, colonne stratum", "obligatoire"],
        "es": ["strata.csv, fila 3, columna stratum", "hace falta un valor"]}, ()),
    "a dataset name misspelt": (lambda tmp: _datasets().resource("region_houshold"), {
        "fr": ["'region_houshold'", "Aucun jeu de données", "region_households"],
        "es": ["'region_houshold'", "conjunto de datos", "region_households"]}, ()),
    # ----- small-cell suppression and the attacker's audit
    "counts in three dimensions": (_suppress(np.ones((2, 2, 2))), {
        "fr": ["{3} dimensions", "double entrée", "m4d.survey.cross_table"],
        "es": ["{3} dimensiones", "doble entrada", "m4d.survey.cross_table"]}, ()),
    "an empty table of counts": (_suppress(pd.DataFrame()), {
        "fr": ["DataFrame pandas non vide", "sans totaux"], "es": ["DataFrame de pandas no vacío", "sin totales"]}, ()),
    "an unknown cost": (_suppress(pd.DataFrame({"f": [3, 9]}), cost="money"), {
        "fr": ["'money'", "Coût inconnu", "'count'", "'cells'"], "es": ["'money'", "Coste desconocido", "'count'", "'cells'"]},
        ()),
    "a fractional count": (_suppress(pd.DataFrame({"f": [3.5, 9]})), {
        "fr": ["nombres entiers", "fractionnaire"], "es": ["números enteros", "fraccionario"]}, ()),
    "published values of another shape": (_suppress(pd.DataFrame({"f": [3, 9]}), values=pd.DataFrame({"f": [1.0]})), {
        "fr": ["(1, 1)", "(2, 1)", "forme"], "es": ["(1, 1)", "(2, 1)", "forma"]}, ()),
    "a sub-total row": (_suppress(pd.DataFrame({"f": [3, 9, 12]}, index=["a", "b", "Subtotal north"])), {
        "fr": ["ligne de sous-total 'Subtotal north'", "tableau distinct"],
        "es": ["fila de subtotal 'Subtotal north'", "tabla aparte"]}, ()),
    "a sub-total column": (_suppress(pd.DataFrame({"f": [3, 9], "total f": [3, 9]})), {
        "fr": ["colonne de sous-total 'total f'"], "es": ["columna de subtotal 'total f'"]}, ()),
    "an unknown audit method": (_audit(PUBLISHED, method="simplex"), {
        "fr": ["'simplex'", "Méthode d'audit inconnue", "'lp'"], "es": ["'simplex'", "Método de auditoría", "'lp'"]}, ()),
    "a published table that is a list": (_audit([[1, 2]]), {
        "fr": ["tableau publié", "totaux compris"], "es": ["tabla publicada", "con los totales"]}, ()),
    "a published cell that is a word": (_audit(PUBLISHED.astype(object).where(PUBLISHED.notna(), "x")
                                               .replace({12.0: "twelve"})), {
        "fr": ["'twelve'", "ni un effectif", "(x ou vide)"], "es": ["'twelve'", "ni un recuento", "(x o vacía)"]}, ()),
    "a negative published count": (_audit(PUBLISHED.replace({4.0: -4.0})), {
        "fr": ["effectif négatif"], "es": ["recuento negativo"]}, ()),
    "a published table whose totals do not add up": (_audit(PUBLISHED.replace({22.0: 30.0})), {
        "fr": ["incohérent", "avant de l'auditer"], "es": ["incoherente", "antes de auditarla"]}, ()),
    "a flow audit of weighted figures": (_audit(PUBLISHED / 3, method="flow"), {
        "fr": ["par flots", "method='lp'"], "es": ["por flujos", "method='lp'"]}, ()),
    "a flow audit without a total column": (_audit(PUBLISHED.iloc[:, :2], method="flow"), {
        "fr": ["colonne de total", "method='lp'"], "es": ["columna de total", "method='lp'"]}, ()),
    "cells to protect of another shape": (_audit(PUBLISHED, protect=np.ones((2, 2), dtype=bool)), {
        "fr": ["(2, 2)", "(3, 3)", "à protéger"], "es": ["(2, 2)", "(3, 3)", "proteger"]}, ()),
    "asking the interval of a shown cell": (lambda tmp: _audit(PUBLISHED)(tmp).interval("a", "f"), {
        "fr": ["('a', 'f')", "n'est pas masquée"], "es": ["('a', 'f')", "no está oculta"]}, ()),
    # ----- the questionnaire
    "a survey year from the past century": (_survey("questionnaire.core_questions", 1800), {
        "fr": ["1800", "année de l'enquête", "2026"], "es": ["1800", "año de la encuesta", "2026"]}, ()),
    "a questionnaire with no question": (_survey("questionnaire.questionnaire_sheets", questions=[]), {
        "fr": ["au moins une question"], "es": ["al menos una pregunta"]}, ()),
    "a question with no name": (_survey("questionnaire.questionnaire_sheets", questions=[{"type": "text"}]), {
        "fr": ["{'type': 'text'}", "un type et un nom"], "es": ["{'type': 'text'}", "un tipo y un nombre"]}, ()),
    "two questions of the same name": (_survey("questionnaire.questionnaire_sheets", questions=[
        {"type": "text", "name": "town"}, {"type": "integer", "name": "town"}]), {
        "fr": ["town", "uniques"], "es": ["town", "únicos"]}, ()),
    "an answer list that does not exist": (_survey("questionnaire.questionnaire_sheets", questions=[
        {"type": "select_one colours", "name": "colour"}]), {
        "fr": ["colours", "listes connues", "yes_no"], "es": ["colours", "listas conocidas", "yes_no"]}, ()),
    "a questionnaire saved as .csv": (lambda tmp: _xlsform(tmp, "survey.csv"), {
        "fr": ["survey.csv", "fichier .xlsx", "une autre extension"], "es": ["survey.csv", "archivo .xlsx", "otra extensión"]},
        ()),
    "a questionnaire in a folder that does not exist": (lambda tmp: _xlsform(tmp, "nowhere/survey.xlsx"), {
        "fr": ["nowhere", "Le dossier", "n'existe pas"], "es": ["nowhere", "La carpeta", "no existe"]}, ()),
    # ----- the convenience-sample simulation
    "a negative pull": (_survey("bias.reachability", HOUSEHOLDS, centre_pull=-1), {
        "fr": ["attractions", "négatives"], "es": ["atracciones", "negativas"]}, ()),
    "a negative distance": (_survey("bias.reachability", HOUSEHOLDS), {
        "fr": ["'distance_to_centre_km'", "0 km ou plus"], "es": ["'distance_to_centre_km'", "0 km o más"]}, ()),
    "a sample larger than the population": (_survey("bias.simulate_bias", HOUSEHOLDS, "distance_to_centre_km", 1500,
                                                    reach=np.ones(3)), {
        "fr": ["{1500}", "{3}", "population"], "es": ["{1500}", "{3}", "población"]}, ()),
    "an indicator with gaps": (_survey("bias.simulate_bias", HOUSEHOLDS, "has_member_abroad", 2, reach=np.ones(3)), {
        "fr": ["'has_member_abroad'", "oui/non"], "es": ["'has_member_abroad'", "sí/no"]}, ()),
    "one reachability too few": (_survey("bias.simulate_bias", HOUSEHOLDS, "distance_to_centre_km", 2,
                                         reach=np.ones(2)), {
        "fr": ["valeur d'accessibilité", "chaque ménage"], "es": ["valor de accesibilidad", "cada hogar"]}, ()),
    "a household nobody reaches": (_survey("bias.simulate_bias", HOUSEHOLDS, "distance_to_centre_km", 2,
                                           reach=np.array([1.0, 0.0, 1.0])), {
        "fr": ["accessibilité supérieure à 0", "petite valeur"], "es": ["accesibilidad mayor que 0", "valor pequeño"]},
        ()),
    # ----- disaggregation tables
    "no column variable": (_survey("disaggregation.cross_table", HOUSEHOLDS, ["sex"], []), {
        "fr": ["au moins une variable"], "es": ["al menos una variable"]}, ()),
    "a variable in the rows and the columns": (_survey("disaggregation.cross_table", HOUSEHOLDS, ["sex"], ["sex"]), {
        "fr": ["sex", "à la fois"], "es": ["sex", "a la vez"]}, ()),
    "a weight written as a word": (_survey("disaggregation.cross_table", HOUSEHOLDS.fillna({"sex": "f"}), ["sex"],
                                           ["municipality"], weight="weight"), {
        "fr": ["'weight'", "pondérations manquantes"], "es": ["'weight'", "ponderaciones"]}, ()),
    "a sex left empty": (_survey("disaggregation.cross_table", HOUSEHOLDS, ["sex"], ["municipality"]), {
        "fr": ["'sex'", "cellules vides", "'not stated'"], "es": ["'sex'", "celdas vacías", "'not stated'"]}, ()),
    # ----- estimates, the region, screening
    "more households sampled than the population": (_survey("estimates.estimate", SAMPLE, "y", fpc="N",
                                                            stratum="stratum"), {
        "fr": ["{4} ménages", "{2}", "'N'"], "es": ["{4} hogares", "{2}", "'N'"]}, ()),
    "an indicator the region does not know": (_survey("region.known_truth", "happiness"), {
        "fr": ["'happiness'", "'all'", "vraie valeur", "Indicateurs"],
        "es": ["'happiness'", "'all'", "valor verdadero", "Indicadores"]}, ()),
    "a prevalence typed as a percentage": (_survey("screening.households_to_screen", 400, 20), {
        "fr": ["La prévalence attendue", "20", "Indiquez par exemple 0.2", "un ménage sur cinq"],
        "es": ["La prevalencia esperada", "20", "Indique por ejemplo 0.2", "cinco hogares"]}, ()),
    "an assurance of 1": (_survey("screening.households_to_screen", 400, 0.2, assurance=1), {
        "fr": ["La probabilité d'atteindre la cible", "Indiquez par exemple 0.9"],
        "es": ["La probabilidad de alcanzar el objetivo", "Indique por ejemplo 0.9"]}, ()),
    # ----- public statistics read from a file downloaded by hand
    "a World Bank file that is not JSON": (lambda tmp: _json(tmp, "<html>"), {
        "fr": ["remittances.json", "Banque mondiale"], "es": ["remittances.json", "Banco Mundial"]},
        ("Expecting value: line 1 column 1 (char 0)",)),
    "a World Bank error answer": (lambda tmp: _json(tmp, [{"message": [{"value": "Invalid value"}]}]), {
        "fr": ["Banque mondiale", "erreur", "Invalid value"], "es": ["Banco Mundial", "error", "Invalid value"]}, ()),
    "a World Bank answer of another shape": (lambda tmp: _json(tmp, {"data": []}), {
        "fr": ["remittances.json", "liste d'observations"], "es": ["remittances.json", "lista de observaciones"]}, ()),
    "only the first page of an answer": (lambda tmp: _json(tmp, [{"pages": 3}, []]), {
        "fr": ["page 1 sur 3", "moins de pays"], "es": ["página 1 de 3", "menos países"]}, ()),
    "an observation without its country": (lambda tmp: _json(tmp, [{"pages": 1}, [{"date": "2020", "value": 1}]]), {
        "fr": ["remittances.json", "il manque à une observation"], "es": ["remittances.json", "le falta un campo"]},
        ("'country'",)),
    "countries given as names": (_survey("public_data.remittances", ["Philippines!"]), {
        "fr": ["codes ISO3", "'PHL'"], "es": ["códigos ISO3", "'PHL'"]}, ()),
    "a workbook without the UN DESA sheet": (lambda tmp: _workbook(tmp, [["x"]], sheet="Sheet1"), {
        "fr": ["stock.xlsx", "'Table 1'", "DAES"], "es": ["stock.xlsx", "'Table 1'", "DAES"]},
        ("Worksheet named 'Table 1' not found",)),
    "a workbook whose header has moved": (lambda tmp: _workbook(tmp, [["Country", 1990]]), {
        "fr": ["stock.xlsx", "'Region, development group, country or area'", "ligne d'en-tête"],
        "es": ["stock.xlsx", "'Region, development group, country or area'", "fila de encabezado"]},
        ("'Region, development group, country or area'",)),
    "a workbook without year columns": (lambda tmp: _workbook(tmp, [["Region, development group, country or area",
                                                                      "Notes"]]), {
        "fr": ["stock.xlsx", "colonne d'années"], "es": ["stock.xlsx", "columnas de años"]}, ()),
}




@pytest.mark.parametrize("language", ("fr", "es"))
@pytest.mark.parametrize("mistake", list(CASES))
def test_a_bad_file_or_setting_is_explained_in_the_readers_language(mistake, language, tmp_path):
    case, expected, foreign = CASES[mistake]
    message = raised_message(case, language, tmp_path)
    english = raised_message(case, "en", tmp_path)
    assert message != english
    for fragment in expected[language]:
        assert with_babel_numbers(fragment, language) in message, (fragment, message)
    # The catalogue's sentence, not the English one with a few words swapped; a library's or the user's own
    # English words (a parser's message, a quoted heading) are left out of the count.
    checked = f" {message} "
    for words in foreign:
        assert words in english, (words, english)
        checked = checked.replace(words, "")
    assert not [w for w in ENGLISH_WORDS if w in checked], message


def test_french_messages_put_a_no_break_space_before_colons_and_semicolons(tmp_path):
    for mistake in ("a year typed as a word", "a questionnaire saved as .csv", "an unknown audit method"):
        message = raised_message(CASES[mistake][0], "fr", tmp_path)
        assert " :" not in message and " ;" not in message, message
        assert "\u00a0:" in message or "\u00a0;" in message, message


def test_a_large_count_is_written_with_the_readers_digit_grouping(tmp_path):
    case = _survey("bias.simulate_bias", pd.DataFrame({"y": [1.0] * 1500}), "y", 2000, reach=np.ones(1500))
    assert "de 1\u202f500" in raised_message(case, "fr", tmp_path)
    assert "de 1.500" in raised_message(case, "es", tmp_path)
    assert "population of 1500." in raised_message(case, "en", tmp_path)


# What the toolbox said before its messages were translated, for a case of each kind of message.
ENGLISH = {
    "a CSV saved in Latin-1": "{tmp}/strata.csv is not UTF-8 text. Save it as 'CSV UTF-8' and try again.",
    "an empty file": "{tmp}/strata.csv is empty: it needs at least a header row.",
    "a column the schema needs is missing": "places.csv lacks the column(s) share, households, coastal, surveyed, "
                                            "stratum. Expected columns: place, year, share, households, coastal, "
                                            "surveyed, stratum.",
    "a column the schema does not describe": "places.csv has column(s) the schema does not describe: notes.",
    "a required cell left empty": "places.csv, row 3, column place: a value is required but the cell is empty.",
    "a year typed as a word": "places.csv, row 2, column year: 'twenty' is not a year.",
    "households with decimals": "places.csv, row 2, column households: '12.5' is not a whole number.",
    "a yes/no cell written 'oui'": "places.csv, row 2, column coastal: 'oui' is not true or false.",
    "a date with a stray letter": "places.csv, row 2, column surveyed: '02/13/2024x' is not a date (YYYY-MM-DD).",
    "a value outside the allowed list": "places.csv, row 2, column stratum: 'village' is not one of the allowed "
                                        "values (city, town, rural).",
    "a share typed as a percentage": "places.csv, row 2, column share: 62.5 is above the maximum 1.",
    "no household at all": "places.csv, row 2, column households: 0 is below the minimum 1.",
    "a required column missing from a user's CSV": "strata.csv lacks the column(s) stratum. Its columns are: name, "
                                                   "population.",
    "a sub-total row": "The table has a sub-total row 'Subtotal north'. A table with sub-totals gives a reader more "
                       "equations than one total row and one total column, which this method does not protect "
                       "against. Publish the table without sub-totals (one total row and one total column), and the "
                       "sub-totals as a separate, coarser table.",
    "an unknown cost": "Unknown cost 'money': use 'count' (hide the fewest respondents) or 'cells' (hide the fewest "
                       "cells).",
    "a published cell that is a word": "Row 'Total', column 'm' holds 'twelve', which is neither a count nor a mark "
                                       "for a hidden cell (x or empty).",
    "cells to protect of another shape": "The cells to protect have shape (2, 2) but the table (3, 3).",
    "asking the interval of a shown cell": "The cell ('a', 'f') is not hidden in this table.",
    "a question with no name": "Every question needs a type and a name; this one has not: {'type': 'text'}.",
    "a sample larger than the population": "A sample of 1500 is larger than the population of 3.",
    "a variable in the rows and the columns": "sex is both a row and a column variable; use it once.",
    "more households sampled than the population": "A stratum has 4 sampled households but a population of 2 in "
                                                   "'N'; give the number of households in the population.",
    "an indicator the region does not know": None,  # lists the region's indicators: checked by its beginning below
    "a prevalence typed as a percentage": "The expected prevalence is 20; it must be between just above 0 and 1. "
                                          "Use for example 0.2 if one household in five is eligible.",
    "only the first page of an answer": "remittances.json holds only page 1 of 3; ask for fewer countries or years.",
    "a World Bank error answer": "The World Bank API answered with an error: Invalid value",
}


@pytest.mark.parametrize("mistake", [m for m, text in ENGLISH.items() if text])
def test_english_messages_are_what_the_toolbox_said_before(mistake, tmp_path):
    assert raised_message(CASES[mistake][0], "en", tmp_path) == ENGLISH[mistake].replace("{tmp}", str(tmp_path))


def test_english_region_message_names_the_indicator_and_the_areas(tmp_path):
    message = raised_message(CASES["an indicator the region does not know"][0], "en", tmp_path)
    assert message.startswith("No known truth for 'happiness' in 'all'. Indicators: ")
    assert message.endswith("; areas: all, city, town, rural.")


def test_the_audit_verdict_is_in_the_readers_language():
    from m4d.survey.suppression import Audit, suppress

    table = suppress(pd.DataFrame({"f": [2, 9, 14], "m": [8, 11, 13]}, index=["a", "b", "c"]), threshold=5)
    failed = Audit(pd.DataFrame(columns=["row", "column", "low", "high", "width"]), 5.0, (("a", "f"),), (("a", "f"),))
    with use_language("en"):
        assert table.audit.message().startswith("Audit passed: every protected cell can take values over a range "
                                                "of at least 5 (narrowest: ")
        assert failed.message() == ("Audit failed: 1 hidden cell(s) can be narrowed to a range below 5 from the "
                                    "published totals: (a, f). Hide more cells or merge categories.")
    with use_language("fr"):
        assert table.audit.message().startswith("Audit réussi\u00a0: chaque cellule protégée")
        assert failed.message().startswith("Audit échoué\u00a0: à partir des totaux publiés, 1 cellule masquée peut")
        assert "(a, f)" in failed.message()
    with use_language("es"):
        assert table.audit.message().startswith("Auditoría superada: cada celda protegida")
        assert "1 celda oculta puede acotarse" in failed.message() and "(a, f)" in failed.message()


# ----- the m4d command: what a practitioner sees in a terminal

def run(lang, argv, capsys):
    from m4d.cli import main

    with use_language(lang):
        code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("lang, words", [
    ("en", "strata.csv, row 3, column population: 'many' is not a whole number."),
    ("fr", "strata.csv, ligne 3, colonne population\u00a0: 'many' n'est pas un nombre entier."),
    ("es", "strata.csv, fila 3, columna population: 'many' no es un número entero.")])
def test_survey_allocate_reports_a_bad_cell_in_the_readers_language(tmp_path, lang, words, capsys):
    strata = tmp_path / "strata.csv"
    strata.write_text("stratum,population\ncity,6000\ntown,many\n", encoding="utf-8")
    code, out, err = run(lang, ["survey", "allocate", str(strata), "--n", "100"], capsys)
    assert code == 2 and out == "" and err == f"m4d: {words}\n"


@pytest.mark.parametrize("lang, words", [
    ("en", "corridors.csv, row 2, column associations: -2 is below the minimum 0."),
    ("fr", "corridors.csv, ligne 2, colonne associations\u00a0: -2 est inférieur au minimum, 0."),
    ("es", "corridors.csv, fila 2, columna associations: -2 es menor que el mínimo, 0.")])
def test_data_check_reports_a_value_below_its_minimum_in_the_readers_language(tmp_path, lang, words, capsys):
    from m4d.datasets import DATASETS_DIR

    original = (DATASETS_DIR / "corridors.csv").read_text(encoding="utf-8").splitlines()
    header, first = original[0].split(","), original[1].split(",")
    first[header.index("associations")] = "-2"
    mine = tmp_path / "corridors.csv"
    mine.write_text("\n".join([original[0], ",".join(first)]) + "\n", encoding="utf-8")
    code, _out, err = run(lang, ["data", "check", "corridors", "--file", str(mine)], capsys)
    assert code == 2 and err == f"m4d: {words}\n"


@pytest.mark.parametrize("lang, words", [("en", "An XLSForm is an .xlsx file; survey.csv has another extension."),
                                         ("fr", "Un XLSForm est un fichier .xlsx\u00a0; survey.csv a une autre "
                                                "extension."),
                                         ("es", "Un XLSForm es un archivo .xlsx; survey.csv tiene otra extensión.")])
def test_survey_questionnaire_refuses_another_extension_in_the_readers_language(tmp_path, lang, words, capsys):
    code, _out, err = run(lang, ["survey", "questionnaire", str(tmp_path / "survey.csv")], capsys)
    assert code == 2 and err == f"m4d: {words}\n"


@pytest.mark.parametrize("lang, words", [("en", "The expected prevalence is 20;"),
                                         ("fr", "La prévalence attendue\u00a0: la valeur 20 ne convient pas"),
                                         ("es", "La prevalencia esperada: el valor 20 no es válido")])
def test_survey_screen_names_the_prevalence_in_the_readers_language(lang, words, capsys):
    code, _out, err = run(lang, ["survey", "screen", "--target", "400", "--prevalence", "20"], capsys)
    assert code == 2 and words in err



def _package_message(monkeypatch, language, package=None, text=None, resources=None):
    """The message of the data loader when its data package is missing, broken JSON, or lists no dataset."""
    from m4d import datasets

    if resources is not None:
        monkeypatch.setattr(datasets, "data_package", lambda: {"resources": resources})
        with use_language(language), pytest.raises(InputError) as caught:
            datasets.resource("households")
        return str(caught.value)
    if text is None:
        package.unlink(missing_ok=True)
    else:
        package.write_text(text, encoding="utf-8")
    monkeypatch.setattr(datasets, "PACKAGE_FILE", package)
    datasets.data_package.cache_clear()
    try:
        with use_language(language), pytest.raises(InputError) as caught:
            datasets.data_package()
    finally:
        datasets.data_package.cache_clear()  # the next test reads the real package again
    return str(caught.value)


def test_a_broken_data_package_is_explained_in_the_readers_language(tmp_path, monkeypatch):
    package = tmp_path / "datapackage.json"
    assert _package_message(monkeypatch, "en", package) == (f"The data package {package} is missing: restore it "
                                                            "from the repository.")
    assert _package_message(monkeypatch, "fr", package) == (f"Le paquet de données {package} est introuvable\u00a0: "
                                                            "restaurez-le depuis le dépôt.")
    assert _package_message(monkeypatch, "es", package).startswith(f"Falta el paquete de datos {package}: restáurelo")
    broken = "{resources: "
    assert _package_message(monkeypatch, "en", package, broken).startswith(
        f"{package} is not valid JSON (line 1, column 2: ")
    assert _package_message(monkeypatch, "fr", package, broken).startswith(
        f"{package} n'est pas un JSON valide (ligne 1, colonne 2\u00a0: ")
    assert _package_message(monkeypatch, "es", package, broken).startswith(
        f"{package} no es un JSON válido (línea 1, columna 2: ")


@pytest.mark.parametrize("language, words", [("en", "Known datasets: none."), ("fr", "Jeux de données connus\u00a0: aucun."),
                                             ("es", "Conjuntos de datos conocidos: ninguno.")])
def test_an_empty_data_package_says_it_knows_no_dataset(monkeypatch, language, words):
    assert _package_message(monkeypatch, language, resources=[]).endswith(words)

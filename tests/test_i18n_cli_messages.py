"""The practitioners' commands (m4d agreement, budget, data, partners, survey) and the top-level ``m4d --help``
speak the reader's language: their help, their messages, headings and errors, numbers as Babel writes them; the
CSV they print for scripts stays as it is, and English reads word for word as before (issue 17)."""
from __future__ import annotations

import re

import pytest

from m4d.cli import main
from m4d.i18n import use_language


def run(lang, argv, capsys):
    with use_language(lang):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse's --help
            code = stop.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("lang, words", [("en", "the draft agreement"), ("fr", "le projet d'accord"),
                                         ("es", "el borrador del acuerdo")])
def test_agreement_check_help_is_in_the_readers_language(lang, words, capsys):
    code, out, _err = run(lang, ["agreement", "check", "--help"], capsys)
    assert code == 0 and words in out


@pytest.mark.parametrize("lang, words", [("en", "without M4D_LANG the locale does"), ("fr", "sans M4D_LANG"),
                                         ("es", "sin M4D_LANG")])
def test_budget_help_says_how_the_language_is_chosen(lang, words, capsys):
    code, out, _err = run(lang, ["budget", "--help"], capsys)
    assert code == 0 and words in " ".join(out.split())


@pytest.mark.parametrize("lang, words", [("en", "is not valid JSON (line 1, column"),
                                         ("fr", "n'est pas un JSON valide (ligne 1, colonne"),
                                         ("es", "no es un JSON válido (línea 1, columna")])
def test_a_broken_fields_file_is_explained_in_the_readers_language(tmp_path, lang, words, capsys):
    fields = tmp_path / "champs.json"
    fields.write_text("{partners: ", encoding="utf-8")
    code, _out, err = run(lang, ["agreement", "build", str(fields)], capsys)
    assert code == 2 and words in err and "champs.json" in err


@pytest.mark.parametrize("lang, words", [("en", "needs both --lines and --sources"),
                                         ("fr", "demande à la fois --lines et --sources"),
                                         ("es", "necesita a la vez --lines y --sources")])
def test_a_half_given_csv_plan_is_explained_in_the_readers_language(tmp_path, lang, words, capsys):
    code, _out, err = run(lang, ["budget", "check", "--lines", str(tmp_path / "lines.csv")], capsys)
    assert code == 2 and words in err


@pytest.mark.parametrize("lang, words", [("en", " rows, "), ("fr", " lignes, "), ("es", " filas, ")])
def test_data_check_reports_rows_and_columns_in_the_readers_language(lang, words, capsys):
    code, out, _err = run(lang, ["data", "check", "seven_steps"], capsys)
    assert code == 0 and words in out


def test_the_allocation_csv_a_script_reads_is_the_same_in_every_language(capsys):
    printed = {}
    for lang in ("en", "fr", "es"):
        code, out, _err = run(lang, ["budget", "allocate"], capsys)
        assert code == 0
        printed[lang] = out[out.index("line_id,"):]
    assert printed["fr"] == printed["en"] == printed["es"]


@pytest.mark.parametrize("lang, words", [("en", "which is not a number"), ("fr", "ce qui n'est pas un nombre"),
                                         ("es", "que no es un número")])
def test_a_weight_that_is_not_a_number_is_explained_in_the_readers_language(lang, words, capsys):
    code, _out, err = run(lang, ["partners", "rank", "--home", "Schaerbeek", "--weights", "associations=many"], capsys)
    assert code == 2 and words in err and "'associations'" in err


# --- m4d survey, m4d partners and the top-level `m4d --help` (issue 17) ---------------------------------------

#: Phrases of the English help, as the code writes them, that a French or Spanish reader must not meet.
ENGLISH_HELP = {
    (): ["Toolbox of the course", "partner matching, budget planning, survey design", "commands:",
         "rank candidate partners; match many territories to many",
         "survey design: sample size, allocation, questionnaire, tables", "without M4D_LANG the locale does"],
    ("survey",): ["interviews needed to estimate a share or a mean", "households to screen to find enough",
                  "share a sample out between strata", "export the core migration questionnaire",
                  "a disaggregation table with small-cell suppression", "without M4D_LANG the locale does"],
    ("survey", "sample-size"): ["margin of error", "for ±5 points", "the variable's units", "confidence level",
                                "expected share", "the safest", "standard deviation", "instead of a share",
                                "design effect", "expected response rate", "number of households",
                                "finite population correction"],
    ("survey", "screen"): ["eligible households to interview", "share of households that are eligible",
                           "chance of reaching the target"],
    ("survey", "allocate"): ["CSV file with columns", "total sample size", "minimum interviews per stratum"],
    ("survey", "questionnaire"): ["the .xlsx file to write", "skip the check"],
    ("survey", "disaggregate"): ["one row per respondent or household", "for the table's rows",
                                 "for the table's columns", "hide counts below this", "column of weights",
                                 "publish weighted totals", "CSV file to write"],
    ("partners",): ["Partner matching along migration corridors", "tasks:",
                    "rank the candidates of a CSV file", "match home territories to partners",
                    "without M4D_LANG the locale does"],
    ("partners", "rank"): ["candidates, one row each", "omit with --home", "the course data's candidates",
                           "column that names each candidate", "pairs separated by commas", "the guidelines' five",
                           "less is better", "a condition such as", "repeatable",
                           "write the ranking to this CSV file instead of printing it"],
    ("partners", "match"): ["corridors: columns home, partner and a score", "partnerships per home territory",
                            "partnerships per partner", "write the pairs to this CSV file"],
}


#: argparse's own words, which these commands say in the reader's language too (not the trainers' commands).
ARGPARSE_WORDS = ["usage:", "show this help message and exit"]
for command in ENGLISH_HELP:
    ENGLISH_HELP[command] += ARGPARSE_WORDS
ENGLISH_HELP[()].append("show program's version number and exit")
for command in [("survey",), ("survey", "allocate"), ("survey", "questionnaire"), ("survey", "disaggregate"),
                ("partners", "rank"), ("partners", "match")]:
    ENGLISH_HELP[command].append("positional arguments:")


def help_text(lang, command, capsys):
    code, out, _err = run(lang, [*command, "--help"], capsys)
    assert code == 0
    return " ".join(out.split())  # argparse wraps lines at the terminal's width


@pytest.mark.parametrize("command", list(ENGLISH_HELP), ids=lambda c: " ".join(c) or "m4d")
def test_the_english_help_of_survey_partners_and_m4d_reads_as_it_always_has(command, capsys):
    text = help_text("en", command, capsys)
    missing = [phrase for phrase in ENGLISH_HELP[command] if phrase not in text]
    assert not missing, f"the English help lost {missing}"


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("command", list(ENGLISH_HELP), ids=lambda c: " ".join(c) or "m4d")
def test_the_help_of_survey_partners_and_m4d_has_no_english_sentence_in_french_or_spanish(lang, command, capsys):
    text = help_text(lang, command, capsys)
    english = [phrase for phrase in ENGLISH_HELP[command] if phrase in text]
    assert not english, f"{lang}: still in English: {english}"


@pytest.mark.parametrize("lang, words", [
    ("fr", ["Boîte à outils du cours", "commandes :", "sans M4D_LANG", "classer des partenaires candidats"]),
    ("es", ["Caja de herramientas del curso", "comandos:", "sin M4D_LANG", "clasificar socios candidatos"])])
def test_the_top_level_help_speaks_the_readers_language(lang, words, capsys):
    text = help_text(lang, (), capsys)
    assert all(w in text for w in words), [w for w in words if w not in text]


def english_figures(text):
    return [float(v) for v in re.findall(r"\d[\d,]*\.?\d*", text.replace(",", ""))]


@pytest.mark.parametrize("lang, labels", [
    ("fr", ["échantillon aléatoire simple\u00a0:", "avec l'effet de plan\u00a0:", "avec la population finie\u00a0:",
            "entretiens complets nécessaires\u00a0:", "ménages à contacter\u00a0:"]),
    ("es", ["muestra aleatoria simple:", "con el efecto de diseño:", "con población finita:",
            "entrevistas completas necesarias:", "hogares que contactar:"])])
def test_a_sample_size_run_prints_translated_headings_and_the_readers_numbers(lang, labels, capsys):
    from babel.numbers import format_decimal

    argv = ["survey", "sample-size", "--margin", "0.01", "--design-effect", "1.5", "--response-rate", "0.8"]
    _code, english, _err = run("en", argv, capsys)
    code, out, _err = run(lang, argv, capsys)
    assert code == 0
    lines = out.splitlines()
    assert [line[:len(label)] for line, label in zip(lines, labels)] == labels
    # Every figure is the English one written as Babel writes it for the locale (10,000 interviews and more,
    # so the group separator shows), one decimal for the three stages, none for the two counts.
    figures = [line.rsplit(" ", 1)[1] for line in english.splitlines()]
    values = [float(f.replace(",", "")) for f in figures]
    assert values[2] > 10_000
    expected = [format_decimal(v, format="#,##0.0" if "." in f else "#,##0", locale=lang)
                for v, f in zip(values, figures)]
    assert [line.rsplit(" ", 1)[1] for line in lines] == expected
    # The figures line up one space after the longest label, whatever the language.
    starts = {len(line) - len(value) for line, value in zip(lines, expected)}
    assert starts == {max(map(len, labels)) + 1}


def test_a_sample_size_run_in_english_is_word_for_word_as_before(capsys):
    # 1.96² × 0.25 / 0.05² = 384.1 interviews for ±5 points (Cochran's textbook value), × 1.5 for the design effect.
    code, out, _err = run("en", ["survey", "sample-size", "--margin", "0.05", "--design-effect", "1.5"], capsys)
    assert code == 0
    assert out.splitlines() == ["simple random sample:        384.1", "with design effect:          576.2",
                                "with finite population:      576.2", "completed interviews needed: 577",
                                "households to contact:       577"]


@pytest.mark.parametrize("lang, words", [("fr", ("rang", "nom", "pays", "premier choix\u00a0: ", "écarté\u00a0: ", "au-dessus du poids")),
                                         ("es", ("puesto", "nombre", "país", "primera opción: ", "descartado: ",
                                                 "por encima del peso"))])
def test_a_ranking_run_prints_translated_headings_and_the_readers_numbers(lang, words, capsys):
    from babel.numbers import format_decimal, format_percent

    argv = ["partners", "rank", "--home", "Schaerbeek", "--must-have", "associations>=2"]
    _code, english, _err = run("en", argv, capsys)
    code, out, _err = run(lang, argv, capsys)
    assert code == 0
    header = out.splitlines()[0].split()
    assert header[:5] == [words[0], "partner", words[1], words[2], "score" if lang == "fr" else "puntuación"]
    assert all(w in out for w in words[3:]), [w for w in words[3:] if w not in out]
    assert " Morocco " in english and " Morocco " not in out and {"fr": " Maroc ", "es": " Marruecos "}[lang] in out
    top = re.search(r"stays on top in (\d+)% of (\d+) random", english)
    share, draws = int(top[1]) / 100, int(top[2])
    assert format_decimal(draws, locale=lang) in out and format_percent(share, locale=lang) in out
    # The best score and a flip point, as the English run prints them, in the locale's decimals.
    best = float(re.search(r" (\d\.\d{3}) ", english.splitlines()[1])[1])  # the first decimal cell: the score
    flip = float(re.search(r"above weight (\d+\.\d\d)", english)[1])
    assert format_decimal(best, format="0.000", locale=lang) in out.splitlines()[1]
    assert format_decimal(flip, format="0.00", locale=lang) in out


def test_a_ranking_run_in_english_is_word_for_word_as_before(capsys):
    code, out, _err = run("en", ["partners", "rank", "--home", "Schaerbeek", "--must-have", "associations>=2"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["rank", "partner", "name", "country", "score"]
    assert re.search(r"^set aside: \w+ \(fails: associations at least 2\)$", out, re.M)
    assert re.search(r"^top choice: \w+; stays on top in \d+% of 1000 random variations of the weights$", out, re.M)
    assert re.search(r"^  \w+: (above|below) weight \d+\.\d\d, \w+ comes first$", out, re.M)


def test_the_ranking_and_matching_csv_a_script_reads_is_the_same_in_every_language(tmp_path, capsys):
    corridors = tmp_path / "corridors.csv"
    corridors.write_text("home,partner,score\nA,X,3\nA,Y,1\nB,X,2\nB,Y,2\n", encoding="utf-8")
    written, printed, errors = {}, {}, {}
    for lang in ("en", "fr", "es"):
        ranking = tmp_path / f"ranking_{lang}.csv"
        code, out, _err = run(lang, ["partners", "rank", "--home", "Schaerbeek", "--output", str(ranking)], capsys)
        assert code == 0
        written[lang] = ranking.read_text(encoding="utf-8")
        code, printed[lang], errors[lang] = run(lang, ["partners", "match", str(corridors)], capsys)
        assert code == 0
    assert written["fr"] == written["en"] == written["es"] and written["en"].startswith("rank,partner,")
    assert printed["fr"] == printed["en"] == printed["es"] and printed["en"].startswith("home,partner,score")
    assert errors["en"] == "optimal matching: 2 pairs, total score 5.000\n"
    assert errors["fr"] == "appariement optimal\u00a0: 2 paires, score total 5,000\n"
    assert errors["es"] == "emparejamiento optimal: 2 pares, puntuación total 5,000\n"


@pytest.mark.parametrize("lang, words", [("en", "--less names distance_km, which has no weight; add it to --weights."),
                                         ("fr", "--less nomme distance_km, qui n'a pas de poids\u00a0; ajoutez-le à --weights."),
                                         ("es", "--less nombra distance_km, que no tiene peso; añádalo a --weights.")])
def test_a_less_criterion_without_weight_is_explained_in_the_readers_language(lang, words, capsys):
    code, _out, err = run(lang, ["partners", "rank", "--home", "Schaerbeek", "--less", "distance_km"], capsys)
    assert code == 2 and err == f"m4d: {words}\n"


@pytest.mark.parametrize("lang, missing, stopped", [
    ("en", "m4d: this command needs the 'grading' extra, which this installation lacks (nbgrader is missing). "
           "Install it with: pip install 'm4d[grading]'", "m4d: interrupted."),
    ("fr", "m4d: cette commande a besoin du complément 'grading', absent de cette installation (nbgrader manque). "
           "Installez-le avec\u00a0: pip install 'm4d[grading]'", "m4d: interrompu."),
    ("es", "m4d: este comando necesita el complemento 'grading', que falta en esta instalación (falta nbgrader). "
           "Instálelo con: pip install 'm4d[grading]'", "m4d: interrumpido.")])
def test_a_missing_extra_and_an_interruption_are_told_in_the_readers_language(lang, missing, stopped, monkeypatch,
                                                                              capsys):
    import m4d.survey.cli as survey_cli

    def needs_nbgrader(args):
        raise ModuleNotFoundError("No module named 'nbgrader'", name="nbgrader")

    def interrupted(args):
        raise KeyboardInterrupt

    argv = ["survey", "screen", "--target", "10", "--prevalence", "0.5"]
    monkeypatch.setattr(survey_cli, "_screen", needs_nbgrader)
    assert run(lang, argv, capsys)[::2] == (2, missing + "\n")
    monkeypatch.setattr(survey_cli, "_screen", interrupted)
    assert run(lang, argv, capsys)[::2] == (130, stopped + "\n")


def test_the_trainers_commands_keep_argparse_in_english(capsys):
    text = help_text("fr", ("grade",), capsys)
    assert text.startswith("usage: m4d grade") and "show this help message and exit" in text


@pytest.mark.parametrize("lang, words", [("en", ": XLSForm written."), ("fr", "\u00a0: formulaire XLSForm écrit."),
                                         ("es", ": XLSForm escrito.")])
def test_the_questionnaire_export_says_what_it_wrote_in_the_readers_language(tmp_path, lang, words, capsys):
    target = tmp_path / "form.xlsx"
    code, out, _err = run(lang, ["survey", "questionnaire", str(target), "--no-check"], capsys)
    assert code == 0 and out == f"{target}{words}\n" and target.exists()


@pytest.mark.parametrize("lang, words", [
    ("en", ": 4 of 12 cells hidden ('x'); audited: no small count can be narrowed to a range below 5."),
    ("fr", "\u00a0: 4 cellules masquées sur 12 ('x')\u00a0; audité\u00a0: aucun petit effectif ne peut être resserré dans un "
           "intervalle inférieur à 5."),
    ("es", ": 4 de 12 celdas ocultas ('x'); auditada: ningún recuento pequeño puede acotarse a un intervalo menor "
           "que 5.")])
def test_a_published_table_is_summed_up_in_the_readers_language_and_its_csv_is_unchanged(tmp_path, lang, words,
                                                                                          capsys):
    # B has 2 men: hidden, with its neighbour in the row and, so that neither can be worked out, a second row.
    people = [("A", "f")] * 6 + [("A", "m")] * 7 + [("B", "f")] * 8 + [("B", "m")] * 2 + [("C", "f")] * 9 \
        + [("C", "m")] * 6
    data = tmp_path / "people.csv"
    data.write_text("place,sex\n" + "".join(f"{p},{s}\n" for p, s in people), encoding="utf-8")
    table = tmp_path / "table.csv"
    code, out, _err = run(lang, ["survey", "disaggregate", str(data), "--rows", "place", "--columns", "sex",
                                 "--output", str(table)], capsys)
    assert code == 0 and out == f"{table}{words}\n"
    assert table.read_text(encoding="utf-8") == "place,f,m,Total\nA,x,x,13\nB,x,x,10\nC,9,6,15\nTotal,23,15,38\n"

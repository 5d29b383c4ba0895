"""The practitioners' commands (m4d agreement, budget, data) speak the reader's language: their help,
their messages and their errors; the CSV they print for scripts stays as it is (issue 17)."""
from __future__ import annotations

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

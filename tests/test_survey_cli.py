"""`m4d survey ...` prints results, and messages (not tracebacks) for bad input."""
from __future__ import annotations

from m4d.cli import main


def test_sample_size_command_prints_the_steps(capsys):
    assert main(["survey", "sample-size", "--margin", "0.05"]) == 0
    out = capsys.readouterr().out
    assert "384.1" in out and "completed interviews needed: 385" in out


def test_a_margin_of_zero_gets_a_message_and_exit_status_2(capsys):
    assert main(["survey", "sample-size", "--margin", "0"]) == 2
    err = capsys.readouterr().err
    assert "margin of error is 0" in err and "Traceback" not in err


def test_screen_command(capsys):
    assert main(["survey", "screen", "--target", "400", "--prevalence", "0.2", "--response-rate", "0.8"]) == 0
    assert capsys.readouterr().out.strip() == "2500"


def test_allocate_command_reads_strata_from_csv(tmp_path, capsys):
    strata = tmp_path / "strata.csv"
    strata.write_text("stratum,population\ncity,10500\ntown,6500\nrural,3700\n")
    assert main(["survey", "allocate", str(strata), "--n", "207"]) == 0
    assert capsys.readouterr().out.splitlines() == ["stratum,sample", "city,105", "town,65", "rural,37"]


def test_questionnaire_command_writes_a_checked_xlsform(tmp_path, capsys):
    target = tmp_path / "form.xlsx"
    assert main(["survey", "questionnaire", str(target)]) == 0
    assert target.exists() and "checked with pyxform" in capsys.readouterr().out


def test_disaggregate_command_marks_hidden_cells(tmp_path, capsys):
    data = tmp_path / "d.csv"
    data.write_text("place,sex\n" + "A,f\n" * 10 + "A,m\n" * 2 + "B,f\n" * 10 + "B,m\n" * 10)
    assert main(["survey", "disaggregate", str(data), "--rows", "place", "--columns", "sex"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("A,") and ",x," in lines[1]


def test_disaggregate_command_names_an_unknown_column(tmp_path, capsys):
    data = tmp_path / "d.csv"
    data.write_text("place,sex\nA,f\n")
    assert main(["survey", "disaggregate", str(data), "--rows", "town", "--columns", "sex"]) == 2
    assert "d.csv lacks the column(s) town" in capsys.readouterr().err

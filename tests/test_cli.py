"""The m4d command: help for every step, messages instead of tracebacks."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from m4d.cli import main

BIN = Path(sys.executable).parent


def test_help_lists_the_data_command(capsys):
    try:
        main(["--help"])
    except SystemExit as done:
        assert done.code == 0
    assert "data" in capsys.readouterr().out


def test_unknown_dataset_is_a_message_not_a_traceback(capsys):
    assert main(["data", "check", "no_such_dataset"]) == 2
    err = capsys.readouterr().err
    assert "no dataset called 'no_such_dataset'" in err and "Traceback" not in err


def test_checking_a_malformed_csv_names_the_row(tmp_path, capsys):
    from m4d import datasets

    names = datasets.resource_names()
    assert names, "the data package describes at least one dataset"
    name = names[0]
    fields = datasets.resource(name)["schema"]["fields"]
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(f["name"] for f in fields[:-1]) + "\n", encoding="utf-8")
    assert main(["data", "check", name, "--file", str(bad)]) == 2
    assert "lacks the column" in capsys.readouterr().err


def test_console_script_is_installed():
    result = subprocess.run([str(BIN / "m4d"), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("m4d ")


def _run(args, capsys):
    from m4d.cli import main as run

    status = run(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_every_csv_tool_names_file_row_and_column_of_a_bad_cell(tmp_path, capsys):
    strata = tmp_path / "strata.csv"
    strata.write_text("stratum,population\ncity,10500\ntown,lots\n", encoding="utf-8")
    candidates = tmp_path / "candidates.csv"
    candidates.write_text("partner,associations,resources\nA,3,4\nB,two,5\nC,1,2\n", encoding="utf-8")
    corridors = tmp_path / "corridors.csv"
    corridors.write_text("home,partner,score\nh1,p1,0.5\nh2,p1,high\n", encoding="utf-8")
    households = tmp_path / "households.csv"
    households.write_text("place,sex,w\nA,f,1.5\nA,m,heavy\n", encoding="utf-8")
    cases = [
        (["survey", "allocate", str(strata), "--n", "100"], "strata.csv, row 3, column population"),
        (["partners", "rank", str(candidates), "--weights", "associations=2,resources=1"],
         "candidates.csv, row 3, column associations"),
        (["partners", "match", str(corridors)], "corridors.csv, row 3, column score"),
        (["survey", "disaggregate", str(households), "--rows", "place", "--columns", "sex", "--weight", "w"],
         "households.csv, row 3, column w"),
    ]
    for args, where in cases:
        status, _, err = _run(args, capsys)
        assert status == 2 and where in err and "Traceback" not in err, (args, err)


def test_every_csv_tool_reads_a_file_saved_by_excel_with_a_byte_order_mark(tmp_path, capsys):
    strata = tmp_path / "strata.csv"
    strata.write_bytes("stratum,population\ncity,10500\ntown,6500\n".encode("utf-8-sig"))
    status, out, _ = _run(["survey", "allocate", str(strata), "--n", "170"], capsys)
    assert status == 0 and out.splitlines()[1:] == ["city,105", "town,65"]


def test_a_missing_or_empty_file_gets_the_loaders_message(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    for args in (["partners", "match", str(empty)], ["survey", "allocate", str(tmp_path / "none.csv"), "--n", "5"]):
        status, _, err = _run(args, capsys)
        assert status == 2 and ("is empty" in err or "does not exist" in err)


def test_a_command_whose_extra_is_missing_says_which_extra_to_install(capsys, monkeypatch):
    import m4d.cli as cli

    def needs_nbgrader(args):
        raise ModuleNotFoundError("No module named 'nbgrader'", name="nbgrader")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser.set_defaults(func=needs_nbgrader)
    assert cli.main([]) == 2
    assert "pip install 'm4d[grading]'" in capsys.readouterr().err

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

"""`m4d budget` checks, allocates, stress-tests and exports plans, and reports bad files without a traceback."""
from __future__ import annotations

import pandas as pd

from m4d.budget import check_plan
from m4d.budget.io import read_plan_csv
from m4d.cli import main


def test_check_of_the_course_draft_fails_with_exit_status_1(capsys):
    assert main(["budget", "check"]) == 1
    out = capsys.readouterr().out
    assert out.count("[FAIL]") == 3 and "(illustrative)" in out


def test_allocate_writes_an_allocation_that_passes_check(tmp_path, capsys):
    assert main(["budget", "export", str(tmp_path)]) == 0
    out = tmp_path / "proposed.csv"
    args = ["--lines", str(tmp_path / "cost_lines.csv"), "--sources", str(tmp_path / "funding_sources.csv")]
    assert main(["budget", "allocate", *args, "--out", str(out)]) == 0
    plan, allocation = read_plan_csv(tmp_path / "cost_lines.csv", tmp_path / "funding_sources.csv", out)
    assert all(r.passed for r in check_plan(plan, allocation))
    assert main(["budget", "check", *args, "--allocation", str(out)]) == 0


def test_allocate_reports_a_binding_rule_and_exit_status_1(capsys):
    assert main(["budget", "allocate", "--min-own-share", "0.9"]) == 1
    assert "No allocation meets every rule" in capsys.readouterr().out


def test_withdraw_prints_both_gap_tables(capsys):
    assert main(["budget", "withdraw", "international"]) == 0
    out = capsys.readouterr().out
    assert "Immediate gap" in out and "after re-planning" in out


def test_bad_file_gives_a_message_and_no_traceback(tmp_path, capsys):
    lines = tmp_path / "lines.csv"
    pd.DataFrame({"line_id": ["L1"], "year": [2026], "category": ["snacks"], "description": [""], "amount": [5]}).to_csv(lines, index=False)
    sources = tmp_path / "sources.csv"
    sources.write_text("source_id,name,kind,form,cap,max_share,eligible_categories\nown,Own,own_budget,cash,10,,staff\n",
                       encoding="utf-8")
    assert main(["budget", "check", "--lines", str(lines), "--sources", str(sources)]) == 2
    err = capsys.readouterr().err
    assert "'snacks' is not a cost category" in err and "Traceback" not in err


def test_share_above_one_on_the_command_line_is_refused(capsys):
    assert main(["budget", "check", "--min-own-share", "20"]) == 2
    assert "between 0 and 1" in capsys.readouterr().err

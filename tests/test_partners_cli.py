"""`m4d partners`: rank a CSV or a course home territory; match a network; errors without tracebacks."""
from __future__ import annotations

import pandas as pd

from m4d.cli import main


def test_rank_a_course_home_territory_prints_the_ranking_and_its_sensitivity(capsys):
    assert main(["partners", "rank", "--home", "Murcia"]) == 0
    out = capsys.readouterr().out
    assert out.index("oriental") < out.index("guayaquil")
    assert "top choice: oriental" in out and "comes first" in out


def test_rank_a_csv_with_a_user_criterion_where_less_is_better(tmp_path, capsys):
    path = tmp_path / "cands.csv"
    pd.DataFrame({"city": ["a", "b", "c"], "associations": [1, 3, 2], "distance_km": [100, 5000, 300]}).to_csv(path, index=False)
    out_csv = tmp_path / "ranked.csv"
    code = main(["partners", "rank", str(path), "--id-column", "city", "--weights", "associations=1,distance_km=3",
                 "--less", "distance_km", "--must-have", "associations>=2", "--output", str(out_csv)])
    assert code == 0
    ranked = pd.read_csv(out_csv)
    assert ranked["city"].tolist() == ["c", "b"]
    assert "set aside: a" in capsys.readouterr().out


def test_bad_weights_on_the_command_line_give_a_message_not_a_traceback(capsys):
    assert main(["partners", "rank", "--home", "Murcia", "--weights", "associations=-2"]) == 2
    err = capsys.readouterr().err
    assert "cannot be negative" in err and "Traceback" not in err


def test_a_malformed_must_have_is_explained(capsys):
    assert main(["partners", "rank", "--home", "Murcia", "--must-have", "associations>1"]) == 2
    assert "column>=number" in capsys.readouterr().err


def test_match_pairs_a_network_within_capacities(tmp_path, capsys):
    path = tmp_path / "corridors.csv"
    pd.DataFrame({"home": ["h1", "h1", "h2"], "partner": ["p1", "p2", "p1"], "score": [10, 8, 8]}).to_csv(path, index=False)
    assert main(["partners", "match", str(path)]) == 0
    captured = capsys.readouterr()
    pairs = set(line for line in captured.out.splitlines()[1:])
    assert pairs == {"h1,p2,8.0", "h2,p1,8.0"}
    assert "total score 16.000" in captured.err

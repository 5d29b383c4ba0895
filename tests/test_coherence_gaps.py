"""Horizontal and vertical coherence gaps, checked on small matrices worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from m4d.coherence import (
    BLIND_SPOT, CONFLICT, blank_matrix, coherence_summary, example_matrix, horizontal_gaps,
    level_titles, sector_titles, vertical_gaps,
)


def make(rows: dict[str, list[str]], levels: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=levels)
    frame.index.name, frame.columns.name = "sector", "level"
    return frame


@pytest.fixture
def small():
    # Worked by hand in the lesson's style:
    #              local     national
    #   housing    hinders   helps
    #   health     helps     helps
    #   education  ignores   hinders
    return make({"housing": ["hinders", "helps"], "health": ["helps", "helps"],
                 "education": ["ignores", "hinders"]}, ["local", "national"])


def as_tuples(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in frame.itertuples(index=False)]


def test_horizontal_gaps_pair_each_helping_sector_with_each_non_helping_sector_at_the_same_level(small):
    assert as_tuples(horizontal_gaps(small)) == [
        ("local", "health", "housing", "hinders", CONFLICT, 2),
        ("local", "health", "education", "ignores", BLIND_SPOT, 1),
        ("national", "housing", "education", "hinders", CONFLICT, 2),
        ("national", "health", "education", "hinders", CONFLICT, 2),
    ]


def test_vertical_gaps_pair_levels_within_one_sector_only_where_one_level_helps(small):
    # health helps at both levels (coherent); education helps at neither (no gap, but no support).
    assert as_tuples(vertical_gaps(small)) == [("housing", "national", "local", "hinders", CONFLICT, 2)]


def test_summary_counts_gaps_per_level_and_per_sector(small):
    summary = coherence_summary(small)
    assert summary.by_level.loc["local"].tolist() == [1, 1, 1, 1, 1]
    assert summary.by_level.loc["national"].tolist() == [2, 0, 1, 2, 0]
    assert summary.by_sector.loc["housing"].tolist() == [1, 0, 1, 1, 0]
    assert summary.by_sector.loc["education"].tolist() == [0, 1, 1, 0, 0]
    assert (summary.horizontal_conflicts, summary.horizontal_blind_spots) == (3, 1)
    assert (summary.vertical_conflicts, summary.vertical_blind_spots) == (1, 0)
    assert summary.sectors_without_support == ["education"]
    assert summary.levels_without_support == []


def test_summary_findings_name_the_policy_to_act_on_and_put_conflicts_first(small):
    findings = coherence_summary(small).findings
    assert findings == [
        "local level: housing hinders migrants while health helps them (1 conflict).",
        "national level: education hinders migrants while housing and health help them (2 conflicts).",
        "housing: the local level hinders migrants while the national level helps them (1 conflict).",
        "local level: education ignores migrants while health helps them (1 blind spot).",
        "education: no level of government helps migrants; migration is not mainstreamed in this sector yet.",
    ]


def test_summary_uses_readable_titles_when_given(small):
    findings = coherence_summary(small, {"housing": "Housing", "health": "Health", "education": "Education"},
                                 {"local": "Local", "national": "National"}).findings
    assert findings[0] == "Local level: Housing hinders migrants while Health helps them (1 conflict)."


def test_policies_that_ignore_and_hinder_without_any_helping_policy_make_no_gap():
    matrix = make({"housing": ["ignores", "hinders"], "health": ["hinders", "ignores"]}, ["local", "regional"])
    assert horizontal_gaps(matrix).empty and vertical_gaps(matrix).empty
    summary = coherence_summary(matrix)
    assert summary.sectors_without_support == ["housing", "health"]
    assert summary.levels_without_support == ["local", "regional"]


def test_a_matrix_where_every_policy_helps_is_fully_coherent():
    matrix = blank_matrix(["housing", "health"], ["local", "national"], mark="helps")
    summary = coherence_summary(matrix)
    assert summary.horizontal.empty and summary.vertical.empty
    assert summary.findings == ["Every policy helps migrants: the matrix shows no coherence gap."]


def test_a_matrix_where_every_policy_ignores_migrants_has_no_gap_but_no_mainstreaming():
    summary = coherence_summary(blank_matrix(["housing", "health"], ["local"]))
    assert summary.horizontal.empty and summary.vertical.empty
    assert summary.no_support_findings[-1] == ("local level: no sector helps migrants; migration is not "
                                               "mainstreamed at this level yet.")


def test_alvora_example_has_the_gaps_counted_by_hand_in_the_activity():
    # Local column: 4 help, 2 ignore, 1 hinders -> 4x1 conflicts, 4x2 blind spots.
    # Regional: 3 help, 4 ignore -> 0 conflicts, 12 blind spots. National: 2 help, 2 ignore,
    # 3 hinder -> 6 conflicts, 4 blind spots. Rows: housing, health, social services and
    # participation each carry vertical conflicts (1+2+1+1); blind spots 1+0+2+1+1.
    summary = coherence_summary(example_matrix(), sector_titles(), level_titles())
    assert summary.by_level[["helps", "ignores", "hinders"]].to_numpy().tolist() == [[4, 2, 1], [3, 4, 0], [2, 2, 3]]
    assert summary.by_level["conflicts"].tolist() == [4, 0, 6]
    assert summary.by_level["blind_spots"].tolist() == [8, 12, 4]
    assert (summary.vertical_conflicts, summary.vertical_blind_spots) == (5, 5)
    assert summary.sectors_without_support == ["urban_planning"]
    assert summary.conflict_findings[0] == ("Local level: Housing hinders migrants while Health, Education, "
                                            "Social services and Participation help them (4 conflicts).")

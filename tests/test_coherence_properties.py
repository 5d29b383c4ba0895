"""Properties of coherence gaps that hold for every matrix (hypothesis)."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from m4d.coherence import (
    BLIND_SPOT, CONFLICT, HELPS, HINDERS, IGNORES, MARK_SCORES, MARKS, coherence_summary, horizontal_gaps,
    vertical_gaps,
)


@st.composite
def matrices(draw):
    n_sectors = draw(st.integers(1, 6))
    n_levels = draw(st.integers(1, 4))
    marks = draw(st.lists(st.lists(st.sampled_from(MARKS), min_size=n_levels, max_size=n_levels),
                          min_size=n_sectors, max_size=n_sectors))
    frame = pd.DataFrame(marks, index=pd.Index([f"s{i}" for i in range(n_sectors)], name="sector"),
                         columns=pd.Index([f"l{j}" for j in range(n_levels)], name="level"))
    return frame.astype(object)


@settings(max_examples=150, deadline=None)
@given(matrices())
def test_each_level_has_helping_times_hindering_conflicts_and_helping_times_ignoring_blind_spots(matrix):
    gaps = horizontal_gaps(matrix)
    for level in matrix.columns:
        column = matrix[level].tolist()
        at_level = gaps[gaps["level"] == level]
        assert (at_level["kind"] == CONFLICT).sum() == column.count(HELPS) * column.count(HINDERS)
        assert (at_level["kind"] == BLIND_SPOT).sum() == column.count(HELPS) * column.count(IGNORES)


@settings(max_examples=150, deadline=None)
@given(matrices())
def test_vertical_gaps_of_a_matrix_are_the_horizontal_gaps_of_its_transpose(matrix):
    transposed = matrix.T.copy()
    transposed.index.name, transposed.columns.name = "sector", "level"
    vertical = {tuple(r) for r in vertical_gaps(matrix).itertuples(index=False)}
    horizontal_of_transpose = {tuple(r) for r in horizontal_gaps(transposed).itertuples(index=False)}
    assert vertical == horizontal_of_transpose


@settings(max_examples=150, deadline=None)
@given(matrices())
def test_every_gap_starts_from_a_helping_policy_and_its_severity_is_the_score_difference(matrix):
    for gap in horizontal_gaps(matrix).itertuples(index=False):
        assert matrix.at[gap.helping_sector, gap.level] == HELPS
        assert matrix.at[gap.other_sector, gap.level] == gap.other_mark != HELPS
        assert gap.severity == MARK_SCORES[HELPS] - MARK_SCORES[gap.other_mark]


@settings(max_examples=100, deadline=None)
@given(matrices(), st.randoms(use_true_random=False))
def test_reordering_the_sectors_does_not_change_which_gaps_exist(matrix, rnd):
    order = list(matrix.index)
    rnd.shuffle(order)
    before = {tuple(r) for r in horizontal_gaps(matrix).itertuples(index=False)}
    after = {tuple(r) for r in horizontal_gaps(matrix.loc[order]).itertuples(index=False)}
    assert before == after


@settings(max_examples=100, deadline=None)
@given(matrices())
def test_summary_counts_agree_with_the_gap_lists_and_lines_without_support(matrix):
    summary = coherence_summary(matrix)
    assert summary.horizontal_conflicts == summary.count("horizontal", CONFLICT)
    assert summary.vertical_blind_spots == summary.count("vertical", BLIND_SPOT)
    assert summary.sectors_without_support == [s for s in matrix.index if HELPS not in matrix.loc[s].tolist()]
    # A finding exists for every policy that lets a helping one down, and only for those.
    weak_cells = {(g.level, g.other_sector) for g in summary.horizontal.itertuples(index=False)}
    weak_cells |= {(g.sector, g.other_level) for g in summary.vertical.itertuples(index=False)}
    assert len(summary.conflict_findings) + len(summary.blind_spot_findings) == len(weak_cells)

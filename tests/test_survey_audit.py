"""The attacker's audit of a published table, checked against brute-force enumeration of every table that fits."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from m4d import InputError
from m4d.survey.suppression import audit, suppress, with_margins


def brute_force_intervals(published: np.ndarray, cap: int) -> dict:
    """Try every filling of the hidden cells with 0..cap and keep those whose rows and columns add up."""
    hidden = list(zip(*np.nonzero(np.isnan(published))))
    seen = {cell: [] for cell in hidden}
    for values in itertools.product(range(cap + 1), repeat=len(hidden)):
        table = published.copy()
        for cell, v in zip(hidden, values):
            table[cell] = v
        if np.allclose(table[:-1, :-1].sum(axis=1), table[:-1, -1]) and \
                np.allclose(table[:-1, :-1].sum(axis=0), table[-1, :-1]) and \
                np.isclose(table[:-1, -1].sum(), table[-1, -1]):
            for cell, v in zip(hidden, values):
                seen[cell].append(v)
    return {cell: (min(v), max(v)) for cell, v in seen.items()}


def frame_with_totals(full: np.ndarray) -> pd.DataFrame:
    rows = [f"r{i}" for i in range(full.shape[0] - 1)] + ["Total"]
    cols = [f"c{j}" for j in range(full.shape[1] - 1)] + ["Total"]
    return pd.DataFrame(full, index=rows, columns=cols)


@settings(max_examples=30, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 2), st.integers(1, 3)), elements=st.integers(0, 3)),
       st.data())
def test_audit_intervals_equal_the_range_found_by_trying_every_table(interior, data):
    full = with_margins(interior.astype(float))
    cells = list(np.ndindex(full.shape))
    chosen = data.draw(st.lists(st.sampled_from(cells), min_size=1, max_size=4, unique=True))
    mask = np.zeros(full.shape, dtype=bool)
    for cell in chosen:
        mask[cell] = True
    published = np.where(mask, np.nan, full)
    cap = int(full[-1, -1])
    truth = brute_force_intervals(published, cap)
    for method in ("flow", "lp"):
        result = audit(frame_with_totals(published), protection=1, method=method)
        for _, row in result.intervals.iterrows():
            cell = (int(row["row"][1:]) if row["row"] != "Total" else full.shape[0] - 1,
                    int(row["column"][1:]) if row["column"] != "Total" else full.shape[1] - 1)
            low, high = truth[cell]
            assert row["low"] == pytest.approx(low)
            if np.isinf(row["high"]):
                # Nothing bounds a cell whose whole cycle is hidden, totals included. Enumeration
                # stops at cap on every hidden cell (a hidden total too, which can hold the cell
                # below cap), so "unbounded" means: allow larger values and the cell's range grows.
                assert brute_force_intervals(published, cap + 1)[cell][1] > high
            else:
                assert row["high"] == pytest.approx(high)


def test_the_issue_example_keeps_its_small_cell_within_a_range_of_at_least_five():
    table = pd.DataFrame([[1, 5, 10], [10, 10, 10]], index=["a", "b"], columns=["x", "y", "z"])
    result = suppress(table, threshold=5)
    interval = audit(result.published(), protection=5).interval("a", "x")
    assert interval.low == 0 and interval.width >= 5
    assert result.audit.passed


def test_two_hidden_cells_per_line_are_not_enough_against_the_linear_attacker():
    # Every row and column with a hidden cell has two, yet the equations pin (a, x) exactly:
    # the old rule "no line with exactly one hidden cell" passes this table.
    full = with_margins(np.array([[4.0, 20, 30], [20, 40, 50], [30, 50, 60]]))
    published = full.copy()
    for cell in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        published[cell] = np.nan
    narrow = audit(frame_with_totals(published), protection=5).interval("r0", "c0")
    assert narrow.width >= 5  # a rectangle of hidden cells does move: 4 can be 0..24
    published[1, 1] = full[1, 1]  # show one corner: the rest follow
    with pytest.raises(InputError):
        audit(frame_with_totals(np.where(np.isnan(published), 0, published) + 1))  # inconsistent totals
    pinned = audit(frame_with_totals(published), protection=5)
    assert not pinned.passed and pinned.interval("r0", "c0").width == 0


@settings(max_examples=80, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=st.integers(0, 30)),
       st.integers(2, 10))
def test_every_small_cell_keeps_a_protection_interval_of_at_least_the_threshold(counts, threshold):
    result = suppress(pd.DataFrame(counts), threshold)
    check = audit(result.published(), protection=threshold, protect=result.primary, method="lp")
    assert check.passed, check.message()
    assert check.narrowest() >= threshold


def test_protection_can_be_wider_than_the_threshold():
    table = pd.DataFrame([[2, 40, 35], [30, 25, 60], [45, 50, 20]])
    result = suppress(table, threshold=5, protection=12)
    assert audit(result.published(), protect=result.primary, protection=12).passed


def test_each_cost_saves_what_it_says_over_many_tables():
    rng = np.random.default_rng(4)
    cells = {"cells": 0, "count": 0}
    respondents = {"cells": 0, "count": 0}
    for _ in range(30):
        table = pd.DataFrame(rng.integers(0, 25, (4, 5)))
        for cost in cells:
            result = suppress(table, 5, cost=cost)
            assert result.audit.passed
            hidden = result.suppressed.to_numpy()
            cells[cost] += hidden.sum()
            respondents[cost] += result.counts.to_numpy()[hidden].sum()
    assert cells["cells"] <= cells["count"]
    assert respondents["count"] < respondents["cells"]


def test_published_html_shows_every_hidden_cell_the_same_way():
    table = pd.DataFrame([[1, 5, 10], [10, 10, 10]], index=["a", "b"], columns=["x", "y", "z"])
    result = suppress(table, threshold=5)
    page = result.to_html("illustrative")
    hidden_cells = [part for part in page.split("<td") if ">x</td>" in part]
    assert len(hidden_cells) == result.suppressed.to_numpy().sum()
    assert len(set(hidden_cells)) == 1  # same style, same title
    assert "primary" not in page and "fewer than 5" not in page
    assert "not for publication" in result.to_html(reasons=True)


def test_a_table_with_sub_totals_is_refused_with_a_message():
    published = pd.DataFrame([[3, 7, 10], [np.nan, 9, 12], [np.nan, 16, 22], [9, 32, 44]],
                             index=["urban", "rural", "subtotal", "Total"], columns=["f", "m", "Total"])
    with pytest.raises(InputError, match="sub-total"):
        audit(published)
    counts = pd.DataFrame([[3, 7], [2, 9]], index=pd.MultiIndex.from_tuples([("A", "f"), ("A", "Total")]))
    with pytest.raises(InputError, match="sub-total"):
        suppress(counts)


def test_a_user_table_with_x_marks_and_text_is_read_as_a_reader_would():
    published = pd.DataFrame({"f": ["x", "x", "12", "21"], "m": ["x", "x", "9", "18"],
                              "Total": ["10", "8", "21", "39"]}, index=["A", "B", "C", "Total"])
    result = audit(published, protection=5)
    assert set(result.intervals["row"]) == {"A", "B"}
    # By hand: A_f = 10 - A_m and A_m + B_m = 18 - 9, so A_f is between 1 and 9.
    assert (result.interval("A", "f").low, result.interval("A", "f").high) == (1, 9)
    with pytest.raises(InputError, match="neither a count"):
        audit(published.assign(f=["x", "x", "twelve", "21"]))


def test_more_than_two_dimensions_as_an_array_is_refused():
    with pytest.raises(InputError, match="dimensions"):
        suppress(np.ones((2, 2, 2)))

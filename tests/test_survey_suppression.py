"""Disaggregation tables and small-cell suppression: no hidden count can be worked out from the totals."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from m4d import InputError
from m4d.survey.disaggregation import cross_table, disaggregate
from m4d.survey.suppression import recoverable_cells, suppress


def lines_of(published: np.ndarray):
    """Every row and every column of a published table with margins (the last entry is the line's total)."""
    yield from published
    yield from published.T


def cells_derivable_by_subtraction(published: np.ndarray) -> list:
    """Written independently of the library: a hidden entry is derivable if it is the only hidden one in a line."""
    derivable = []
    for line in lines_of(published):
        hidden = np.flatnonzero(np.isnan(line))
        if len(hidden) == 1:
            derivable.append(hidden[0])
    return derivable


def assert_protected(result, threshold):
    counts = result.counts.to_numpy()
    published = result.published().to_numpy()
    hidden = np.isnan(published)
    # every small non-zero count is hidden, margins included
    assert not ((counts > 0) & (counts < threshold) & ~hidden).any()
    # and no hidden entry is alone in its row or column
    assert cells_derivable_by_subtraction(published) == []
    # the shown values are the true ones and the margins add up
    assert np.allclose(counts[:-1, :-1].sum(axis=1), counts[:-1, -1])
    assert np.allclose(counts[:-1, :-1].sum(axis=0), counts[-1, :-1])
    assert np.array_equal(published[~hidden], counts[~hidden])


def test_a_lone_small_cell_gets_a_partner_in_its_row_and_column():
    table = pd.DataFrame([[2, 10, 12], [20, 30, 40], [25, 35, 45]], index=list("abc"), columns=list("xyz"))
    result = suppress(table, threshold=5)
    assert result.primary.loc["a", "x"]
    assert result.secondary.to_numpy().sum() >= 3  # one more in its row, one in its column, one to close the square
    assert_protected(result, 5)


def test_subtraction_would_reveal_the_cell_without_secondary_suppression():
    table = pd.DataFrame([[2, 10], [20, 30]], index=list("ab"), columns=list("xy"))
    result = suppress(table, threshold=5)
    only_primary = result.values.astype(float).mask(result.primary)
    assert recoverable_cells(only_primary) == [("a", "x")]
    assert recoverable_cells(result.published()) == []


def test_a_small_row_total_is_hidden_as_well():
    table = pd.DataFrame([[1, 1], [20, 30], [40, 50]], index=list("abc"), columns=list("xy"))
    result = suppress(table, threshold=5)
    assert result.primary.loc["a", "Total"]
    assert_protected(result, 5)


def test_zero_cells_are_published_unless_asked():
    table = pd.DataFrame([[0, 10], [20, 30]], index=list("ab"), columns=list("xy"))
    assert suppress(table, 5).suppressed.to_numpy().sum() == 0
    assert suppress(table, 5, suppress_zeros=True).primary.loc["a", "x"]


@settings(max_examples=200, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 7), st.integers(1, 7)), elements=st.integers(0, 40)),
       st.integers(1, 12))
def test_no_suppressed_cell_can_be_derived_from_any_row_or_column_including_margins(counts, threshold):
    result = suppress(pd.DataFrame(counts), threshold)
    assert_protected(result, threshold)
    assert recoverable_cells(result.published()) == []


@settings(max_examples=100, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(2, 6), st.integers(2, 6)), elements=st.integers(0, 30)))
def test_weighted_values_are_hidden_in_the_same_cells_as_their_counts(counts):
    values = pd.DataFrame(counts * 12.5)
    result = suppress(pd.DataFrame(counts), 5, values=values)
    assert np.array_equal(np.isnan(result.published().to_numpy()), result.suppressed.to_numpy())
    assert cells_derivable_by_subtraction(result.published().to_numpy()) == []


def test_course_data_by_four_variables_is_protected():
    from m4d.survey.region import households

    result = disaggregate(households(), ["municipality_id", "migration_status"], ["respondent_sex", "age_group"], 10)
    assert result.summary()["primary"] > 0
    assert_protected(result, 10)


def test_cross_table_counts_every_combination_including_empty_ones():
    frame = pd.DataFrame({"sex": ["f", "f", "m"], "status": ["migrant", "non_migrant", "migrant"],
                          "place": ["A", "A", "B"]})
    table = cross_table(frame, ["place", "sex"], ["status"])
    assert table.shape == (4, 2)
    assert table.loc[("B", "f")].tolist() == [0, 0]
    assert int(table.to_numpy().sum()) == 3


def test_weighted_cross_table_sums_weights():
    frame = pd.DataFrame({"sex": ["f", "f", "m"], "place": ["A", "A", "B"], "w": [2.0, 3.0, 4.0]})
    table = cross_table(frame, "place", "sex", weight="w")
    assert table.loc["A", "f"] == 5.0 and table.loc["B", "m"] == 4.0


@pytest.mark.parametrize("rows, cols, words", [
    (["nope"], ["sex"], "no column 'nope'"),
    ([], ["sex"], "at least one"),
    (["sex"], ["sex"], "both a row and a column"),
])
def test_bad_disaggregation_requests_get_clear_messages(rows, cols, words):
    frame = pd.DataFrame({"sex": ["f"], "place": ["A"]})
    with pytest.raises(InputError, match=words):
        disaggregate(frame, rows, cols)


def test_suppression_rejects_negative_or_fractional_counts():
    with pytest.raises(InputError, match="whole numbers"):
        suppress(pd.DataFrame([[1.5, 2]]))
    with pytest.raises(InputError, match="threshold"):
        suppress(pd.DataFrame([[1, 2]]), threshold=0)

"""Bad input to the policy-coherence matrix gets a message that says what is wrong and how to fix it."""
from __future__ import annotations

import pandas as pd
import pytest

from m4d import InputError
from m4d.coherence import (
    blank_matrix, check_matrix, example_matrix, matrix_from_table, parse_mark, parse_mark_line, with_mark,
)


def test_marks_are_read_whatever_their_case_and_spacing():
    assert parse_mark("  Hinders ") == "hinders"


@pytest.mark.parametrize("value", ["supports", "", None, "+1"])
def test_an_invalid_mark_names_the_three_allowed_marks(value):
    with pytest.raises(InputError, match="is not a mark.*helps, ignores, hinders"):
        parse_mark(value)


def test_an_unknown_sector_lists_the_sectors_of_the_matrix():
    with pytest.raises(InputError, match=r"no sector 'transport'.*housing, health"):
        with_mark(example_matrix(), "transport", "local", "helps")


def test_an_unknown_level_lists_the_levels_of_the_matrix():
    with pytest.raises(InputError, match=r"no level 'municipal'.*local, regional, national"):
        with_mark(example_matrix(), "housing", "municipal", "helps")


def test_with_mark_changes_one_cell_of_a_copy_and_leaves_the_original_alone():
    original = example_matrix()
    changed = with_mark(original, "housing", "local", "helps")
    assert changed.at["housing", "local"] == "helps"
    assert original.at["housing", "local"] == "hinders"
    assert (changed != original).to_numpy().sum() == 1


def test_a_bad_cell_is_named_by_sector_and_level():
    matrix = blank_matrix(["housing", "health"], ["local", "national"])
    matrix.at["health", "national"] = "maybe"
    with pytest.raises(InputError, match="'maybe' is not a mark for health at the national level"):
        check_matrix(matrix)


def test_a_repeated_sector_is_refused():
    with pytest.raises(InputError, match="'housing' appears twice"):
        blank_matrix(["housing", "housing"], ["local"])


def test_something_that_is_not_a_table_is_refused():
    with pytest.raises(InputError, match="one row per sector"):
        check_matrix([["helps"]])


def table(rows):
    return pd.DataFrame(rows, columns=["sector", "level", "mark"])


def test_a_long_table_becomes_a_matrix_in_the_order_given():
    matrix = matrix_from_table(table([("health", "local", "helps"), ("housing", "local", "hinders"),
                                      ("health", "national", "Ignores"), ("housing", "national", "helps")]))
    assert list(matrix.index) == ["health", "housing"]
    assert list(matrix.columns) == ["local", "national"]
    assert matrix.loc["health"].tolist() == ["helps", "ignores"]


def test_a_long_table_with_a_missing_cell_says_which_row_to_add():
    with pytest.raises(InputError, match="housing has no mark at the national level: add a row"):
        matrix_from_table(table([("health", "local", "helps"), ("housing", "local", "hinders"),
                                 ("health", "national", "helps")]))


def test_a_long_table_with_a_cell_marked_twice_names_the_row():
    with pytest.raises(InputError, match="Row 3: health at the local level is marked twice"):
        matrix_from_table(table([("health", "local", "helps"), ("health", "local", "hinders")]))


def test_a_long_table_with_an_unknown_sector_lists_the_known_ones():
    with pytest.raises(InputError, match="Unknown sector 'transport'.*Known sectors: health"):
        matrix_from_table(table([("transport", "local", "helps")]), sectors=["health"], levels=["local"])


def test_a_long_table_with_a_bad_mark_names_the_row():
    with pytest.raises(InputError, match=r"'great' is not a mark for health at the local level \(row 2\)"):
        matrix_from_table(table([("health", "local", "great")]))


def test_a_long_table_without_a_mark_column_says_which_columns_it_needs():
    with pytest.raises(InputError, match="lacks the column\\(s\\) mark"):
        matrix_from_table(pd.DataFrame({"sector": ["health"], "level": ["local"]}))


def test_a_mark_line_is_split_on_commas():
    assert parse_mark_line(" housing , local,hinders ") == ("housing", "local", "hinders")


def test_a_mark_line_without_three_parts_shows_an_example():
    with pytest.raises(InputError, match="for example: housing, local, hinders"):
        parse_mark_line("housing local hinders")

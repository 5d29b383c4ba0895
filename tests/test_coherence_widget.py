"""The policy-coherence widget follows the learner's marks, reports bad input in place, and
shows a static snapshot in the book."""
from __future__ import annotations

import pytest

from m4d import InputError
from m4d.coherence import (
    CoherenceMatrixWidget, blank_matrix, coherence_heatmap, example_matrix, heatmap_alt, refresh_heatmap, with_mark,
)


@pytest.fixture
def widget(capsys):
    # Outside a kernel the widget's Output area prints the figure to stdout; capsys keeps it quiet.
    return CoherenceMatrixWidget()


def test_widget_opens_on_the_illustrative_municipality(widget):
    assert widget.matrix.equals(example_matrix())
    assert widget.illustrative
    assert "Local level: Housing hinders migrants" in widget.gap_list.value


def test_changing_a_drop_down_updates_the_matrix_the_counts_and_the_gap_list(widget):
    widget.cells[("housing", "local")].value = "helps"
    assert widget.matrix.at["housing", "local"] == "helps"
    # By hand: the local column now has 5 helping and 2 ignoring sectors, so its 4 conflicts
    # become 0 and its blind spots 5 x 2 = 10; housing's row (helps, ignores, helps) loses its
    # vertical conflict and keeps 2 blind spots.
    assert widget.summary.horizontal_conflicts == 6
    assert widget.summary.horizontal_blind_spots == 10 + 12 + 4
    assert widget.summary.vertical_conflicts == 4
    assert "Local level: Housing hinders migrants" not in widget.gap_list.value
    assert "10 conflicts" not in widget.gap_list.value and "6 conflicts" in widget.gap_list.value


def test_a_mark_line_sets_a_cell_and_moves_its_drop_down(widget):
    widget.apply_line("Urban planning, Local, helps")
    assert widget.matrix.at["urban_planning", "local"] == "helps"
    assert widget.cells[("urban_planning", "local")].value == "helps"
    assert "now helps migrants" in widget.message.value


def test_an_unknown_sector_in_a_mark_line_shows_a_message_and_keeps_the_learners_edits(widget):
    widget.cells[("health", "national")].value = "helps"
    before = widget.matrix
    widget.mark_line.value = "transport, local, helps"
    widget.apply_button.click()
    assert "no sector &#x27;transport&#x27;" in widget.message.value
    assert 'role="alert"' in widget.message.value
    assert widget.matrix.equals(before)
    assert widget.mark_line.value == "transport, local, helps"


def test_an_invalid_mark_in_a_mark_line_shows_the_allowed_marks(widget):
    widget.apply_line("housing, local, supports")
    assert "is not a mark" in widget.message.value and "helps, ignores, hinders" in widget.message.value
    assert widget.matrix.at["housing", "local"] == "hinders"


def test_the_next_good_change_clears_the_error_message(widget):
    widget.apply_line("housing, local, supports")
    widget.cells[("housing", "local")].value = "ignores"
    assert widget.message.value == ""


def test_start_again_and_all_ignore_buttons_reset_every_drop_down(widget):
    widget.cells[("health", "local")].value = "hinders"
    widget.clear_button.click()
    assert set(widget.matrix.to_numpy().ravel()) == {"ignores"}
    assert all(cell.value == "ignores" for cell in widget.cells.values())
    assert widget.summary.horizontal.empty
    widget.reset_button.click()
    assert widget.matrix.equals(example_matrix())


def test_set_mark_raises_for_programmatic_callers(widget):
    with pytest.raises(InputError, match="no level 'federal'"):
        widget.set_mark("housing", "federal", "helps")


def test_loading_a_matrix_of_another_shape_is_refused(widget):
    with pytest.raises(InputError, match="same sectors and levels"):
        widget.load(blank_matrix(["housing"], ["local"]))


def test_the_book_gets_a_static_snapshot_beside_the_live_widget(widget):
    bundle = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    snapshot = bundle["text/html"]
    assert "illustrative" in snapshot and "<caption>" in snapshot
    assert snapshot.count("<tr>") == 1 + 3  # header row and one row per level
    assert "Urban planning: no level of government helps migrants" in snapshot


def test_widget_on_a_practitioners_own_matrix_uses_its_names_and_is_not_labelled_illustrative(capsys):
    own = blank_matrix(["water", "schools"], ["city", "state"])
    own.at["water", "city"] = "helps"
    widget = CoherenceMatrixWidget(own, title="Our town")
    assert not widget.illustrative
    assert "illustrative" not in widget.snapshot_html()
    assert "city level: schools ignores migrants while water helps them" in widget.gap_list.value


def test_heat_map_draws_levels_as_rows_national_on_top_and_labels_each_cell_with_its_mark():
    trace = coherence_heatmap(example_matrix(), level_titles={"local": "Local", "national": "National"}).data[0]
    assert list(trace.y) == ["National", "regional", "Local"]
    assert list(trace.x)[:2] == ["housing", "health"]
    # Alvora's local row: housing hinders, health, education help, employment ignores,
    # social services helps, urban planning ignores, participation helps.
    assert [list(row) for row in trace.z][-1] == [-1, 1, 1, 0, 1, 0, 1]
    assert [list(row) for row in trace.text][0][:2] == ["helps", "hinders"]


def test_heat_map_alt_text_counts_marks_and_gaps_and_says_illustrative():
    alt = heatmap_alt(example_matrix(), illustrative=True)
    assert alt.startswith("Heat map (illustrative data) of 7 sector policies at 3 levels")
    assert "9 cells help migrants, 8 ignore them and 4 hinder them" in alt
    assert "Horizontal gaps: 10 conflicts and 24 blind spots" in alt


def test_refreshing_a_heat_map_puts_the_new_marks_in_the_same_cells_as_a_new_figure():
    changed = with_mark(example_matrix(), "housing", "local", "helps")
    refreshed = refresh_heatmap(coherence_heatmap(example_matrix()), changed).data[0]
    fresh = coherence_heatmap(changed).data[0]
    assert [list(r) for r in refreshed.z] == [list(r) for r in fresh.z]
    assert [list(r) for r in refreshed.text] == [list(r) for r in fresh.text]


def test_widget_heat_map_carries_alt_text_that_follows_the_marks(widget):
    def alt():
        return widget.figure.outputs[0]["data"]["text/plain"]
    assert "4 hinder them" in alt() and "(illustrative data)" in alt()
    widget.cells[("housing", "local")].value = "helps"
    assert "10 cells help migrants" in alt() and "3 hinder them" in alt()

"""The seven-step process: both tracks as data, and a figure drawn from that data."""
from __future__ import annotations

import re

import pytest

from m4d import InputError
from m4d.process import process_alt, process_figure, seven_steps, shared_steps
from tests.guidelines_transcript import GUIDELINES, guidelines_pages


def test_each_track_has_seven_steps_in_order():
    for track in ("new_partnership", "existing_partnership"):
        steps = seven_steps(track)
        assert list(steps["step"]) == list(range(1, 8))


def test_the_steps_the_guidelines_cite_in_the_text_are_where_the_text_puts_them():
    new = seven_steps("new_partnership").set_index("step")["title"]
    assert new[1] == "Needs assessment and data"          # p. 25 refers to step 1
    assert new[2] == "Stakeholder mapping"                 # p. 29, step 2
    assert "governance" in new[3]                          # p. 37, transparency: step 3
    assert new[6] == "Human and financial resources"       # p. 59, step 6
    assert new[7] == "Monitoring and evaluation"           # p. 61, step 7


@pytest.mark.skipif(not GUIDELINES.exists(), reason="the transcribed guidelines are not on this machine")
def test_each_step_cites_the_printed_page_where_the_text_refers_to_it():
    # "For additional information on this topic, refer to step N" closes the text on step N.
    referred = {int(n): page for page, text in guidelines_pages().items()
                for n in re.findall(r"refer to step (\d)", text)}
    assert sorted(referred) == list(range(1, 8))
    for _, row in seven_steps().iterrows():
        text_pages = row["guidelines_pages"].split(";")[1].strip()
        first = int(text_pages.split("-")[0])
        last = int(text_pages.split("-")[-1])
        assert first <= referred[row["step"]] <= last, (row["id"], text_pages, referred[row["step"]])


def test_an_existing_partnership_revises_its_agreements_to_include_migration():
    existing = seven_steps("existing_partnership").set_index("step")
    assert existing.loc[4, "title"] == "Re-definition of cooperation"
    assert any("migration" in a for a in existing.loc[4, "actions"])


def test_shared_steps_are_exactly_those_with_identical_titles_and_actions():
    frame = seven_steps()
    for step in range(1, 8):
        rows = frame[frame["step"] == step]
        same = rows["title"].nunique() == 1 and rows["actions"].map(tuple).nunique() == 1
        assert (step in shared_steps()) == same


def test_the_figure_draws_one_box_per_shared_step_and_two_per_diverging_step():
    fig = process_figure()
    boxes = [s for s in fig.layout.shapes if s.type == "rect"]
    shared = len(shared_steps())
    assert len(boxes) == shared + 2 * (7 - shared)


def test_the_figure_follows_the_data_titles():
    fig = process_figure()
    text = " ".join(a.text for a in fig.layout.annotations if a.text)
    for title in seven_steps()["title"]:
        assert title in text.replace("<br>", " ")


def test_highlighting_a_step_thickens_only_its_boxes():
    fig = process_figure(highlight=4)
    thick = {round((s.x0 + s.x1) / 2) for s in fig.layout.shapes if s.line.width == 3}
    assert thick == {4}
    assert "Step 4 is outlined" in process_alt(4)


def test_the_alt_text_names_every_step_of_both_tracks():
    alt = process_alt()
    for title in seven_steps()["title"].unique():
        assert title in alt


def test_an_unknown_track_is_an_input_error():
    with pytest.raises(InputError, match="new_partnership"):
        seven_steps("old")

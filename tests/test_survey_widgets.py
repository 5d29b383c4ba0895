"""The survey widgets recompute on every edit, show messages for bad input, keep the edit, and snapshot."""
from __future__ import annotations

import pytest

from m4d.survey.bias_widget import BiasSimulator
from m4d.survey.disaggregation_widget import DisaggregationExplorer
from m4d.survey.sample_size_widget import SampleSizeCalculator


def test_sample_size_widget_updates_when_the_margin_changes():
    calc = SampleSizeCalculator(design_effect=1, response_rate=100, population=0)
    assert ">385<" in calc.output.value
    calc.margin.value = 10
    assert ">97<" in calc.output.value  # 96.04 rounded up


@pytest.mark.parametrize("box, value", [("margin", 0), ("response_rate", 120), ("proportion", -5)])
def test_sample_size_widget_shows_a_message_and_keeps_the_edit(box, value):
    calc = SampleSizeCalculator()
    getattr(calc, box).value = value
    assert calc.error and "percentage" in calc.error
    assert "role=\"alert\"" in calc.message.value
    assert getattr(calc, box).value == value
    getattr(calc, box).value = 50 if box != "margin" else 5
    assert calc.error is None and calc.message.value == ""


def test_disaggregation_explorer_hides_more_cells_as_the_threshold_rises():
    explorer = DisaggregationExplorer(rows=("location", "sex"), columns=("migration status",), threshold=3)
    low = explorer.result.summary()["primary"]
    explorer.threshold.value = 20
    assert explorer.result.summary()["primary"] > low
    assert "Illustrative" in explorer.output.value


def test_disaggregation_explorer_asks_for_a_column_when_none_is_chosen():
    explorer = DisaggregationExplorer()
    explorer.columns.value = ()
    assert "at least one variable" in explorer.error
    explorer.columns.value = ("sex",)
    assert explorer.error is None


def test_bias_simulator_shows_convenience_bias_and_reacts_to_the_pulls():
    sim = BiasSimulator(runs=40)
    biased = sim.result.bias("convenience")
    sim.association_pull.value = 0
    sim.centre_pull.value = 0
    assert abs(sim.result.bias("convenience")) < abs(biased)
    assert "<svg" in sim.output.value and "aria-label" in sim.output.value


def test_bias_simulator_message_for_a_sample_larger_than_the_region():
    sim = BiasSimulator(runs=10)
    sim.n.value = 10**7
    assert "larger than the population" in sim.error


@pytest.mark.parametrize("make", [SampleSizeCalculator, DisaggregationExplorer, lambda: BiasSimulator(runs=10)])
def test_display_gives_the_live_widget_and_a_static_snapshot(make):
    widget = make()
    bundle = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Static snapshot" in bundle["text/html"]
    assert widget.output.value in bundle["text/html"]

"""Every course widget shows the live view on a kernel and its static snapshot in the book, through one base."""
from __future__ import annotations

import importlib

import ipywidgets as w
import pytest

from m4d.snapshot import StaticSnapshot, snapshot_note

WIDGETS = [
    ("m4d.agenda.explorer_widget", "GcmSdgExplorer"),
    ("m4d.stakeholders.widget", "StakeholderMapExplorer"),
    ("m4d.agreements.widget", "AgreementWorkbench"),
    ("m4d.budget.widget", "BudgetPlanner"),
    ("m4d.coherence.widget", "CoherenceMatrixWidget"),
    ("m4d.partners.widget", "PartnerMatchingWidget"),
    ("m4d.survey.sample_size_widget", "SampleSizeCalculator"),
    ("m4d.survey.disaggregation_widget", "DisaggregationExplorer"),
    ("m4d.survey.bias_widget", "BiasSimulator"),
]


@pytest.mark.parametrize("module, name", WIDGETS)
def test_every_course_widget_uses_the_snapshot_base(module, name):
    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, StaticSnapshot)
    assert "_repr_mimebundle_" not in vars(cls)  # the base writes it once


def test_a_new_widget_needs_only_a_container_and_a_snapshot():
    class Counter(StaticSnapshot):
        snapshot_label = "A counter"

        def __init__(self):
            self.widget = w.IntText(3)

        def snapshot_html(self):
            return f"<p>Count: {self.widget.value}</p>" + snapshot_note("count")

    bundle = Counter()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith("<p>Count: 3</p>") and "launch button" in bundle["text/html"]
    assert bundle["text/plain"] == "A counter"

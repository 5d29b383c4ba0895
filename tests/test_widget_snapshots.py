"""Every course widget shows the live view on a kernel and its static snapshot in the book, through one base."""
from __future__ import annotations

import importlib

import ipywidgets as w
import pytest

from m4d.snapshot import StaticSnapshot, snapshot_note

def course_widgets() -> list[tuple[str, str]]:
    """Every class of the toolbox that writes a static snapshot (found, not listed, so a new widget is covered)."""
    import inspect
    import pkgutil

    import m4d

    found = []
    for info in pkgutil.walk_packages(m4d.__path__, "m4d."):
        if not info.name.endswith(("widget", "_widget")) and ".widget" not in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name and callable(getattr(cls, "snapshot_html", None)):
                found.append((info.name, name))
    return sorted(found)


WIDGETS = course_widgets()


def test_the_widget_search_finds_the_widgets_of_every_module_with_one():
    modules = {module.split(".")[1] for module, _ in WIDGETS}
    assert {"agenda", "budget", "partners", "survey", "initiatives", "results", "self_assessment"} <= modules


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

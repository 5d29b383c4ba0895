"""A figure picture that never finishes drawing stops the build with its name, not for ever.

Playwright puts no deadline on a script's promise: before the bound, a plotly call that never
resolved would have held the book's build (and the suite) until CI killed it."""
from __future__ import annotations

import time

import pytest

from m4d import figure_images
from m4d.figure_images import FigurePicture, render_svgs


@pytest.mark.browser
def test_picture_that_never_draws_fails_the_build_naming_the_picture(tmp_path, monkeypatch):
    from m4d.book_export import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    # A stand-in for plotly.js whose drawing never ends.
    stuck = tmp_path / "plotly.min.js"
    stuck.write_text("window.Plotly = {toImage: () => new Promise(() => {})};", encoding="utf-8")
    monkeypatch.setattr(figure_images, "DRAW_SECONDS", 1)
    picture = FigurePicture(data=[{"type": "bar", "x": ["a"], "y": [1]}], layout={}, name="fig-stuck.svg")
    start = time.monotonic()
    with pytest.raises(RuntimeError, match=r"fig-stuck\.svg could not be drawn: .*within 1 s"):
        render_svgs([picture], tmp_path / "out", stuck, [], CHROMIUM, CHROMIUM_ARGS)
    assert time.monotonic() - start < 60
    assert not (tmp_path / "out" / "fig-stuck.svg").exists()

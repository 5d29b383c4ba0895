"""The phone picture of every figure of the book is legible on the narrowest phone, checked
without building the book: each figure is drawn again from its lesson's code (or read from its
executed notebook), redrawn for a phone by m4d.figure_images.phone_figure, drawn by plotly.js in
Debian's chromium as the build draws it, and measured there (chromium's own text layout, not
the estimates phone_figure works with)."""
from __future__ import annotations

from collections import Counter

import pytest

from m4d.figure_images import NARROWEST_COLUMN, PHONE_WIDTH, READABLE_TEXT, phone_figure
from tests.book_figures import book_pictures

#: A box may reach this far (px) past the picture's edge: the rounding of chromium's layout.
_ROUNDING = 0.5


def _heatmap(data: list) -> dict | None:
    return next((t for t in data if isinstance(t, dict) and t.get("type") == "heatmap"), None)


@pytest.fixture(scope="module")
def phone_pictures():
    from m4d.book_export import CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    # Drawn once with the pictures as laid out, which the text-overlap test checks.
    return [(p["page"], p["data"], p["layout"], p["drawn"]) for p in book_pictures() if p["kind"] == "phone"]


def test_a_wide_heat_map_is_turned_on_a_phone_and_keeps_every_mark_in_its_place():
    sectors, levels = ["Housing", "Health", "Education", "Employment"], ["National", "Local"]
    marks = [["helps", "hinders", "ignores", "helps"], ["ignores", "helps", "helps", "hinders"]]
    trace = {"type": "heatmap", "x": sectors, "y": levels, "z": [[1, -1, 0, 1], [0, 1, 1, -1]], "text": marks,
             "xgap": 3, "ygap": 5}
    data, layout = phone_figure([trace], {"xaxis": {"side": "top"}, "yaxis": {"autorange": "reversed"}})
    turned = data[0]
    cells = lambda t: {(x, y, t["z"][i][j], t["text"][i][j]) for i, y in enumerate(t["y"]) for j, x in enumerate(t["x"])}
    assert turned["y"] == sectors and turned["x"] == levels, "sectors read down the picture"
    assert {(y, x, z, w) for x, y, z, w in cells(turned)} == cells(trace)
    assert (turned["xgap"], turned["ygap"]) == (5, 3)
    assert layout["yaxis"]["autorange"] == "reversed" and layout["xaxis"]["side"] == "top"


def test_a_turned_heat_map_whose_words_do_not_fit_beside_the_row_names_writes_the_names_above_their_rows():
    # Spanish marks in three columns beside "Servicios sociales": the names go above the rows and
    # the columns take the whole width; the English marks fit beside the names and stay as they are.
    sectors, levels = ["Vivienda", "Servicios sociales", "Participación", "Empleo"], ["Nacional", "Regional", "Local"]
    marks = [["favorece", "obstaculiza", "ignora", "favorece"], ["ignora", "favorece", "favorece", "obstaculiza"],
             ["favorece", "ignora", "obstaculiza", "favorece"]]
    trace = {"type": "heatmap", "x": sectors, "y": levels, "z": [[1, -1, 0, 1], [0, 1, 1, -1], [1, 0, -1, 1]],
             "text": marks, "textfont": {"size": 13}, "xgap": 3, "ygap": 3}
    layout = {"xaxis": {"side": "top"}, "yaxis": {"autorange": "reversed"}, "margin": {"l": 90, "r": 20, "t": 90, "b": 20}}
    data, phone = phone_figure([trace], layout)
    turned = data[0]
    assert phone["yaxis"]["showticklabels"] is False and phone["margin"]["l"] < 20
    names = [a for a in phone["annotations"] if a.get("yref") == "y"]
    assert [a["text"] for a in names] == sectors and [a["y"] for a in names] == [i - 0.5 for i in range(4)]
    assert turned["ygap"] > 20, "a band above each row holds its name"
    low, high = phone["yaxis"]["range"]
    assert low == 3.5 and high < -0.5, "the first row's name has room above it, first row on top"
    english = {**trace, "x": ["Housing", "Social services", "Participation", "Employment"],
               "text": [[{"favorece": "helps", "obstaculiza": "hinders", "ignora": "ignores"}[m] for m in row] for row in marks]}
    _data, plain = phone_figure([english], layout)
    assert "showticklabels" not in plain["yaxis"] and not plain.get("annotations")


@pytest.mark.slow
@pytest.mark.browser
def test_every_figure_of_the_book_is_measured_on_a_phone(phone_pictures):
    pages = Counter(page for page, *_ in phone_pictures)
    assert sum(pages.values()) >= 15, pages
    kinds = {t.get("type", "scatter") for _, data, _, _ in phone_pictures for t in data if isinstance(t, dict)}
    assert {"heatmap", "sankey", "scatter", "bar", "scattergeo"} <= kinds
    # The figures the last review found cut or cramped are among them.
    assert {"m1_migration_is_local/m1_06_activity_timeline.ipynb", "m2_mainstreaming/m2_05_activity_policy_coherence.ipynb",
            "m3_decentralised_cooperation/m3_04_stakeholders_and_platforms.md",
            "m5_resources/m5_04_budget_rules_and_allocation.md"} <= set(pages)


@pytest.mark.slow
@pytest.mark.browser
def test_every_word_of_a_phone_picture_is_drawn_inside_the_picture(phone_pictures):
    outside = []
    for page, _, layout, drawn in phone_pictures:
        assert drawn["width"] == PHONE_WIDTH and drawn["height"] == layout["height"], page
        assert drawn["texts"], f"{page}: a picture with no words"
        for text in drawn["texts"]:
            left, top, right, bottom = text["box"]
            if left < -_ROUNDING or top < -_ROUNDING or right > drawn["width"] + _ROUNDING \
                    or bottom > drawn["height"] + _ROUNDING:
                outside.append(f"{page}: {text['text'][:40]!r} at {[round(v) for v in text['box']]} "
                               f"in a picture of {drawn['width']:.0f} x {drawn['height']:.0f} px")
    assert not outside, "\n".join(outside)


@pytest.mark.slow
@pytest.mark.browser
def test_no_text_of_a_phone_picture_is_read_under_12_px_on_a_320_px_screen(phone_pictures):
    for page, _, _, drawn in phone_pictures:
        smallest = min(text["size"] for text in drawn["texts"])
        # On a 320 px screen the picture is shrunk to the text column's width.
        assert smallest * NARROWEST_COLUMN / PHONE_WIDTH >= READABLE_TEXT, f"{page}: text of {smallest} px"


@pytest.mark.slow
@pytest.mark.browser
def test_every_word_of_a_heat_map_fits_in_its_cell_on_a_phone(phone_pictures):
    checked = 0
    for page, data, _, drawn in phone_pictures:
        trace = _heatmap(data)
        if trace is None:
            continue
        (left, _, right, _), = drawn["heatmaps"]
        cell = (right - left) / len(trace["x"]) - (trace.get("xgap") or 0)
        words = [text for text in drawn["texts"] if text["cell"]]
        assert len(words) == len(trace["x"]) * len(trace["y"]), f"{page}: every cell shows its mark"
        for word in words:
            assert word["box"][2] - word["box"][0] <= cell, f"{page}: {word['text']!r} is wider than its {cell:.0f} px cell"
        checked += 1
    assert checked >= 2, "the heat maps of Module 2"

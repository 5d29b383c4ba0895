"""A diagram of discs keeps its names inside the discs on a phone, in every language (issue 17).

The eight-sectors diagram writes each sector's name inside its disc. A French name is wider than the
English ("Développement économique local"): at a phone's 15 px it would run past the picture's edge, and
the step that moves a point's name away from the edge used to set it beside its disc, so the whole diagram
was treated as names beside points and its numbers were pushed out of the discs and the picture (chromium
measured '3' and '7' 13 px past the edge). The names, or the numbers that stand for them, stay centred
on their discs, as in English.
"""
from __future__ import annotations

import json

import pytest

from m4d.figure_images import PHONE_WIDTH, phone_figure
from m4d.i18n import use_language
from m4d.initiatives.sector_figure import sector_diagram
from m4d.label_placement import text_width


def _phone(language):
    with use_language(language):
        figure = json.loads(sector_diagram().to_json())
    return phone_figure(figure["data"], figure["layout"])


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_sector_discs_names_stay_centred_on_their_discs_on_a_phone(language):
    data, _layout = _phone(language)
    named = [t for t in data if "text" in str(t.get("mode", ""))]
    positions = {p for t in named for p in (t["textposition"] if isinstance(t["textposition"], list)
                                            else [t["textposition"]])}
    assert positions == {"middle center"}


def test_a_french_name_too_wide_beside_the_edge_is_numbered_like_the_english():
    english, _ = _phone("en")
    french, _ = _phone("fr")
    # The French name of the disc at the right edge is wider than what lies between its centre and the edge.
    assert text_width("Développement", 15) / 2 > PHONE_WIDTH * (1 - (1 + 1.45) / 2.9) - 10
    assert [t["text"] for t in french if "text" in str(t.get("mode", ""))] == \
        [t["text"] for t in english if "text" in str(t.get("mode", ""))]

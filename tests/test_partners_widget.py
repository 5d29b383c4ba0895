"""The partner-matching widget: live ranking, messages that keep the settings, static snapshot."""
from __future__ import annotations

import pytest

from m4d import InputError
from m4d.partners import GUIDELINE_WEIGHTS, HAS_ASSOCIATION, PartnerMatchingWidget, candidates_for, rank


def test_the_widget_ranks_the_default_home_as_the_toolbox_does():
    w = PartnerMatchingWidget()
    assert w.ranking.ids == rank(candidates_for("Schaerbeek"), GUIDELINE_WEIGHTS).ids
    assert "Al Hoceima" in w.table.value and w.message.value == ""


def test_moving_a_slider_re_ranks_the_candidates():
    w = PartnerMatchingWidget(home="Murcia")
    assert w.ranking.top == "oriental"
    w.sliders["proximity"].value = 5.0
    assert w.ranking.top == rank(candidates_for("Murcia"), {**GUIDELINE_WEIGHTS, "proximity": 5.0}).top
    assert w.ranking.top != "oriental"


def test_a_must_have_toggle_sets_candidates_aside_and_says_why():
    w = PartnerMatchingWidget(home="Santa Perpètua de Mogoda")
    assert w.ranking.top == "dakar"
    w.toggles["associations"].value = True
    assert "dakar" not in w.ranking.ids
    assert "Set aside by a must-have" in w.table.value and HAS_ASSOCIATION.label in w.table.value


def test_all_weights_at_zero_show_a_message_and_keep_the_sliders():
    w = PartnerMatchingWidget()
    for slider in w.sliders.values():
        slider.value = 0.0
    assert "Every weight is zero" in w.message.value
    assert w.ranking is None and w.table.value == ""
    assert all(s.value == 0.0 for s in w.sliders.values())
    w.sliders["associations"].value = 2.0
    assert w.message.value == "" and w.ranking is not None


def test_changing_the_home_territory_changes_the_candidates_and_the_map():
    w = PartnerMatchingWidget()
    w.home.value = "tuscany"
    assert set(w.ranking.ids) == set(candidates_for("Tuscany")["partner"])
    bundle = w.map.outputs[0]["data"]
    assert "Tuscany" in bundle["text/plain"] and "Kasserine" in bundle["text/plain"]


def test_the_notebook_view_carries_the_live_widget_and_a_static_snapshot():
    w = PartnerMatchingWidget()
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    snapshot = bundle["text/html"]
    for part in ("Home territory:", "Top choice: Al Hoceima", "illustrative", "m4d-figure", "aria-label"):
        assert part in snapshot


def test_the_sensitivity_readout_names_the_weight_at_which_the_top_changes():
    w = PartnerMatchingWidget(home="Murcia")
    assert "stays on top in" in w.readout.value
    assert "Guayaquil comes first" in w.readout.value


def test_unknown_settings_are_refused_when_the_widget_is_made():
    with pytest.raises(InputError, match="no criterion"):
        PartnerMatchingWidget(weights={"size": 1})
    with pytest.raises(InputError, match="no must-have"):
        PartnerMatchingWidget(must_haves=["money"])
    with pytest.raises(InputError, match="not a territory"):
        PartnerMatchingWidget(home="Atlantis")

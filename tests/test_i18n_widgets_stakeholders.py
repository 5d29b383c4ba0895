"""The stakeholder map in French and Spanish: controls, kinds, gaps, table and map texts come from
the catalogues, and a new actor without a name is refused in the reader's language."""
from __future__ import annotations

import html

import pytest

from m4d.i18n import use_language
from m4d.stakeholders.kinds import KINDS
from m4d.stakeholders.widget import StakeholderMapExplorer
from tests.widget_translation import (TARGETS, catalogue, english_left_in, html_panes, translation,
                                untranslated_controls)



def _names_kept(language: str) -> set[str]:
    """Actors' names the catalogue keeps as they are (proper names such as EuroAfrican Partnership)."""
    return {en for (context, en), text in catalogue(language, "datasets").items()
            if context.startswith("stakeholder_map_") and text == en}


@pytest.mark.parametrize("language", TARGETS)
def test_stakeholder_map_built_in_another_language_shows_the_catalogues_words_everywhere(language):
    english = StakeholderMapExplorer()
    english_snapshot = english.snapshot_html()
    with use_language(language):
        other = StakeholderMapExplorer()
        snapshot = other.snapshot_html()
    # The actors, their descriptions and roles are translated as data (datasets.po): only names the
    # catalogue keeps as they are may show in English.
    kept = _names_kept(language)
    assert untranslated_controls(english.widget, other.widget, language, kept) == []
    assert english_left_in(html_panes(english.widget), html_panes(other.widget), kept) == []
    assert english_left_in(english_snapshot, snapshot, kept) == []
    assert other.case.label == catalogue(language, "datasets")[("stakeholder_map_actors.label", english.case.label)]
    # Edge by edge, node by node: roles, names and descriptions are the catalogue's, as the map and table show them.
    shown = catalogue(language, "datasets")
    for a, b, edge in english.graph.edges(data=True):
        assert other.graph.edges[a, b]["role"] == shown[("stakeholder_map_links.role", edge["role"])]
    for node, data in english.graph.nodes(data=True):
        assert other.graph.nodes[node]["label"] == shown[("stakeholder_map_actors.label", data["label"])]
        assert other.graph.nodes[node]["description"] == shown[("stakeholder_map_actors.description", data["description"])]
    # The kinds menu: translated labels (datasets.po), English codes as values.
    labels = catalogue(language, "datasets")
    assert [v for _l, v in other.new_kind.options] == list(KINDS)
    assert all(label == labels[("stakeholder_kinds.label", en)] and label != en
               for (label, _v), (en, _w) in zip(other.new_kind.options, english.new_kind.options))
    assert other.alt != english.alt and translation(language, "Kind of stakeholder") in str(other.figure.layout)


@pytest.mark.parametrize("language", TARGETS)
def test_a_new_actor_without_a_name_is_refused_in_the_readers_language(language):
    with use_language(language):
        other = StakeholderMapExplorer()
        other.add("  ", "cso", "mentoring")
    assert html.escape(translation(language, "Cannot add:")) in other.message.value
    assert html.escape(translation(language, "Give the new actor a name.")) in other.message.value
    assert "Give the new actor" not in other.message.value

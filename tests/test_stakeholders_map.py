"""The stakeholder map: the six kinds, the cases from the guidelines, the gaps, the drawing and its alt text."""
from __future__ import annotations

import math
import time

import pandas as pd
import pytest

from m4d import InputError
from m4d.stakeholders import (KINDS, StakeholderMapExplorer, actor_table, add_actor, graph_from_tables,
                              kinds_missing, map_cases, map_layout, stakeholder_graph, stakeholder_kinds,
                              stakeholder_map_alt, stakeholder_map_figure)


def test_there_are_six_kinds_of_stakeholders_each_saying_what_it_brings():
    kinds = stakeholder_kinds()
    assert list(kinds["kind"]) == list(KINDS)
    assert all(len(b) >= 3 for b in kinds["brings"])


def test_the_tuscany_kasserine_map_is_a_jmdi_supported_partnership_of_two_regions():
    graph = stakeholder_graph("tuscany_kasserine")
    regions = sorted(d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "lra")
    assert regions == ["Governorate of Kasserine", "Region of Tuscany"]
    assert graph.has_edge("jmdi", "partnership")


def test_every_link_of_every_case_joins_known_actors_and_has_a_role():
    for case in map_cases():
        graph = stakeholder_graph(case)
        for a, b, data in graph.edges(data=True):
            assert a in graph and b in graph and data["role"].strip()


def test_the_gaps_are_the_kinds_with_no_actor():
    assert kinds_missing(stakeholder_graph("tuscany_kasserine")) == ["private_sector"]
    assert kinds_missing(stakeholder_graph("santa_perpetua_bouanze")) == ["private_sector", "knowledge"]


def test_adding_an_actor_of_a_missing_kind_closes_that_gap_and_leaves_the_case_unchanged():
    graph = stakeholder_graph("tuscany_kasserine")
    bigger = add_actor(graph, "Migrant-owned firms in Tuscany", "private_sector", "invest in Kasserine")
    assert kinds_missing(bigger) == []
    assert kinds_missing(graph) == ["private_sector"]
    assert bigger.number_of_edges() == graph.number_of_edges() + 1


@pytest.mark.parametrize("label, kind, role, message", [
    ("", "cso", "helps", "name"),
    ("A bank", "donor", "lends", "kind"),
    ("A bank", "private_sector", " ", "role"),
    ("Region of Tuscany", "lra", "partner", "already on the map"),
])
def test_adding_a_bad_actor_is_an_input_error(label, kind, role, message):
    with pytest.raises(InputError, match=message):
        add_actor(stakeholder_graph("tuscany_kasserine"), label, kind, role)


def test_the_layout_puts_the_partnership_in_the_centre_and_is_the_same_every_time():
    graph = stakeholder_graph("tuscany_kasserine")
    first, second = map_layout(graph), map_layout(stakeholder_graph("tuscany_kasserine"))
    assert first == second
    assert first["partnership"] == (0.0, 0.0)
    direct = [n for n in graph.predecessors("partnership")]
    farther = ["university"]
    assert max(math.dist(first[n], (0, 0)) for n in direct) < min(math.dist(first[n], (0, 0)) for n in farther)


def test_the_layout_keeps_actors_apart():
    for case in map_cases():
        pos = list(map_layout(stakeholder_graph(case)).values())
        gaps = [math.dist(a, b) for i, a in enumerate(pos) for b in pos[i + 1:]]
        assert min(gaps) > 0.3


def test_the_legend_names_every_kind_and_marks_the_missing_ones():
    fig = stakeholder_map_figure(stakeholder_graph("santa_perpetua_bouanze"))
    names = [t.name for t in fig.data if t.showlegend is not False]
    assert "Private sector: none described" in names
    assert "Knowledge-based organisations: none described" in names
    assert "Local and regional authorities" in names and "The partnership" in names


def test_the_alt_text_lists_every_actor_and_the_gaps():
    graph = stakeholder_graph("santa_perpetua_bouanze")
    alt = stakeholder_map_alt(graph)
    for _, data in graph.nodes(data=True):
        if data["kind"] != "partnership":
            assert data["label"] in alt
    assert "No actor is described for: private sector, knowledge-based organisations." in alt


def test_the_actor_table_shows_links_in_both_directions():
    table = actor_table(stakeholder_graph("tuscany_kasserine")).set_index("actor")
    assert "→ Tunisian university students in Tuscany" in table.loc["Pontes association", "links"]
    assert "← Pontes association" in table.loc["Tunisian university students in Tuscany", "links"]


def test_a_practitioners_own_tables_build_a_map():
    actors = pd.DataFrame({"actor": ["p", "town", "assoc"], "label": ["Our project", "Our town", "Diaspora club"],
                           "kind": ["partnership", "lra", "diaspora"]})
    links = pd.DataFrame({"source": ["town", "assoc"], "target": ["p", "p"], "role": ["leads", "advises"]})
    graph = graph_from_tables(actors, links)
    assert kinds_missing(graph) == ["other_public", "cso", "private_sector", "knowledge"]


@pytest.mark.parametrize("actors, links, message", [
    (pd.DataFrame({"actor": ["a"], "label": ["A"]}), pd.DataFrame(columns=["source", "target", "role"]), "kind"),
    (pd.DataFrame({"actor": ["a", "a"], "label": ["A", "B"], "kind": ["lra", "lra"]}),
     pd.DataFrame(columns=["source", "target", "role"]), "twice"),
    (pd.DataFrame({"actor": ["a"], "label": ["A"], "kind": ["ngo"]}),
     pd.DataFrame(columns=["source", "target", "role"]), "kind 'ngo'"),
    (pd.DataFrame({"actor": ["a"], "label": ["A"], "kind": ["lra"]}),
     pd.DataFrame({"source": ["a"], "target": ["b"], "role": ["x"]}), "'b'"),
])
def test_bad_tables_are_input_errors(actors, links, message):
    with pytest.raises(InputError, match=message):
        graph_from_tables(actors, links)


def test_an_unknown_case_is_an_input_error():
    with pytest.raises(InputError, match="Known cases"):
        stakeholder_graph("atlantis")


def test_the_explorer_shows_a_bad_actor_in_its_message_and_keeps_the_form():
    explorer = StakeholderMapExplorer()
    explorer.new_label.value = "A bank"
    explorer.new_role.value = ""
    explorer.add(explorer.new_label.value, "private_sector", explorer.new_role.value)
    assert "Cannot add" in explorer.message.value
    assert explorer.new_label.value == "A bank"
    assert kinds_missing(explorer.graph) == ["private_sector"]


def test_the_explorer_snapshot_has_the_map_with_alt_text_and_the_gaps():
    explorer = StakeholderMapExplorer("santa_perpetua_bouanze")
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    snapshot = bundle["text/html"]
    assert 'aria-label="Stakeholder map of' in snapshot and "Gaps to ask about" in snapshot


def test_the_map_figure_is_valid_plotly_when_validated():
    import plotly.graph_objects as go

    for case in map_cases():
        spec = stakeholder_map_figure(stakeholder_graph(case)).to_plotly_json()
        validated = go.Figure(data=spec["data"], layout=spec["layout"])
        assert len(validated.data) == len(spec["data"])

"""A partnership's actors and who does what with whom, as a networkx graph.

The graph is directed: a link goes from the actor who acts to the one it acts
on or with (the town hall *co-funds* the project). Each node is an actor with its ``kind`` (one of the six kinds of stakeholders, or
``partnership`` for the partnership itself) and ``label``; each edge carries the
``role`` of the link. The course ships two cases from the guidelines
(Tuscany-Kasserine, a JMDI-supported partnership, and Santa Perpètua de
Mogoda-Bouanzé); :func:`graph_from_tables` builds the same graph from a
practitioner's own tables.
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from m4d import datasets
from m4d.errors import InputError
from m4d.i18n import _, ngettext, translate_frame
from m4d.stakeholders.kinds import KINDS, PARTNERSHIP, kind_labels

ACTOR_COLUMNS = ("actor", "label", "kind")
LINK_COLUMNS = ("source", "target", "role")


def map_cases() -> dict[str, str]:
    """Case id -> the name of its partnership (in the reader's language), for the cases shipped with the course."""
    actors = translate_frame(datasets.load("stakeholder_map_actors"), "stakeholder_map_actors")
    centre = actors[actors["kind"] == PARTNERSHIP]
    return {str(c): str(label) for c, label in zip(centre["case"], centre["label"])}


def stakeholder_graph(case: str) -> nx.DiGraph:
    """The stakeholder map of one of the course's cases (see :func:`map_cases`)."""
    cases = map_cases()
    if case not in cases:
        raise InputError(_("There is no stakeholder map case {case}. Known cases: {cases}.").format(
            case=repr(case), cases=", ".join(cases)))
    # Names, descriptions and roles in the reader's language; ids and kinds stay the data's codes.
    actors = translate_frame(datasets.load("stakeholder_map_actors"), "stakeholder_map_actors")
    links = translate_frame(datasets.load("stakeholder_map_links"), "stakeholder_map_links")
    graph = graph_from_tables(actors[actors["case"] == case], links[links["case"] == case])
    graph.graph.update(case=case, name=cases[case])
    return graph


def graph_from_tables(actors: pd.DataFrame, links: pd.DataFrame) -> nx.DiGraph:
    """Build a stakeholder graph from a table of actors and a table of links.

    ``actors`` needs the columns actor, label and kind; ``links`` needs source,
    target and role. Unknown kinds, repeated actors and links to actors that are
    not in the table raise :class:`InputError`.
    """
    for name, frame, columns in (("actors", actors, ACTOR_COLUMNS), ("links", links, LINK_COLUMNS)):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            if name == "actors":
                text = ngettext("The actors table lacks the column(s) {missing}; it needs {columns}.",
                                "The actors table lacks the column(s) {missing}; it needs {columns}.", len(missing))
            else:
                text = ngettext("The links table lacks the column(s) {missing}; it needs {columns}.",
                                "The links table lacks the column(s) {missing}; it needs {columns}.", len(missing))
            raise InputError(text.format(missing=", ".join(missing), columns=", ".join(columns)))
    allowed = set(KINDS) | {PARTNERSHIP}
    graph = nx.DiGraph()
    for row in actors.itertuples(index=False):
        actor, kind = str(row.actor).strip(), str(row.kind).strip()
        if not actor or actor == "<NA>":
            raise InputError(_("An actor has no id; give every actor a short id in the 'actor' column."))
        if actor in graph:
            raise InputError(_("The actor {actor} appears twice; each actor is listed once.").format(actor=repr(actor)))
        if kind not in allowed:
            raise InputError(_("The actor {actor} has kind {kind}; use one of {kinds}.").format(
                actor=repr(actor), kind=repr(kind), kinds=", ".join(sorted(allowed))))
        graph.add_node(actor, label=str(row.label), kind=kind,
                       description=str(getattr(row, "description", "") or ""))
    for row in links.itertuples(index=False):
        for end in (row.source, row.target):
            if end not in graph:
                raise InputError(_("A link names the actor {actor}, which is not in the actors table.").format(
                    actor=repr(end)))
        if row.source == row.target:
            raise InputError(_("A link goes from {actor} to itself; a link joins two different actors.").format(
                actor=repr(row.source)))
        graph.add_edge(row.source, row.target, role=str(row.role))
    if graph.number_of_nodes() == 0:
        raise InputError(_("The actors table is empty: list at least the partnership and its partners."))
    return graph


def kinds_present(graph: nx.DiGraph) -> list[str]:
    """The kinds of stakeholders that have at least one actor in the map, in the guidelines' order."""
    found = {data["kind"] for _, data in graph.nodes(data=True)}
    return [k for k in KINDS if k in found]


def kinds_missing(graph: nx.DiGraph) -> list[str]:
    """The kinds of stakeholders with no actor in the map: the gaps to ask about."""
    present = set(kinds_present(graph))
    return [k for k in KINDS if k not in present]


def actor_table(graph: nx.DiGraph) -> pd.DataFrame:
    """One row per actor (not the partnership itself): kind, label and its links with their roles."""
    labels = kind_labels()
    rows = []
    for node, data in graph.nodes(data=True):
        if data["kind"] == PARTNERSHIP:
            continue
        links = [f"→ {graph.nodes[other]['label']}: {graph.edges[node, other]['role']}"
                 for other in sorted(graph.successors(node))]
        links += [f"← {graph.nodes[other]['label']}: {graph.edges[other, node]['role']}"
                  for other in sorted(graph.predecessors(node))]
        rows.append({"kind": labels[data["kind"]], "actor": data["label"], "links": "; ".join(links),
                     "_order": KINDS.index(data["kind"])})
    frame = pd.DataFrame(rows, columns=["kind", "actor", "links", "_order"])
    return frame.sort_values(["_order", "actor"]).drop(columns="_order").reset_index(drop=True)

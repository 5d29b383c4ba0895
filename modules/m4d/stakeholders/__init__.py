"""Stakeholder maps: who takes part in a partnership, of which kind, doing what with whom.

- :func:`stakeholder_kinds`: the six kinds of stakeholders and what each brings;
- :func:`stakeholder_graph` / :func:`graph_from_tables`: a partnership as a graph;
- :func:`kinds_missing`: the kinds no actor stands for (the questions to ask);
- :func:`stakeholder_map_figure` and :func:`stakeholder_map_alt`: the drawing
  and its alternative text; :class:`StakeholderMapExplorer`: the widget.
"""
from m4d.stakeholders.drawing import map_layout, stakeholder_map_alt, stakeholder_map_figure
from m4d.stakeholders.graph import (actor_table, graph_from_tables, kinds_missing, kinds_present, map_cases,
                                    stakeholder_graph)
from m4d.stakeholders.kinds import KINDS, kind_labels, stakeholder_kinds

__all__ = [
    "KINDS", "actor_table", "graph_from_tables", "kind_labels", "kinds_missing", "kinds_present",
    "map_cases", "map_layout", "stakeholder_graph", "stakeholder_kinds", "stakeholder_map_alt",
    "stakeholder_map_figure",
]
from m4d.stakeholders.widget import StakeholderMapExplorer, add_actor, gaps_html  # noqa: E402

__all__ += ["StakeholderMapExplorer", "add_actor", "gaps_html"]

"""The stakeholder map as a widget: pick a case, see its map, its gaps, and add actors.

A thin layer over :mod:`m4d.stakeholders`: the graph, the gaps, the drawing and
its alternative text are pure functions. In JupyterLab the widget is live; the
static book shows its ``text/html`` snapshot (the map, the gaps and the table).
"""
from __future__ import annotations

import html

import ipywidgets as w
import networkx as nx

from m4d.snapshot import StaticSnapshot
from m4d.errors import InputError
from m4d.figures import figure_bundle
from m4d.i18n import _
from m4d.stakeholders.drawing import stakeholder_map_alt, stakeholder_map_figure
from m4d.stakeholders.graph import actor_table, kinds_missing, map_cases, stakeholder_graph
from m4d.stakeholders.kinds import KINDS, PARTNERSHIP, kind_contributions, kind_labels


def add_actor(graph: nx.DiGraph, label: str, kind: str, role: str) -> nx.DiGraph:
    """A copy of the map with one more actor, linked to the partnership with the given role."""
    label, role = (label or "").strip(), (role or "").strip()
    if not label:
        raise InputError(_("Give the new actor a name."))
    if kind not in KINDS:
        raise InputError(_("Choose the kind of the new actor among: {kinds}.").format(kinds=", ".join(KINDS)))
    if not role:
        raise InputError(_("Say what {actor} does in the partnership (its role), e.g. 'offers mentoring'.").format(
            actor=label))
    if any(d["label"].lower() == label.lower() for _n, d in graph.nodes(data=True)):
        raise InputError(_("{actor} is already on the map.").format(actor=label))
    centres = [n for n, d in graph.nodes(data=True) if d["kind"] == PARTNERSHIP]
    if not centres:
        raise InputError(_("The map has no partnership node to link the new actor to."))
    new = graph.copy()
    node = f"added_{new.number_of_nodes()}"
    new.add_node(node, label=label, kind=kind, description=_("Added by you"))
    new.add_edge(node, centres[0], role=role)
    return new


def gaps_html(graph: nx.DiGraph) -> str:
    """The kinds of stakeholders with no actor on the map, and what each could bring."""
    missing = kinds_missing(graph)
    if not missing:
        every = _("Every kind of stakeholder has at least one actor on this map.")
        return f"<p><b>{html.escape(every)}</b></p>"
    labels, brings = kind_labels(), kind_contributions()
    # The kind's label is bold: the sentence is translated whole and the label put in afterwards.
    sentence = html.escape(_("{kind}: none described. They could bring: {brings}."))
    items = "".join(
        "<li>" + sentence.replace("{kind}", f"<b>{html.escape(labels[k])}</b>", 1).replace(
            "{brings}", html.escape("; ".join(brings[k]).lower()), 1) + "</li>" for k in missing)
    heading = _("Gaps to ask about")
    return f"<p><b>{html.escape(heading)}</b></p><ul>{items}</ul>"


class StakeholderMapExplorer(StaticSnapshot):
    """Choose a partnership from the guidelines, see who takes part, what is missing, and add actors."""

    def __init__(self, case: str = "tuscany_kasserine"):
        cases = map_cases()
        if case not in cases:
            raise InputError(_("There is no stakeholder map case {case}. Known cases: {cases}.").format(
                case=repr(case), cases=", ".join(cases)))
        labels = kind_labels()
        self.case = w.Dropdown(options=[(name, c) for c, name in cases.items()], value=case,
                               description=_("Partnership:"), layout=w.Layout(width="520px"),
                               style={"description_width": "90px"})
        self.new_label = w.Text(placeholder=_("e.g. a migrant-owned business"), description=_("New actor:"),
                                style={"description_width": "90px"})
        self.new_kind = w.Dropdown(options=[(labels[k], k) for k in KINDS], value="private_sector",
                                   description=_("Kind:"), style={"description_width": "90px"})
        self.new_role = w.Text(placeholder=_("what it does in the partnership"), description=_("Role:"),
                               style={"description_width": "90px"})
        self.add_button = w.Button(description=_("Add to the map"))
        self.reset_button = w.Button(description=_("Start again"))
        self.message = w.HTML("")
        self.figure_area = w.Output()
        self.gaps = w.HTML("")
        self.table = w.HTML("")
        self.case.observe(lambda change: self.load(change["new"]), names="value")
        self.add_button.on_click(lambda _: self.add(self.new_label.value, self.new_kind.value, self.new_role.value))
        self.reset_button.on_click(lambda _: self.load(self.case.value))
        self.widget = w.VBox([
            self.case,
            w.HBox([self.new_label, self.new_kind]), w.HBox([self.new_role, self.add_button, self.reset_button]),
            self.message, self.figure_area, self.gaps, self.table,
        ])
        self.graph = stakeholder_graph(case)
        self.update()

    def load(self, case: str) -> None:
        """Show one of the course's cases again, as the guidelines describe it."""
        self.graph = stakeholder_graph(case)
        self.message.value = ""
        self.update()

    def add(self, label: str, kind: str, role: str) -> None:
        """Add an actor linked to the partnership; a problem is shown in the widget, the form kept."""
        try:
            self.graph = add_actor(self.graph, label, kind, role)
        except InputError as err:
            cannot = html.escape(_("Cannot add:"))
            self.message.value = f'<p style="color:#b00020"><b>{cannot}</b> {html.escape(str(err))}</p>'
            return
        added = html.escape(_("Added {actor}.")).replace("{actor}", f"<b>{html.escape(label.strip())}</b>", 1)
        self.message.value = f"<p>{added}</p>"
        self.new_label.value = ""
        self.new_role.value = ""
        self.update()

    def update(self) -> None:
        """Redraw the map, the gaps and the table for the current graph."""
        self.figure = stakeholder_map_figure(self.graph)
        self.alt = stakeholder_map_alt(self.graph)
        # Setting the Output widget's outputs (rather than printing into it) keeps the figure in the
        # widget's own state, so it never leaks into the notebook cell's outputs.
        self.figure_area.outputs = ({"output_type": "display_data", "data": figure_bundle(self.figure, self.alt),
                                     "metadata": {}},)
        self.gaps.value = gaps_html(self.graph)
        self.table.value = self._table_html()

    def _table_html(self) -> str:
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                       for row in actor_table(self.graph).itertuples(index=False))
        head = "".join(f"<th>{html.escape(h)}</th>" for h in (_("Kind"), _("Actor"), _("Links (→ to, ← from)")))
        table = f"<table class='m4d-table'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        name = html.escape(self.graph.graph.get("name") or _("the partnership"))
        who = html.escape(_("Who does what"))
        caption = "<p>" + html.escape(_("{who_does_what} in {name}")).replace(
            "{who_does_what}", f"<b>{who}</b>", 1).replace("{name}", name, 1) + "</p>"
        return caption + table

    def snapshot_html(self) -> str:
        """A static view: the map (with its alternative text), the gaps and the table."""
        note = "<p><em>{}</em></p>".format(html.escape(_(
            "A static snapshot of the widget. Open this page as a notebook (launch button at the top) to switch "
            "cases and add actors.")))
        figure = figure_bundle(self.figure, alt=self.alt)["text/html"]
        return f'<div class="m4d-stakeholder-snapshot">{figure}{gaps_html(self.graph)}{self._table_html()}{note}</div>'

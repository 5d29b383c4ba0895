"""The GCM/SDG explorer as a widget: filters at the top, live tables below.

A thin layer over :func:`m4d.agenda.explorer.explore`. The objective and target
boxes accept typing as well as picking, so a learner can type '15' or '10.7';
a value the course does not know is explained in the message line, the learner's
text stays in the box and the last good tables stay on screen. In the static
book the widget shows :meth:`GcmSdgExplorer.snapshot_html` instead.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from m4d.snapshot import StaticSnapshot
from m4d.agenda.explorer import (ALL, LOCAL_ROLES, OBJECTIVE_COUNT, THEMES, AgendaLinks, Exploration, agenda_links,
                                 explore, source_name)
from m4d.errors import InputError

EDITORIAL_NOTE = ("The links between objectives, targets, lessons and examples are the course's editorial "
                  "judgement, not a UN classification.")


def _cell(value: object) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return html.escape(str(value))


def _table(caption: str, header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f'<th style="text-align:left;padding:4px 8px">{html.escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td style="vertical-align:top;padding:4px 8px">{_cell(v)}</td>' for v in row) + "</tr>"
        for row in rows
    )
    return (f'<table class="m4d-table" style="border-collapse:collapse;margin:0.5em 0">'
            f'<caption style="text-align:left;font-weight:bold;padding:4px 0">{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def exploration_html(result: Exploration) -> str:
    """The four tables of an exploration as HTML: objectives, SDG targets, course lessons, local examples."""
    parts = [f"<p>{html.escape(result.summary)}</p>"]
    if result.objectives.empty:
        return "".join(parts)
    parts.append(_table(
        "GCM objectives (local role and suggested local action: the course's judgement)",
        ["No.", "Objective", "Local role", "SDG targets", "What a local or regional authority can do"],
        [[r.objective, f"{r.short_name}: {r.title}", r.local_role, r.sdg_targets, r.local_action]
         for r in result.objectives.itertuples()]))
    parts.append(_table(
        "Linked migration-related SDG targets (summaries in the course's words)",
        ["Target", "Goal", "What it asks for"],
        [[r.target, f"{r.goal} {r.goal_name}", r.summary] for r in result.targets.itertuples()]))
    parts.append(_table(
        "Where the course teaches it", ["Lesson or module", "For objectives"],
        [[r.name, r.objectives] for r in result.lessons.itertuples()]))
    if result.examples.empty:
        parts.append("<p><em>No example of local action in the course's sources is linked to these objectives "
                     "yet: see the suggested local action above.</em></p>")
    else:
        parts.append(_table(
            "Examples of local action from the course's sources", ["Example", "Where", "What happened", "Source"],
            [[r.title, r.territories, r.what_happened, source_name(r.sources, r.source_detail)]
             for r in result.examples.itertuples()]))
    return "".join(parts)


class GcmSdgExplorer(StaticSnapshot):
    """Filter the 23 GCM objectives by number, SDG target, theme, local role or words, and see what they link to."""

    def __init__(self, objective: object = None, target: object = None, theme: object = None,
                 role: object = None, words: str = "", links: AgendaLinks | None = None):
        self.links = links or agenda_links()
        objective_options = [ALL] + [f"{r.objective} {r.short_name}" for r in self.links.objectives.itertuples()]
        target_options = [ALL] + [f"{r.target} {r.short_name}" for r in self.links.targets.itertuples()]
        self.objective_box = widgets.Combobox(
            value="" if objective is None else str(objective), options=objective_options,
            placeholder=f"All, or a number 1-{OBJECTIVE_COUNT}", description="GCM objective", ensure_option=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="22em"))
        self.target_box = widgets.Combobox(
            value="" if target is None else str(target), options=target_options,
            placeholder="All, or e.g. 10.7", description="SDG target", ensure_option=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="22em"))
        self.theme_menu = widgets.Dropdown(options=[ALL, *THEMES], value=ALL, description="Theme",
                                           layout=widgets.Layout(width="22em"))
        self.role_menu = widgets.Dropdown(options=[ALL, *LOCAL_ROLES], value=ALL, description="Local role",
                                          layout=widgets.Layout(width="22em"))
        self.words_box = widgets.Text(value=words, placeholder="e.g. health", description="Words",
                                      layout=widgets.Layout(width="22em"))
        self.message = widgets.HTML()
        self.tables = widgets.HTML()
        self.result: Exploration | None = None
        self.error: str | None = None
        # Menus take only valid values; a value passed in code may not be, so it is checked like typing.
        self._pending = {"theme": theme, "role": role}
        self._apply_pending()
        for control in (self.objective_box, self.target_box, self.theme_menu, self.role_menu, self.words_box):
            control.observe(self._on_change, names="value")
        filters = widgets.HBox([widgets.VBox([self.objective_box, self.target_box, self.words_box]),
                                widgets.VBox([self.theme_menu, self.role_menu])])
        note = widgets.HTML(f"<small><em>{html.escape(EDITORIAL_NOTE)}</em></small>")
        self.widget = widgets.VBox([filters, self.message, self.tables, note])
        self.update()

    def _apply_pending(self) -> None:
        """Put a theme or role passed in code into its menu; an unknown one stays pending so update() explains it."""
        for key, menu in (("theme", self.theme_menu), ("role", self.role_menu)):
            value = self._pending[key]
            if value is None:
                continue
            match = [o for o in menu.options if o.lower() == str(value).strip().lower()]
            if match:
                menu.value = match[0]
                self._pending[key] = None

    def _on_change(self, _change) -> None:
        self._pending = {"theme": None, "role": None}
        self.update()

    def filters(self) -> dict[str, object]:
        """The filters as the learner has set them."""
        theme = self._pending["theme"] if self._pending["theme"] is not None else self.theme_menu.value
        role = self._pending["role"] if self._pending["role"] is not None else self.role_menu.value
        return {"objective": self.objective_box.value, "target": self.target_box.value,
                "theme": theme, "role": role, "words": self.words_box.value}

    def update(self) -> None:
        """Run the filters and redraw; a bad value is explained and the previous tables stay."""
        try:
            result = explore(links=self.links, **self.filters())
        except InputError as err:
            self.error = str(err)
            self.message.value = (f'<p role="alert" style="color:#b00020"><b>Check the filters:</b> '
                                  f"{html.escape(self.error)}</p>")
            return
        self.error, self.result = None, result
        self.message.value = ""
        self.tables.value = exploration_html(result)

    def snapshot_html(self) -> str:
        """A static view of the current state, for the published book."""
        chosen = {k: v for k, v in self.filters().items() if v not in (None, "", ALL)}
        described = ", ".join(f"{k}: {v}" for k, v in chosen.items()) or "no filter (all objectives)"
        body = exploration_html(self.result) if self.result is not None else ""
        error = f'<p role="alert"><b>Check the filters:</b> {html.escape(self.error)}</p>' if self.error else ""
        return (f'<div class="m4d-explorer-snapshot"><p><b>GCM and SDG explorer</b>, filters: '
                f"{html.escape(described)}.</p>{error}{body}"
                f"<p><small><em>{html.escape(EDITORIAL_NOTE)} A static snapshot of the widget: open this page "
                f"as a notebook (launch button at the top) to change the filters.</em></small></p></div>")

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
from m4d.agenda.course_map import course_place
from m4d.agenda.explorer import (ALL, LOCAL_ROLES, OBJECTIVE_COUNT, THEMES, AgendaLinks, Exploration, agenda_links,
                                 explore, source_name)
from m4d.errors import InputError
from m4d.i18n import N_, _, pgettext, translate_frame

EDITORIAL_NOTE = N_("The links between objectives, targets, lessons and examples are the course's editorial "
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
    """The four tables of an exploration as HTML: objectives, SDG targets, course lessons, local examples.

    The data's words (titles, summaries, local roles, examples) are shown in the reader's language; the
    exploration itself keeps the English values that its filters compare.
    """
    parts = [f"<p>{html.escape(result.summary)}</p>"]
    if result.objectives.empty:
        return "".join(parts)
    objectives = _shown(result.objectives, ("gcm_objectives", "gcm_sdg_links"))
    targets = translate_frame(result.targets, "sdg_targets")
    examples = translate_frame(result.examples, "local_action_examples")
    parts.append(_table(
        _("GCM objectives (local role and suggested local action: the course's judgement)"),
        [_("No."), _("Objective"), _("Local role"), _("SDG targets"), _("What a local or regional authority can do")],
        [[r.objective, _("{short_name}: {title}").format(short_name=r.short_name, title=r.title), r.local_role,
          r.sdg_targets, r.local_action]
         for r in objectives.itertuples()]))
    parts.append(_table(
        _("Linked migration-related SDG targets (summaries in the course's words)"),
        [_("Target"), _("Goal"), _("What it asks for")],
        [[r.target, f"{r.goal} {r.goal_name}", r.summary] for r in targets.itertuples()]))
    parts.append(_table(
        _("Where the course teaches it"), [_("Lesson or module"), _("For objectives")],
        [[course_place(r.place), r.objectives] for r in result.lessons.itertuples()]))
    if result.examples.empty:
        none_yet = _("No example of local action in the course's sources is linked to these objectives yet: see the "
                     "suggested local action above.")
        parts.append(f"<p><em>{html.escape(none_yet, quote=False)}</em></p>")
    else:
        parts.append(_table(
            _("Examples of local action from the course's sources"),
            [_("Example"), _("Where"), _("What happened"), _("Source")],
            [[r.title, r.territories, r.what_happened, source_name(r.sources, r.source_detail)]
             for r in examples.itertuples()]))
    return "".join(parts)


def _shown(frame, resources: tuple[str, ...]):
    """``frame`` (columns joined from several resources) with each resource's translatable columns translated."""
    for resource in resources:
        frame = translate_frame(frame, resource)
    return frame


def _objective_label(number: object, short_name: str) -> str:
    # The number comes first: parse_objective reads a picked label by its first word, in any language.
    from m4d.i18n import translate_value

    return f"{number} {translate_value('gcm_objectives', 'short_name', short_name)}"


def _target_label(target: str, short_name: str) -> str:
    from m4d.i18n import translate_value

    return f"{target} {translate_value('sdg_targets', 'short_name', short_name)}"


class GcmSdgExplorer(StaticSnapshot):
    """Filter the 23 GCM objectives by number, SDG target, theme, local role or words, and see what they link to."""

    def __init__(self, objective: object = None, target: object = None, theme: object = None,
                 role: object = None, words: str = "", links: AgendaLinks | None = None):
        self.links = links or agenda_links()
        objective_options = [ALL] + [_objective_label(r.objective, r.short_name) for r in self.links.objectives.itertuples()]
        target_options = [ALL] + [_target_label(r.target, r.short_name) for r in self.links.targets.itertuples()]
        self.objective_box = widgets.Combobox(
            value="" if objective is None else str(objective), options=objective_options,
            placeholder=_("All, or a number 1-{count}").format(count=OBJECTIVE_COUNT),
            description=_("GCM objective"), ensure_option=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="22em"))
        self.target_box = widgets.Combobox(
            value="" if target is None else str(target), options=target_options,
            placeholder=_("All, or e.g. 10.7"), description=_("SDG target"), ensure_option=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="22em"))
        # The menus' values stay the English codes explore() takes; only their labels are translated.
        every = pgettext("every value of a filter", ALL)
        self.theme_menu = widgets.Dropdown(
            options=[(every, ALL)] + [(_(t), t) for t in THEMES], value=ALL,
            description=_("Theme"), layout=widgets.Layout(width="22em"))
        self.role_menu = widgets.Dropdown(
            options=[(every, ALL)] + [(_(r), r) for r in LOCAL_ROLES], value=ALL,
            description=_("Local role"), layout=widgets.Layout(width="22em"))
        self.words_box = widgets.Text(value=words, placeholder=_("e.g. health"), description=_("Words"),
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
        note = widgets.HTML(f"<small><em>{html.escape(_(EDITORIAL_NOTE))}</em></small>")
        self.widget = widgets.VBox([filters, self.message, self.tables, note])
        self.update()

    def _apply_pending(self) -> None:
        """Put a theme or role passed in code into its menu; an unknown one stays pending so update() explains it."""
        for key, menu in (("theme", self.theme_menu), ("role", self.role_menu)):
            value = self._pending[key]
            if value is None:
                continue
            match = [code for _label, code in menu.options if code.lower() == str(value).strip().lower()]
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
            check = html.escape(_("Check the filters:"))
            self.message.value = (f'<p role="alert" style="color:#b00020"><b>{check}</b> '
                                  f"{html.escape(self.error)}</p>")
            return
        self.error, self.result = None, result
        self.message.value = ""
        self.tables.value = exploration_html(result)

    def snapshot_html(self) -> str:
        """A static view of the current state, for the published book."""
        from m4d.agenda.explorer import FILTER_NAMES

        chosen = {k: v for k, v in self.filters().items() if v not in (None, "", ALL)}
        described = ", ".join(f"{_(FILTER_NAMES.get(k, k))}: {v}" for k, v in chosen.items()) or _(
            "no filter (all objectives)")
        body = exploration_html(self.result) if self.result is not None else ""
        check = html.escape(_("Check the filters:"))
        error = f'<p role="alert"><b>{check}</b> {html.escape(self.error)}</p>' if self.error else ""
        title = html.escape(_("GCM and SDG explorer"))
        filters_word = html.escape(_("filters:"))
        static = html.escape(_("A static snapshot of the widget: open this page as a notebook (launch button at the "
                               "top) to change the filters."))
        return (f'<div class="m4d-explorer-snapshot"><p><b>{title}</b>, {filters_word} '
                f"{html.escape(described)}.</p>{error}{body}"
                f"<p><small><em>{html.escape(_(EDITORIAL_NOTE))} {static}</em></small></p></div>")

"""The initiative planner: edit a plan part by part and see its check, timeline and costs update.

A thin layer over :mod:`m4d.initiatives`. Choose a sector and a kind of
initiative and press *Start a draft* (or *Corridor case plan* for the course's
illustrative plan); each part of the plan is a tab of editable lines, one item
per line, cells separated by ``|`` under a header line. Every edit rebuilds the
plan with :func:`~m4d.initiatives.build_plan` and re-runs
:func:`~m4d.initiatives.check_plan`: the findings say exactly what to fix, the
Gantt chart shows the timeline, and the cost table sums the cost lines by
action and year. Input that cannot be a plan (a bad date, an id used twice)
shows its message in the planner; the text you typed stays, and the last valid
plan stays on screen until it is fixed.

*Save* writes the plan as Markdown, Word or Excel (by the file name's
extension); *Import* reads one back, with every check. :meth:`InitiativePlanner.budget_planner`
hands the cost lines to the budget planner of Module 5.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from m4d.errors import InputError
from m4d.i18n import _, ngettext, pgettext, translate_value
from m4d.i18n.numbers import amount, number
from m4d.initiatives.budget_link import cost_by_action, to_budget_plan
from m4d.initiatives.checks import check_plan, errors
from m4d.initiatives.export import (part_from_text, part_text, plan_steps_table, read_plan, write_plan_docx,
                                    write_plan_excel, write_plan_json, write_plan_markdown)
from m4d.initiatives.gantt import gantt_alt, gantt_spec
from m4d.initiatives.plan import LIST_SEPARATOR, PART_TITLES, PARTS, InitiativePlan, build_plan
from m4d.initiatives.starter import start_plan
from m4d.initiatives.vocabulary import kind_labels, sector_labels
from m4d.snapshot import StaticSnapshot

_STYLE = """<style>
.m4d-planner table{border-collapse:collapse;font-size:0.88em;margin:0.3em 0}
.m4d-planner th,.m4d-planner td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
.m4d-planner td.num{text-align:right}
.m4d-planner .error{color:#9b0000;font-weight:bold}.m4d-planner .warning{color:#7a4b00;font-weight:bold}
.m4d-planner .problem{background:#fde0dd;border-left:4px solid #b30000;padding:4px 8px}
</style>"""


def findings_html(findings) -> str:
    """The check's findings as an HTML table, errors first (or a line saying there are none)."""
    if not findings:
        nothing = html.escape(_("The check finds nothing to fix."))
        return f"<p><b>{nothing}</b></p>"
    n_err = len(errors(findings))
    n_warn = len(findings) - n_err
    # Two counts, each with its own plural: the translator sees both sentences whole.
    counted = _("{errors} and {warnings}.").format(
        errors=ngettext("{n} error", "{n} errors", n_err).format(n=n_err),
        warnings=ngettext("{n} warning", "{n} warnings", n_warn).format(n=n_warn))
    advice = _("Errors must be fixed for the plan to hold together; warnings are worth a second look.")
    head = f"<p><b>{html.escape(counted)}</b> {html.escape(advice, quote=False)}</p>"
    # The part a finding is about: its code in English (as the plan's files name it), its title otherwise.
    where = {"plan": pgettext("part of a plan", "plan"), "diagnosis": pgettext("part of a plan", "diagnosis"),
             "objectives": pgettext("part of a plan", "objectives"),
             "stakeholders": pgettext("part of a plan", "stakeholders"),
             "actions": pgettext("part of a plan", "actions"), "deliverables": pgettext("part of a plan", "deliverables"),
             "results": pgettext("part of a plan", "results"), "indicators": pgettext("part of a plan", "indicators"),
             "risks": pgettext("part of a plan", "risks"), "cost_lines": pgettext("part of a plan", "cost_lines")}
    severity = {"error": pgettext("severity of a finding", "error"),
                "warning": pgettext("severity of a finding", "warning")}
    rows = "".join(
        f'<tr><td class="{f.severity}">{html.escape(severity.get(f.severity, f.severity))}</td>'
        f"<td>{html.escape(where.get(f.part, f.part))} {html.escape(f.item)}</td>"
        f"<td>{html.escape(f.message)}</td><td>{html.escape(f.fix)}</td></tr>" for f in findings)
    caption = html.escape(_("What the check found"))
    header = "".join(f"<th>{html.escape(h)}</th>" for h in (_("severity"), _("where"), _("what is wrong"),
                                                            _("how to fix it")))
    return f"{head}<table><caption>{caption}</caption><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"


def _table_html(frame, caption: str, money: bool = False) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = ""
    for row in frame.itertuples(index=False):
        cells = ""
        for value in row:
            if money and isinstance(value, (int, float)):
                cells += f'<td class="num">{number(value, ",.0f")}</td>'
            else:
                cells += f"<td>{html.escape(str(value))}</td>"
        body += f"<tr>{cells}</tr>"
    return f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class InitiativePlanner(StaticSnapshot):
    """Plan an initiative part by part, with live checks, a Gantt chart and costs.

    ``plan`` is the plan to start from (an :class:`InitiativePlan` or its plain
    data); by default the course's illustrative corridor-case plan.
    """

    def __init__(self, plan: Any = None):
        if plan is None:
            from m4d.initiatives.course_plans import course_plan, translate_plan

            plan = translate_plan(course_plan("tuscany_kasserine"))
        self.plan: InitiativePlan = build_plan(plan)
        self.findings = check_plan(self.plan)
        self.error: str | None = None
        self._loading = False
        self._parsed: dict[str, tuple[str, list[dict]]] = {}
        self._build()
        self._load(self.plan)

    # ----- controls --------------------------------------------------------------------------
    def _build(self) -> None:
        wide = w.Layout(width="100%")
        # The menus' values stay the codes; the labels come from the data catalogue (datasets.po).
        self.sector = w.Dropdown(options=[(translate_value("initiative_sectors", "label", v), k)
                                          for k, v in sector_labels().items()], description=_("Sector"))
        self.kind = w.Dropdown(options=[(translate_value("initiative_kinds", "label", v), k)
                                        for k, v in kind_labels().items()],
                               description=pgettext("kind of initiative", "Kind"))
        self.start_button = w.Button(description=_("Start a draft"), tooltip=_("A first draft for this sector and kind"))
        self.case_button = w.Button(description=_("Corridor case plan"), tooltip=_("The course's illustrative plan"))
        self.start_button.on_click(lambda _: self.start_draft())
        self.case_button.on_click(lambda _: self.load_corridor_case())
        text = dict(continuous_update=False, layout=wide, style={"description_width": "110px"})
        self.title = w.Text(description=_("Title"), **text)
        self.partners = w.Text(description=_("Partners"), placeholder=_("Territory A; Territory B"), **text)
        self.start = w.Text(description=_("Starts"), placeholder=_("YYYY-MM-DD"), continuous_update=False)
        self.end = w.Text(description=_("Ends"), placeholder=_("YYYY-MM-DD"), continuous_update=False)
        self.currency = w.Text(description=_("Currency"), continuous_update=False, layout=w.Layout(width="180px"))
        self.monitoring = w.Textarea(description=_("Monitoring"),
                                     **{**text, "layout": w.Layout(width="100%", height="70px")})
        self.parts = {part: w.Textarea(continuous_update=False, layout=w.Layout(width="100%", height="190px"))
                      for part in PARTS}
        how = html.escape(_("One item per line; cells separated by |; lists by ;. Keep the first line."))
        tabs = w.Tab(children=[w.VBox([w.HTML(f"<small>{how}</small>"), self.parts[p]]) for p in PARTS])
        for i, part in enumerate(PARTS):
            tabs.set_title(i, _(PART_TITLES[part]))
        for control in (self.title, self.partners, self.start, self.end, self.currency, self.monitoring,
                        self.sector, self.kind, *self.parts.values()):
            control.observe(self._on_change, names="value")
        self.path = w.Text(value="plan.xlsx", description=_("File"), layout=w.Layout(width="320px"))
        self.save_button = w.Button(description=_("Save"),
                                    tooltip=_("Markdown (.md), Word (.docx), Excel (.xlsx) or .json"))
        self.import_button = w.Button(description=_("Import"), tooltip=_("Read a plan file back, with every check"))
        self.save_button.on_click(lambda _: self.save(self.path.value))
        self.import_button.on_click(lambda _: self.import_file(self.path.value))
        self.message = w.HTML()
        self.findings_view = w.HTML()
        self.costs_view = w.HTML()
        self.gantt = w.Output()
        self.widget = w.VBox([
            w.HTML(_STYLE), w.HBox([self.sector, self.kind, self.start_button, self.case_button]),
            self.title, self.partners, w.HBox([self.start, self.end, self.currency]), self.monitoring, tabs,
            w.HBox([self.path, self.save_button, self.import_button]), self.message, self.findings_view,
            self.gantt, self.costs_view,
        ])
        self.widget.add_class("m4d-planner")

    def _load(self, plan: InitiativePlan) -> None:
        """Put a plan into the controls (one redraw at the end, not one per control)."""
        self._loading = True
        try:
            self.sector.value, self.kind.value = plan.sector, plan.kind
            self.title.value = plan.title
            self.partners.value = f"{LIST_SEPARATOR} ".join(plan.partners)
            self.start.value, self.end.value = plan.start.isoformat(), plan.end.isoformat()
            self.currency.value = plan.currency
            self.monitoring.value = plan.monitoring
            for part in PARTS:
                self.parts[part].value = part_text(plan, part)
        finally:
            self._loading = False
        self._meta = {"illustrative": plan.illustrative, "notes": plan.notes}
        self.update()

    def _on_change(self, change) -> None:
        if not self._loading:
            self.update()

    # ----- reading the controls ------------------------------------------------------------------
    def edited_data(self) -> dict:
        """The plan as typed in the planner, as plain data (parts parsed from their text)."""
        data = {"title": self.title.value, "sector": self.sector.value, "kind": self.kind.value,
                "partners": self.partners.value, "start": self.start.value, "end": self.end.value,
                "currency": self.currency.value, "monitoring": self.monitoring.value, **self._meta}
        for part in PARTS:
            # Only the part just edited needs parsing again.
            text = self.parts[part].value
            cached = self._parsed.get(part)
            if cached is None or cached[0] != text:
                cached = (text, part_from_text(text, part))
                self._parsed[part] = cached
            data[part] = [dict(item) for item in cached[1]]
        return data

    # ----- recomputing ---------------------------------------------------------------------------
    def update(self) -> None:
        """Rebuild the plan from the controls, check it and redraw the findings, timeline and costs."""
        try:
            plan = build_plan(self.edited_data(), where=pgettext("the place of a mistake", "planner"))
        except InputError as err:
            self.error = str(err)
            fix = html.escape(_("Please fix:"))
            self.message.value = f'<div class="problem" role="alert"><b>{fix}</b> {html.escape(self.error)}</div>'
            return
        self.error = None
        self.message.value = ""
        self.plan = plan
        self.findings = check_plan(plan)
        self.findings_view.value = findings_html(self.findings)
        costs = cost_by_action(plan)
        caption = plan.label(_("Cost by action and year ({currency})").format(currency=plan.currency))
        total = _("Total cost: {amount}").format(amount=f"<b>{html.escape(amount(plan.total_cost, plan.currency))}</b>")
        self.costs_view.value = _table_html(_cost_headers(costs), caption, money=True) + f"<p>{total}</p>"
        self.gantt.outputs = ({"output_type": "display_data", "metadata": {},
                               "data": {"application/vnd.plotly.v1+json": gantt_spec(plan),
                                        "text/plain": f"[Figure] {gantt_alt(plan)}"}},)

    # ----- buttons ------------------------------------------------------------------------------
    def start_draft(self) -> None:
        """Replace the plan with a first draft for the chosen sector and kind."""
        partners = [p.strip() for p in self.partners.value.split(LIST_SEPARATOR) if p.strip()] or ["Territory A", "Territory B"]
        self._load(start_plan(self.sector.value, self.kind.value, partners=partners,
                              start=self.start.value or "2026-01-01"))
        draft = _("A first draft from the course's profile of this kind of initiative. The findings below are your "
                  "to-do list.")
        self.message.value = f"<p>{html.escape(draft, quote=False)}</p>"

    def load_corridor_case(self) -> None:
        """Load the course's illustrative corridor-case plan (Tuscany and Kasserine)."""
        from m4d.initiatives.course_plans import course_plan, translate_plan

        self._load(translate_plan(course_plan("tuscany_kasserine")))

    def save(self, path: str) -> None:
        """Save the current plan; the format follows the file name's extension."""
        if self.error:
            not_saved, first = html.escape(_("Not saved:")), html.escape(_("fix the problem first."))
            self.message.value = (f'<div class="problem" role="alert"><b>{not_saved}</b> {first} '
                                  f"{html.escape(self.error)}</div>")
            return
        target = Path(path or "")
        writers = {".md": write_plan_markdown, ".docx": write_plan_docx, ".json": write_plan_json}
        try:
            if target.suffix.lower() == ".xlsx":
                write_plan_excel(self.plan, target, self.findings)
            elif target.suffix.lower() in writers:
                writers[target.suffix.lower()](self.plan, target)
            else:
                raise InputError(_("Give the file a name ending in .md (Markdown), .docx (Word), .xlsx (Excel) or "
                                   ".json."))
        except (InputError, OSError) as err:
            not_saved = html.escape(_("Not saved:"))
            self.message.value = f'<div class="problem" role="alert"><b>{not_saved}</b> {html.escape(str(err))}</div>'
            return
        saved = _("Saved {file}.").format(file=f"<code>{html.escape(str(target))}</code>")
        self.message.value = f"<p>{saved}</p>"

    def import_file(self, path: str) -> None:
        """Read a plan file back (every check applied); on a problem, keep the current plan."""
        try:
            plan = read_plan(path)
        except InputError as err:
            not_imported = html.escape(_("Not imported:"))
            self.message.value = (f'<div class="problem" role="alert"><b>{not_imported}</b> '
                                  f"{html.escape(str(err))}</div>")
            return
        self._load(plan)
        imported = _("Imported {file}.").format(file=f"<code>{html.escape(str(path))}</code>")
        self.message.value = f"<p>{imported}</p>"

    def budget_planner(self, sources: Any = None):
        """The budget planner of Module 5 opened on this plan's cost lines."""
        from m4d.budget.widget import BudgetPlanner

        return BudgetPlanner(to_budget_plan(self.plan, sources))

    # ----- display --------------------------------------------------------------------------------
    def snapshot_html(self) -> str:
        """A static view of the planner: the plan in nine steps, the findings, the timeline and the costs."""
        import plotly.graph_objects as go

        from m4d.figures import figure_bundle

        steps_caption = _("{title}: the plan in the guidelines' planning steps").format(title=self.plan.title)
        steps = _table_html(plan_steps_table(self.plan), self.plan.label(steps_caption))
        chart = figure_bundle(go.Figure(gantt_spec(self.plan)), gantt_alt(self.plan))["text/html"]
        static = _("A static snapshot of the initiative planner. Open this page as a notebook (JupyterLab, a hub or "
                   "Binder) to edit the plan and watch the check, the timeline and the costs follow.")
        note = f"<p><i>{html.escape(static, quote=False)}</i></p>"
        return (f'<div class="m4d-planner">{_STYLE}<h3>{html.escape(self.plan.label(self.plan.title))}</h3>{note}'
                f"{self.message.value}{steps}{self.findings_view.value}{chart}{self.costs_view.value}</div>")

    def snapshot_text(self) -> str:
        return _("Initiative planner: {title} (a widget; its static snapshot is shown in the book)").format(
            title=self.plan.title)


def _cost_headers(costs):
    """The cost table (plain data, in English) with its headers and the whole-initiative line as the reader sees them."""
    shown = costs.rename(columns={"action": _("action"), "total": _("total")})
    first = shown.columns[0]
    whole = _("(whole initiative)")
    shown[first] = [whole if v == "(whole initiative)" else v for v in shown[first]]
    return shown

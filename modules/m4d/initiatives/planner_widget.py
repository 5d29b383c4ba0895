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
        return "<p><b>The check finds nothing to fix.</b></p>"
    n_err = len(errors(findings))
    head = (f"<p><b>{n_err} error{'s' if n_err != 1 else ''} and {len(findings) - n_err} "
            f"warning{'s' if len(findings) - n_err != 1 else ''}.</b> Errors must be fixed for the plan to hold "
            f"together; warnings are worth a second look.</p>")
    rows = "".join(
        f'<tr><td class="{f.severity}">{f.severity}</td><td>{html.escape(f.part)} {html.escape(f.item)}</td>'
        f"<td>{html.escape(f.message)}</td><td>{html.escape(f.fix)}</td></tr>" for f in findings)
    return (f"{head}<table><caption>What the check found</caption><thead><tr><th>severity</th><th>where</th>"
            f"<th>what is wrong</th><th>how to fix it</th></tr></thead><tbody>{rows}</tbody></table>")


def _table_html(frame, caption: str, money: bool = False) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = ""
    for row in frame.itertuples(index=False):
        cells = ""
        for value in row:
            if money and isinstance(value, (int, float)):
                cells += f'<td class="num">{value:,.0f}</td>'
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
            from m4d.initiatives.course_plans import course_plan

            plan = course_plan("tuscany_kasserine")
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
        self.sector = w.Dropdown(options=[(v, k) for k, v in sector_labels().items()], description="Sector")
        self.kind = w.Dropdown(options=[(v, k) for k, v in kind_labels().items()], description="Kind")
        self.start_button = w.Button(description="Start a draft", tooltip="A first draft for this sector and kind")
        self.case_button = w.Button(description="Corridor case plan", tooltip="The course's illustrative plan")
        self.start_button.on_click(lambda _: self.start_draft())
        self.case_button.on_click(lambda _: self.load_corridor_case())
        text = dict(continuous_update=False, layout=wide, style={"description_width": "110px"})
        self.title = w.Text(description="Title", **text)
        self.partners = w.Text(description="Partners", placeholder="Territory A; Territory B", **text)
        self.start = w.Text(description="Starts", placeholder="YYYY-MM-DD", continuous_update=False)
        self.end = w.Text(description="Ends", placeholder="YYYY-MM-DD", continuous_update=False)
        self.currency = w.Text(description="Currency", continuous_update=False, layout=w.Layout(width="180px"))
        self.monitoring = w.Textarea(description="Monitoring", **{**text, "layout": w.Layout(width="100%", height="70px")})
        self.parts = {part: w.Textarea(continuous_update=False, layout=w.Layout(width="100%", height="190px"))
                      for part in PARTS}
        tabs = w.Tab(children=[w.VBox([w.HTML(f"<small>One item per line; cells separated by |; lists by ;. "
                                              f"Keep the first line.</small>"), self.parts[p]]) for p in PARTS])
        for i, part in enumerate(PARTS):
            tabs.set_title(i, PART_TITLES[part])
        for control in (self.title, self.partners, self.start, self.end, self.currency, self.monitoring,
                        self.sector, self.kind, *self.parts.values()):
            control.observe(self._on_change, names="value")
        self.path = w.Text(value="plan.xlsx", description="File", layout=w.Layout(width="320px"))
        self.save_button = w.Button(description="Save", tooltip="Markdown (.md), Word (.docx), Excel (.xlsx) or .json")
        self.import_button = w.Button(description="Import", tooltip="Read a plan file back, with every check")
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
            plan = build_plan(self.edited_data(), where="planner")
        except InputError as err:
            self.error = str(err)
            self.message.value = f'<div class="problem" role="alert"><b>Please fix:</b> {html.escape(self.error)}</div>'
            return
        self.error = None
        self.message.value = ""
        self.plan = plan
        self.findings = check_plan(plan)
        self.findings_view.value = findings_html(self.findings)
        costs = cost_by_action(plan)
        self.costs_view.value = (_table_html(costs, plan.label(f"Cost by action and year ({plan.currency})"), money=True)
                                 + f"<p>Total cost: <b>{plan.currency} {plan.total_cost:,.0f}</b></p>")
        self.gantt.outputs = ({"output_type": "display_data", "metadata": {},
                               "data": {"application/vnd.plotly.v1+json": gantt_spec(plan),
                                        "text/plain": f"[Figure] {gantt_alt(plan)}"}},)

    # ----- buttons ------------------------------------------------------------------------------
    def start_draft(self) -> None:
        """Replace the plan with a first draft for the chosen sector and kind."""
        partners = [p.strip() for p in self.partners.value.split(LIST_SEPARATOR) if p.strip()] or ["Territory A", "Territory B"]
        self._load(start_plan(self.sector.value, self.kind.value, partners=partners,
                              start=self.start.value or "2026-01-01"))
        self.message.value = ("<p>A first draft from the course's profile of this kind of initiative. "
                              "The findings below are your to-do list.</p>")

    def load_corridor_case(self) -> None:
        """Load the course's illustrative corridor-case plan (Tuscany and Kasserine)."""
        from m4d.initiatives.course_plans import course_plan

        self._load(course_plan("tuscany_kasserine"))

    def save(self, path: str) -> None:
        """Save the current plan; the format follows the file name's extension."""
        if self.error:
            self.message.value = (f'<div class="problem" role="alert"><b>Not saved:</b> fix the problem first. '
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
                raise InputError("Give the file a name ending in .md (Markdown), .docx (Word), .xlsx (Excel) or .json.")
        except (InputError, OSError) as err:
            self.message.value = f'<div class="problem" role="alert"><b>Not saved:</b> {html.escape(str(err))}</div>'
            return
        self.message.value = f"<p>Saved <code>{html.escape(str(target))}</code>.</p>"

    def import_file(self, path: str) -> None:
        """Read a plan file back (every check applied); on a problem, keep the current plan."""
        try:
            plan = read_plan(path)
        except InputError as err:
            self.message.value = f'<div class="problem" role="alert"><b>Not imported:</b> {html.escape(str(err))}</div>'
            return
        self._load(plan)
        self.message.value = f"<p>Imported <code>{html.escape(str(path))}</code>.</p>"

    def budget_planner(self, sources: Any = None):
        """The budget planner of Module 5 opened on this plan's cost lines."""
        from m4d.budget.widget import BudgetPlanner

        return BudgetPlanner(to_budget_plan(self.plan, sources))

    # ----- display --------------------------------------------------------------------------------
    def snapshot_html(self) -> str:
        """A static view of the planner: the plan in nine steps, the findings, the timeline and the costs."""
        import plotly.graph_objects as go

        from m4d.figures import figure_bundle

        steps = _table_html(plan_steps_table(self.plan), self.plan.label(f"{self.plan.title}: the plan in the "
                                                                          "guidelines' planning steps"))
        chart = figure_bundle(go.Figure(gantt_spec(self.plan)), gantt_alt(self.plan))["text/html"]
        note = ("<p><i>A static snapshot of the initiative planner. Open this page as a notebook (JupyterLab, a hub "
                "or Binder) to edit the plan and watch the check, the timeline and the costs follow.</i></p>")
        return (f'<div class="m4d-planner">{_STYLE}<h3>{html.escape(self.plan.label(self.plan.title))}</h3>{note}'
                f"{self.message.value}{steps}{self.findings_view.value}{chart}{self.costs_view.value}</div>")

    def snapshot_text(self) -> str:
        return f"Initiative planner: {self.plan.title} (a widget; its static snapshot is shown in the book)"

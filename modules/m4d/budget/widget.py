"""The budget planner: edit a plan and see totals, rule checks and charts update live.

:class:`BudgetPlanner` is a thin layer over :mod:`m4d.budget`: every change in
its tables or sliders rebuilds the plan with :func:`~m4d.budget.model.build_plan`,
checks it with :func:`~m4d.budget.rules.check_plan` and redraws. A value the
plan cannot use (a negative cost, an unknown category, a repeated identifier)
shows its message in the planner; the tables keep what the user typed, so no
edit is lost, and the last valid totals and charts stay on screen until the
input is fixed.

Two buttons ask the solver: one proposes an allocation that meets every rule
(or explains which rule binds), the other simulates a funder withdrawing or
cutting its share.
"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from m4d.snapshot import StaticSnapshot
from m4d.budget import charts, totals
from m4d.budget.allocation import OBJECTIVES, allocate
from m4d.budget.model import (CATEGORIES, FORMS, LINE_COLUMNS, SOURCE_COLUMNS, SOURCE_KINDS, BudgetPlan,
                              allocation_matrix, build_allocation, build_plan)
from m4d.budget.rules import RuleSettings, check_plan
from m4d.budget.scenarios import withdraw
from m4d.errors import InputError
from m4d.i18n import _
from m4d.i18n.numbers import number, percent

_STYLE = """<style>
.m4d-budget table{border-collapse:collapse;font-size:0.9em;margin:0.3em 0}
.m4d-budget th,.m4d-budget td{border:1px solid #ccc;padding:2px 6px;text-align:right}
.m4d-budget th:first-child,.m4d-budget td:first-child{text-align:left}
.m4d-budget .ok{color:#005a24}.m4d-budget .fail{color:#b30000}
.m4d-budget .error{background:#fde0dd;border-left:4px solid #b30000;padding:4px 8px}
</style>"""


def _options(labels: dict[str, str]) -> list[tuple[str, str]]:
    """A menu's (label, code) pairs: the label in the reader's language, the code as the plan stores it."""
    return [(_(label), code) for code, label in labels.items()]


def _shown(value: object) -> str:
    """A row or column heading of a totals table in the reader's language (the names of sources stay as typed)."""
    return str(totals.heading(str(value)))


def _money_table(table: pd.DataFrame, caption: str) -> str:
    head = "".join(f"<th>{html.escape(_shown(c))}</th>" for c in [table.index.name or "", *table.columns])
    body = "".join(
        "<tr><td>" + html.escape(_shown(idx)) + "</td>" + "".join(f"<td>{number(v, ',.0f')}</td>" for v in row) + "</tr>"
        for idx, row in zip(table.index, table.to_numpy(dtype=float)))
    return f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _rules_html(results) -> str:
    passes, fails = html.escape(_("passes")), html.escape(_("fails"))
    items = "".join(
        f'<li><span class="{"ok" if r.passed else "fail"}">{"&#10003; " + passes if r.passed else "&#10007; " + fails}'
        f"</span> <b>{html.escape(_(r.title))}</b>: {html.escape(r.message)}</li>" for r in results)
    return f"<ul>{items}</ul>"


class BudgetPlanner(StaticSnapshot):
    """Edit cost lines and funding sources; see totals, rule checks and charts update live.

    ``plan`` and ``allocation`` default to the course's illustrative plan and
    its first draft allocation. ``settings`` holds the rule thresholds
    (course defaults unless given).
    """

    def __init__(self, plan: BudgetPlan | None = None, allocation: Any = None, settings: RuleSettings | None = None):
        if plan is None:
            from m4d.budget import course_plan

            plan, default_allocation = course_plan()
            allocation = default_allocation if allocation is None else allocation
        self.plan = plan
        self.allocation = build_allocation(plan, [] if allocation is None else allocation)
        self.settings = settings or RuleSettings()
        self.results = check_plan(plan, self.allocation, self.settings)
        self.error: str | None = None
        self._meta = {"currency": plan.currency, "title": plan.title, "illustrative": plan.illustrative}
        self._line_rows: list[dict[str, widgets.Widget]] = []
        self._source_rows: list[dict[str, widgets.Widget]] = []
        self._build()
        self.update()

    # ----- building the controls -------------------------------------------------
    def _build(self) -> None:
        self._lines_box = widgets.VBox()
        self._sources_box = widgets.VBox()
        for rec in self.plan.lines.to_dict("records"):
            self._line_rows.append(self._line_row(rec))
        for rec in self.plan.sources.to_dict("records"):
            self._source_rows.append(self._source_row(rec))
        self._refresh_tables()
        add_line = widgets.Button(description=_("Add cost line"), icon="plus")
        add_line.on_click(lambda _: self._add_line())
        add_source = widgets.Button(description=_("Add funding source"), icon="plus")
        add_source.on_click(lambda _: self._add_source())

        pct = dict(min=0, max=100, step=1, continuous_update=False, readout_format="d",
                   style={"description_width": "initial"}, layout=widgets.Layout(width="380px"))
        self.own_share = widgets.IntSlider(value=round(self.settings.min_own_share * 100),
                                           description=_("Minimum own share (%)"), **pct)
        self.in_kind_share = widgets.IntSlider(value=round(self.settings.max_in_kind_share * 100),
                                               description=_("Maximum in-kind share (%)"), **pct)
        for slider in (self.own_share, self.in_kind_share):
            slider.observe(self._on_change, "value")

        self.objective = widgets.Dropdown(options=_options(OBJECTIVES), description=_("Aim"),
                                          layout=widgets.Layout(width="460px"))
        self.propose_button = widgets.Button(description=_("Propose a feasible allocation"), button_style="primary",
                                             icon="magic", layout=widgets.Layout(width="260px"))
        self.propose_button.on_click(lambda _: self.propose())
        self.withdraw_source = widgets.Dropdown(description=_("Funder"), layout=widgets.Layout(width="460px"))
        self.withdraw_cut = widgets.IntSlider(value=100, min=0, max=100, step=5, description=_("Cut (%)"),
                                              continuous_update=False)
        self.withdraw_button = widgets.Button(description=_("Simulate the funder withdrawing"), button_style="warning",
                                              icon="exclamation-triangle", layout=widgets.Layout(width="260px"))
        self.withdraw_button.on_click(lambda _: self.simulate_withdrawal())
        self._refresh_source_choices()

        self.message = widgets.HTML()
        self.summary = widgets.HTML()
        self.rules = widgets.HTML()
        self.totals = widgets.HTML()
        self.scenario = widgets.HTML()
        self.charts = widgets.Output()
        tables = widgets.Tab(children=[
            widgets.VBox([self._lines_box, add_line]),
            widgets.VBox([self._sources_box, add_source]),
            widgets.VBox([self.own_share, self.in_kind_share]),
        ])
        for i, title in enumerate([_("Cost lines"), _("Funding sources"), _("Rule thresholds")]):
            tables.set_title(i, title)
        self.widget = widgets.VBox([
            widgets.HTML(_STYLE + f"<h3>{html.escape(self.plan.label(_(self.plan.title)))}</h3>"),
            tables,
            widgets.HBox([self.objective, self.propose_button]),
            widgets.HBox([self.withdraw_source, self.withdraw_cut, self.withdraw_button]),
            self.message, self.summary, self.rules, self.totals, self.scenario, self.charts,
        ])
        self.widget.add_class("m4d-budget")

    def _watch(self, *controls: widgets.Widget) -> None:
        for control in controls:
            control.observe(self._on_change, "value")

    def _line_row(self, rec: dict) -> dict[str, widgets.Widget]:
        text = dict(continuous_update=False)
        row = {
            "line_id": widgets.Text(value=str(rec.get("line_id", "")), layout=widgets.Layout(width="60px"), **text),
            "year": widgets.IntText(value=int(rec.get("year", 2026)), layout=widgets.Layout(width="75px")),
            "category": widgets.Dropdown(options=_options(CATEGORIES), value=rec.get("category", "staff"),
                                         layout=widgets.Layout(width="200px")),
            "description": widgets.Text(value=str(rec.get("description", "")), layout=widgets.Layout(width="330px"), **text),
            "amount": widgets.FloatText(value=float(rec.get("amount", 0.0)), layout=widgets.Layout(width="110px")),
        }
        remove = widgets.Button(icon="trash", tooltip=_("Remove this cost line"), layout=widgets.Layout(width="36px"))
        remove.on_click(lambda _, r=row: self._remove(self._line_rows, r))
        row["remove"] = remove
        self._watch(*(row[k] for k in ("line_id", "year", "category", "description", "amount")))
        return row

    def _source_row(self, rec: dict) -> dict[str, widgets.Widget]:
        text = dict(continuous_update=False)
        share = rec.get("max_share", 1.0)
        share = 1.0 if share is None or (isinstance(share, float) and np.isnan(share)) else float(share)
        row = {
            "source_id": widgets.Text(value=str(rec.get("source_id", "")), layout=widgets.Layout(width="110px"), **text),
            "name": widgets.Text(value=str(rec.get("name", "")), layout=widgets.Layout(width="250px"), **text),
            "kind": widgets.Dropdown(options=_options(SOURCE_KINDS), value=rec.get("kind", "own_budget"),
                                     layout=widgets.Layout(width="200px")),
            "form": widgets.Dropdown(options=_options(FORMS), value=rec.get("form", "cash"),
                                     layout=widgets.Layout(width="90px")),
            "cap": widgets.FloatText(value=float(rec.get("cap", 0.0)), layout=widgets.Layout(width="100px")),
            "max_share": widgets.IntSlider(value=round(share * 100), min=0, max=100, step=1, continuous_update=False,
                                           description=_("max %"), layout=widgets.Layout(width="230px"),
                                           style={"description_width": "45px"}),
            "eligible_categories": widgets.TagsInput(value=list(rec.get("eligible_categories", ())),
                                                     allowed_tags=list(CATEGORIES), allow_duplicates=False,
                                                     layout=widgets.Layout(width="520px")),
        }
        remove = widgets.Button(icon="trash", tooltip=_("Remove this funding source"), layout=widgets.Layout(width="36px"))
        remove.on_click(lambda _, r=row: self._remove(self._source_rows, r))
        row["remove"] = remove
        self._watch(*(row[k] for k in ("source_id", "name", "kind", "form", "cap", "max_share", "eligible_categories")))
        return row

    def _refresh_tables(self) -> None:
        line_head = widgets.HTML("<b>{}</b>".format(html.escape(_("id · year · category · description · amount"))))
        self._lines_box.children = [line_head] + [
            widgets.HBox([r[k] for k in ("line_id", "year", "category", "description", "amount", "remove")])
            for r in self._line_rows]
        source_head = widgets.HTML(
            "<b>{}</b>".format(html.escape(_("id · name · kind · cash or in kind · cap · maximum share · eligible costs"))))
        self._sources_box.children = [source_head] + [
            widgets.VBox([widgets.HBox([r[k] for k in ("source_id", "name", "kind", "form", "cap", "remove")]),
                          widgets.HBox([r["max_share"], r["eligible_categories"]])])
            for r in self._source_rows]

    def _refresh_source_choices(self) -> None:
        options = [(name, sid) for sid, name in zip(self.plan.sources["source_id"], self.plan.sources["name"])]
        current = self.withdraw_source.value
        self.withdraw_source.options = options
        if current in dict((v, k) for k, v in options):
            self.withdraw_source.value = current

    def _add_line(self) -> None:
        taken = {r["line_id"].value for r in self._line_rows}
        n = len(self._line_rows) + 1
        while f"L{n:02d}" in taken:
            n += 1
        year = self._line_rows[-1]["year"].value if self._line_rows else 2026
        self._line_rows.append(self._line_row({"line_id": f"L{n:02d}", "year": year, "category": "staff",
                                               "description": "", "amount": 0.0}))
        self._refresh_tables()
        self.update()

    def _add_source(self) -> None:
        taken = {r["source_id"].value for r in self._source_rows}
        n = len(self._source_rows) + 1
        while f"source_{n}" in taken:
            n += 1
        self._source_rows.append(self._source_row({"source_id": f"source_{n}", "name": _("New source {n}").format(n=n),
                                                   "kind": "local_stakeholders", "form": "cash", "cap": 0.0,
                                                   "max_share": 1.0, "eligible_categories": list(CATEGORIES)}))
        self._refresh_tables()
        self.update()

    def _remove(self, rows: list, row: dict) -> None:
        if row in rows:
            rows.remove(row)
        self._refresh_tables()
        self.update()

    def _on_change(self, change) -> None:
        self.update()

    # ----- reading the controls -----------------------------------------------------
    def _line_records(self) -> list[dict]:
        return [{k: r[k].value for k in LINE_COLUMNS} for r in self._line_rows]

    def _source_records(self) -> list[dict]:
        rows = []
        for r in self._source_rows:
            rec = {k: r[k].value for k in ("source_id", "name", "kind", "form", "cap")}
            rec["max_share"] = r["max_share"].value / 100
            rec["eligible_categories"] = list(r["eligible_categories"].value)
            rows.append(rec)
        return rows

    def edited_lines(self) -> pd.DataFrame:
        """The cost lines as the user has typed them (checked or not)."""
        return pd.DataFrame(self._line_records(), columns=LINE_COLUMNS)

    def edited_sources(self) -> pd.DataFrame:
        """The funding sources as the user has typed them (checked or not)."""
        return pd.DataFrame(self._source_records(), columns=SOURCE_COLUMNS)

    # ----- recomputing ---------------------------------------------------------------
    def update(self) -> None:
        """Rebuild the plan from the controls, check it, and redraw totals, rules and charts."""
        try:
            settings = RuleSettings(min_own_share=self.own_share.value / 100,
                                    max_in_kind_share=self.in_kind_share.value / 100,
                                    min_me_share=self.settings.min_me_share, max_me_share=self.settings.max_me_share,
                                    tolerance=self.settings.tolerance)
            plan = build_plan(self._line_records(), self._source_records(), where=_("planner"), **self._meta)
        except InputError as err:
            self.error = str(err)
            fix = html.escape(_("Please fix:"))
            self.message.value = f'<div class="error"><b>{fix}</b> {html.escape(self.error)}</div>'
            return
        self.error = None
        self.message.value = ""
        self.plan, self.settings = plan, settings
        # Keep the money already allocated to lines and sources that still exist.
        known_lines, known_sources = set(plan.lines["line_id"]), set(plan.sources["source_id"])
        keep = self.allocation["line_id"].isin(known_lines) & self.allocation["source_id"].isin(known_sources)
        self.allocation = self.allocation[keep].reset_index(drop=True)
        matrix = allocation_matrix(plan, self.allocation)
        self.results = check_plan(plan, matrix, settings)
        self._render(matrix)
        self._refresh_source_choices()

    def _render(self, matrix: np.ndarray) -> None:
        plan = self.plan
        s = totals.summary(plan, matrix)
        passed = sum(r.passed for r in self.results)
        figures = [(_("Total cost"), plan.money(s["total_cost"])), (_("funded"), plan.money(s["funded"])),
                   (_("unfunded"), plan.money(s["unfunded"])), (_("own share"), percent(s["own_share"], 1)),
                   (_("largest external funder"), percent(s["largest_external_share"], 1)),
                   (_("rules met"), _("{passed} of {total}").format(passed=passed, total=len(self.results)))]
        self.summary.value = "<p>" + " · ".join(f"<b>{html.escape(k)}</b> {html.escape(v)}" for k, v in figures) + "</p>"
        self.rules.value = _rules_html(self.results)
        self.totals.value = _money_table(totals.funding_by_source_and_year(plan, matrix),
                                         plan.label(_("Funding by source and year ({currency})").format(
                                             currency=plan.currency)))
        bars, flow = charts.funding_by_year_spec(plan, matrix), charts.flow_spec(plan, matrix)
        self.charts.outputs = tuple(
            {"output_type": "display_data", "metadata": {},
             "data": {"application/vnd.plotly.v1+json": spec, "text/plain": _("[Figure] {alt}").format(alt=alt)}}
            for spec, alt in ((bars, charts.funding_by_year_alt(plan, matrix)), (flow, charts.flow_alt(plan, matrix))))

    # ----- the two buttons -----------------------------------------------------------
    def propose(self) -> None:
        """Ask the solver for an allocation that meets every rule; adopt it if there is one."""
        self.update()
        if self.error:
            return
        result = allocate(self.plan, self.settings, self.objective.value)
        if result.feasible:
            self.allocation = result.allocation
            self.update()
        solver = html.escape(_("Solver:"))
        self.scenario.value = f"<p><b>{solver}</b> {html.escape(result.message)}</p>"

    def simulate_withdrawal(self) -> None:
        """Show what happens if the chosen funder withdraws or cuts its contribution."""
        self.update()
        if self.error or self.withdraw_source.value is None:
            return
        scenario = withdraw(self.plan, self.allocation, self.withdraw_source.value, self.withdraw_cut.value / 100,
                            self.settings, self.objective.value)
        said = html.escape(_("Scenario:"))
        self.scenario.value = (
            f"<p><b>{said}</b> {html.escape(scenario.message)}</p>"
            + _money_table(scenario.immediate_gap, self.plan.label(_("Immediate gap by category and year")))
            + _money_table(scenario.remaining_gap,
                           self.plan.label(_("Gap left after re-planning by category and year"))))

    # ----- display -------------------------------------------------------------------
    def snapshot_html(self) -> str:
        """A static HTML view of the planner's current state (for the published book)."""
        from m4d.figures import figure_bundle
        import plotly.graph_objects as go

        matrix = allocation_matrix(self.plan, self.allocation)
        figures = "".join(
            figure_bundle(go.Figure(spec), alt)["text/html"]
            for spec, alt in ((charts.funding_by_year_spec(self.plan, matrix), charts.funding_by_year_alt(self.plan, matrix)),
                              (charts.flow_spec(self.plan, matrix), charts.flow_alt(self.plan, matrix))))
        note = "<p><i>{}</i></p>".format(html.escape(_(
            "A snapshot of the budget planner. Open this page as a notebook (JupyterLab, a hub or Binder) to edit the "
            "plan and use the buttons."), quote=False))
        return (f'<div class="m4d-budget">{_STYLE}<h3>{html.escape(self.plan.label(_(self.plan.title)))}</h3>{note}'
                f"{self.message.value}{self.summary.value}{self.rules.value}{self.totals.value}"
                f"{self.scenario.value}{figures}</div>")

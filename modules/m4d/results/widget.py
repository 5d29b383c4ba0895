"""The results-framework builder: pick an indicator, edit it, and see the checks and the logframe follow.

A thin layer over :mod:`m4d.results`: every edit checks the indicators again
with :func:`~m4d.results.model.clean_indicator_rows` (so bad input gets the
same message as anywhere else, shown in the message area, and the user's edit
stays on screen; rows the edit did not touch come from its cache), runs
:func:`~m4d.results.checks.check_framework` and redraws the checks, the
results chain and the logframe. In the static book the widget's
``text/html`` snapshot shows the same three things.
"""
from __future__ import annotations

import html
import math

import ipywidgets as w
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _, pgettext
from m4d.results.chain import chain_html
from m4d.results.checks import FrameworkCheck, check_framework
from m4d.results.collection import DataCollectionPlan
from m4d.results.io import logframe_html
from m4d.results.model import (DISAGGREGATIONS, FREQUENCIES, ResultsFramework, _place, clean_indicator_rows,
                               gcm_objective_numbers, indicator_columns, indicator_frame, sdg_target_codes)
from m4d.snapshot import StaticSnapshot

MESSAGE_STYLE = "color:#8c2d04;font-weight:bold"


def checks_html(report: FrameworkCheck) -> str:
    """The checks as a list: a mark and a title for each, and what to do for those that fail."""
    items = []
    passed, fails = _("✔ passed"), _("✘ fails")
    for r in report.results:
        mark = passed if r.passed else fails
        colour = "#1a7f37" if r.passed else "#8c2d04"
        body = "".join(f"<li>{html.escape(m)}</li>" for m in r.messages)
        items.append(f'<li><strong style="color:{colour}">{mark}</strong>: {html.escape(_(r.title))}<ul>{body}</ul></li>')
    return f'<ul class="m4d-checks">{"".join(items)}</ul>'


class ResultsFrameworkBuilder(StaticSnapshot):
    """Edit the indicators of a framework one at a time; checks, chain and logframe follow each edit.

    With no arguments it opens on the course's illustrative corridor case
    (:func:`m4d.results.course_framework` and its data collection plan).
    """

    title = N_("Results-framework builder")

    def __init__(self, framework: ResultsFramework | None = None, plan: DataCollectionPlan | None = None):
        from m4d.results import course_collection_plan, course_framework
        from m4d.results.collection import translate_collection_plan
        from m4d.results.model import translate_framework

        if framework is None:
            # The course's framework is course data: its words in the reader's language, its codes as they are.
            framework = translate_framework(course_framework())
            plan = translate_collection_plan(course_collection_plan()) if plan is None else plan
        self.framework = framework
        self.plan = plan
        self.report: FrameworkCheck = check_framework(framework, plan)
        self.error: str | None = None
        self._rows = framework.indicators.to_dict("records")
        self._syncing = False
        self._plan_for: int | None = None
        self._plan_cache: DataCollectionPlan | None = None
        # Rows already checked, by position and content: an edit reads again only the row it changed.
        self._clean_rows: dict = {}

        ids = [r["indicator_id"] for r in self._rows]
        self.choice = w.Dropdown(options=ids, value=ids[0] if ids else None, description=_("Indicator:"))
        self.definition = w.Textarea(description=_("Definition:"), layout=w.Layout(width="560px", height="60px"))
        self.result = w.Dropdown(options=list(framework.results["result_id"]), description=_("Measures:"))
        self.unit = w.Text(description=_("Unit:"))
        self.baseline = w.Text(description=_("Baseline:"), placeholder=_("empty if not known"))
        self.baseline_year = w.Text(description=_("in year:"))
        self.target = w.Text(description=_("Target:"))
        self.target_year = w.Text(description=_("by year:"))
        sources = plan.source_ids() if plan is not None else sorted(set(framework.indicators["source"]))
        self.source = w.Dropdown(options=sources, description=_("Source:"))
        # The menu's values stay the English frequencies the framework stores; only what it shows is translated.
        self.frequency = w.Dropdown(options=_options([(_(f), f) for f in FREQUENCIES]), description=_("Frequency:"))
        self.breakdowns = {k: w.Checkbox(description=_("by {breakdown}").format(breakdown=_(label)), indent=False)
                           for k, label in DISAGGREGATIONS.items()}
        self.sdg = w.SelectMultiple(options=list(sdg_target_codes()), description=_("SDG targets:"), rows=4)
        self.gcm = w.SelectMultiple(options=list(gcm_objective_numbers()), description=_("GCM objectives:"), rows=4)
        surveys = [s for s in (plan.source_ids() if plan is not None else []) if plan.source(s)["method"] == "survey"]
        self.survey = surveys[0] if surveys else None
        first = plan.source(self.survey) if self.survey else None
        self.interviews = w.IntText(value=int(first["interviews"]) if first else 0,
                                    description=_("Interviews:"), disabled=first is None,
                                    tooltip=_("Completed interviews of the survey in the data collection plan"))
        self.add_button = w.Button(description=_("Add an indicator"),
                                   tooltip=_("Add an indicator to the result chosen above"))
        self.remove_button = w.Button(description=_("Remove this indicator"))
        self.add_button.on_click(lambda _: self.add_indicator())
        self.remove_button.on_click(lambda _: self.remove_indicator())
        self.message = w.HTML()
        self.checks = w.HTML()
        self.chain = w.HTML()
        self.logframe = w.HTML()

        self.choice.observe(lambda change: self._show(change["new"]), names="value")
        edits = [self.definition, self.result, self.unit, self.baseline, self.baseline_year, self.target,
                 self.target_year, self.source, self.frequency, self.sdg, self.gcm, *self.breakdowns.values()]
        for control in edits:
            control.observe(self._on_edit, names="value")
        self.interviews.observe(lambda change: self.update(), names="value")

        survey_label = _("Survey {survey}:").format(
            survey=self.survey or pgettext("no survey in the plan", "(none)"))
        editor = w.VBox([
            w.HBox([self.choice, self.add_button, self.remove_button]),
            self.definition,
            w.HBox([self.result, self.unit]),
            w.HBox([self.baseline, self.baseline_year]),
            w.HBox([self.target, self.target_year]),
            w.HBox([self.source, self.frequency]),
            w.HBox(list(self.breakdowns.values())),
            w.HBox([self.sdg, self.gcm]),
            w.HBox([w.HTML(f"<b>{html.escape(survey_label)}</b>"), self.interviews]),
        ])
        tabs = w.Tab(children=[self.checks, self.chain, self.logframe])
        for i, name in enumerate([_("Checks"), _("Results chain"), _("Logframe")]):
            tabs.set_title(i, name)
        self.widget = w.VBox([w.HTML(f"<h4>{html.escape(framework.label(framework.title))}</h4>"),
                              editor, self.message, tabs])
        if ids:
            self._show(ids[0])
        self.update()

    # ------------------------------------------------------------ editing
    def _row(self, indicator_id: str) -> dict:
        return next(r for r in self._rows if r["indicator_id"] == indicator_id)

    @staticmethod
    def _number_text(value) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return ""
        return f"{value:g}" if isinstance(value, float) else str(value)

    def _show(self, indicator_id: str | None) -> None:
        if indicator_id is None:
            return
        row = self._row(indicator_id)
        self._syncing = True
        try:
            self.definition.value = row["definition"]
            self.result.value = row["result_id"]
            self.unit.value = row["unit"]
            self.baseline.value = self._number_text(row["baseline"])
            self.baseline_year.value = self._number_text(row["baseline_year"])
            self.target.value = self._number_text(row["target"])
            self.target_year.value = self._number_text(row["target_year"])
            if row["source"] not in self.source.options:
                self.source.options = [*self.source.options, row["source"]]
            self.source.value = row["source"]
            self.frequency.value = row["frequency"]
            for key, box in self.breakdowns.items():
                box.value = key in row["disaggregation"]
            self.sdg.value = tuple(t for t in row["sdg_targets"] if t in self.sdg.options)
            self.gcm.value = tuple(o for o in row["gcm_objectives"] if o in self.gcm.options)
        finally:
            self._syncing = False

    def _on_edit(self, change) -> None:
        if self._syncing or self.choice.value is None:
            return
        self.edit(self.choice.value, **self._form())

    def _form(self) -> dict:
        return {
            "definition": self.definition.value, "result_id": self.result.value, "unit": self.unit.value,
            "baseline": self.baseline.value, "baseline_year": self.baseline_year.value,
            "target": self.target.value, "target_year": self.target_year.value,
            "source": self.source.value, "frequency": self.frequency.value,
            "disaggregation": [k for k, box in self.breakdowns.items() if box.value],
            "sdg_targets": list(self.sdg.value), "gcm_objectives": list(self.gcm.value),
        }

    def edit(self, indicator_id: str, **fields) -> None:
        """Change fields of one indicator (as a person would in the form) and update."""
        row = self._row(indicator_id)
        row.update(fields)
        self.update()

    def add_indicator(self) -> str:
        """Add an indicator, still to be defined, to the result chosen in the form."""
        taken = {r["indicator_id"] for r in self._rows}
        n = len(self._rows) + 1
        while f"K{n}" in taken:
            n += 1
        new = {"indicator_id": f"K{n}", "result_id": self.result.value or self.framework.results["result_id"].iloc[0],
               "definition": "A new indicator: say what is counted, among whom", "unit": "number",
               "baseline": None, "baseline_year": None, "target": None, "target_year": None,
               "source": self.source.value or "", "frequency": "yearly", "disaggregation": [], "sdg_targets": [],
               "gcm_objectives": [], "mgi_dimensions": [], "responsible": "", "max_change_per_year": None}
        self._rows.append(new)
        self.choice.options = [r["indicator_id"] for r in self._rows]
        self.choice.value = new["indicator_id"]
        self.update()
        return new["indicator_id"]

    def remove_indicator(self) -> None:
        if self.choice.value is None:
            return
        self._rows = [r for r in self._rows if r["indicator_id"] != self.choice.value]
        ids = [r["indicator_id"] for r in self._rows]
        self.choice.options = ids
        self.choice.value = ids[0] if ids else None
        self.update()

    # ------------------------------------------------------------ recompute
    def update(self) -> None:
        """Rebuild and check the framework; invalid input shows a message and keeps the last good view."""
        try:
            # The results chain does not change in the builder: only the indicators are checked again.
            if len(self._clean_rows) > 20 * (len(self._rows) + 1):
                self._clean_rows.clear()  # keystrokes in a definition leave rows no one will type again
            where = _place(pgettext("the place of a mistake", "builder"), pgettext("the place of a mistake", "indicators"))
            rows = clean_indicator_rows(self._rows, self.framework.results, where, cache=self._clean_rows)
            framework = self.framework.with_indicators(indicator_frame(rows), indicator_columns(rows))
            plan = self.plan
            if plan is not None and self.survey is not None:
                interviews = self.interviews.value
                if interviews is None or interviews < 1:
                    raise InputError(_("The survey needs at least 1 completed interview; type the number it plans."))
                if self._plan_for != interviews:
                    self._plan_cache, self._plan_for = plan.with_interviews(self.survey, interviews), interviews
                plan = self._plan_cache
            report = check_framework(framework, plan)
        except InputError as err:
            self.error = str(err)
            self.message.value = f'<p role="alert" style="{MESSAGE_STYLE}">{html.escape(str(err))}</p>'
            for view in (self.checks, self.chain, self.logframe):
                view.layout.opacity = "0.4"
            return
        self.error = None
        self.message.value = ""
        self.current, self.current_plan, self.report = framework, plan, report
        self.checks.value = checks_html(report)
        self.chain.value = chain_html(framework)
        self.logframe.value = logframe_html(framework, plan)
        for view in (self.checks, self.chain, self.logframe):
            view.layout.opacity = "1"

    def snapshot_html(self) -> str:
        """A static view for the book: the checks, the results chain and the logframe as they stand."""
        static = _("Static snapshot of the builder. Open this page as a notebook (JupyterLab, the hub or Binder) "
                   "to edit the indicators.")
        note = f'<p style="font-size:90%"><em>{html.escape(static, quote=False)}</em></p>'
        checks, chain, logframe = (html.escape(h) for h in (_("Checks"), _("Results chain"), _("Logframe")))
        heading = _("{title}: {subject}").format(title=_(self.title), subject=self.current.label(self.current.title))
        return (f'<div class="m4d-widget-snapshot"><p><strong>{html.escape(heading)}'
                f"</strong></p>{note}{self.message.value}"
                f"<h5>{checks}</h5>{self.checks.value}<h5>{chain}</h5>{self.chain.value}"
                f"<h5>{logframe}</h5>{self.logframe.value}</div>")

    def snapshot_text(self) -> str:
        return _("{title} (a widget; its static snapshot is shown in the book)").format(title=_(self.title))


def _options(pairs: list[tuple[str, str]]) -> list:
    """Menu options as (shown label, value); plain values when every label is its value (the English build)."""
    return [value for _label, value in pairs] if all(label == value for label, value in pairs) else pairs

"""A disaggregation explorer: choose the breakdown and the threshold, watch cells being hidden."""
from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from m4d.errors import InputError
from m4d.survey.disaggregation import DISAGGREGATION_VARIABLES, cross_table
from m4d.survey.region import ILLUSTRATIVE_NOTE
from m4d.survey.snapshot_widget import SnapshotWidget
from m4d.survey.suppression import suppress


class DisaggregationExplorer(SnapshotWidget):
    """Counts of households by any mix of sex, age group, location and migration status, with suppression.

    Every hidden cell looks the same, as in the published table: some because
    fewer than ``threshold`` households stand behind them, the others so that
    those cannot be narrowed down from the row and column totals: solving the
    totals, a reader cannot pin a small count to a range narrower than the
    threshold (see :func:`m4d.survey.audit`).
    """

    title = "Disaggregation explorer"

    def __init__(self, data: pd.DataFrame | None = None, rows: tuple[str, ...] = ("location",),
                 columns: tuple[str, ...] = ("migration status",), threshold: int = 5,
                 variables: dict[str, str] | None = None, note: str | None = None) -> None:
        super().__init__()
        if data is None:
            from m4d.survey.region import households

            data = households()
            note = ILLUSTRATIVE_NOTE if note is None else note
        self.data = data
        self.note = note or ""
        self.variables = dict(variables or DISAGGREGATION_VARIABLES)
        labels = list(self.variables)
        style = {"description_width": "10em"}
        self.rows = w.SelectMultiple(options=labels, value=tuple(rows), description="Rows", rows=4, style=style)
        self.columns = w.SelectMultiple(options=labels, value=tuple(columns), description="Columns", rows=4,
                                        style=style)
        self.threshold = w.IntText(threshold, description="Hide counts below", style=style)
        self.result = None
        controls = self._controls()
        self.widget = w.VBox([w.HTML(f"<h4>{self.title}</h4>"), w.HBox([self.rows, self.columns]), self.threshold,
                              self.message, self.output])
        self._watch(controls)
        self.update()

    def _controls(self):
        return [self.rows, self.columns, self.threshold]

    def _settings(self):
        return {"Rows": ", ".join(self.rows.value) or "none", "Columns": ", ".join(self.columns.value) or "none",
                "Hide counts below": str(self.threshold.value)}

    def _compute(self) -> str:
        if not self.rows.value or not self.columns.value:
            raise InputError("Choose at least one variable for the rows and one for the columns "
                             "(Ctrl-click or Cmd-click to choose several).")
        if self.threshold.value is None or self.threshold.value < 1:
            raise InputError("The threshold must be 1 or more; 1 hides nothing, 5 or 10 are common choices.")
        rows = [self.variables[v] for v in self.rows.value]
        cols = [self.variables[v] for v in self.columns.value]
        result = suppress(cross_table(self.data, rows, cols), self.threshold.value)
        self.result = result
        counts = result.summary()
        caption = ("Households by " + ", ".join(self.rows.value) + " and " + ", ".join(self.columns.value)
                   + (f". {self.note}" if self.note else ""))
        line = (f"<p><strong>{counts['primary']}</strong> of {counts['cells']} cells hidden because fewer than "
                f"{result.threshold} households stand behind them; <strong>{counts['secondary']}</strong> more "
                "hidden so that those cannot be worked out from the totals."
                + (" Solving the published totals, a reader can pin no small count to a range narrower than "
                   f"<strong>{result.protection:g}</strong> households." if counts["primary"] else "")
                + "</p>")
        return line + f'<div style="overflow:auto;max-height:32em">{result.to_html(html.escape(caption))}</div>'

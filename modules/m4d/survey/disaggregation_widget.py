"""A disaggregation explorer: choose the breakdown and the threshold, watch cells being hidden."""
from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _, pgettext
from m4d.i18n.numbers import number
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

    title = N_("Disaggregation explorer")

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
        # The lists' values stay the variables' English names (the API's); only what they show is translated.
        labels = _options([(variable_label(v), v) for v in self.variables])
        style = {"description_width": "10em"}
        self.rows = w.SelectMultiple(options=labels, value=tuple(rows), description=_("Rows"), rows=4, style=style)
        self.columns = w.SelectMultiple(options=labels, value=tuple(columns), description=_("Columns"), rows=4,
                                        style=style)
        self.threshold = w.IntText(threshold, description=_("Hide counts below"), style=style)
        self.result = None
        controls = self._controls()
        self.widget = w.VBox([w.HTML(f"<h4>{self.shown_title()}</h4>"), w.HBox([self.rows, self.columns]), self.threshold,
                              self.message, self.output])
        self._watch(controls)
        self.update()

    def _controls(self):
        return [self.rows, self.columns, self.threshold]

    def _settings(self):
        none = pgettext("no variable chosen", "none")
        return {_("Rows"): ", ".join(map(variable_label, self.rows.value)) or none,
                _("Columns"): ", ".join(map(variable_label, self.columns.value)) or none,
                _("Hide counts below"): str(self.threshold.value)}

    def _compute(self) -> str:
        if not self.rows.value or not self.columns.value:
            raise InputError(_("Choose at least one variable for the rows and one for the columns "
                               "(Ctrl-click or Cmd-click to choose several)."))
        overlap = {self.variables[v] for v in self.rows.value} & {self.variables[v] for v in self.columns.value}
        if overlap:
            # cross_table says this too, in English: here the learner reads it in the widget's language
            # (naming the data's columns, as cross_table does).
            raise InputError(_("{variables} is both a row and a column variable; use it once.").format(
                variables=", ".join(sorted(overlap))))
        if self.threshold.value is None or self.threshold.value < 1:
            raise InputError(_("The threshold must be 1 or more; 1 hides nothing, 5 or 10 are common choices."))
        rows = [self.variables[v] for v in self.rows.value]
        cols = [self.variables[v] for v in self.columns.value]
        result = suppress(cross_table(self.data, rows, cols), self.threshold.value)
        self.result = result
        counts = result.summary()
        caption = _("Households by {rows} and {columns}").format(
            rows=", ".join(map(variable_label, self.rows.value)),
            columns=", ".join(map(variable_label, self.columns.value))) + (f". {_(self.note)}" if self.note else "")
        line = _("<strong>{primary}</strong> of {cells} cells hidden because fewer than {threshold} households stand "
                 "behind them; <strong>{secondary}</strong> more hidden so that those cannot be worked out from the "
                 "totals.").format(primary=number(counts["primary"], "d"), cells=number(counts["cells"], "d"),
                                   threshold=number(result.threshold, "d"), secondary=number(counts["secondary"], "d"))
        if counts["primary"]:
            line += " " + _("Solving the published totals, a reader can pin no small count to a range narrower than "
                            "<strong>{width}</strong> households.").format(width=number(result.protection, 'g'))
        return (f"<p>{line}</p>"
                f'<div style="overflow:auto;max-height:32em">{result.to_html(caption)}</div>')


def variable_label(name: str) -> str:
    """A breakdown variable's name ("sex", "age group" ...) in the reader's language."""
    labels = {"sex": pgettext("breakdown variable", "sex"), "age group": pgettext("breakdown variable", "age group"),
              "location": pgettext("breakdown variable", "location"),
              "migration status": pgettext("breakdown variable", "migration status")}
    return labels.get(name, name)


def _options(pairs: list[tuple[str, str]]) -> list:
    """Menu options as (shown label, value); plain values when every label is its value (the English build)."""
    return [value for _label, value in pairs] if all(label == value for label, value in pairs) else pairs

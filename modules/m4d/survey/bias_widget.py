"""A bias simulator: draw many random and convenience samples and see where their estimates fall."""
from __future__ import annotations

import html

import ipywidgets as w
import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _, pgettext
from m4d.i18n.numbers import number, percent_points
from m4d.survey.bias import BiasResult, reachability, simulate_bias
from m4d.survey.region import ILLUSTRATIVE_NOTE
from m4d.survey.snapshot_widget import SnapshotWidget

#: What the simulator can estimate: the English label (the menu's value, shown translated), column, scale, unit.
INDICATORS = {
    N_("Share of households with a member abroad"): ("has_member_abroad", 100, "%"),
    N_("Share of households receiving remittances"): ("receives_remittances", 100, "%"),
    N_("Mean monthly remittances per household"): ("remittances_monthly", 1, " units"),
}
COLOURS = {"random": "#2171b5", "convenience": "#d94801"}


class BiasSimulator(SnapshotWidget):
    """Random against convenience samples from the illustrative region, whose truth is known."""

    title = N_("Bias simulator")

    def __init__(self, population: pd.DataFrame | None = None, n: int = 400, centre_pull: float = 1.0,
                 association_pull: float = 3.0, runs: int = 100, seed: int = 0) -> None:
        super().__init__()
        if population is None:
            from m4d.survey.region import households

            population = households()
        self.population = population
        self.seed = seed
        style = {"description_width": "14em"}
        # The menu's values stay the English labels INDICATORS is keyed by; only what it shows is translated.
        self.indicator = w.Dropdown(options=_options([(_(k), k) for k in INDICATORS]), description=_("What to estimate"),
                                    style=style, layout=w.Layout(width="36em"))
        self.n = w.IntText(n, description=_("Sample size"), style=style)
        self.centre_pull = w.FloatSlider(centre_pull, min=0, max=3, step=0.25, description=_("Pull of the centre"),
                                         style=style, continuous_update=False)
        self.association_pull = w.FloatSlider(association_pull, min=0, max=10, step=0.5,
                                              description=_("Pull of associations"), style=style,
                                              continuous_update=False)
        self.runs = w.IntText(runs, description=_("Samples per design"), style=style)
        self.result: BiasResult | None = None
        controls = self._controls()
        self.widget = w.VBox([w.HTML(f"<h4>{self.shown_title()}</h4>"), *controls, self.message, self.output])
        self._watch(controls)
        self.update()

    def _controls(self):
        return [self.indicator, self.n, self.centre_pull, self.association_pull, self.runs]

    def _settings(self):
        return {_("What to estimate"): _(self.indicator.value), _("Sample size"): str(self.n.value),
                _("Pull of the centre"): number(self.centre_pull.value, 'g'),
                _("Pull of associations"): number(self.association_pull.value, 'g'),
                _("Samples per design"): str(self.runs.value)}

    def _compute(self) -> str:
        if self.runs.value is None or not 2 <= self.runs.value <= 1000:
            raise InputError(_("Draw between 2 and 1000 samples per design (100 is plenty to see the pattern)."))
        # simulate_bias checks the sample size too, in English: here the learner reads it in the widget's language.
        if self.n.value is not None and self.n.value < 2:
            raise InputError(_("The sample size is {n}; it must be at least 2.").format(n=self.n.value))
        if self.n.value is not None and self.n.value > len(self.population):
            raise InputError(_("A sample of {size} is larger than the population of {population}.").format(
                size=number(self.n.value, 'd'), population=number(len(self.population), 'd')))
        column, scale, unit = INDICATORS[self.indicator.value]
        unit = _unit(unit)
        reach = reachability(self.population, self.centre_pull.value, self.association_pull.value)
        result = simulate_bias(self.population, column, self.n.value, reach=reach, runs=self.runs.value,
                               seed=self.seed)
        self.result = result
        # Errors of a share are differences of percentages: percentage points.
        gap = " " + _("points") if unit == "%" else unit
        rows = "".join(
            f"<tr><th scope='row'>{design_label(r.design)}</th><td>{_measured(r.mean_estimate * scale, unit)}</td>"
            f"<td>{number(r.bias * scale, '+,.1f')}{gap}</td><td>{number(r.standard_deviation * scale, ',.1f')}{gap}</td>"
            f"<td>{number(r.rmse * scale, ',.1f')}{gap}</td></tr>" for r in result.summary.itertuples())
        caption = _("{indicator}: truth {truth}; {runs} samples of {n} households per design.").format(
            indicator=html.escape(_(self.indicator.value)), truth=_measured(result.truth * scale, unit),
            runs=self.runs.value, n=self.n.value)
        head = "".join(f"<th>{h}</th>" for h in (_("design"), _("average estimate"), _("bias"), _("spread (sd)"),
                                                  _("typical error (RMSE)")))
        table = (f"<table><caption>{caption} {_(ILLUSTRATIVE_NOTE)}</caption>"
                 f"<thead><tr>{head}</tr></thead>"
                 f"<tbody>{rows}</tbody></table>")
        return strip_chart(result, scale, unit, _(self.indicator.value)) + table


def _measured(value: float, unit: str, spec: str = ",.1f") -> str:
    """A figure with its unit as the reader writes it: a percentage takes the locale's percent sign."""
    return percent_points(value, spec) if unit == "%" else number(value, spec) + unit


def _unit(unit: str) -> str:
    """A unit as shown after a number ("%" is the same everywhere)."""
    return " " + _("units") if unit == " units" else unit


def design_label(design: str) -> str:
    """A sampling design's name (``"random"``, ``"convenience"``) in the reader's language."""
    names = {"random": pgettext("sampling design", "random"),
             "convenience": pgettext("sampling design", "convenience")}
    return names.get(design, design)


def strip_chart(result: BiasResult, scale: float, unit: str, label: str) -> str:
    """An inline SVG: each sample's estimate as a tick, one band per design, the truth as a line."""
    width, band, left = 640, 46, 110
    values = result.runs["estimate"].to_numpy() * scale
    truth = result.truth * scale
    low, high = min(values.min(), truth), max(values.max(), truth)
    pad = (high - low) * 0.05 or 1.0
    low, high = low - pad, high + pad

    def x(v: float) -> float:
        return left + (v - low) / (high - low) * (width - left - 20)

    parts = []
    for k, design in enumerate(("random", "convenience")):
        y0 = 10 + k * band
        est = result.runs.loc[result.runs["design"] == design, "estimate"].to_numpy() * scale
        # One path of vertical ticks per design: far cheaper to build and draw than a line element per tick.
        xs = left + (est - low) / (high - low) * (width - left - 20)
        ticks = " ".join(f"M{v:.1f} {y0 + 6}V{y0 + band - 10}" for v in xs)
        parts.append(f'<text x="4" y="{y0 + band / 2 + 4}" font-size="12">{design_label(design)}</text>'
                     f'<path d="{ticks}" stroke="{COLOURS[design]}" stroke-opacity="0.35" fill="none"/>')
    bottom = 10 + 2 * band
    truth_label = _("truth {value}").format(value=_measured(truth, unit))
    parts.append(f'<line x1="{x(truth):.1f}" x2="{x(truth):.1f}" y1="4" y2="{bottom}" stroke="#000" stroke-width="2"/>'
                 f'<text x="{x(truth) + 4:.1f}" y="{bottom + 14}" font-size="12">{html.escape(truth_label)}</text>')
    for v in np.linspace(low, high, 5):
        parts.append(f'<text x="{x(v):.1f}" y="{bottom + 30}" font-size="11" text-anchor="middle">{number(v, ",.1f")}</text>')
    alt = _("Strip chart of {indicator}: each tick is one simulated sample's estimate, random samples on the first "
            "line and convenience samples on the second; the black line is the true value {truth}. Random estimates "
            "centre on the truth; convenience estimates are off by {bias} on average.").format(
                indicator=label.lower(), truth=_measured(truth, unit),
                bias=_measured(result.bias('convenience') * scale, unit, "+,.1f"))
    return (f'<svg role="img" aria-label="{html.escape(alt)}" width="{width}" height="{bottom + 40}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{html.escape(alt)}</title>{"".join(parts)}</svg>')


def _options(pairs: list[tuple[str, str]]) -> list:
    """Menu options as (shown label, value); plain values when every label is its value (the English build)."""
    return [value for _label, value in pairs] if all(label == value for label, value in pairs) else pairs

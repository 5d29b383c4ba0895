"""A sample size calculator: type the survey's settings, see every step of the arithmetic."""
from __future__ import annotations

import ipywidgets as w

from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.i18n.numbers import number
from m4d.survey.sample_size import sample_size_proportion
from m4d.survey.screening import households_to_screen
from m4d.survey.snapshot_widget import SnapshotWidget


class SampleSizeCalculator(SnapshotWidget):
    """Interviews needed for a share, step by step, and households to screen for a rare group.

    Percentages are typed as percentages (5 for ±5 points). Plain number boxes
    (not sliders) let a planner type any value; an impossible one gets a
    message instead of being silently clamped.
    """

    title = N_("Sample size calculator")

    def __init__(self, margin: float = 5, confidence: float = 95, proportion: float = 50, design_effect: float = 1.5,
                 response_rate: float = 80, population: int = 20700, prevalence: float = 20) -> None:
        super().__init__()
        style = {"description_width": "16em"}
        self.margin = w.FloatText(margin, description=_("Margin of error (± points)"), style=style)
        self.confidence = w.Dropdown(options=[90.0, 95.0, 99.0], value=float(confidence),
                                     description=_("Confidence (%)"), style=style)
        self.proportion = w.FloatText(proportion, description=_("Expected share (%)"), style=style)
        self.design_effect = w.FloatText(design_effect, description=_("Design effect"), style=style)
        self.response_rate = w.FloatText(response_rate, description=_("Expected response rate (%)"), style=style)
        self.population = w.IntText(population, description=_("Households (0 = unknown)"), style=style)
        self.prevalence = w.FloatText(prevalence, description=_("Rare group: share of households (%)"), style=style)
        controls = self._controls()
        self.widget = w.VBox([w.HTML(f"<h4>{self.shown_title()}</h4>"), *controls, self.message, self.output])
        self._watch(controls)
        self.update()

    def _controls(self):
        return [self.margin, self.confidence, self.proportion, self.design_effect, self.response_rate,
                self.population, self.prevalence]

    def _settings(self):
        return {c.description: number(c.value, 'g') for c in self._controls()}

    def _compute(self) -> str:
        # The boxes take percentages, so their messages speak in percentages too.
        for box in (self.margin, self.proportion, self.response_rate, self.prevalence):
            value = box.value
            if value is None or not (0 < value < 100 or (value == 100 and box is self.response_rate)):
                raise InputError(_("{box} is {value}; type a percentage above 0 and below 100 (for example 5 for "
                                   "±5 points, 80 for a response rate of 8 in 10).").format(
                                       box=box.description, value=number(value, 'g')))
        deff = self.design_effect.value
        if deff is not None and deff <= 0:
            # The calculator checks this too, in English: here the learner reads it in the widget's language.
            raise InputError(_("The design effect is {value}; it must be above 0. Use 1 for a simple random "
                               "sample, about 1.5 to 2 for a sample in clusters.").format(value=number(deff, 'g')))
        population = self.population.value
        if population is None or population < 0:
            raise InputError(_("The number of households cannot be negative; use 0 if you do not know it."))
        plan = sample_size_proportion(self.margin.value / 100, self.confidence.value / 100,
                                      self.proportion.value / 100, self.design_effect.value,
                                      self.response_rate.value / 100, population or None)
        screen = households_to_screen(plan.completed, self.prevalence.value / 100, self.response_rate.value / 100)
        rows = [
            (_("1. Simple random sample, large population"), number(plan.base, ',.1f')),
            (_("2. Times the design effect ({design_effect})").format(design_effect=number(self.design_effect.value, 'g')),
             number(plan.after_design_effect, ',.1f')),
            (_("3. Finite population correction") if population
             else _("3. No finite population correction (size unknown)"), number(plan.after_population, ',.1f')),
            (_("4. Completed interviews needed (rounded up)"), number(plan.completed, ',')),
            (_("5. Households to contact at {rate} % response").format(rate=number(self.response_rate.value, 'g')),
             number(plan.to_contact, ',')),
            (_("To interview {completed} households of a group that is {prevalence} % of all, screen").format(
                completed=number(plan.completed, ','), prevalence=number(self.prevalence.value, 'g')), number(screen, ',')),
        ]
        body = "".join(f"<tr><th scope='row' style='text-align:left'>{k}</th><td style='text-align:right'>{v}</td></tr>"
                       for k, v in rows)
        caption = _("Sample size for a share, ±{margin} points at {confidence} % confidence").format(
            margin=number(self.margin.value, 'g'), confidence=number(self.confidence.value, 'g'))
        return f"<table><caption>{caption}</caption>{body}</table>"

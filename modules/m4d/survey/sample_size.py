r"""How many interviews a survey needs, for a proportion or a mean.

The arithmetic, step by step (each step is kept in :class:`SampleSizePlan` so
that a planner can see where the number comes from):

1. simple random sample, infinite population:
   $n_0 = z^2 p(1-p) / e^2$ for a proportion, $n_0 = (z\sigma/e)^2$ for a mean,
   with $z$ the normal quantile for the confidence level and $e$ the margin;
2. times the design effect (clustering makes each interview worth less);
3. finite population correction: $n = n_d / (1 + (n_d - 1)/N)$;
4. rounded up: the completed interviews needed;
5. divided by the expected response rate and rounded up: the households to
   contact.

At 95 % confidence, a margin of ±5 points and $p = 0.5$, step 1 gives 384.1,
the textbook's "384"; rounding up so that the margin is really met gives 385.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from scipy import stats

from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.i18n.numbers import number, percent
from m4d.survey import checks


@dataclass(frozen=True)
class SampleSizePlan:
    """The sample a survey needs, with every step of the calculation."""

    z: float  #: normal quantile for the confidence level
    base: float  #: n0, simple random sampling from an infinite population
    after_design_effect: float  #: n0 times the design effect
    after_population: float  #: after the finite population correction
    completed: int  #: completed interviews needed (rounded up)
    to_contact: int  #: households to contact, given the expected response rate (never more than the population)
    note: str = ""  #: what to do when the population is too small for the plan

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def z_value(confidence: float) -> float:
    """The two-sided normal quantile for a confidence level (1.96 for 0.95)."""
    level = checks.share(confidence, N_("The confidence level"), allow_one=False,
                         hint=N_("Use for example 0.95 for 95 %."))
    return float(stats.norm.ppf(0.5 + level / 2))


def sample_size_proportion(margin: float, confidence: float = 0.95, proportion: float = 0.5,
                           design_effect: float = 1.0, response_rate: float = 1.0,
                           population: int | None = None) -> SampleSizePlan:
    """Interviews needed to estimate a share (e.g. households with someone abroad) within ±margin.

    ``margin`` and ``proportion`` are proportions (0.05 for ±5 points). Use
    ``proportion=0.5`` when you have no idea of the share: it gives the largest,
    safest sample.
    """
    e = checks.share(margin, N_("The margin of error"), allow_one=False,
                     hint=N_("A margin of 0 would need an infinite sample; use for example 0.05 for ±5 points."))
    p = checks.share(proportion, N_("The expected proportion"), allow_zero=True)
    if p in (0.0, 1.0):
        raise InputError(_("An expected proportion of 0 or 1 means nobody differs, so no sample is needed to "
                           "measure it; if you do not know the proportion, use 0.5."))
    z = z_value(confidence)
    return _plan(z, z * z * p * (1 - p) / (e * e), design_effect, response_rate, population)


def sample_size_mean(margin: float, standard_deviation: float, confidence: float = 0.95,
                     design_effect: float = 1.0, response_rate: float = 1.0,
                     population: int | None = None) -> SampleSizePlan:
    """Interviews needed to estimate a mean (e.g. monthly remittances) within ±margin, in its own units."""
    e = checks.positive(margin, N_("The margin of error"), N_("A margin of 0 would need an infinite sample."))
    sd = checks.positive(standard_deviation, N_("The standard deviation"),
                         N_("Take it from an earlier survey or a pilot."))
    z = z_value(confidence)
    return _plan(z, (z * sd / e) ** 2, design_effect, response_rate, population)


def _plan(z: float, base: float, design_effect: float, response_rate: float,
          population: int | None) -> SampleSizePlan:
    deff = checks.positive(design_effect, N_("The design effect"), N_("Use 1 for a simple random sample, "
                              "about 1.5 to 2 for a sample in clusters."))
    rate = checks.share(response_rate, N_("The expected response rate"),
                        hint=N_("Use for example 0.8 if you expect 8 in 10 households to answer."))
    with_deff = base * deff
    if population is None:
        corrected = with_deff
    else:
        size = checks.whole(population, N_("The population size"), minimum=1)
        # The correction only ever lowers the sample (below one interview it would raise it).
        corrected = min(with_deff, with_deff / (1 + (with_deff - 1) / size))
    # A tiny tolerance keeps 385.0000000001 (floating-point noise) from becoming 386.
    completed = max(1, math.ceil(corrected - 1e-9))
    note = ""
    contact = math.ceil(completed / rate - 1e-9)
    if population is not None:
        completed = min(completed, int(population))
        contact = math.ceil(completed / rate - 1e-9)
        if contact > population:
            # Nobody can be contacted twice: contact everyone, and say what the response rate leaves.
            expected = math.floor(population * rate + 1e-9)
            contact = int(population)
            note = _("Even contacting all {population} households, a response rate of {rate} gives about "
                     "{expected} completed interviews, fewer than the {needed} needed: survey everyone and work to "
                     "raise the response rate, or accept a wider margin of error.").format(
                population=number(population, ","), rate=percent(rate), expected=number(expected, ","),
                needed=number(completed, ","))
    return SampleSizePlan(z=z, base=base, after_design_effect=with_deff, after_population=corrected,
                          completed=completed, to_contact=contact, note=note)


def achieved_margin(completed: int, confidence: float = 0.95, proportion: float = 0.5,
                    design_effect: float = 1.0, population: int | None = None) -> float:
    """The margin of error (as a proportion) that a number of completed interviews gives."""
    n = checks.whole(completed, N_("The number of completed interviews"), minimum=1)
    p = checks.share(proportion, N_("The expected proportion"), allow_zero=True)
    deff = checks.positive(design_effect, N_("The design effect"))
    fpc = 1.0
    if population is not None:
        size = checks.whole(population, N_("The population size"), minimum=1)
        if n > size:
            raise InputError(_("{n} interviews is more than the population of {size}.").format(
                n=number(n, "d"), size=number(size, "d")))
        fpc = (size - n) / (size - 1) if size > 1 else 0.0
    return z_value(confidence) * math.sqrt(deff * p * (1 - p) / n * fpc)

"""How many households to visit to find enough rare households.

Households with a member abroad, or headed by a returned migrant, are a
minority: to interview ``target`` of them a team has to knock on many more
doors and screen each household with a short question first. On average it
takes ``target / (response rate x prevalence)`` screenings; asking for an
``assurance`` (say 0.9) gives the number that reaches the target in 9 surveys
out of 10, from the binomial distribution.
"""
from __future__ import annotations

import math

from scipy import stats

from m4d.i18n import N_
from m4d.survey import checks


def households_to_screen(target: int, prevalence: float, response_rate: float = 1.0,
                         assurance: float | None = None) -> int:
    """Households to screen to reach ``target`` eligible, responding households.

    ``prevalence`` is the expected share of eligible households (0.2 if one in
    five has a member abroad); ``response_rate`` the share that agree to answer.
    Without ``assurance`` the number is the expected one; with it, the smallest
    number whose chance of reaching the target is at least ``assurance``.
    """
    goal = checks.whole(target, N_("The target number of households"), minimum=1)
    p = checks.share(prevalence, N_("The expected prevalence"),
                     hint=N_("Use for example 0.2 if one household in five is eligible."))
    rate = checks.share(response_rate, N_("The expected response rate"))
    success = p * rate
    expected = math.ceil(goal / success - 1e-9)
    if assurance is None:
        return expected
    level = checks.share(assurance, N_("The assurance"), allow_one=False, hint=N_("Use for example 0.9."))
    # The binomial survival function rises with the number screened: search upwards
    # from the expected number (the answer is never below it when assurance >= 0.5).
    low = goal if level < 0.5 else expected
    high = max(expected * 2, low + 10)
    while stats.binom.sf(goal - 1, high, success) < level:
        high *= 2
    while low < high:
        mid = (low + high) // 2
        if stats.binom.sf(goal - 1, mid, success) >= level:
            high = mid
        else:
            low = mid + 1
    return int(low)

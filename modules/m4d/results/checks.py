"""The checks a results framework must pass before a partnership can monitor with it.

1. **chain**: every output leads to an outcome and every outcome to an impact
   (a result left hanging is not part of the partnership's logic);
2. **outcome_indicators**: every outcome has at least one indicator;
3. **baselines_targets**: every indicator has a baseline and a target, each with its year;
4. **targets_reachable**: each target can be reached from its baseline in the
   time given: the target year comes after the baseline year and within the
   initiative, a percentage stays between 0 and 100, and the change asked for
   each year is no faster than the indicator's ``max_change_per_year`` or,
   for percentages without one, the course default of
   :attr:`CheckSettings.max_points_per_year` points a year;
5. **disaggregation_feasible**: each breakdown can be produced by the
   indicator's source: the source records it and, for a survey, every group
   can be expected to give the interviews its own estimate needs
   (:mod:`m4d.results.collection`).

Each check returns a :class:`CheckResult` with a plain message per problem,
naming the result or indicator and saying how to fix it. The thresholds are
course defaults, not rules from the JMDI guidelines, which ask for a
monitoring and evaluation system with indicators (pp. 44 and 57) but set no
figures.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.i18n.numbers import number, percent, word_list
from m4d.results.collection import DataCollectionPlan, interviews_needed_per_group, minimum_interviews
from m4d.results.model import DISAGGREGATIONS, LEVELS, NEXT_LEVEL, PERCENT_UNITS, ResultsFramework

CHECKS: dict[str, str] = {
    "chain": N_("Results chain complete"),
    "outcome_indicators": N_("Every outcome has an indicator"),
    "baselines_targets": N_("Every indicator has a baseline and a target"),
    "targets_reachable": N_("Targets reachable in the time given"),
    "disaggregation_feasible": N_("Breakdowns feasible with the data collection plan"),
}


@dataclass(frozen=True)
class CheckSettings:
    """Course defaults for the checks.

    - ``max_points_per_year`` (default 10): the fastest plausible change of an
      indicator in percent, in percentage points a year, when the indicator does
      not give its own ``max_change_per_year``.
    """

    max_points_per_year: float = 10.0

    def __post_init__(self) -> None:
        value = self.max_points_per_year
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise InputError(_("max_points_per_year must be a number above 0, not {value}.").format(value=repr(value)))


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: passed or not, and one message per problem (or one summary if it passed)."""

    check: str
    title: str
    passed: bool
    messages: tuple[str, ...]
    problems: tuple[str, ...] = field(default=())  #: ids of the results or indicators at fault


@dataclass(frozen=True)
class FrameworkCheck:
    """Every check of a framework, in the order of :data:`CHECKS`."""

    results: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    def __getitem__(self, check: str) -> CheckResult:
        for r in self.results:
            if r.check == check:
                return r
        raise KeyError(check)

    def as_dict(self) -> dict[str, bool]:
        """``{check: passed}``, plain data (what an autograded test compares)."""
        return {r.check: bool(r.passed) for r in self.results}

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"check": r.title, "passed": r.passed, "what to do": " ".join(r.messages)}
                             for r in self.results])

    def problems(self) -> list[str]:
        return [m for r in self.results if not r.passed for m in r.messages]


def _result(check: str, problems: list[tuple[str, str]], ok: str) -> CheckResult:
    if not problems:
        return CheckResult(check, CHECKS[check], True, (ok,))
    return CheckResult(check, CHECKS[check], False, tuple(m for _, m in problems),
                       tuple(dict.fromkeys(i for i, _ in problems)))


#: A result that leads nowhere, by its level: one whole sentence each, so that a translator can write each level's name
#: with its article and gender (the English is the level's name, its id and the level above).
_LEADS_NOWHERE = {
    "input": N_("Input {id} leads to no activity: say which activity it contributes to (column contributes_to), or "
                "remove it if it does not serve the initiative."),
    "activity": N_("Activity {id} leads to no output: say which output it contributes to (column contributes_to), or "
                   "remove it if it does not serve the initiative."),
    "output": N_("Output {id} leads to no outcome: say which outcome it contributes to (column contributes_to), or "
                 "remove it if it does not serve the initiative."),
    "outcome": N_("Outcome {id} leads to no impact: say which impact it contributes to (column contributes_to), or "
                  "remove it if it does not serve the initiative."),
}
#: What an indicator can lack (check_baselines_targets), as a reader names it.
_LACKS = {"baseline": N_("baseline"), "baseline year": N_("baseline year"), "target": N_("target"),
          "target year": N_("target year")}


def _lacks(names: list[str]) -> str:
    """The missing fields: "baseline and no target year" in English (as before), the locale's list elsewhere."""
    from m4d.i18n import language

    if language() == "en":
        return " and no ".join(names)
    return word_list([_(_LACKS[n]) for n in names])


def check_chain(framework: ResultsFramework) -> CheckResult:
    """Every output, outcome (and activity, input) leads to a result of the next level up."""
    problems = []
    results = framework.results
    has_level = set(results["level"])
    for rid, level, parent in zip(results["result_id"], results["level"], results["contributes_to"]):
        if level == "impact" or parent:
            continue
        above = NEXT_LEVEL[level]
        if level in ("input", "activity") and above not in has_level:
            continue
        problems.append((rid, _(_LEADS_NOWHERE[level]).format(id=rid)))
    if "outcome" not in has_level:
        problems.append(("", _("The framework has no outcome: add the change the initiative aims at (who will do or "
                               "have what differently), between its outputs and its impact.")))
    n = number(len(results))
    return _result("chain", problems, _("The chain links all {n} results, each to a result of the next level.").format(n=n))


def check_outcome_indicators(framework: ResultsFramework) -> CheckResult:
    """Every outcome has at least one indicator."""
    measured = set(framework.columns()["result_id"])
    outcomes = [(rid, s) for rid, level, s in framework.result_rows() if level == "outcome"]
    unmeasured = _("Outcome {id} ('{statement}') has no indicator: add at least one that shows whether the change "
                   "happened, with a baseline and a target.")
    problems = [(rid, unmeasured.format(id=rid, statement=statement))
                for rid, statement in outcomes if rid not in measured]
    return _result("outcome_indicators", problems,
                   _("All {n} outcomes have at least one indicator.").format(n=number(len(outcomes))))


def check_baselines_targets(framework: ResultsFramework) -> CheckResult:
    """Every indicator has a baseline and a target, each with its year."""
    cols = framework.columns()
    problems = []
    for iid, b, by, t, ty in zip(cols["indicator_id"], cols["baseline"], cols["baseline_year"], cols["target"],
                                 cols["target_year"]):
        missing = [name for name, absent in (("baseline", math.isnan(b)), ("baseline year", by is None),
                                             ("target", math.isnan(t)), ("target year", ty is None)) if absent]
        if not missing:
            continue
        message = _("Indicator {id} has no {missing}.").format(id=iid, missing=_lacks(missing))
        if "baseline" in missing:
            message += " " + _("Measure the baseline before the initiative starts (or at its start), or plan that "
                               "measurement as the first activity.")
        problems.append((iid, message))
    every = _("All {n} indicators have a baseline and a target, with years.")
    return _result("baselines_targets", problems, every.format(n=number(len(cols["indicator_id"]))))


def _is_percent(unit: str) -> bool:
    return unit.strip().lower() in PERCENT_UNITS


def check_targets_reachable(framework: ResultsFramework, settings: CheckSettings | None = None) -> CheckResult:
    """Targets come after baselines, within the initiative, in range, and at a plausible pace."""
    settings = settings or CheckSettings()
    problems = []
    cols = framework.columns()
    for iid, b, t, by, ty, unit, own_limit in zip(cols["indicator_id"], cols["baseline"], cols["target"],
                                                   cols["baseline_year"], cols["target_year"], cols["unit"],
                                                   cols["max_change_per_year"]):
        if math.isnan(b) or math.isnan(t) or by is None or ty is None:
            continue  # reported by check_baselines_targets
        if ty <= by:
            problems.append((iid, _("Indicator {id}: the target year {target_year} is not after the baseline year "
                                    "{baseline_year}; a change needs time. Set the target at least a year after the "
                                    "baseline.").format(id=iid, target_year=ty, baseline_year=by)))
            continue
        if ty > framework.end_year:
            problems.append((iid, _("Indicator {id}: the target year {target_year} is after the initiative ends "
                                    "({end_year}); set it within the initiative or extend the period.").format(
                                        id=iid, target_year=ty, end_year=framework.end_year)))
        if by > framework.start_year:
            problems.append((iid, _("Indicator {id}: the baseline is from {baseline_year}, after the initiative "
                                    "starts ({start_year}); a baseline must describe the situation before the "
                                    "initiative changes it.").format(id=iid, baseline_year=by,
                                                                     start_year=framework.start_year)))
        percent = _is_percent(unit)
        if percent and not (0 <= b <= 100 and 0 <= t <= 100):
            problems.append((iid, _("Indicator {id} is a percentage, but its baseline ({baseline}) or target "
                                    "({target}) is outside 0-100.").format(id=iid, baseline=number(b, "g"),
                                                                          target=number(t, "g"))))
            continue
        limit = own_limit
        if math.isnan(limit) and percent:
            limit = settings.max_points_per_year
        if not math.isnan(limit):
            pace = abs(t - b) / (ty - by)
            if pace > limit + 1e-9:
                reachable = b + math.copysign(limit * (ty - by), t - b)
                # Round towards the baseline, so that the target proposed is itself reachable.
                reachable = (math.floor if t > b else math.ceil)(round(reachable * 10, 6)) / 10
                if percent and math.isnan(own_limit):
                    too_fast = _("Indicator {id}: going from {baseline} to {target} between {baseline_year} and "
                                 "{target_year} needs {pace} points a year, more than the {limit} a year that is "
                                 "plausible. Aim for about {reachable} by {target_year}, or give the target more time.")
                else:
                    too_fast = _("Indicator {id}: going from {baseline} to {target} between {baseline_year} and "
                                 "{target_year} needs {pace} {unit} a year, more than the {limit} a year that is "
                                 "plausible. Aim for about {reachable} by {target_year}, or give the target more time.")
                problems.append((iid, too_fast.format(
                    id=iid, baseline=number(b, "g"), target=number(t, "g"), baseline_year=by, target_year=ty,
                    pace=number(pace, ".3g"), unit=unit, limit=number(limit, "g"), reachable=number(reachable, "g"))))
    return _result("targets_reachable", problems, _("Every target can be reached from its baseline in the time given."))


def check_disaggregation(framework: ResultsFramework, plan: DataCollectionPlan | None) -> CheckResult:
    """Every breakdown is recorded by the indicator's source and, for surveys, every group is large enough."""
    if plan is None:
        return CheckResult("disaggregation_feasible", CHECKS["disaggregation_feasible"], True,
                           (_("Not checked: no data collection plan was given."),))
    problems = []
    cols = framework.columns()
    sources = {sid: plan.source(sid) for sid in plan.source_ids()}
    needed_cache: dict[str, int] = {}
    shares = {v: plan.shares(v) for v in DISAGGREGATIONS}
    for iid, source_id, breakdowns in zip(cols["indicator_id"], cols["source"], cols["disaggregation"]):
        source = sources.get(source_id)
        if source is None:
            problems.append((iid, _("Indicator {id} takes its data from {source}, which is not in the data collection "
                                    "plan. Add that source to the plan, or use one of: {sources}.").format(
                                        id=iid, source=repr(source_id), sources=", ".join(sources))))
            continue
        if not breakdowns:
            continue
        unrecorded = [_(DISAGGREGATIONS[b]) for b in breakdowns if b not in source["records"]]
        if unrecorded:
            problems.append((iid, _("Indicator {id} is broken down by {breakdowns}, which {source} does not record. Add "
                                    "the question or field to the source, or drop the breakdown.").format(
                                        id=iid, breakdowns=", ".join(unrecorded), source=source["name"])))
            continue
        if source["method"] != "survey":
            continue
        if source_id not in needed_cache:
            needed_cache[source_id] = interviews_needed_per_group(source["margin"], source["confidence"],
                                                                  source["design_effect"])
        needed = needed_cache[source_id]
        interviews = int(source["interviews"])
        # Each shortfall is a whole clause of the catalogue; the clauses are listed with "; " as in English.
        short, shares_missing = [], False
        for b in breakdowns:
            if not shares[b]:
                shares_missing = True
                short.append(_("no expected group shares are given for {breakdown}").format(
                    breakdown=_(DISAGGREGATIONS[b])))
                continue
            for group, share in shares[b].items():
                expected = interviews * share
                if expected + 1e-9 < needed:
                    short.append(_("{group} ({breakdown}) gives about {n}").format(
                        group=group, breakdown=_(DISAGGREGATIONS[b]), n=number(expected, ".0f")))
        if short:
            message = _("Indicator {id}: {source} plans {interviews} interviews; each group needs {needed} for "
                        "±{margin} at {confidence} confidence (design effect {design_effect}), but {shortfalls}.")
            message = message.format(id=iid, source=source["name"], interviews=number(interviews, ","),
                                     needed=number(needed, "d"), margin=percent(source["margin"]),
                                     confidence=percent(source["confidence"]),
                                     design_effect=number(source["design_effect"], "g"), shortfalls="; ".join(short))
            if not shares_missing:
                message += " " + _("Raise the survey to at least {n} completed interviews, oversample the small "
                                   "groups, accept a wider margin, or drop the breakdown.").format(
                                       n=number(minimum_interviews(plan, source_id, breakdowns), ","))
            problems.append((iid, message))
    return _result("disaggregation_feasible", problems,
                   _("Every breakdown is recorded by its source, and every survey group is large enough."))


def check_framework(framework: ResultsFramework, plan: DataCollectionPlan | None = None,
                    settings: CheckSettings | None = None) -> FrameworkCheck:
    """Run every check of :data:`CHECKS` on a framework (and its data collection plan)."""
    if not isinstance(framework, ResultsFramework):
        raise InputError(_("check_framework needs a framework built with m4d.results.build_framework."))
    return FrameworkCheck((
        check_chain(framework),
        check_outcome_indicators(framework),
        check_baselines_targets(framework),
        check_targets_reachable(framework, settings),
        check_disaggregation(framework, plan),
    ))

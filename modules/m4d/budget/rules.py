"""The rules a real budget plan must meet, each checked with a plain message.

1. **balance**: every cost line is fully funded, and no line receives more than it costs;
2. **own_share**: the partnership's own budget pays at least a minimum share of
   the total. The JMDI guidelines (2017, p. 59) explain why aligning the local
   budget matters (it shows ownership and coherence, and avoids dependence on
   other levels of government); they give no figure, so the minimum is a
   parameter;
3. **caps**: no source gives more than its cap, nor more than its maximum share of the total;
4. **eligibility**: a source pays only for the cost categories it accepts;
5. **me_share**: monitoring and evaluation is in the budget within a sensible
   share of the total, and is fully funded;
6. **in_kind**: every in-kind contribution has a money value, and in-kind
   contributions together stay below a maximum share of the total.

The thresholds are the fields of :class:`RuleSettings`. Their defaults are the
**course's defaults for teaching**, not figures from the guidelines, which set
none: change them to what your funders and your council require.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from m4d.budget.model import CATEGORIES, BudgetPlan, allocation_matrix, build_allocation
from m4d.errors import InputError
from m4d.i18n import N_, _, ngettext
from m4d.i18n.numbers import number, percent

RULES: dict[str, str] = {
    "balance": N_("Balance (every cost line funded)"),
    "own_share": N_("Own share (ownership)"),
    "caps": N_("Funders' caps"),
    "eligibility": N_("Eligible costs"),
    "me_share": N_("Monitoring and evaluation"),
    "in_kind": N_("In-kind contributions"),
}


@dataclass(frozen=True)
class RuleSettings:
    """Thresholds of the rules (course defaults, not rules from the guidelines).

    - ``min_own_share`` (default 0.20): the least share of the total cost that
      the partnership's own budget (cash and in kind) must pay;
    - ``max_in_kind_share`` (default 0.25): the most that in-kind contributions
      may cover, since they do not pay suppliers;
    - ``min_me_share`` and ``max_me_share`` (defaults 0.05 and 0.10): the
      range for monitoring and evaluation costs as a share of the total;
    - ``tolerance`` (default one part per million of the total cost, and never
      less than 0.01): rounding that a check forgives.
    """

    min_own_share: float = 0.20
    max_in_kind_share: float = 0.25
    min_me_share: float = 0.05
    max_me_share: float = 0.10
    tolerance: float = 1e-6

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
                # The setting's name is the keyword a reader passes to RuleSettings: it stays as written.
                raise InputError(_("Rule setting {setting} must be a number, not {value}.").format(
                    setting=f.name, value=repr(value)))
            if not 0 <= value <= 1:
                raise InputError(_("Rule setting {setting} is a share between 0 and 1 (20 % is 0.2); {value} is outside "
                                   "that range.").format(setting=f.name, value=number(value, "g")))
        if self.min_me_share > self.max_me_share:
            raise InputError(_("The minimum share for monitoring and evaluation ({minimum}) is above the maximum "
                               "({maximum}); make the minimum the smaller one.").format(
                minimum=percent(self.min_me_share), maximum=percent(self.max_me_share)))

    def slack(self, total_cost: float) -> float:
        """The amount a check forgives, in the plan's currency."""
        return max(0.01, self.tolerance * total_cost)


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one rule: did the plan pass, what to tell the user, and by how much it fails."""

    rule: str
    title: str
    passed: bool
    message: str
    shortfall: float = 0.0


def _list(items: list[str], limit: int = 4) -> str:
    shown = items[:limit]
    more = len(items) - len(shown)
    if more > 0:
        return _("{items}; and {more} more").format(items="; ".join(shown), more=more)
    return "; ".join(shown)


def _category(code: str) -> str:
    """A cost category's label, lower case, in the reader's language."""
    return _(CATEGORIES[code]).lower()


def check_balance(plan: BudgetPlan, matrix: np.ndarray, settings: RuleSettings) -> RuleResult:
    """Every cost line is funded to exactly its cost."""
    amounts = plan.lines["amount"].to_numpy(dtype=float)
    funded = matrix.sum(axis=1)
    gap = amounts - funded
    tol = settings.slack(plan.total_cost)
    short = np.nonzero(gap > tol)[0]
    over = np.nonzero(gap < -tol)[0]
    ids, cats, years = plan.lines["line_id"].to_numpy(), plan.lines["category"].to_numpy(), plan.lines["year"].to_numpy()
    if len(short) == 0 and len(over) == 0:
        return RuleResult("balance", RULES["balance"], True,
                          _("The plan balances: all {n} cost lines ({amount}) are fully funded.").format(
                              n=len(amounts), amount=plan.money(amounts.sum())))
    parts = []
    if len(short):
        detail = [_("{line} ({category}, {year}) is {amount} short").format(
            line=ids[i], category=_category(cats[i]), year=years[i], amount=plan.money(gap[i])) for i in short]
        parts.append(ngettext("{n} cost line(s) lack {amount} in total: {details}. Find more funding for them or "
                              "reduce their cost.",
                              "{n} cost line(s) lack {amount} in total: {details}. Find more funding for them or "
                              "reduce their cost.", len(short)).format(
            n=len(short), amount=plan.money(gap[short].sum()), details=_list(detail)))
    if len(over):
        detail = [_("{line} receives {amount} more than it costs").format(line=ids[i], amount=plan.money(-gap[i]))
                  for i in over]
        parts.append(ngettext("{n} cost line(s) are over-funded: {details}. Reduce what the sources give to them.",
                              "{n} cost line(s) are over-funded: {details}. Reduce what the sources give to them.",
                              len(over)).format(n=len(over), details=_list(detail)))
    return RuleResult("balance", RULES["balance"], False, " ".join([_("The plan does not balance."), *parts]),
                      float(np.abs(gap[short]).sum() + np.abs(gap[over]).sum()))


def check_own_share(plan: BudgetPlan, matrix: np.ndarray, settings: RuleSettings) -> RuleResult:
    """The own budget pays at least ``min_own_share`` of the total cost."""
    total = plan.total_cost
    own = float(matrix[:, plan.own_sources()].sum())
    needed = settings.min_own_share * total
    share = own / total if total else 0.0
    text = _("The own contribution is {own}, {share} of the total cost of {total}; the minimum is {minimum} "
             "({needed}).").format(own=plan.money(own), share=percent(share, 1), total=plan.money(total),
                                   minimum=percent(settings.min_own_share), needed=plan.money(needed))
    if own + settings.slack(total) >= needed:
        return RuleResult("own_share", RULES["own_share"], True, text)
    return RuleResult("own_share", RULES["own_share"], False,
                      text + " " + _("Add {amount} from the own budget (cash or valued staff time) in place of "
                                     "other sources.").format(amount=plan.money(needed - own)), needed - own)


def check_caps(plan: BudgetPlan, matrix: np.ndarray, settings: RuleSettings) -> RuleResult:
    """No source gives more than its cap or its maximum share of the total."""
    given = matrix.sum(axis=0)
    caps = plan.sources["cap"].to_numpy(dtype=float)
    shares = plan.sources["max_share"].to_numpy(dtype=float)
    total = plan.total_cost
    tol = settings.slack(total)
    problems, excess = [], 0.0
    for j, name in enumerate(plan.sources["name"]):
        if given[j] > caps[j] + tol:
            problems.append(_("{source} gives {amount}, above its cap of {cap}").format(
                source=name, amount=plan.money(given[j]), cap=plan.money(caps[j])))
            excess += given[j] - caps[j]
        elif given[j] > shares[j] * total + tol:
            problems.append(_("{source} pays {share} of the total, above its maximum share of {maximum}").format(
                source=name, share=percent(given[j] / total, 1), maximum=percent(shares[j])))
            excess += given[j] - shares[j] * total
    if not problems:
        return RuleResult("caps", RULES["caps"], True, _("Every source stays within its cap and its maximum share."))
    return RuleResult("caps", RULES["caps"], False,
                      _("{problems}. Move the excess to other sources.").format(problems=_list(problems)), excess)


def check_eligibility(plan: BudgetPlan, matrix: np.ndarray, settings: RuleSettings) -> RuleResult:
    """A source pays only for the cost categories it accepts."""
    tol = settings.slack(plan.total_cost)
    wrong = (matrix > tol) & ~plan.eligibility
    if not wrong.any():
        return RuleResult("eligibility", RULES["eligibility"], True, _("Every source pays only for costs it accepts."))
    problems = []
    for j in np.nonzero(wrong.any(axis=0))[0]:
        rows = np.nonzero(wrong[:, j])[0]
        cats = sorted({_category(c) for c in plan.lines["category"].to_numpy()[rows]})
        name = plan.sources["name"].iloc[j]
        accepted = ", ".join(_category(c) for c in plan.sources["eligible_categories"].iloc[j])
        problems.append(_("{source} pays {amount} for {categories}, which it does not fund (it funds "
                          "{accepted})").format(source=name, amount=plan.money(matrix[rows, j].sum()),
                                                categories=", ".join(cats), accepted=accepted))
    return RuleResult("eligibility", RULES["eligibility"], False,
                      _("{problems}. Give those costs to a source that accepts them.").format(problems=_list(problems)),
                      float(matrix[wrong].sum()))


def check_me_share(plan: BudgetPlan, matrix: np.ndarray, settings: RuleSettings) -> RuleResult:
    """Monitoring and evaluation costs lie within the sensible range and are fully funded."""
    total = plan.total_cost
    is_me = (plan.lines["category"] == "monitoring_evaluation").to_numpy()
    cost = float(plan.lines["amount"].to_numpy(dtype=float)[is_me].sum())
    funded = float(matrix[is_me].sum())
    share = cost / total if total else 0.0
    low, high = settings.min_me_share * total, settings.max_me_share * total
    tol = settings.slack(total)
    text = _("Monitoring and evaluation costs {amount}, {share} of the total (course default range "
             "{low}-{high}).").format(amount=plan.money(cost), share=percent(share, 1), low=percent(settings.min_me_share),
                                      high=percent(settings.max_me_share))
    if cost + tol < low:
        return RuleResult("me_share", RULES["me_share"], False,
                          text + " " + _("Plan at least {amount} more for it: without indicators, a baseline and an "
                                         "evaluation nobody can show results.").format(amount=plan.money(low - cost)),
                          low - cost)
    if cost > high + tol:
        return RuleResult("me_share", RULES["me_share"], False,
                          text + " " + _("That is more than the initiative's activities can justify; trim it by "
                                         "{amount} or check its lines.").format(amount=plan.money(cost - high)),
                          cost - high)
    if funded + tol < cost:
        return RuleResult("me_share", RULES["me_share"], False,
                          text + " " + _("But only {amount} of it is funded; fund the rest.").format(
                              amount=plan.money(funded)), cost - funded)
    return RuleResult("me_share", RULES["me_share"], True, text + " " + _("It is fully funded."))


def check_in_kind(plan: BudgetPlan, matrix: np.ndarray, settings: RuleSettings) -> RuleResult:
    """Every in-kind contribution has a value, and in kind stays below its maximum share."""
    in_kind = plan.in_kind_sources()
    total = plan.total_cost
    unvalued = [name for name, kind_in, cap in zip(plan.sources["name"], in_kind, plan.sources["cap"]) if kind_in and cap <= 0]
    given = float(matrix[:, in_kind].sum())
    limit = settings.max_in_kind_share * total
    text = _("In-kind contributions cover {amount}, {share} of the total; the maximum is {maximum} "
             "({limit}).").format(amount=plan.money(given), share=percent(given / total if total else 0, 1),
                                  maximum=percent(settings.max_in_kind_share), limit=plan.money(limit))
    if unvalued:
        return RuleResult("in_kind", RULES["in_kind"], False,
                          _("{sources} contribute(s) in kind with no value. Value the time, rooms or goods at what "
                            "they would cost to buy, and enter that as the cap.").format(sources=_list(unvalued))
                          + " " + text, 0.0)
    if given > limit + settings.slack(total):
        return RuleResult("in_kind", RULES["in_kind"], False,
                          text + " " + _("Replace {amount} of in-kind contributions with cash.").format(
                              amount=plan.money(given - limit)), given - limit)
    return RuleResult("in_kind", RULES["in_kind"], True, text)


CHECKS = {
    "balance": check_balance,
    "own_share": check_own_share,
    "caps": check_caps,
    "eligibility": check_eligibility,
    "me_share": check_me_share,
    "in_kind": check_in_kind,
}


def check_plan(plan: BudgetPlan, allocation, settings: RuleSettings | None = None) -> list[RuleResult]:
    """Check an allocation of a plan against every rule, in the order of :data:`RULES`."""
    settings = settings or RuleSettings()
    if not isinstance(allocation, np.ndarray):
        allocation = allocation_matrix(plan, build_allocation(plan, allocation))
    return [check(plan, allocation, settings) for check in CHECKS.values()]


def rules_table(results: list[RuleResult]) -> pd.DataFrame:
    """The rule results as a table: rule, passed, message."""
    return pd.DataFrame([{"rule": r.title, "passed": r.passed, "message": r.message} for r in results])


def all_passed(results: list[RuleResult]) -> bool:
    return all(r.passed for r in results)

"""Who pays for what: an allocation of funding sources to cost lines that meets every rule.

:func:`allocate` sets the question up as a linear programme and solves it with
HiGHS (through :func:`scipy.optimize.linprog`). The unknowns are the amounts
``x[l, s]`` that source ``s`` pays towards cost line ``l``, one for every pair
that the source's eligible categories allow. The rules of
:mod:`m4d.budget.rules` become linear constraints:

- balance: for every line, the amounts paid towards it add up to its cost;
- caps: what a source gives is at most its cap and at most its maximum share of the total;
- own share: the own-budget sources together give at least the minimum share;
- in kind: the in-kind sources together give at most the maximum share;
- eligibility: a source has no unknown for a cost it does not fund.

Among all allocations that meet the rules, two aims are offered:
``"min_largest_funder"`` makes the largest *external* funder (any source that
is not the partners' own budget) as small as possible, so the initiative does
not stand or fall with one donor; ``"max_own_share"`` makes the own
contribution as large as possible, which shows ownership.

Every rule looks at cost lines only through their category (eligibility) or
through totals (caps, shares), so lines of one category are interchangeable:
the programme is solved for category totals, ``y[c, s]``, and each line of
category ``c`` then receives from source ``s`` the share ``y[c, s] / cost(c)``
of its own cost. This is exact (any allocation that meets the rules has
category totals that meet them, and the other way round) and keeps the
problem at most 8 x (number of sources) unknowns however many lines a plan has.

When no allocation exists, the solver proves it, and :func:`allocate` says
which rule binds: it solves the problem again with one rule at a time made
*elastic* (allowed to be broken, at a cost equal to the amount by which it is
broken) and reports the least violation each rule would need. The smallest
total violation with every rule elastic is the certificate that the plan is
infeasible: it is positive only when no allocation meets every rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

from m4d.budget.model import BudgetPlan, allocation_from_matrix
from m4d.budget.rules import RULES, RuleSettings, check_in_kind, check_me_share, check_plan
from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.i18n.numbers import percent

OBJECTIVES: dict[str, str] = {
    "min_largest_funder": N_("Minimise dependence on the largest external funder"),
    "max_own_share": N_("Maximise the own contribution"),
}
# Rules that an allocation can break, and so that can be made elastic.
ELASTIC_RULES = ("balance", "caps", "own_share", "eligibility", "in_kind")
# The scale of the problem handed to the solver: the total cost becomes this
# many units, which keeps HiGHS's absolute tolerances meaningful for any currency.
_SCALE_UNITS = 1000.0


@dataclass
class AllocationResult:
    """What :func:`allocate` found.

    ``feasible`` says whether an allocation meets every rule; if so
    ``allocation`` holds it (rows of line_id, source_id, amount). If not,
    ``binding`` lists the rules that block it, ``relaxations`` gives for each
    rule the least amount by which relaxing that rule *alone* would make the
    plan feasible (rules absent from it cannot do it alone), and
    ``minimum_violation`` is the least total violation of all rules together
    (the infeasibility certificate). ``unfunded`` is filled by scenarios that
    fund as much as they can: the amount each line still lacks.
    """

    feasible: bool
    objective: str
    message: str
    allocation: pd.DataFrame | None = None
    binding: list[str] = field(default_factory=list)
    relaxations: dict[str, float] = field(default_factory=dict)
    minimum_violation: float = 0.0
    unfunded: pd.Series | None = None


@dataclass
class _Solution:
    ok: bool
    matrix: np.ndarray | None = None
    slack: dict[str, float] = field(default_factory=dict)
    unfunded: np.ndarray | None = None


class _Programme:
    """The linear programme of a plan, with some rules made elastic."""

    def __init__(self, plan: BudgetPlan, settings: RuleSettings, elastic: frozenset[str], caps: np.ndarray | None = None):
        self.plan, self.settings, self.elastic = plan, settings, elastic
        # Group the cost lines by category: the programme's "rows" are categories, not lines.
        categories, self.group_of_line = np.unique(plan.lines["category"].to_numpy(dtype=object), return_inverse=True)
        line_amounts = plan.lines["amount"].to_numpy(dtype=float)
        group_amounts = np.bincount(self.group_of_line, weights=line_amounts, minlength=len(categories))
        self.line_fraction = np.divide(line_amounts, group_amounts[self.group_of_line],
                                       out=np.zeros_like(line_amounts), where=group_amounts[self.group_of_line] > 0)
        first_line = np.array([np.argmax(self.group_of_line == g) for g in range(len(categories))], dtype=int)
        group_eligibility = plan.eligibility[first_line]
        n, m = len(categories), len(plan.sources)
        self.n, self.m = n, m
        total = plan.total_cost
        self.unit = total / _SCALE_UNITS
        mask = group_eligibility if "eligibility" not in elastic else np.ones((n, m), dtype=bool)
        self.rows, self.cols = np.nonzero(mask)
        self.ineligible = ~group_eligibility[self.rows, self.cols]
        k = len(self.rows)
        self.k = k
        amounts = group_amounts / self.unit
        effective = plan.effective_caps() if caps is None else np.minimum(caps, plan.sources["max_share"].to_numpy(dtype=float) * total)
        caps_units = effective / self.unit
        own = plan.own_sources()
        in_kind = plan.in_kind_sources()

        # Variable layout: pair amounts | unfunded per category | cap excess per source | own shortfall | in-kind excess | z
        self.off_u = k
        self.off_o = k + n
        self.off_own = k + n + m
        self.off_ik = self.off_own + 1
        self.off_z = self.off_ik + 1
        self.nvar = self.off_z + 1
        ones_k = np.ones(k)

        self.a_eq = sparse.csr_matrix(
            (np.concatenate([ones_k, np.ones(n)]),
             (np.concatenate([self.rows, np.arange(n)]), np.concatenate([np.arange(k), self.off_u + np.arange(n)]))),
            shape=(n, self.nvar))
        self.b_eq = amounts

        own_pairs = np.nonzero(own[self.cols])[0]
        ik_pairs = np.nonzero(in_kind[self.cols])[0]
        ub_rows = [self.cols, np.arange(m), np.full(len(own_pairs), m), [m], np.full(len(ik_pairs), m + 1), [m + 1]]
        ub_cols = [np.arange(k), self.off_o + np.arange(m), own_pairs, [self.off_own], ik_pairs, [self.off_ik]]
        ub_vals = [ones_k, -np.ones(m), -np.ones(len(own_pairs)), [-1.0], np.ones(len(ik_pairs)), [-1.0]]
        self.a_ub_rules = sparse.csr_matrix(
            (np.concatenate(ub_vals), (np.concatenate(ub_rows), np.concatenate(ub_cols))), shape=(m + 2, self.nvar))
        self.b_ub_rules = np.concatenate([caps_units, [-settings.min_own_share * _SCALE_UNITS],
                                          [settings.max_in_kind_share * _SCALE_UNITS]])

        upper = np.full(self.nvar, np.inf)
        for rule, sl in (("balance", slice(self.off_u, self.off_o)), ("caps", slice(self.off_o, self.off_own)),
                         ("own_share", slice(self.off_own, self.off_ik)), ("in_kind", slice(self.off_ik, self.off_z))):
            if rule not in elastic:
                upper[sl] = 0.0
        self.bounds = np.column_stack([np.zeros(self.nvar), upper])
        self.external = ~own

    def violation_costs(self) -> np.ndarray:
        """Objective that counts every unit by which an elastic rule is broken."""
        c = np.zeros(self.nvar)
        c[self.off_u:self.off_z] = 1.0
        c[: self.k][self.ineligible] = 1.0
        return c

    def solve(self, objective: str | None, max_violation: float | None = None) -> _Solution:
        a_ub, b_ub = self.a_ub_rules, self.b_ub_rules
        extra_rows, extra_b = [], []
        if objective is None:
            c = self.violation_costs()
        elif objective == "min_largest_funder":
            c = np.zeros(self.nvar)
            c[self.off_z] = 1.0
            ext = np.nonzero(self.external)[0]
            if len(ext):
                pair = np.isin(self.cols, ext)
                pos = {j: r for r, j in enumerate(ext)}
                rows = np.array([pos[j] for j in self.cols[pair]], dtype=int)
                block = sparse.csr_matrix(
                    (np.concatenate([np.ones(pair.sum()), -np.ones(len(ext))]),
                     (np.concatenate([rows, np.arange(len(ext))]),
                      np.concatenate([np.nonzero(pair)[0], np.full(len(ext), self.off_z)]))),
                    shape=(len(ext), self.nvar))
                extra_rows.append(block)
                extra_b.append(np.zeros(len(ext)))
        elif objective == "max_own_share":
            c = np.zeros(self.nvar)
            c[: self.k][self.plan.own_sources()[self.cols]] = -1.0
        else:
            raise InputError(_("Unknown objective {objective}. Choose one of: {objectives}.").format(
                objective=repr(objective), objectives=", ".join(OBJECTIVES)))
        if max_violation is not None:
            extra_rows.append(sparse.csr_matrix(self.violation_costs()))
            extra_b.append(np.array([max_violation]))
        if extra_rows:
            a_ub = sparse.vstack([a_ub, *extra_rows], format="csr")
            b_ub = np.concatenate([b_ub, *extra_b])
        result = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=self.a_eq, b_eq=self.b_eq, bounds=self.bounds, method="highs")
        if result.status == 2:
            return _Solution(False)
        if result.status != 0:
            # Translators: {reason} is the solver's own message (in English).
            raise InputError(_("The solver stopped without an answer ({reason}). Check the plan for extreme "
                               "amounts.").format(reason=result.message))
        x = result.x
        by_category = np.zeros((self.n, self.m))
        np.add.at(by_category, (self.rows, self.cols), np.clip(x[: self.k], 0, None) * self.unit)
        # Each line of a category takes its own share of the category's funding.
        matrix = by_category[self.group_of_line] * self.line_fraction[:, None]
        unfunded = np.clip(x[self.off_u:self.off_o], 0, None) * self.unit
        slack = {
            "balance": float(x[self.off_u:self.off_o].sum() * self.unit),
            "caps": float(x[self.off_o:self.off_own].sum() * self.unit),
            "own_share": float(x[self.off_own] * self.unit),
            "in_kind": float(x[self.off_ik] * self.unit),
            "eligibility": float(x[: self.k][self.ineligible].sum() * self.unit),
        }
        return _Solution(True, matrix, slack, unfunded[self.group_of_line] * self.line_fraction)


def _tidy(plan: BudgetPlan, matrix: np.ndarray, unfunded: np.ndarray | None = None) -> np.ndarray:
    """Remove the solver's rounding dust so that each funded line adds up to its cost exactly."""
    total = plan.total_cost
    matrix = np.where(matrix > 1e-9 * max(total, 1.0), matrix, 0.0)
    target = plan.lines["amount"].to_numpy(dtype=float)
    if unfunded is not None:
        target = np.clip(target - unfunded, 0, None)
    funded = matrix.sum(axis=1)
    ratio = np.divide(target, funded, out=np.ones_like(funded), where=funded > 0)
    return matrix * ratio[:, None]


def _static_blockers(plan: BudgetPlan, settings: RuleSettings) -> list[tuple[str, str]]:
    """Rules that no allocation can satisfy, because they depend on the costs or values themselves."""
    blockers = []
    funded_all = np.zeros((len(plan.lines), len(plan.sources)))
    # Pretend every line is funded: the M&E check then looks only at the share of M&E costs.
    funded_all[:, 0] = plan.lines["amount"].to_numpy(dtype=float)
    me = check_me_share(plan, funded_all, settings)
    if not me.passed:
        blockers.append(("me_share", me.message))
    in_kind = check_in_kind(plan, np.zeros_like(funded_all), settings)
    if not in_kind.passed:
        blockers.append(("in_kind", in_kind.message))
    return blockers


def _explain(plan: BudgetPlan, relaxations: dict[str, float], binding: list[str], minimum: float) -> str:
    words = {
        "balance": _("leave {amt} of costs unfunded (or cut costs by that much)"),
        "caps": _("let the sources give {amt} more than their caps or shares allow (or find a new funder)"),
        "own_share": _("lower the own contribution by {amt} below the minimum share (or raise the own budget's cap)"),
        "eligibility": _("let funders pay {amt} of costs they do not accept (or ask them to widen their eligible "
                         "costs)"),
        "in_kind": _("accept {amt} more in kind than the maximum share (or turn in-kind offers into cash)"),
    }
    text = _("No allocation meets every rule: even at best, the rules are broken by {amount} in total. Binding: "
             "{rules}.").format(amount=plan.money(minimum), rules=", ".join(_(RULES[r]).lower() for r in binding))
    if relaxations:
        options = [words[r].format(amt=plan.money(v)) for r, v in sorted(relaxations.items(), key=lambda kv: kv[1])]
        text += " " + _("Relaxing one rule alone would work if you: {options}.").format(
            options=_("; or ").join(options))
    else:
        text += " " + _("No single rule can be relaxed to fix it; several must change together.")
    return text


def allocate(plan: BudgetPlan, settings: RuleSettings | None = None, objective: str = "min_largest_funder",
             *, caps: np.ndarray | None = None) -> AllocationResult:
    """Find an allocation that meets every rule, or prove there is none and say which rule binds.

    ``caps`` replaces the sources' caps (same order as ``plan.sources``); the
    scenarios use it to model a funder that withdraws or cuts its share.
    """
    settings = settings or RuleSettings()
    if objective not in OBJECTIVES:
        raise InputError(_("Unknown objective {objective}. Choose one of: {objectives}.").format(
            objective=repr(objective), objectives=", ".join(OBJECTIVES)))
    if caps is not None:
        caps = np.asarray(caps, dtype=float)
        if caps.shape != (len(plan.sources),) or (caps < 0).any() or not np.isfinite(caps).all():
            raise InputError(_("caps must give one amount of 0 or more for each funding source, in the plan's "
                               "order."))
    if plan.total_cost <= 0:
        empty = allocation_from_matrix(plan, np.zeros((len(plan.lines), len(plan.sources))))
        return AllocationResult(True, objective, _("The plan costs nothing, so there is nothing to allocate."), empty)

    blockers = _static_blockers(plan, settings)
    if blockers:
        rules = [r for r, _msg in blockers]
        return AllocationResult(False, objective,
                                _("No allocation can fix this, because it depends on the plan itself:") + " "
                                + " ".join(msg for _r, msg in blockers), binding=rules)

    solution = _Programme(plan, settings, frozenset(), caps).solve(objective)
    if solution.ok:
        matrix = _tidy(plan, solution.matrix)
        allocation = allocation_from_matrix(plan, matrix)
        external = matrix[:, ~plan.own_sources()].sum(axis=0)
        own = matrix[:, plan.own_sources()].sum()
        largest = ""
        if len(external) and external.max() > 0:
            j = np.nonzero(~plan.own_sources())[0][int(external.argmax())]
            largest = " " + _("The largest external funder, {source}, pays {amount} ({share}).").format(
                source=plan.sources["name"].iloc[j], amount=plan.money(external.max()),
                share=percent(external.max() / plan.total_cost, 1))
        message = _("Found an allocation that meets every rule ({aim}). Own contribution: {own} ({share}).").format(
            aim=_(OBJECTIVES[objective]).lower(), own=plan.money(own), share=percent(own / plan.total_cost, 1)) + largest
        return AllocationResult(True, objective, message, allocation)
    return diagnose(plan, settings, objective, caps=caps)


def diagnose(plan: BudgetPlan, settings: RuleSettings, objective: str = "min_largest_funder",
             *, caps: np.ndarray | None = None) -> AllocationResult:
    """Explain why no allocation meets every rule: which rules bind and by how much."""
    tol = settings.slack(plan.total_cost)
    relaxations = {}
    for rule in ELASTIC_RULES:
        solution = _Programme(plan, settings, frozenset({rule}), caps).solve(None)
        if solution.ok:
            relaxations[rule] = round(solution.slack[rule], 2)
    everything = _Programme(plan, settings, frozenset(ELASTIC_RULES), caps).solve(None)
    minimum = round(sum(everything.slack.values()), 2) if everything.ok else float("inf")
    if minimum <= tol:
        # The hard problem was reported infeasible, but the elastic one needs no violation:
        # a numerical edge case. Trust the elastic solution only if it passes every check.
        matrix = _tidy(plan, everything.matrix)
        if all(r.passed for r in check_plan(plan, matrix, settings)):
            return AllocationResult(True, objective, "Found an allocation that meets every rule.",
                                    allocation_from_matrix(plan, matrix))
    binding = sorted(relaxations, key=relaxations.get) if relaxations else [
        r for r, v in everything.slack.items() if v > tol]
    return AllocationResult(False, objective, _explain(plan, relaxations, binding, minimum),
                            binding=binding, relaxations=relaxations, minimum_violation=minimum)


def fund_as_much_as_possible(plan: BudgetPlan, settings: RuleSettings | None = None,
                             objective: str = "min_largest_funder", *, caps: np.ndarray | None = None) -> AllocationResult:
    """Fund as much of the plan as the other rules allow, and say what stays unfunded.

    First the least possible unfunded amount is found; then, among the
    allocations that leave no more unfunded than that, the objective chooses.
    """
    settings = settings or RuleSettings()
    full = allocate(plan, settings, objective, caps=caps)
    if full.feasible:
        full.unfunded = pd.Series(0.0, index=plan.lines["line_id"], name="unfunded")
        return full
    if full.allocation is None and set(full.binding) & {"me_share", "in_kind"} and not full.relaxations:
        # The plan itself breaks a rule (monitoring share, in-kind values): no money fixes that,
        # so say which rule it is instead of reporting an unfunded amount.
        return full
    programme = _Programme(plan, settings, frozenset({"balance"}), caps)
    first = programme.solve(None)
    if not first.ok:
        return full
    gap = first.slack["balance"]
    second = programme.solve(objective, max_violation=gap / programme.unit * (1 + 1e-9) + 1e-9)
    chosen = second if second.ok else first
    matrix = _tidy(plan, chosen.matrix, chosen.unfunded)
    unfunded = plan.lines["amount"].to_numpy(dtype=float) - matrix.sum(axis=1)
    unfunded = np.where(unfunded > settings.slack(plan.total_cost) / max(len(unfunded), 1), unfunded, 0.0)
    if unfunded.sum() <= settings.slack(plan.total_cost):
        return full  # nothing is short of money: the reason it cannot be funded is in full.message
    result = AllocationResult(
        False, objective,
        _("Only part of the plan can be funded within the rules: {amount} stays unfunded.").format(
            amount=plan.money(unfunded.sum())),
        allocation_from_matrix(plan, matrix), binding=["balance"], relaxations={"balance": float(unfunded.sum())},
        minimum_violation=float(unfunded.sum()),
        unfunded=pd.Series(unfunded, index=plan.lines["line_id"], name="unfunded"))
    return result

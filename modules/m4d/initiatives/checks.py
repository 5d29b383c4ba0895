"""Check a plan for what is missing or inconsistent, and say exactly what to fix.

:func:`check_plan` runs every rule of :data:`RULES` on a plan and returns a list
of :class:`Finding`. A finding is an **error** when the plan cannot be carried
out or funded as written (a planning step of p. 57 is missing, an action
produces nothing, a result cannot be measured, an activity falls outside the
timeline, an item names something the plan does not have) and a **warning**
when it is a likely weakness worth a second look (an objective that answers no
finding of the diagnosis, a risk with no mitigation, no migrant or diaspora
association among the stakeholders).

:func:`check_plan` accepts the plan in any of its forms (an
:class:`~m4d.initiatives.plan.InitiativePlan`, the plain dict of
:func:`~m4d.initiatives.plan.plan_to_dict`, or the tables of
:func:`~m4d.initiatives.plan.plan_to_frames`) and never raises on the plan's
content: input that cannot be read as a plan at all comes back as one error
finding with the reason (code ``invalid_plan``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _, pgettext
from m4d.initiatives.plan import PART_TITLES, PARTS, InitiativePlan, build_plan, plan_from_frames

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    """One thing the check found: what is wrong (``message``) and how to fix it (``fix``).

    ``part`` is the part of the plan concerned (``plan`` for its own fields) and
    ``item`` the identifier of the item ('' when the finding is about a whole part).
    """

    code: str
    severity: str
    part: str
    item: str
    message: str
    fix: str

    def to_dict(self) -> dict[str, str]:
        """The finding as plain data."""
        return asdict(self)

    def __str__(self) -> str:
        """One line for a reader, in the reader's language: severity, where, what is wrong, how to fix it."""
        # The words of the planner's table of findings (m4d.initiatives.planner_widget), same contexts.
        where = f"{pgettext('part of a plan', self.part)} {self.item}".strip()
        severity = pgettext("severity of a finding", self.severity)
        # Translators: one finding of the plan check, e.g. "[error] actions A1: ... Fix: ...".
        return _("[{severity}] {where}: {message} Fix: {fix}").format(severity=severity, where=where,
                                                                     message=self.message, fix=self.fix)


@dataclass(frozen=True)
class Rule:
    """A check: its code, severity, what it looks for (in a sentence) and the function that looks."""

    code: str
    severity: str
    looks_for: str
    run: Callable[[InitiativePlan], Iterator[tuple[str, str, str, str]]]


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return f"'{text if len(text) <= limit else text[:limit - 1] + '…'}'"


def _name(plan: InitiativePlan, part: str, item: dict) -> str:
    label = {"diagnosis": "finding", "objectives": "objective", "stakeholders": "name", "actions": "action",
             "deliverables": "deliverable", "results": "result", "indicators": "indicator", "risks": "risk",
             "cost_lines": "description"}[part]
    text = item.get(label) or ""
    return f"{item['id']} ({_quote(text)})" if text else item["id"]


# ----------------------------------------------------------------------------- the rules
# Every message is one whole sentence of the catalogue, translated before its {fields} are filled in, so that a
# translator can reorder it (m4d.i18n.messages). The English texts are unchanged from the first planner.
_PART_HINTS = {
    "diagnosis": N_("Add at least one finding about the context: a problem, threat, challenge or opportunity, "
                    "with where it comes from (a needs assessment, Module 6)."),
    "objectives": N_("Add at least one objective that answers a finding of the diagnosis."),
    "stakeholders": N_("List who takes part, each with its kind (lra, other_public, cso, diaspora, private_sector, "
                       "knowledge), as mapped in Module 3."),
    "actions": N_("Add the actions, each with its dates, its objectives and who leads it."),
    "deliverables": N_("Add what each action produces (a curriculum, a report, sessions held), with a due date."),
    "results": N_("Add the specific changes the initiative expects, each linked to an objective."),
    "indicators": N_("Add at least one indicator per result, with a unit, a baseline, a target and a source."),
    "risks": N_("List what could go wrong, how likely and how serious it is, and what the partners will do about it."),
    "cost_lines": N_("Add the cost lines: what each action costs, in which year and budget category (Module 5)."),
}
_PART_MISSING = {
    "diagnosis": N_("The plan has no diagnosis: a planning step of the guidelines is missing."),
    "objectives": N_("The plan has no objectives: a planning step of the guidelines is missing."),
    "stakeholders": N_("The plan has no stakeholders: a planning step of the guidelines is missing."),
    "actions": N_("The plan has no actions: a planning step of the guidelines is missing."),
    "deliverables": N_("The plan has no deliverables: a planning step of the guidelines is missing."),
    "results": N_("The plan has no expected results: a planning step of the guidelines is missing."),
    "indicators": N_("The plan has no indicators: a planning step of the guidelines is missing."),
    "cost_lines": N_("The plan has no cost lines: a planning step of the guidelines is missing."),
}
#: How to correct an identifier that names nothing, by the part it should name.
_KNOWN_IDS = {
    "diagnosis": N_("Correct the identifier (the diagnosis are: {ids}) or add {ref} to {part}."),
    "objectives": N_("Correct the identifier (the objectives are: {ids}) or add {ref} to {part}."),
    "stakeholders": N_("Correct the identifier (the stakeholders are: {ids}) or add {ref} to {part}."),
    "actions": N_("Correct the identifier (the actions are: {ids}) or add {ref} to {part}."),
    "results": N_("Correct the identifier (the expected results are: {ids}) or add {ref} to {part}."),
}


def _ids(plan: InitiativePlan, part: str, none: str | None = None) -> str:
    """The identifiers of a part, comma-separated (codes the reader typed), or ``none`` (already translated)."""
    return ", ".join(plan.ids(part)) or (none or "")


def _missing_parts(plan: InitiativePlan):
    for part in PARTS:
        if part != "risks" and not plan.part(part):
            yield part, "", _(_PART_MISSING[part]), _(_PART_HINTS[part])


def _no_risks(plan: InitiativePlan):
    if not plan.risks:
        yield "risks", "", _("The plan lists no risks."), _(_PART_HINTS["risks"])


def _unknown_refs(plan: InitiativePlan):
    from m4d.initiatives.plan import PART_FIELDS

    for part in PARTS:
        for spec in PART_FIELDS[part]:
            if spec.refers_to is None:
                continue
            known = set(plan.ids(spec.refers_to))
            for item in plan.part(part):
                value = item[spec.name]
                named = value if isinstance(value, tuple) else ((value,) if value else ())
                for ref in named:
                    if ref not in known:
                        message = _("{item} names {part} {ref} in {field}, but the plan has no such item.")
                        fix = _(_KNOWN_IDS[spec.refers_to])
                        yield (part, item["id"],
                               message.format(item=_name(plan, part, item), part=spec.refers_to, ref=repr(ref),
                                              field=spec.name),
                               fix.format(ids=_ids(plan, spec.refers_to, _("none yet")), ref=repr(ref),
                                          part=spec.refers_to))


def _objective_answers_nothing(plan: InitiativePlan):
    if not plan.diagnosis:
        return
    for item in plan.objectives:
        if not item["answers"]:
            message = _("Objective {item} answers no finding of the diagnosis.")
            fix = _("List in its answers the diagnosis findings it responds to ({ids}), or ask whether the "
                    "objective is needed.")
            yield ("objectives", item["id"], message.format(item=_name(plan, "objectives", item)),
                   fix.format(ids=_ids(plan, "diagnosis")))


def _finding_unanswered(plan: InitiativePlan):
    if not plan.objectives:
        return
    answered = {ref for item in plan.objectives for ref in item["answers"]}
    for item in plan.diagnosis:
        if item["id"] not in answered:
            message = _("No objective answers finding {item}.")
            fix = _("Add {id} to the answers of the objective that responds to it, or say in the notes why the "
                    "initiative leaves it aside.")
            yield ("diagnosis", item["id"], message.format(item=_name(plan, "diagnosis", item)),
                   fix.format(id=item["id"]))


def _objective_without_action(plan: InitiativePlan):
    served = {ref for item in plan.actions for ref in item["objectives"]}
    for item in plan.objectives:
        if plan.actions and item["id"] not in served:
            message = _("No action serves objective {item}.")
            fix = _("Add {id} to the objectives of the actions that pursue it, or add an action for it.")
            yield ("objectives", item["id"], message.format(item=_name(plan, "objectives", item)),
                   fix.format(id=item["id"]))


def _objective_without_result(plan: InitiativePlan):
    expected = {ref for item in plan.results for ref in item["objectives"]}
    for item in plan.objectives:
        if plan.results and item["id"] not in expected:
            message = _("No expected result is linked to objective {item}, so nobody will know whether it was "
                        "reached.")
            fix = _("Add a result whose objectives include {id}.")
            yield ("objectives", item["id"], message.format(item=_name(plan, "objectives", item)),
                   fix.format(id=item["id"]))


def _action_without_objective(plan: InitiativePlan):
    for item in plan.actions:
        if plan.objectives and not item["objectives"]:
            message = _("Action {item} serves no objective.")
            fix = _("List the objectives it serves ({ids}), or drop it.")
            yield ("actions", item["id"], message.format(item=_name(plan, "actions", item)),
                   fix.format(ids=_ids(plan, "objectives")))


def _action_without_lead(plan: InitiativePlan):
    for item in plan.actions:
        if plan.stakeholders and not item["leads"]:
            message = _("Nobody leads action {item}.")
            fix = _("Name in its leads the stakeholders who carry it out ({ids}).")
            yield ("actions", item["id"], message.format(item=_name(plan, "actions", item)),
                   fix.format(ids=_ids(plan, "stakeholders")))


def _action_without_deliverable(plan: InitiativePlan):
    produced = {item["action"] for item in plan.deliverables}
    for item in plan.actions:
        if item["id"] not in produced:
            message = _("Action {item} has no deliverable.")
            fix = _("Add a deliverable whose action is {id} (what it produces: sessions held, a report, a tool), or "
                    "merge the action into the one it belongs to.")
            yield ("actions", item["id"], message.format(item=_name(plan, "actions", item)),
                   fix.format(id=item["id"]))


def _action_outside_timeline(plan: InitiativePlan):
    for item in plan.actions:
        if item["start"] < plan.start or item["end"] > plan.end:
            message = _("Action {item} runs from {start} to {end}, outside the plan's timeline ({plan_start} to "
                        "{plan_end}).")
            fix = _("Move the action's dates inside {plan_start} to {plan_end}, or extend the plan's timeline.")
            yield ("actions", item["id"],
                   message.format(item=_name(plan, "actions", item), start=item["start"], end=item["end"],
                                  plan_start=plan.start, plan_end=plan.end),
                   fix.format(plan_start=plan.start, plan_end=plan.end))


def _deliverable_without_action(plan: InitiativePlan):
    for item in plan.deliverables:
        if not item["action"]:
            message = _("Deliverable {item} belongs to no action.")
            fix = _("Name the action that produces it ({ids}).")
            yield ("deliverables", item["id"], message.format(item=_name(plan, "deliverables", item)),
                   fix.format(ids=_ids(plan, "actions", _("add an action first"))))


def _deliverable_outside_timeline(plan: InitiativePlan):
    for item in plan.deliverables:
        due = item["due"]
        if due is None:
            continue
        if due < plan.start or due > plan.end:
            message = _("Deliverable {item} is due on {due}, outside the plan's timeline ({plan_start} to "
                        "{plan_end}).")
            fix = _("Set a due date between {plan_start} and {plan_end}.")
            yield ("deliverables", item["id"],
                   message.format(item=_name(plan, "deliverables", item), due=due, plan_start=plan.start,
                                  plan_end=plan.end),
                   fix.format(plan_start=plan.start, plan_end=plan.end))
            continue
        action = plan.item("actions", item["action"]) if item["action"] else None
        if action is not None and due < action["start"]:
            message = _("Deliverable {item} is due on {due}, before its action {action} starts ({start}).")
            fix = _("Set a due date on or after {start}, or correct the action's dates.")
            yield ("deliverables", item["id"],
                   message.format(item=_name(plan, "deliverables", item), due=due, action=action["id"],
                                  start=action["start"]),
                   fix.format(start=action["start"]))


def _deliverable_without_due(plan: InitiativePlan):
    for item in plan.deliverables:
        if item["due"] is None:
            message = _("Deliverable {item} has no due date.")
            yield ("deliverables", item["id"], message.format(item=_name(plan, "deliverables", item)),
                   _("Give it a due date (YYYY-MM-DD) so the timeline shows when it is expected."))


def _result_without_objective(plan: InitiativePlan):
    for item in plan.results:
        if plan.objectives and not item["objectives"]:
            message = _("Result {item} is linked to no objective.")
            fix = _("List the objectives it contributes to ({ids}).")
            yield ("results", item["id"], message.format(item=_name(plan, "results", item)),
                   fix.format(ids=_ids(plan, "objectives")))


def _result_without_indicator(plan: InitiativePlan):
    measured = {item["result"] for item in plan.indicators}
    for item in plan.results:
        if item["id"] not in measured:
            message = _("Result {item} has no indicator, so it cannot be monitored or evaluated.")
            fix = _("Add an indicator whose result is {id}, with a unit, a baseline, a target and a source.")
            yield ("results", item["id"], message.format(item=_name(plan, "results", item)),
                   fix.format(id=item["id"]))


def _indicator_without_result(plan: InitiativePlan):
    for item in plan.indicators:
        if not item["result"]:
            message = _("Indicator {item} measures no result.")
            fix = _("Name the result it measures ({ids}).")
            yield ("indicators", item["id"], message.format(item=_name(plan, "indicators", item)),
                   fix.format(ids=_ids(plan, "results", _("add a result first"))))


def _indicator_without_baseline_or_target(plan: InitiativePlan):
    for item in plan.indicators:
        baseline, target = item["baseline"] is None, item["target"] is None
        if not (baseline or target):
            continue
        if baseline and target:
            message = _("Indicator {item} has no baseline and no target.")
        elif baseline:
            message = _("Indicator {item} has no baseline.")
        else:
            message = _("Indicator {item} has no target.")
        yield ("indicators", item["id"], message.format(item=_name(plan, "indicators", item)),
               _("Give the value at the start (baseline; 0 if nothing exists yet) and the value aimed for (target), "
                 "so progress can be judged."))


def _risk_without_mitigation(plan: InitiativePlan):
    for item in plan.risks:
        if not item["mitigation"]:
            message = _("Risk {item} has no mitigation.")
            yield ("risks", item["id"], message.format(item=_name(plan, "risks", item)),
                   _("Say what the partners will do to make it less likely or less harmful, and who watches it."))


def _cost_outside_timeline(plan: InitiativePlan):
    years = plan.years
    for item in plan.cost_lines:
        if item["year"] not in years:
            message = _("Cost line {item} falls in {year}, outside the plan's years ({first}-{last}).")
            fix = _("Put the cost in a year from {first} to {last}, or extend the timeline.")
            yield ("cost_lines", item["id"],
                   message.format(item=_name(plan, "cost_lines", item), year=item["year"], first=years[0],
                                  last=years[-1]),
                   fix.format(first=years[0], last=years[-1]))


def _cost_outside_action(plan: InitiativePlan):
    for item in plan.cost_lines:
        action = plan.item("actions", item["action"]) if item["action"] else None
        if action is not None and not action["start"].year <= item["year"] <= action["end"].year:
            first, last = action["start"].year, action["end"].year
            runs = str(first) if first == last else f"{first}-{last}"
            message = _("Cost line {item} falls in {year}, but its action {action} runs {years}.")
            yield ("cost_lines", item["id"],
                   message.format(item=_name(plan, "cost_lines", item), year=item["year"], action=action["id"],
                                  years=runs),
                   _("Move the cost to a year in which the action runs, or correct the action's dates."))


def _action_without_cost(plan: InitiativePlan):
    costed = {item["action"] for item in plan.cost_lines}
    for item in plan.actions:
        if plan.cost_lines and item["id"] not in costed:
            message = _("Action {item} has no cost line.")
            fix = _("Add what it costs (staff time, travel, materials), with action {id}; a contribution in kind is "
                    "a cost too, valued in money.")
            yield ("actions", item["id"], message.format(item=_name(plan, "actions", item)),
                   fix.format(id=item["id"]))


def _monitoring_not_costed(plan: InitiativePlan):
    if plan.indicators and plan.cost_lines and not any(i["category"] == "monitoring_evaluation"
                                                       for i in plan.cost_lines):
        yield ("cost_lines", "", _("Nothing in the budget pays for monitoring and evaluation, although the plan has "
                                   "indicators to measure."),
               _("Add cost lines in the category monitoring_evaluation (a baseline, follow-up of the indicators, an "
                 "evaluation)."))


def _monitoring_method_missing(plan: InitiativePlan):
    if not plan.monitoring:
        yield ("plan", "", _("The plan does not say how it will be monitored and evaluated."),
               _("Write the method in 'monitoring': who collects the indicators, how often, and who evaluates "
                 "(the guidelines' planning step on monitoring and evaluation, p. 57)."))


def _no_migrant_stakeholder(plan: InitiativePlan):
    if plan.stakeholders and not any(s["kind"] == "diaspora" for s in plan.stakeholders):
        yield ("stakeholders", "", _("No migrant or diaspora association takes part in the initiative."),
               _("Involve the migrant and diaspora associations concerned in planning and carrying it out; the "
                 "guidelines call their participation a crucial asset (p. 57)."))


def _stakeholder_without_task(plan: InitiativePlan):
    if not plan.actions:
        return
    busy = {ref for a in plan.actions for ref in a["leads"]} | {r["owner"] for r in plan.risks}
    for item in plan.stakeholders:
        if item["id"] not in busy:
            message = _("Stakeholder {item} leads no action and watches no risk.")
            fix = _("Give {id} a task (add it to an action's leads or a risk's owner), or say in its role how it "
                    "takes part.")
            yield ("stakeholders", item["id"], message.format(item=_name(plan, "stakeholders", item)),
                   fix.format(id=item["id"]))


def _partners_missing(plan: InitiativePlan):
    if len(plan.partners) < 2:
        if plan.partners:
            message = _("The plan names 1 partner territory; a decentralised cooperation initiative joins at least "
                        "two.")
        else:
            message = _("The plan names no partner territories; a decentralised cooperation initiative joins at "
                        "least two.")
        yield ("plan", "", message,
               _("List the partner territories in 'partners' (for example 'Tuscany (Italy); Kasserine (Tunisia)')."))

#: Every rule, in the order findings are reported.
RULES: tuple[Rule, ...] = (
    Rule("part_missing", "error", "a planning step (part of the plan) with no item", _missing_parts),
    Rule("unknown_reference", "error", "an item that names an item the plan does not have", _unknown_refs),
    Rule("action_without_deliverable", "error", "an action that produces no deliverable", _action_without_deliverable),
    Rule("action_outside_timeline", "error", "an action that starts before or ends after the plan",
         _action_outside_timeline),
    Rule("deliverable_without_action", "error", "a deliverable that belongs to no action", _deliverable_without_action),
    Rule("deliverable_outside_timeline", "error", "a deliverable due outside the plan, or before its action starts",
         _deliverable_outside_timeline),
    Rule("objective_without_action", "error", "an objective that no action serves", _objective_without_action),
    Rule("objective_without_result", "error", "an objective with no expected result", _objective_without_result),
    Rule("result_without_indicator", "error", "an expected result with no indicator", _result_without_indicator),
    Rule("indicator_without_result", "error", "an indicator that measures no result", _indicator_without_result),
    Rule("cost_outside_timeline", "error", "a cost line in a year outside the plan", _cost_outside_timeline),
    Rule("risks_missing", "warning", "a plan that lists no risks", _no_risks),
    Rule("objective_answers_nothing", "warning", "an objective that answers no finding of the diagnosis",
         _objective_answers_nothing),
    Rule("finding_unanswered", "warning", "a finding of the diagnosis that no objective answers",
         _finding_unanswered),
    Rule("action_without_objective", "warning", "an action that serves no objective", _action_without_objective),
    Rule("action_without_lead", "warning", "an action that nobody leads", _action_without_lead),
    Rule("action_without_cost", "warning", "an action with no cost line", _action_without_cost),
    Rule("cost_outside_action", "warning", "a cost line in a year its action does not run", _cost_outside_action),
    Rule("deliverable_without_due_date", "warning", "a deliverable with no due date", _deliverable_without_due),
    Rule("result_without_objective", "warning", "a result linked to no objective", _result_without_objective),
    Rule("indicator_without_baseline_or_target", "warning", "an indicator with no baseline or no target",
         _indicator_without_baseline_or_target),
    Rule("risk_without_mitigation", "warning", "a risk with no mitigation", _risk_without_mitigation),
    Rule("monitoring_not_costed", "warning", "indicators to measure but no monitoring and evaluation cost",
         _monitoring_not_costed),
    Rule("monitoring_method_missing", "warning", "no method of monitoring and evaluation", _monitoring_method_missing),
    Rule("no_migrant_stakeholder", "warning", "no migrant or diaspora association among the stakeholders",
         _no_migrant_stakeholder),
    Rule("stakeholder_without_task", "warning", "a stakeholder that leads no action and watches no risk",
         _stakeholder_without_task),
    Rule("partners_missing", "warning", "fewer than two partner territories", _partners_missing),
)


def _as_plan(plan: Any) -> InitiativePlan:
    if isinstance(plan, InitiativePlan):
        return plan
    if isinstance(plan, Mapping) and "plan" in plan and isinstance(plan.get("plan"), pd.DataFrame):
        return plan_from_frames(plan)
    return build_plan(plan)


def check_plan(plan: Any) -> list[Finding]:
    """Every finding of every rule, errors first, in the order of :data:`RULES`.

    ``plan`` is an :class:`InitiativePlan`, its plain dict or its tables. Input
    that is not a plan at all gives one finding, ``invalid_plan``, whose message
    says what to correct.
    """
    try:
        checked = _as_plan(plan)
    except InputError as err:
        return [Finding("invalid_plan", "error", "plan", "", str(err),
                        _("Correct the input as the message says; the other checks run once the plan can be read."))]
    findings = [Finding(rule.code, rule.severity, part, item, message, fix)
                for rule in RULES for part, item, message, fix in rule.run(checked)]
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


def errors(findings: list[Finding]) -> list[Finding]:
    """Only the findings of severity ``error``."""
    return [f for f in findings if f.severity == "error"]


def passes(plan: Any) -> bool:
    """True when the plan has no error (warnings allowed)."""
    return not errors(check_plan(plan))


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    """The findings as a DataFrame (one row each: severity, part, item, message, fix, code)."""
    columns = ["severity", "part", "item", "message", "fix", "code"]
    return pd.DataFrame([f.to_dict() for f in findings], columns=columns)


def rules_table() -> pd.DataFrame:
    """What each rule looks for and how serious a finding is: the checker's rules as a table."""
    return pd.DataFrame([{"rule": r.code, "severity": r.severity, "looks for": r.looks_for} for r in RULES])

"""``m4d budget``: check, allocate, stress-test and export a budget plan from CSV or Excel files.

Without files, every action works on the course's illustrative plan, so a
learner can try it at once. A plan is given either as ``--excel plan.xlsx``
(sheets cost_lines, funding_sources, allocation) or as ``--lines`` and
``--sources`` CSV files (plus ``--allocation`` for the actions that need one).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from m4d.budget import course_plan
from m4d.budget.allocation import OBJECTIVES, allocate
from m4d.budget.io import read_plan_csv, read_plan_excel, write_plan_csv, write_plan_excel
from m4d.budget.rules import RuleSettings, check_plan
from m4d.budget.scenarios import withdraw
from m4d.errors import InputError
from m4d.i18n import _
from m4d.i18n.numbers import number, table_text


def register(subparsers) -> None:
    parser = subparsers.add_parser("budget", help=_("check, allocate or stress-test a budget plan (CSV or Excel)"),
                                   epilog=_("Language: M4D_LANG=fr, es or en chooses it; without M4D_LANG the locale does (LANGUAGE, then the "
               "first of LC_ALL, LC_MESSAGES and LANG that is set), and any other language gives English. CSV and "
               "JSON output is never translated."))
    sub = parser.add_subparsers(metavar="ACTION")

    check = sub.add_parser("check", help=_("check a plan and its allocation against the rules"))
    _plan_arguments(check)
    check.set_defaults(func=_check)

    alloc = sub.add_parser("allocate", help=_("find an allocation that meets every rule, or say which rule binds"))
    _plan_arguments(alloc)
    alloc.add_argument("--objective", choices=list(OBJECTIVES), default="min_largest_funder",
                       help=_("what to optimise among the allocations that meet the rules"))
    alloc.add_argument("--out", help=_("write the allocation to this CSV file, or the whole plan to this .xlsx file"))
    alloc.set_defaults(func=_allocate)

    scenario = sub.add_parser("withdraw", help=_("simulate a funder withdrawing or cutting its contribution"))
    _plan_arguments(scenario)
    scenario.add_argument("source", help=_("source_id of the funder"))
    scenario.add_argument("--cut", type=float, default=1.0, help=_("share of its contribution it cuts (1 = withdraws)"))
    scenario.set_defaults(func=_withdraw)

    export = sub.add_parser("export", help=_("save a plan as CSV files (a folder) or as an Excel workbook (.xlsx)"))
    _plan_arguments(export)
    export.add_argument("target", help=_("a folder for CSV files, or a file name ending in .xlsx"))
    export.set_defaults(func=_export)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _plan_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_("the plan (default: the course's illustrative plan)"))
    group.add_argument("--excel", help=_("a workbook with the sheets cost_lines, funding_sources and allocation"))
    group.add_argument("--lines", help=_("CSV of cost lines: line_id, year, category, description, amount"))
    group.add_argument("--sources", help=_("CSV of funding sources: source_id, name, kind, form, cap, max_share, eligible_categories"))
    group.add_argument("--allocation", help=_("CSV of the allocation: line_id, source_id, amount"))
    group.add_argument("--currency", default="EUR", help=_("currency of the CSV amounts if they have no currency column"))
    rules = parser.add_argument_group(_("rule thresholds (course defaults, not rules from the guidelines)"))
    defaults = RuleSettings()
    rules.add_argument("--min-own-share", type=float, default=defaults.min_own_share)
    rules.add_argument("--max-in-kind-share", type=float, default=defaults.max_in_kind_share)
    rules.add_argument("--min-me-share", type=float, default=defaults.min_me_share)
    rules.add_argument("--max-me-share", type=float, default=defaults.max_me_share)


def _load(args):
    if args.excel and (args.lines or args.sources):
        raise InputError(_("Give the plan either as --excel or as --lines and --sources, not both."))
    if args.excel:
        plan, allocation = read_plan_excel(args.excel)
    elif args.lines or args.sources:
        if not (args.lines and args.sources):
            raise InputError(_("A plan from CSV needs both --lines and --sources."))
        plan, allocation = read_plan_csv(args.lines, args.sources, args.allocation, currency=args.currency)
    else:
        plan, allocation = course_plan()
    settings = RuleSettings(min_own_share=args.min_own_share, max_in_kind_share=args.max_in_kind_share,
                            min_me_share=args.min_me_share, max_me_share=args.max_me_share)
    return plan, allocation, settings


def _check(args) -> int:
    plan, allocation, settings = _load(args)
    results = check_plan(plan, allocation, settings)
    print(_("{plan}: {lines} cost lines, {sources} sources, total {total}").format(
        plan=plan.label(plan.title), lines=number(len(plan.lines), "d"), sources=number(len(plan.sources), "d"),
        total=plan.money(plan.total_cost)))
    for r in results:
        # The [pass]/[FAIL] tags stay English: scripts that guard a folder of plans look for them.
        print(f"[{'pass' if r.passed else 'FAIL'}] {r.title}: {r.message}")
    return 0 if all(r.passed for r in results) else 1


def _allocate(args) -> int:
    plan, _allocation, settings = _load(args)
    result = allocate(plan, settings, args.objective)
    print(result.message)
    if not result.feasible:
        return 1
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() == ".xlsx":
            write_plan_excel(plan, out, result.allocation)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            result.allocation.round({"amount": 2}).to_csv(out, index=False)
        print(_("Wrote {path}.").format(path=out))
    else:
        print(result.allocation.round({"amount": 2}).to_csv(index=False), end="")
    return 0


def _withdraw(args) -> int:
    plan, allocation, settings = _load(args)
    scenario = withdraw(plan, allocation, args.source, args.cut, settings)
    print(scenario.message)
    print("\n" + _("Immediate gap by category and year:"))
    print(table_text(scenario.immediate_gap.round(0), ",.0f"))
    print("\n" + _("Gap left after re-planning:"))
    print(table_text(scenario.remaining_gap.round(0), ",.0f"))
    return 0


def _export(args) -> int:
    plan, allocation, _settings = _load(args)
    target = Path(args.target)
    if target.suffix.lower() == ".xlsx":
        write_plan_excel(plan, target, allocation)
        print(_("Wrote {path}.").format(path=target))
    else:
        paths = write_plan_csv(plan, target, allocation)
        print(_("Wrote {path}.").format(path=", ".join(str(p) for p in paths.values())))
    return 0

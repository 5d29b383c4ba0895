"""``m4d survey``: size a survey, screen for rare households, allocate to strata, export a questionnaire,
publish a protected disaggregation table.

Examples::

    m4d survey sample-size --margin 0.05 --design-effect 1.5 --response-rate 0.8 --population 20700
    m4d survey screen --target 400 --prevalence 0.2 --response-rate 0.8
    m4d survey allocate strata.csv --n 600 --method neyman --minimum 100
    m4d survey questionnaire household_survey.xlsx
    m4d survey disaggregate households.csv --rows municipality_id --columns respondent_sex age_group
"""
from __future__ import annotations

import sys
from pathlib import Path

from m4d.errors import InputError
from m4d.i18n import _, ngettext
from m4d.i18n.numbers import number


def register(subparsers) -> None:
    parser = subparsers.add_parser("survey", help=_("survey design: sample size, allocation, questionnaire, tables"),
                                   epilog=_("Language: M4D_LANG=fr, es or en chooses it; without M4D_LANG the locale does (LANGUAGE, then the "
               "first of LC_ALL, LC_MESSAGES and LANG that is set), and any other language gives English. CSV and "
               "JSON output is never translated."))
    sub = parser.add_subparsers(metavar="ACTION")

    size = sub.add_parser("sample-size", help=_("interviews needed to estimate a share or a mean"))
    size.add_argument("--margin", type=float, required=True, help=_("margin of error: 0.05 for ±5 points (or in the "
                      "variable's units with --sd)"))
    size.add_argument("--confidence", type=float, default=0.95, help=_("confidence level (default 0.95)"))
    size.add_argument("--proportion", type=float, default=0.5, help=_("expected share (default 0.5, the safest)"))
    size.add_argument("--sd", type=float, help=_("standard deviation: estimate a mean instead of a share"))
    size.add_argument("--design-effect", type=float, default=1.0, help=_("design effect (default 1)"))
    size.add_argument("--response-rate", type=float, default=1.0, help=_("expected response rate (default 1)"))
    size.add_argument("--population", type=int, help=_("number of households (for the finite population correction)"))
    size.set_defaults(func=_sample_size)

    screen = sub.add_parser("screen", help=_("households to screen to find enough households of a rare group"))
    screen.add_argument("--target", type=int, required=True, help=_("eligible households to interview"))
    screen.add_argument("--prevalence", type=float, required=True, help=_("share of households that are eligible"))
    screen.add_argument("--response-rate", type=float, default=1.0)
    screen.add_argument("--assurance", type=float, help=_("chance of reaching the target, e.g. 0.9"))
    screen.set_defaults(func=_screen)

    alloc = sub.add_parser("allocate", help=_("share a sample out between strata (CSV with stratum,population[,sd])"))
    alloc.add_argument("strata", help=_("CSV file with columns stratum, population and (for Neyman) sd"))
    alloc.add_argument("--n", type=int, required=True, help=_("total sample size"))
    alloc.add_argument("--method", choices=["proportional", "neyman"], default="proportional")
    alloc.add_argument("--minimum", type=int, default=0, help=_("minimum interviews per stratum"))
    alloc.set_defaults(func=_allocate)

    quest = sub.add_parser("questionnaire", help=_("export the core migration questionnaire as an XLSForm"))
    quest.add_argument("output", help=_("the .xlsx file to write"))
    quest.add_argument("--title", default="Household migration survey")
    quest.add_argument("--form-id", default="m4d_household_migration")
    quest.add_argument("--no-check", action="store_true", help=_("skip the check with pyxform"))
    quest.set_defaults(func=_questionnaire)

    dis = sub.add_parser("disaggregate", help=_("a disaggregation table with small-cell suppression, as CSV"))
    dis.add_argument("data", help=_("CSV file with one row per respondent or household"))
    dis.add_argument("--rows", nargs="+", required=True, help=_("column(s) for the table's rows"))
    dis.add_argument("--columns", nargs="+", required=True, help=_("column(s) for the table's columns"))
    dis.add_argument("--threshold", type=int, default=5, help=_("hide counts below this (default 5)"))
    dis.add_argument("--weight", help=_("column of weights: publish weighted totals"))
    dis.add_argument("--output", help=_("CSV file to write (default: print)"))
    dis.set_defaults(func=_disaggregate)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _sample_size(args) -> int:
    from m4d.survey.sample_size import sample_size_mean, sample_size_proportion

    common = dict(confidence=args.confidence, design_effect=args.design_effect,
                  response_rate=args.response_rate, population=args.population)
    plan = (sample_size_mean(args.margin, args.sd, **common) if args.sd is not None
            else sample_size_proportion(args.margin, proportion=args.proportion, **common))
    # Each label keeps its colon in the catalogue (French writes "échantillon :"); the figures line up
    # one space after the longest label, whatever the language.
    lines = [(_("simple random sample:"), number(plan.base, ',.1f')),
             (_("with design effect:"), number(plan.after_design_effect, ',.1f')),
             (_("with finite population:"), number(plan.after_population, ',.1f')),
             (_("completed interviews needed:"), number(plan.completed, 'd')),
             (_("households to contact:"), number(plan.to_contact, 'd'))]
    width = max(len(label) for label, _value in lines)
    for label, value in lines:
        print(f"{label:<{width}} {value}")
    if plan.note:
        print(plan.note)
    return 0


def _screen(args) -> int:
    from m4d.survey.screening import households_to_screen

    print(households_to_screen(args.target, args.prevalence, args.response_rate, args.assurance))
    return 0


def _allocate(args) -> int:
    from m4d.survey.allocation import allocate

    from m4d.datasets import read_csv

    strata = read_csv(args.strata, {"stratum": "string", "population": "integer", "sd": "number"},
                      required=["stratum", "population"])
    sizes = strata.set_index("stratum")["population"]
    sd = strata.set_index("stratum")["sd"].astype(float) if "sd" in strata else None
    result = allocate(sizes, args.n, args.method, sd, args.minimum)
    result.rename_axis("stratum").to_csv(sys.stdout, lineterminator="\n")
    return 0


def _questionnaire(args) -> int:
    from m4d.survey.questionnaire import to_xform, write_xlsform

    path = write_xlsform(args.output, title=args.title, form_id=args.form_id)
    if not args.no_check:
        to_xform(path)
    message = _("{path}: XLSForm written.") if args.no_check else _("{path}: XLSForm written and checked with pyxform.")
    print(message.format(path=path))
    return 0


def _disaggregate(args) -> int:
    from m4d.survey.disaggregation import disaggregate

    from m4d.datasets import read_csv

    data = read_csv(args.data, {args.weight: "number"} if args.weight else {},
                    required=[*args.rows, *args.columns, *([args.weight] if args.weight else [])])
    table = disaggregate(data, args.rows, args.columns, args.threshold, args.weight)
    if not table.audit.passed:  # never publish a table the attacker's audit has not passed
        raise InputError(_("The table did not pass the audit, so it is not written: {reason}").format(
            reason=table.audit.message()))
    published = table.published().astype("Int64") if args.weight is None else table.published().round(1)
    text = published.to_csv(na_rep="x", lineterminator="\n")
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        summary = table.summary()
        hidden = summary["primary"] + summary["secondary"]
        # English says "cells" whatever the count; French and Spanish agree "hidden" with the number.
        print(ngettext("{path}: {hidden} of {cells} cells hidden ('x'); audited: no small count can be narrowed to a "
                       "range below {protection}.",
                       "{path}: {hidden} of {cells} cells hidden ('x'); audited: no small count can be narrowed to a "
                       "range below {protection}.", hidden).format(
            path=args.output, hidden=number(hidden, 'd'), cells=number(summary["cells"], 'd'),
            protection=number(table.protection, 'g')))
    else:
        sys.stdout.write(text)
    return 0

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

from m4d.i18n.numbers import number


def register(subparsers) -> None:
    parser = subparsers.add_parser("survey", help="survey design: sample size, allocation, questionnaire, tables")
    sub = parser.add_subparsers(metavar="ACTION")

    size = sub.add_parser("sample-size", help="interviews needed to estimate a share or a mean")
    size.add_argument("--margin", type=float, required=True, help="margin of error: 0.05 for ±5 points (or in the "
                      "variable's units with --sd)")
    size.add_argument("--confidence", type=float, default=0.95, help="confidence level (default 0.95)")
    size.add_argument("--proportion", type=float, default=0.5, help="expected share (default 0.5, the safest)")
    size.add_argument("--sd", type=float, help="standard deviation: estimate a mean instead of a share")
    size.add_argument("--design-effect", type=float, default=1.0, help="design effect (default 1)")
    size.add_argument("--response-rate", type=float, default=1.0, help="expected response rate (default 1)")
    size.add_argument("--population", type=int, help="number of households (for the finite population correction)")
    size.set_defaults(func=_sample_size)

    screen = sub.add_parser("screen", help="households to screen to find enough households of a rare group")
    screen.add_argument("--target", type=int, required=True, help="eligible households to interview")
    screen.add_argument("--prevalence", type=float, required=True, help="share of households that are eligible")
    screen.add_argument("--response-rate", type=float, default=1.0)
    screen.add_argument("--assurance", type=float, help="chance of reaching the target, e.g. 0.9")
    screen.set_defaults(func=_screen)

    alloc = sub.add_parser("allocate", help="share a sample out between strata (CSV with stratum,population[,sd])")
    alloc.add_argument("strata", help="CSV file with columns stratum, population and (for Neyman) sd")
    alloc.add_argument("--n", type=int, required=True, help="total sample size")
    alloc.add_argument("--method", choices=["proportional", "neyman"], default="proportional")
    alloc.add_argument("--minimum", type=int, default=0, help="minimum interviews per stratum")
    alloc.set_defaults(func=_allocate)

    quest = sub.add_parser("questionnaire", help="export the core migration questionnaire as an XLSForm")
    quest.add_argument("output", help="the .xlsx file to write")
    quest.add_argument("--title", default="Household migration survey")
    quest.add_argument("--form-id", default="m4d_household_migration")
    quest.add_argument("--no-check", action="store_true", help="skip the check with pyxform")
    quest.set_defaults(func=_questionnaire)

    dis = sub.add_parser("disaggregate", help="a disaggregation table with small-cell suppression, as CSV")
    dis.add_argument("data", help="CSV file with one row per respondent or household")
    dis.add_argument("--rows", nargs="+", required=True, help="column(s) for the table's rows")
    dis.add_argument("--columns", nargs="+", required=True, help="column(s) for the table's columns")
    dis.add_argument("--threshold", type=int, default=5, help="hide counts below this (default 5)")
    dis.add_argument("--weight", help="column of weights: publish weighted totals")
    dis.add_argument("--output", help="CSV file to write (default: print)")
    dis.set_defaults(func=_disaggregate)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _sample_size(args) -> int:
    from m4d.survey.sample_size import sample_size_mean, sample_size_proportion

    common = dict(confidence=args.confidence, design_effect=args.design_effect,
                  response_rate=args.response_rate, population=args.population)
    plan = (sample_size_mean(args.margin, args.sd, **common) if args.sd is not None
            else sample_size_proportion(args.margin, proportion=args.proportion, **common))
    print(f"simple random sample:        {number(plan.base, ',.1f')}")
    print(f"with design effect:          {number(plan.after_design_effect, ',.1f')}")
    print(f"with finite population:      {number(plan.after_population, ',.1f')}")
    print(f"completed interviews needed: {number(plan.completed, 'd')}")
    print(f"households to contact:       {number(plan.to_contact, 'd')}")
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
    print(f"{path}: XLSForm written{'' if args.no_check else ' and checked with pyxform'}.")
    return 0


def _disaggregate(args) -> int:
    from m4d.survey.disaggregation import disaggregate

    from m4d.datasets import read_csv

    data = read_csv(args.data, {args.weight: "number"} if args.weight else {},
                    required=[*args.rows, *args.columns, *([args.weight] if args.weight else [])])
    table = disaggregate(data, args.rows, args.columns, args.threshold, args.weight)
    if not table.audit.passed:  # never publish a table the attacker's audit has not passed
        raise InputError("The table did not pass the audit, so it is not written: " + table.audit.message())
    published = table.published().astype("Int64") if args.weight is None else table.published().round(1)
    text = published.to_csv(na_rep="x", lineterminator="\n")
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"{args.output}: {table.summary()['primary'] + table.summary()['secondary']} of "
              f"{table.summary()['cells']} cells hidden ('x'); audited: no small count can be narrowed to a "
              f"range below {number(table.protection, 'g')}.")
    else:
        sys.stdout.write(text)
    return 0

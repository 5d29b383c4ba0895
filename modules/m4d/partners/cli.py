"""``m4d partners``: rank candidate partners and match networks from the command line.

    m4d partners rank --home Schaerbeek
    m4d partners rank candidates.csv --id-column city \\
        --weights migrant_group=3,associations=2,distance_km=1 --less distance_km --must-have associations>=1
    m4d partners match corridors.csv --home-capacity 2 --partner-capacity 1 --method stable
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from m4d.datasets import read_csv
from m4d.errors import InputError
from m4d.i18n import N_, _, ngettext, translate_value
from m4d.i18n.numbers import number, percent, table_text
from m4d.partners.corridors import candidates_for
from m4d.partners.criteria import GUIDELINE_CRITERIA, LESS_IS_BETTER, MORE_IS_BETTER, Criterion
from m4d.partners.network import METHODS, match_network
from m4d.partners.ranking import rank
from m4d.partners.screening import MustHave
from m4d.partners.sensitivity import flip_points, top_stability

#: Headings of the printed ranking that are words, not criteria keys (translated where shown).
# Translators: headings of the ranking table a person reads in the terminal ("rank" is the position).
RANKING_HEADINGS = (N_("rank"), N_("name"), N_("country"), N_("score"))

MUST_HAVE_RE = re.compile(r"^\s*([A-Za-z_][\w]*)\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)\s*$")


def register(subparsers) -> None:
    parser = subparsers.add_parser("partners", help=_("rank candidate partners; match many territories to many"),
                                   description=_("Partner matching along migration corridors."),
                                   epilog=_("Language: M4D_LANG=fr, es or en chooses it; without M4D_LANG the locale does (LANGUAGE, then the "
               "first of LC_ALL, LC_MESSAGES and LANG that is set), and any other language gives English. CSV and "
               "JSON output is never translated."))
    sub = parser.add_subparsers(title=_("tasks"), metavar="TASK")

    ranker = sub.add_parser("rank", help=_("rank the candidates of a CSV file or of a course home territory"))
    ranker.add_argument("csv", nargs="?", type=Path, help=_("candidates, one row each (omit with --home)"))
    ranker.add_argument("--home", help=_("rank the course data's candidates of this home territory instead"))
    ranker.add_argument("--id-column", default="partner", help=_("column that names each candidate (default: partner)"))
    ranker.add_argument("--weights", default=None,
                        help=_("criterion=weight pairs separated by commas (default: the guidelines' five, equal)"))
    ranker.add_argument("--less", action="append", default=[], metavar="COLUMN",
                        help=_("a criterion where less is better (repeatable)"))
    ranker.add_argument("--must-have", action="append", default=[], metavar="RULE",
                        help=_("a condition such as 'associations>=1' or 'distance_km<=3000' (repeatable)"))
    ranker.add_argument("--output", type=Path, help=_("write the ranking to this CSV file instead of printing it"))
    ranker.set_defaults(func=run_rank)

    matcher = sub.add_parser("match", help=_("match home territories to partners within capacities"))
    matcher.add_argument("csv", type=Path, help=_("corridors: columns home, partner and a score"))
    matcher.add_argument("--score-column", default="score")
    matcher.add_argument("--home-capacity", type=int, default=1, help=_("partnerships per home territory (default 1)"))
    matcher.add_argument("--partner-capacity", type=int, default=1, help=_("partnerships per partner (default 1)"))
    matcher.add_argument("--method", choices=METHODS, default="optimal")
    matcher.add_argument("--output", type=Path, help=_("write the pairs to this CSV file instead of printing them"))
    matcher.set_defaults(func=run_match)
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])


def parse_weights(text: str) -> dict[str, float]:
    """``'a=3,b=1.5'`` -> ``{'a': 3.0, 'b': 1.5}``, with a clear message for anything else."""
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise InputError(_("{part!r} is not a weight; write criterion=weight, e.g. associations=2.").format(part=part))
        try:
            weights[key.strip()] = float(value)
        except ValueError:
            raise InputError(_("The weight of {criterion!r} is {value!r}, which is not a number.").format(
                criterion=key.strip(), value=value)) from None
    if not weights:
        raise InputError(_("--weights is empty; write criterion=weight pairs separated by commas."))
    return weights


def parse_must_have(text: str) -> MustHave:
    match = MUST_HAVE_RE.match(text)
    if not match:
        raise InputError(_("{rule!r} is not a must-have; write it as column>=number or column<=number.").format(rule=text))
    key, op, number = match.group(1), match.group(2), float(match.group(3))
    return MustHave(key, minimum=number) if op == ">=" else MustHave(key, maximum=number)


def run_rank(args) -> int:
    if (args.csv is None) == (args.home is None):
        raise InputError(_("Give either a CSV file of candidates or --home with a course home territory."))
    if args.home:
        candidates, id_column, labels = candidates_for(args.home), "partner", ["name", "country"]
    else:
        id_column, labels = args.id_column, []
    weights = parse_weights(args.weights) if args.weights else {c.key: 1.0 for c in GUIDELINE_CRITERIA}
    if not args.home:
        candidates = read_csv(args.csv, {key: "number" for key in weights}, required=[id_column])
    guideline = {c.key: c for c in GUIDELINE_CRITERIA}
    criteria = []
    for key in weights:
        base = guideline.get(key, Criterion(key, key))
        direction = LESS_IS_BETTER if key in args.less else base.direction
        criteria.append(Criterion(base.key, base.label, direction, base.description))
    stray = [k for k in args.less if k not in weights]
    if stray:
        raise InputError(_("--less names {columns}, which has no weight; add it to --weights.").format(
            columns=", ".join(stray)))
    ranking = rank(candidates, weights, criteria, [parse_must_have(r) for r in args.must_have],
                   id_column=id_column, label_columns=labels)
    table = ranking.table
    if args.output:
        table.to_csv(args.output, index=False)
        # English says "candidates" whatever the count (as it always has); other languages agree with it.
        print(ngettext("wrote {n} ranked candidates to {path}", "wrote {n} ranked candidates to {path}",
                       len(table)).format(n=number(len(table), "d"), path=args.output))
    else:
        # The CSV written with --output keeps its column names; the table a person reads has its own
        # headings translated (criteria keep the keys given to --weights).
        shown = table
        if args.home:  # the course's countries are data with a translation, as in the partner-matching widget
            shown = shown.assign(country=[translate_value("territories", "country", c) for c in shown["country"]])
        shown = shown.rename(columns={column: _(column) for column in RANKING_HEADINGS if column in shown.columns})
        print(table_text(shown, ".3f", index=False, float_format=lambda v: f"{v:.3f}"))
    for _index, row in ranking.excluded.iterrows():
        print(_("set aside: {candidate} ({reason})").format(candidate=row[id_column], reason=row["reason"]))
    stability = top_stability(ranking)
    print("\n" + _("top choice: {top}; stays on top in {share} of {draws} random variations of the weights").format(
        top=ranking.top, share=percent(stability.stays_on_top), draws=number(stability.draws, "d")))
    for _index, f in flip_points(ranking).iterrows():
        if f["top_if_raised"]:
            print("  " + _("{criterion}: above weight {weight}, {candidate} comes first").format(
                criterion=f["criterion"], weight=number(f["raise_to"], ".2f"), candidate=f["top_if_raised"]))
        if f["top_if_lowered"]:
            print("  " + _("{criterion}: below weight {weight}, {candidate} comes first").format(
                criterion=f["criterion"], weight=number(f["lower_to"], ".2f"), candidate=f["top_if_lowered"]))
    return 0


def run_match(args) -> int:
    corridors = read_csv(args.csv, {args.score_column: "number"},
                         required=["home", "partner", args.score_column])
    result = match_network(corridors, args.home_capacity, args.partner_capacity, method=args.method,
                           score_column=args.score_column)
    if args.output:
        result.pairs.to_csv(args.output, index=False)
        print(ngettext("wrote {n} pairs to {path}", "wrote {n} pairs to {path}", len(result.pairs)).format(
            n=number(len(result.pairs), "d"), path=args.output))
    else:
        result.pairs.to_csv(sys.stdout, index=False)
    print(ngettext("{method} matching: {n} pairs, total score {score}", "{method} matching: {n} pairs, total score {score}",
                   len(result.pairs)).format(method=args.method, n=number(len(result.pairs), "d"),
                                             score=number(result.total_score, ".3f")), file=sys.stderr)
    return 0

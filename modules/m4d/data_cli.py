"""``m4d data``: list the course datasets and check a CSV against its schema."""
from __future__ import annotations

from m4d import datasets


def register(subparsers) -> None:
    parser = subparsers.add_parser("data", help="list the course datasets or check one")
    sub = parser.add_subparsers(metavar="ACTION")
    listing = sub.add_parser("list", help="list every dataset with its title and whether it is illustrative")
    listing.set_defaults(func=_list)
    check = sub.add_parser("check", help="check that a dataset (or your own CSV shaped like it) loads cleanly")
    check.add_argument("name", help="dataset name, as `m4d data list` shows it")
    check.add_argument("--file", help="your own CSV to check against that dataset's schema")
    check.set_defaults(func=_check)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _list(args) -> int:
    for name in datasets.resource_names():
        res = datasets.resource(name)
        label = "illustrative" if res.get("m4d:illustrative") else "sourced"
        print(f"{name:32} {label:13} {res.get('title', '')}")
    return 0


def _check(args) -> int:
    res = datasets.resource(args.name)
    if args.file:
        frame = datasets.load_csv(args.file, res["schema"])
    else:
        frame = datasets.load(args.name)
    print(f"{args.file or res['path']}: {len(frame)} rows, {len(frame.columns)} columns, all values fit the schema.")
    return 0

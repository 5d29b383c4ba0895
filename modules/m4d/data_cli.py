"""``m4d data``: list the course datasets and check a CSV against its schema."""
from __future__ import annotations

from m4d import datasets
from m4d.i18n import _


def register(subparsers) -> None:
    parser = subparsers.add_parser("data", help=_("list the course datasets or check one"), epilog=_("Language: M4D_LANG=fr, es or en chooses it; without M4D_LANG the locale does (LANGUAGE, then the "
               "first of LC_ALL, LC_MESSAGES and LANG that is set), and any other language gives English. CSV and "
               "JSON output is never translated."))
    sub = parser.add_subparsers(metavar="ACTION")
    listing = sub.add_parser("list", help=_("list every dataset with its title and whether it is illustrative"))
    listing.set_defaults(func=_list)
    check = sub.add_parser("check", help=_("check that a dataset (or your own CSV shaped like it) loads cleanly"))
    check.add_argument("name", help=_("dataset name, as `m4d data list` shows it"))
    check.add_argument("--file", help=_("your own CSV to check against that dataset's schema"))
    check.set_defaults(func=_check)
    describe = sub.add_parser("describe", help=_("what a dataset holds: its description and each column's"))
    describe.add_argument("name", help=_("dataset name, as `m4d data list` shows it"))
    describe.set_defaults(func=_describe)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _list(args) -> int:
    from m4d.i18n.data import package_text

    for name in datasets.resource_names():
        res = datasets.resource(name)
        label = package_text("illustrative") if res.get("m4d:illustrative") else package_text("sourced")
        print(f"{name:32} {label:13} {package_text(res.get('title', ''))}")
    return 0


def _describe(args) -> int:
    import textwrap

    from m4d.i18n.data import describe_resource, package_text

    shown = describe_resource(args.name)
    print(f"{shown['name']}: {shown['title']}")
    if shown["illustrative"]:
        print(package_text("Illustrative: made up for teaching."))
    if shown["description"]:
        print(textwrap.fill(shown["description"], width=100))
    print()
    for field in shown["fields"]:
        about = " - ".join(part for part in (field["title"], field["description"]) if part)
        print(textwrap.fill(f"{field['name']} ({field['type']}): {about}" if about else f"{field['name']} ({field['type']})",
                            width=100, subsequent_indent="    "))
    return 0


def _check(args) -> int:
    from m4d.i18n.numbers import number

    res = datasets.resource(args.name)
    if args.file:
        frame = datasets.load_csv(args.file, res["schema"])
    else:
        frame = datasets.load(args.name)
    print(_("{file}: {rows} rows, {columns} columns, all values fit the schema.").format(
        file=args.file or res["path"], rows=number(len(frame), "d"), columns=number(len(frame.columns), "d")))
    return 0

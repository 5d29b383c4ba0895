"""``m4d agreement``: build a partnership agreement from fields, or check a draft.

    m4d agreement build fields.json --out mou.docx [--mode new|revision]
    m4d agreement build --example --out mou.md
    m4d agreement check draft.docx [--mode new|revision]

``check`` exits with status 0 when every required element is present and 1 when
something is missing, so it can guard a shared folder of drafts.
"""
from __future__ import annotations

import json
from pathlib import Path

from m4d.agreements.builder import build_agreement, write_agreement
from m4d.agreements.checker import check_agreement_file
from m4d.agreements.elements import MODES
from m4d.agreements.examples import example_fields
from m4d.errors import InputError
from m4d.i18n import _


def register(subparsers) -> None:
    parser = subparsers.add_parser("agreement", help=_("build a partnership agreement (MoU) or check a draft"),
                                   epilog=_("Language: M4D_LANG=fr, es or en chooses it; without M4D_LANG the locale does (LANGUAGE, then the "
               "first of LC_ALL, LC_MESSAGES and LANG that is set), and any other language gives English. CSV and "
               "JSON output is never translated."))
    sub = parser.add_subparsers(metavar="ACTION")
    build = sub.add_parser("build", help=_("write an agreement in Markdown or Word from a JSON file of fields"))
    build.add_argument("fields", nargs="?", help=_("JSON file with the agreement's fields"))
    build.add_argument("--example", action="store_true", help=_("use the course's illustrative fields"))
    build.add_argument("--mode", choices=MODES, default="new", help=_("new agreement or revision of an existing one"))
    build.add_argument("--out", help=_("output file, .md or .docx (default: print Markdown)"))
    build.set_defaults(func=_build)
    check = sub.add_parser("check", help=_("say which required elements a draft (.md, .txt, .docx) lacks"))
    check.add_argument("draft", help=_("the draft agreement"))
    check.add_argument("--mode", choices=MODES, default="new", help=_("new agreement or revision of an existing one"))
    check.set_defaults(func=_check)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _read_fields(path: str) -> dict:
    file = Path(path)
    if not file.exists():
        raise InputError(_("The fields file {file} does not exist.").format(file=file))
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InputError(_("{file} is not valid JSON (line {line}, column {column}: {problem}).").format(
            file=file.name, line=err.lineno, column=err.colno, problem=err.msg)) from None


def _build(args) -> int:
    if args.example == bool(args.fields):
        raise InputError(_("Give either a JSON file of fields or --example (not both, not neither)."))
    fields = example_fields(args.mode) if args.example else _read_fields(args.fields)
    if args.out:
        path = write_agreement(fields, args.out, args.mode)
        print(_("Wrote {path}.").format(path=path))
    else:
        print(build_agreement(fields, args.mode), end="")
    return 0


def _check(args) -> int:
    report = check_agreement_file(args.draft, args.mode)
    print(report.summary())
    return 0 if report.complete else 1
